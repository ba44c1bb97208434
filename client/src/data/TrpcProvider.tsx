import type { JSX } from 'solid-js';
import { TrpcContext, type TrpcClient } from './trpc';

/** Hands one tRPC client to the data layer below it (the real one in main.tsx, a fake in tests). */
export default function TrpcProvider(props: { client: TrpcClient; children: JSX.Element }) {
  return <TrpcContext.Provider value={props.client}>{props.children}</TrpcContext.Provider>;
}
