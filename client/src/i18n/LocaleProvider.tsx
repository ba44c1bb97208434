import type { JSX } from 'solid-js';
import type { Locale } from '@fluxo/shared/i18n/index';
import { createI18n, I18nContext } from './locale';

/**
 * Provides `useI18n()` below it. `accountLocale` is the signed-in user's saved locale (reactive
 * through props); it outranks this browser's choice — see locale.ts for the whole order.
 */
export default function LocaleProvider(props: { accountLocale?: Locale | null; children: JSX.Element }) {
  const i18n = createI18n({ accountLocale: () => props.accountLocale });
  return <I18nContext.Provider value={i18n}>{props.children}</I18nContext.Provider>;
}
