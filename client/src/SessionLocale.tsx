import { useQuery } from '@tanstack/solid-query';
import type { JSX } from 'solid-js';
import { meQuery } from './data/auth';
import { useTrpc } from './data/trpc';
import LocaleProvider from './i18n/LocaleProvider';

/** Feeds the signed-in account's saved language into the locale provider. */
export default function SessionLocale(props: { children: JSX.Element }) {
  const trpc = useTrpc();
  const me = useQuery(() => meQuery(trpc));
  return <LocaleProvider accountLocale={me.data?.locale ?? null}>{props.children}</LocaleProvider>;
}
