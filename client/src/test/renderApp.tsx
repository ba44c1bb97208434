import { createMemoryHistory } from '@solidjs/router';
import { QueryClient } from '@tanstack/solid-query';
import { render } from '@solidjs/testing-library';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import App from '../App';
import { BoardConnectionContext } from '../board/boardConnection';
import { createLocalServer } from '../board/testing/localServer';
import { createFakeServer, type Handler } from './fakeServer';

export interface RenderAppOptions {
  /** Where the app starts. */
  readonly path?: string;
  /** Procedure handlers of the fake server; `auth.me` defaults to "nobody signed in". */
  readonly handlers?: Readonly<Record<string, Handler>>;
  /** navigator.languages; defaults to a language Fluxo does not speak, so pt-BR is the fallback. */
  readonly languages?: readonly string[];
}

/** The whole SPA on a memory history, talking to a fake server. */
export function renderApp(options: RenderAppOptions = {}) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue([...(options.languages ?? ['de-DE'])]);
  const server = createFakeServer({ 'auth.me': () => null, ...options.handlers });
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const history = createMemoryHistory();
  history.set({ value: options.path ?? '/login', replace: true });
  const user = userEvent.setup();
  // Board pages sync with an in-memory server and keep nothing in IndexedDB (board/testing/).
  const boardConnection = { link: createLocalServer().link, cache: null };
  const view = render(() => (
    <BoardConnectionContext.Provider value={boardConnection}>
      <App trpc={server.client} queryClient={queryClient} history={history} />
    </BoardConnectionContext.Provider>
  ));
  return { ...view, server, history, queryClient, user };
}
