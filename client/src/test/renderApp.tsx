import { createMemoryHistory } from '@solidjs/router';
import { QueryClient } from '@tanstack/solid-query';
import { render } from '@solidjs/testing-library';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import App from '../App';
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
  const view = render(() => <App trpc={server.client} queryClient={queryClient} history={history} />);
  return { ...view, server, history, queryClient, user };
}
