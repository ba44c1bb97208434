import { MemoryRouter, Router, type MemoryHistory } from '@solidjs/router';
import { QueryClientProvider, type QueryClient } from '@tanstack/solid-query';
import { Show } from 'solid-js';
import TrpcProvider from './data/TrpcProvider';
import type { TrpcClient } from './data/trpc';
import { routes } from './routes';
import SessionLocale from './SessionLocale';

/**
 * The whole SPA: data providers, the locale, the routes. Everything outside is injected —
 * main.tsx passes the real tRPC client and the browser's history, tests pass a fake server and
 * a memory history.
 */
export default function App(props: { trpc: TrpcClient; queryClient: QueryClient; history?: MemoryHistory }) {
  return (
    <TrpcProvider client={props.trpc}>
      <QueryClientProvider client={props.queryClient}>
        <SessionLocale>
          <Show when={props.history} fallback={<Router>{routes}</Router>}>
            {(history) => <MemoryRouter history={history()}>{routes}</MemoryRouter>}
          </Show>
        </SessionLocale>
      </QueryClientProvider>
    </TrpcProvider>
  );
}
