/**
 * The one tRPC client of the SPA and the context that hands it to the data layer.
 *
 * Components never call it: they call the query/mutation option factories beside this file
 * (`useQuery(() => boardsQuery(trpc))`), so caching, keys and invalidation live in one place.
 * The client is injected through `TrpcProvider` rather than imported as a singleton, so tests
 * give the real factories a client whose `fetch` is a fake server (src/test/fakeServer.ts)
 * instead of mocking modules.
 *
 * Only the router's *type* crosses from server/ to client/ (`import type`), never code.
 *
 * Two links, split by operation type: queries and mutations go through the batch link (HTTP,
 * at most `MAX_BATCH_ITEMS` per request); subscriptions (`comments.onTicket`,
 * `notifications.onNew`) through `httpSubscriptionLink` — one Server-Sent Events stream per
 * subscription on the same `/trpc` URL. An `EventSource` to the page's own origin sends the
 * session cookie by itself (its credentials mode is same-origin); `withCredentials` stays off,
 * so a misconfigured absolute URL could never carry the cookie to another site. The link
 * resumes a dropped stream from the last tracked event id; `data/liveSubscription.ts` restarts
 * streams the server ended.
 */
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@fluxo/server/router';
import { createContext, useContext } from 'solid-js';

export type { AppRouter };
export type TrpcClient = TRPCClient<AppRouter>;

export interface TrpcClientOptions {
  /** Where the server mounts tRPC; the SPA is served from the same origin. */
  readonly url?: string;
  /** The fetch implementation; tests pass a fake server here. */
  readonly fetch?: typeof globalThis.fetch;
  /** The `EventSource` class for subscriptions (the browser's by default; tests pass a fake). */
  readonly EventSource?: EventSourceConstructor;
}

/** What the subscription link needs of an `EventSource` (the browser's, or a test's fake). */
export interface EventSourceLike {
  readonly CONNECTING: number;
  readonly OPEN: number;
  readonly CLOSED: number;
  readonly readyState: number;
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
  close(): void;
}
export type EventSourceConstructor = new (url: string, init?: { withCredentials?: boolean }) => EventSourceLike;

/**
 * Most calls per batched request: the server refuses larger batches (`MAX_TRPC_BATCH_SIZE` in
 * server/src/http.ts, a value this bundle cannot import).
 */
export const MAX_BATCH_ITEMS = 25;

export function createTrpcClient(options: TrpcClientOptions = {}): TrpcClient {
  const baseFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const url = options.url ?? '/trpc';
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url,
          // Without one, the link takes the global `EventSource` when a subscription starts.
          EventSource: options.EventSource,
          eventSourceOptions: { withCredentials: false },
        }),
        false: httpBatchLink({
          url,
          maxItems: MAX_BATCH_ITEMS,
          // The session cookie is same-origin only: never send it anywhere else.
          fetch: (input, init) => baseFetch(input, { ...init, credentials: 'same-origin' }),
        }),
      }),
    ],
  });
}

export const TrpcContext = createContext<TrpcClient>();

/** The client given to the nearest `TrpcProvider`; a missing provider is a wiring bug. */
export function useTrpc(): TrpcClient {
  const client = useContext(TrpcContext);
  if (!client) throw new Error('useTrpc() outside <TrpcProvider>');
  return client;
}
