import { createTicket, editText, readFirstCards, setStatus } from '@fluxo/shared/board/index';
import { FIRST_CARDS_MAX } from '@fluxo/shared/board/firstCards';
import type { BoardId, TicketId, UserId } from '@fluxo/shared/ids';
import { serverOrigin } from '@fluxo/shared/origin';
import { screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { BoardCacheFactory } from './boardCache';
import { PREVIEW_CARDS_PER_STAGE } from './LiveBoard';
import { createLocalServer, type LocalServer } from './testing/localServer';
import { renderBoard } from './testing/renderBoard';

const BOARD = 'BoardDemo0000001' as BoardId;
const ANA_ID = 'AnaAtendimento01' as UserId;
const ana = { id: ANA_ID, name: 'Ana Souza', email: 'ana@demo.fluxo', role: 'atendimento', locale: null };
const summary = {
  id: BOARD,
  name: 'Agência Demo',
  members: [{ id: ANA_ID, name: 'Ana Souza', role: 'atendimento' }],
  clients: [],
  wipLimits: {},
};
/** More tickets in Triagem than the preview shows. */
const TRIAGE = PREVIEW_CARDS_PER_STAGE + 2;
const triageId = (n: number) => `TicketTriagem${String(n).padStart(3, '0')}` as TicketId;
const LANDING = 'TicketLanding001' as TicketId;
const LOADING = { timeout: 5_000 };

/** The server's board: TRIAGE tickets in Triagem (the last one done), one in Análise. */
function seededServer(): LocalServer {
  const sync = createLocalServer();
  const seed = serverOrigin('seed');
  for (let n = 1; n <= TRIAGE; n++) {
    createTicket(sync.doc, { id: triageId(n), title: `Demanda ${n}`, channel: 'email' }, seed);
  }
  setStatus(sync.doc, { ticketId: triageId(TRIAGE), status: 'done' }, seed);
  createTicket(sync.doc, { id: LANDING, title: 'Landing page', channel: 'phone', stage: 'analysis' }, seed);
  return sync;
}

function open(options: { sync: LocalServer; path?: string; cache?: BoardCacheFactory }) {
  const { sync } = options;
  // Nothing reaches the browser through the socket until the test says so.
  sync.disconnectAll();
  return renderBoard({
    path: options.path ?? `/boards/${BOARD}`,
    sync,
    ...(options.cache ? { cache: options.cache } : {}),
    handlers: {
      'auth.me': () => ana,
      'boards.get': () => summary,
      'tickets.attention': () => [],
      // What the server answers: the same projection of its document.
      'boards.firstCards': (input) => {
        const { perStage } = input as { perStage: number };
        expect(perStage).toBeLessThanOrEqual(FIRST_CARDS_MAX);
        return readFirstCards(sync.doc, perStage);
      },
    },
  });
}

/** How long the memory cache takes to read (the page is up and waiting by then). */
const CACHE_READ_MS = 150;

/** This browser's copy of the board, in memory: the given state, read after `CACHE_READ_MS`. */
function memoryCache(state: Uint8Array): BoardCacheFactory {
  return ({ doc }) => {
    return {
      loaded: new Promise<void>((resolve) =>
        setTimeout(() => {
          Y.applyUpdate(doc, state);
          resolve();
        }, CACHE_READ_MS),
      ),
      storeReceived: () => {},
      readUnsaved: async () => [],
      writeUnsaved: () => {},
      clear: async () => {},
      destroy: async () => {},
    };
  };
}

const region = (name: string) => screen.getByRole('region', { name });
const titles = (name: string) => within(region(name)).queryAllByRole('article').map((a) => a.getAttribute('aria-label'));
const syncStatus = () => screen.getAllByRole('status').find((el) => el.classList.contains('sync-status'));

describe('first visit: the server’s first cards before the board document', () => {
  it('paints the first cards read-only, then the live board takes over with the same cards in place', async () => {
    const sync = seededServer();
    const { server } = open({ sync });

    // Before any byte of the document: the first cards of each column, in column order.
    await screen.findByRole('article', { name: 'Demanda 1' }, LOADING);
    expect(server.callsTo('boards.firstCards').map((c) => c.input)).toEqual([{ boardId: BOARD, perStage: PREVIEW_CARDS_PER_STAGE }]);
    expect(titles('Triagem')).toEqual(Array.from({ length: PREVIEW_CARDS_PER_STAGE }, (_, i) => `Demanda ${i + 1}`));
    expect(titles('Análise')).toEqual(['Landing page']);
    // The server's counts, not the number of cards shown.
    expect(region('Triagem')).toHaveTextContent(`${TRIAGE} tickets`);
    expect(syncStatus()).toHaveTextContent('Carregando…');
    // Read-only: no "Mover…", no quick add.
    const first = screen.getByRole('article', { name: 'Demanda 1' });
    expect(within(first).getByRole('button', { name: 'Mover…' })).toBeDisabled();
    expect(screen.getByRole('textbox', { name: 'Nova demanda na Triagem' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Adicionar' })).toBeDisabled();

    // A colleague renames the first card after the preview was read; then the document arrives.
    editText(sync.doc, { ticketId: triageId(1), field: 'title', index: 0, insert: 'Urgente: ' }, serverOrigin('seed'));
    sync.reconnect();

    await waitFor(() => expect(syncStatus()).toHaveTextContent('Salvo'));
    expect(titles('Triagem')).toEqual([
      'Urgente: Demanda 1',
      ...Array.from({ length: TRIAGE - 1 }, (_, i) => `Demanda ${i + 2}`),
    ]);
    // The same card element, updated in place: nothing was re-created or moved.
    expect(screen.getByRole('article', { name: 'Urgente: Demanda 1' })).toBe(first);
    expect(region('Triagem')).toHaveTextContent(`${TRIAGE} tickets`);
    expect(within(first).getByRole('button', { name: 'Mover…' })).toBeEnabled();
    expect(screen.getByRole('textbox', { name: 'Nova demanda na Triagem' })).toBeEnabled();
    expect(server.callsTo('boards.firstCards')).toHaveLength(1);
  });

  it('asks nothing of the server when this browser has the board: the cached copy shows (local first)', async () => {
    const sync = seededServer();
    const { server } = open({ sync, cache: memoryCache(Y.encodeStateAsUpdate(sync.doc)) });
    // The page waits for the cache: no request, no cards, no "Carregando…" from a preview.
    await screen.findByRole('heading', { level: 1, name: 'Agência Demo' }, LOADING);
    expect(screen.queryAllByRole('article')).toEqual([]);
    await screen.findByRole('article', { name: `Demanda ${TRIAGE}` }, LOADING);
    expect(titles('Triagem')).toHaveLength(TRIAGE);
    expect(syncStatus()).toHaveTextContent('Offline');
    expect(within(screen.getByRole('article', { name: 'Demanda 1' })).getByRole('button', { name: 'Mover…' })).toBeEnabled();
    expect(server.callsTo('boards.firstCards')).toEqual([]);
  });

  it('asks for the first cards when the cache turns out empty', async () => {
    const sync = seededServer();
    const { server } = open({ sync, cache: memoryCache(Y.encodeStateAsUpdate(new Y.Doc())) });
    await screen.findByRole('article', { name: 'Demanda 1' }, LOADING);
    expect(server.callsTo('boards.firstCards')).toHaveLength(1);
    expect(titles('Triagem')).toHaveLength(PREVIEW_CARDS_PER_STAGE);
  });

  it('skips the preview when the link carries filters: the board waits for its document', async () => {
    const sync = seededServer();
    const { server } = open({ sync, path: `/boards/${BOARD}?status=open` });
    await screen.findByRole('heading', { level: 1, name: 'Agência Demo' }, LOADING);
    await waitFor(() => expect(within(region('Triagem')).getByText('Abrindo o quadro…')).toBeInTheDocument());
    expect(screen.queryAllByRole('article')).toEqual([]);
    sync.reconnect();
    await screen.findByRole('article', { name: 'Demanda 1' }, LOADING);
    expect(titles('Triagem')).toHaveLength(TRIAGE - 1);
    expect(server.callsTo('boards.firstCards')).toEqual([]);
  });
});
