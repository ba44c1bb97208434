/**
 * The whole SPA on a board page, like `test/renderApp.tsx`, with the board's link going to an
 * in-memory sync server (`localServer.ts`) and no IndexedDB cache (unless `cache` gives one).
 * Also: a colleague's session on the same server (no UI), to make remote changes and presence.
 */
import type { BoardId, UserId } from '@fluxo/shared/ids';
import { createMemoryHistory } from '@solidjs/router';
import { QueryClient } from '@tanstack/solid-query';
import { render } from '@solidjs/testing-library';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import App from '../../App';
import { createFakeServer, type Handler } from '../../test/fakeServer';
import type { BoardCacheFactory } from '../boardCache';
import { BoardConnectionContext } from '../boardConnection';
import { type BoardSession, createBoardSession } from '../boardSession';
import { createLocalServer, type LocalServer } from './localServer';

export interface RenderBoardOptions {
  readonly path: string;
  readonly handlers?: Readonly<Record<string, Handler>>;
  readonly languages?: readonly string[];
  /** The sync server; a fresh empty one by default. */
  readonly sync?: LocalServer;
  /** This browser's copy of the board; none by default. */
  readonly cache?: BoardCacheFactory | null;
}

export function renderBoard(options: RenderBoardOptions) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue([...(options.languages ?? ['de-DE'])]);
  const server = createFakeServer({ 'auth.me': () => null, ...options.handlers });
  const sync = options.sync ?? createLocalServer();
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const history = createMemoryHistory();
  history.set({ value: options.path, replace: true });
  const user = userEvent.setup();
  const view = render(() => (
    <BoardConnectionContext.Provider value={{ link: sync.link, cache: options.cache ?? null }}>
      <App trpc={server.client} queryClient={queryClient} history={history} />
    </BoardConnectionContext.Provider>
  ));
  return { ...view, server, sync, history, queryClient, user };
}

/** Someone else on the same board, through the same sync server. Destroy it at the end. */
export function colleagueSession(sync: LocalServer, boardId: BoardId, me: { id: UserId; name: string }): BoardSession {
  return createBoardSession({ boardId, me, link: sync.link, cache: null });
}
