/**
 * The share page's own tRPC client: only `share.*`, never a cookie (`credentials: 'omit'`; the
 * server ignores any session on these procedures anyway), subscriptions over Server-Sent
 * Events. Typed with `AppRouter`; the router's other procedures are simply never called here.
 */
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@fluxo/server/router';
import type { EventSourceConstructor } from '../data/trpc';

export type ShareClient = TRPCClient<AppRouter>;

export interface ShareClientOptions {
  readonly url?: string;
  readonly fetch?: typeof globalThis.fetch;
  readonly EventSource?: EventSourceConstructor;
}

export function createShareClient(options: ShareClientOptions = {}): ShareClient {
  const baseFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const url = options.url ?? '/trpc';
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url, EventSource: options.EventSource, eventSourceOptions: { withCredentials: false } }),
        false: httpBatchLink({ url, maxItems: 5, fetch: (input, init) => baseFetch(input, { ...init, credentials: 'omit' }) }),
      }),
    ],
  });
}

/** The token in `/share/<token>`, or `null` when the path has none. */
export function tokenFromPath(pathname: string): string | null {
  const match = /^\/share\/([A-Za-z0-9_-]+)\/?$/.exec(pathname);
  return match?.[1] ?? null;
}
