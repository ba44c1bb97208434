import {
  archiveTicket,
  boardCardOf,
  createTicket,
  firstCardsSchema,
  moveTicket,
  readBoard,
  setStatus,
  setTicketNumber,
} from '@fluxo/shared/board/index';
import { STAGES } from '@fluxo/shared/flow/stages';
import { type BoardId, type TicketId, newBoardId, newClientId } from '@fluxo/shared/ids';
import { serverOrigin } from '@fluxo/shared/origin';
import { TRPCError } from '@trpc/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { firstCardsStats } from '../../boards/firstCards.js';
import { createConversation } from '../../conversation/conversation.js';
import { type LiveBoards, storedBoards } from '../../conversation/ticketDirectory.js';
import { type TestApp, createTestApp } from '../../testing/testApp.js';
import { createContextInner } from '../context.js';
import { appRouter } from '../router.js';
import { createCallerFactory } from '../trpc.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error.code;
}

describe('boards router', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp();
    const { ana, dora } = app.demo.users;
    // A second board of the demo agency that Paulo is not on.
    await app.store.boards.create({
      id: newBoardId(),
      agencyId: app.demo.agencyId,
      name: 'Atendimento interno',
      memberIds: [ana.id, dora.id],
      createdAt: '2025-03-10T12:00:00.000Z',
    });
  });

  it('refuses a request without a session', async () => {
    expect(await codeOf(app.anonymous().caller.boards.list())).toBe('UNAUTHORIZED');
    expect(await codeOf(app.anonymous().caller.boards.get({ boardId: app.demo.boardId }))).toBe('UNAUTHORIZED');
  });

  it('lists only the boards the person is a member of, sorted by name, with members', async () => {
    const paulo = await app.signedIn(app.demo.users.paulo);
    expect(await paulo.boards.list()).toEqual([
      {
        id: app.demo.boardId,
        name: 'Fluxo de atendimento',
        members: [
          { id: app.demo.users.ana.id, name: 'Ana', role: 'atendimento' },
          { id: app.demo.users.paulo.id, name: 'Paulo', role: 'producao' },
          { id: app.demo.users.dora.id, name: 'Dora', role: 'admin' },
          { id: app.demo.users.beatriz.id, name: 'Beatriz', role: 'atendimento' },
        ],
        clients: [
          { id: app.demo.clients.clinica.id, name: 'Clínica Sorriso' },
          { id: app.demo.clients.estudio.id, name: 'Estúdio Lótus Yoga' },
          { id: app.demo.clients.loja.id, name: 'Loja Verde Moda' },
          { id: app.demo.clients.padaria.id, name: 'Padaria Pão Dourado' },
        ],
        wipLimits: { analysis: 8, production: 6 },
      },
    ]);
    const ana = await app.signedIn(app.demo.users.ana);
    expect((await ana.boards.list()).map((b) => b.name)).toEqual(['Atendimento interno', 'Fluxo de atendimento']);
  });

  it("shows an admin every board of the agency, never another agency's", async () => {
    await app.store.boards.create({
      id: newBoardId(),
      agencyId: app.demo.agencyId,
      name: 'Só produção',
      memberIds: [app.demo.users.paulo.id],
      createdAt: '2025-03-10T12:00:00.000Z',
    });
    const dora = await app.signedIn(app.demo.users.dora);
    expect((await dora.boards.list()).map((b) => b.name)).toEqual([
      'Atendimento interno',
      'Fluxo de atendimento',
      'Só produção',
    ]);
    const rival = await app.signedIn(app.rival.admin);
    expect((await rival.boards.list()).map((b) => b.name)).toEqual(['Quadro rival']);
  });

  it("gives the agency's own clients and the board's WIP limits, none of another agency", async () => {
    const rivalClient = {
      id: newClientId(),
      agencyId: app.rival.board.agencyId,
      name: 'Cliente Rival',
      emails: [],
      domains: [],
      primaryManagerId: app.rival.admin.id,
      backupManagerId: null,
      createdAt: '2025-03-10T12:00:00.000Z',
    };
    await app.store.clients.create(rivalClient);
    const internal = (await app.store.boards.listByAgency(app.demo.agencyId)).find((b) => b.name === 'Atendimento interno');
    const ana = await app.signedIn(app.demo.users.ana);
    const summary = await ana.boards.get({ boardId: internal!.id });
    expect(summary.wipLimits).toEqual({});
    expect(summary.clients.map((c) => c.name)).toEqual(['Clínica Sorriso', 'Estúdio Lótus Yoga', 'Loja Verde Moda', 'Padaria Pão Dourado']);
    await app.store.boards.update(internal!.id, { wipLimits: { triage: 12 } });
    expect((await ana.boards.get({ boardId: internal!.id })).wipLimits).toEqual({ triage: 12 });
    const rival = await app.signedIn(app.rival.admin);
    expect((await rival.boards.get({ boardId: app.rival.board.id })).clients).toEqual([
      { id: rivalClient.id, name: 'Cliente Rival' },
    ]);
  });

  it('gets a board one may open; any other is NOT_FOUND, like a missing one', async () => {
    const paulo = await app.signedIn(app.demo.users.paulo);
    expect((await paulo.boards.get({ boardId: app.demo.boardId })).name).toBe('Fluxo de atendimento');
    const internal = (await (await app.signedIn(app.demo.users.ana)).boards.list())[0];
    expect(await codeOf(paulo.boards.get({ boardId: internal!.id }))).toBe('NOT_FOUND');
    expect(await codeOf(paulo.boards.get({ boardId: app.rival.board.id }))).toBe('NOT_FOUND');
    expect(await codeOf(paulo.boards.get({ boardId: newBoardId() }))).toBe('NOT_FOUND');
    const rivalAdmin = await app.signedIn(app.rival.admin);
    expect(await codeOf(rivalAdmin.boards.get({ boardId: app.demo.boardId }))).toBe('NOT_FOUND');
  });
});

describe('boards.firstCards', () => {
  let app: TestApp;
  let internalBoard: BoardId;
  /** Analysis in column order after the moves below: d, a, c (b is archived), e is done. */
  const ids = {
    a: 'TicketFirstA0001' as TicketId,
    b: 'TicketFirstB0001' as TicketId,
    c: 'TicketFirstC0001' as TicketId,
    d: 'TicketFirstD0001' as TicketId,
    e: 'TicketFirstE0001' as TicketId,
    t: 'TicketFirstT0001' as TicketId,
  };
  const seed = serverOrigin('seed');

  beforeEach(async () => {
    app = await createTestApp();
    const { ana, paulo, dora } = app.demo.users;
    internalBoard = newBoardId();
    await app.store.boards.create({
      id: internalBoard,
      agencyId: app.demo.agencyId,
      name: 'Atendimento interno',
      memberIds: [ana.id, dora.id],
      createdAt: '2025-03-10T12:00:00.000Z',
    });
    await storedBoards(app.store).withBoardDoc(app.demo.boardId, (doc) => {
      for (const key of ['a', 'b', 'c', 'd', 'e'] as const) {
        createTicket(doc, { id: ids[key], title: `Análise ${key}`, channel: 'email', stage: 'analysis' }, seed);
      }
      createTicket(
        doc,
        {
          id: ids.t,
          title: 'Banner da campanha',
          channel: 'phone',
          clientId: app.demo.clients.padaria.id,
          assignees: [paulo.id, ana.id],
          dueDate: '2025-04-01',
        },
        seed,
      );
      moveTicket(doc, { ticketId: ids.d, toStage: 'analysis', after: ids.a }, seed);
      archiveTicket(doc, { ticketId: ids.b }, seed);
      setStatus(doc, { ticketId: ids.e, status: 'done' }, seed);
      setTicketNumber(doc, { ticketId: ids.t, number: 42 }, serverOrigin('witness'));
    });
  });

  it('gives a member each column’s first cards in column order, with its size and open count', async () => {
    const ana = await app.signedIn(app.demo.users.ana);
    const first = await ana.boards.firstCards({ boardId: app.demo.boardId, perStage: 3 });
    expect(firstCardsSchema.safeParse(first).success).toBe(true);
    expect(first.columns.analysis.cards.map((c) => c.id)).toEqual([ids.d, ids.a, ids.c]);
    expect(first.columns.analysis).toMatchObject({ total: 4, open: 3 });
    expect(first.columns.triage).toEqual({
      total: 1,
      open: 1,
      cards: [
        {
          id: ids.t,
          number: 42,
          clientId: app.demo.clients.padaria.id,
          stage: 'triage',
          rank: expect.any(String),
          status: 'open',
          priority: 'normal',
          dueDate: '2025-04-01',
          archived: false,
          title: 'Banner da campanha',
          assignees: [app.demo.users.ana.id, app.demo.users.paulo.id].sort(),
        },
      ],
    });
    expect(first.columns.production).toEqual({ total: 0, open: 0, cards: [] });

    // The same cards, in the same order, as the browser's reading of the whole document.
    const board = await storedBoards(app.store).withBoardDoc(app.demo.boardId, (doc) => readBoard(doc));
    for (const stage of STAGES) {
      expect(first.columns[stage].cards).toEqual(board.byStage[stage].slice(0, 3).map(boardCardOf));
      expect(first.columns[stage].total).toBe(board.byStage[stage].length);
    }
    // The default is 25 per column; one card is just one.
    expect((await ana.boards.firstCards({ boardId: app.demo.boardId })).columns.analysis.cards).toHaveLength(4);
    expect((await ana.boards.firstCards({ boardId: app.demo.boardId, perStage: 1 })).columns.analysis.cards.map((c) => c.id)).toEqual([ids.d]);
  });

  it('reads the live document it is given (the sync server’s room), not the store', async () => {
    const live = new Y.Doc();
    Y.applyUpdate(live, (await app.store.boardDocs.load(app.demo.boardId)) ?? new Uint8Array());
    // A change the live room holds and the store does not have yet.
    moveTicket(live, { ticketId: ids.c, toStage: 'analysis', before: null, after: ids.d }, seed);
    const used: BoardId[] = [];
    const boards: LiveBoards = {
      withBoardDoc: async (boardId, use) => {
        used.push(boardId);
        return use(live);
      },
    };
    const { session } = await app.signIn(app.demo.users.ana);
    const caller = createCallerFactory(appRouter)(
      createContextInner({
        store: app.store,
        config: app.config,
        auth: app.auth,
        user: app.demo.users.ana,
        session,
        conversation: createConversation({ store: app.store, boards }),
      }),
    );
    const load = vi.spyOn(app.store.boardDocs, 'load');
    const reads = firstCardsStats.reads;
    const first = await caller.boards.firstCards({ boardId: app.demo.boardId, perStage: 2 });
    expect(first.columns.analysis.cards.map((c) => c.id)).toEqual([ids.c, ids.d]);
    expect(used).toEqual([app.demo.boardId]);
    expect(load).not.toHaveBeenCalled();
    // Asked again with nothing changed: the cached reading, cut to the new size.
    expect((await caller.boards.firstCards({ boardId: app.demo.boardId, perStage: 3 })).columns.analysis.cards.map((c) => c.id)).toEqual([
      ids.c,
      ids.d,
      ids.a,
    ]);
    expect(firstCardsStats.reads).toBe(reads + 1);
    // A transaction that changes nothing (a browser's empty handshake update) keeps it.
    Y.applyUpdate(live, Y.encodeStateAsUpdate(new Y.Doc()));
    live.transact(() => {});
    await caller.boards.firstCards({ boardId: app.demo.boardId, perStage: 2 });
    expect(firstCardsStats.reads).toBe(reads + 1);
    // A change to the document drops the cached reading.
    moveTicket(live, { ticketId: ids.a, toStage: 'analysis', before: null, after: ids.c }, seed);
    expect((await caller.boards.firstCards({ boardId: app.demo.boardId, perStage: 2 })).columns.analysis.cards.map((c) => c.id)).toEqual([
      ids.a,
      ids.c,
    ]);
    expect(firstCardsStats.reads).toBe(reads + 2);
    live.destroy();
  });

  it('refuses the anonymous, non-members and other agencies like boards.get', async () => {
    expect(await codeOf(app.anonymous().caller.boards.firstCards({ boardId: app.demo.boardId }))).toBe('UNAUTHORIZED');
    const paulo = await app.signedIn(app.demo.users.paulo);
    expect(await codeOf(paulo.boards.firstCards({ boardId: internalBoard }))).toBe('NOT_FOUND');
    expect(await codeOf(paulo.boards.firstCards({ boardId: app.rival.board.id }))).toBe('NOT_FOUND');
    expect(await codeOf(paulo.boards.firstCards({ boardId: newBoardId() }))).toBe('NOT_FOUND');
    const rivalAdmin = await app.signedIn(app.rival.admin);
    expect(await codeOf(rivalAdmin.boards.firstCards({ boardId: app.demo.boardId }))).toBe('NOT_FOUND');
    // An admin of the agency opens every board of it, as with boards.get.
    const dora = await app.signedIn(app.demo.users.dora);
    expect((await dora.boards.firstCards({ boardId: internalBoard })).columns.triage.total).toBe(0);
  });

  it('takes 1 to 50 cards per column; anything else is BAD_REQUEST', async () => {
    const ana = await app.signedIn(app.demo.users.ana);
    for (const perStage of [0, 51, 2.5, -1]) {
      expect(await codeOf(ana.boards.firstCards({ boardId: app.demo.boardId, perStage }))).toBe('BAD_REQUEST');
    }
    expect(await codeOf(ana.boards.firstCards({ boardId: 'not an id' as BoardId }))).toBe('BAD_REQUEST');
    expect((await ana.boards.firstCards({ boardId: app.demo.boardId, perStage: 50 })).columns.analysis.cards).toHaveLength(4);
  });
});
