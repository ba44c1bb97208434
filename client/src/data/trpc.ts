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
 */
import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@fluxo/server/router';
import { createContext, useContext } from 'solid-js';

export type { AppRouter };
export type TrpcClient = TRPCClient<AppRouter>;

export interface TrpcClientOptions {
  /** Where the server mounts tRPC; the SPA is served from the same origin. */
  readonly url?: string;
  /** The fetch implementation; tests pass a fake server here. */
  readonly fetch?: typeof globalThis.fetch;
}

/**
 * Most calls per batched request: the server refuses larger batches (`MAX_TRPC_BATCH_SIZE` in
 * server/src/http.ts, a value this bundle cannot import).
 */
export const MAX_BATCH_ITEMS = 25;

export function createTrpcClient(options: TrpcClientOptions = {}): TrpcClient {
  const baseFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: options.url ?? '/trpc',
        maxItems: MAX_BATCH_ITEMS,
        // The session cookie is same-origin only: never send it anywhere else.
        fetch: (input, init) => baseFetch(input, { ...init, credentials: 'same-origin' }),
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
