import { createTicket, moveTicket } from '@fluxo/shared/board/index';
import { newBoardId, newTicketId, type TicketId, type UserId } from '@fluxo/shared/ids';
import { userOrigin } from '@fluxo/shared/origin';
import { TRPCError } from '@trpc/server';
import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { silentLogger } from '../../log.js';
import { fixtures } from '../../store/store.contract.js';
import { type TestApp, createTestApp } from '../../testing/testApp.js';
import type { AcceptedChange } from '../../witness/boardChange.js';
import { recordChange } from '../../witness/recordChange.js';
import { createWitness } from '../../witness/witness.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error.code;
}

describe('tickets router', () => {
  let app: TestApp;
  let ticketId: TicketId;
  let internalBoard: ReturnType<typeof newBoardId>;

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

    // Ana opens a banner for the bakery in production; Paulo hands it back.
    const doc = new Y.Doc();
    const witness = createWitness({ store: app.store, logger: silentLogger });
    let minute = 0;
    const as = async (author: UserId, command: (o: ReturnType<typeof userOrigin>) => unknown) => {
      const at = new Date(Date.UTC(2025, 2, 10, 9, minute++));
      const meta = { agencyId: app.demo.agencyId, boardId: app.demo.boardId, author, at };
      const { change }: { change: AcceptedChange } = recordChange(doc, meta, () => command(userOrigin(author)));
      await witness.witness(change, doc);
      return change;
    };
    const created = await as(ana.id, (o) =>
      createTicket(doc, { title: 'Banner', channel: 'email', stage: 'production', clientId: app.demo.clients.padaria.id }, o),
    );
    ticketId = created.tickets[0]!.after.id;
    await as(paulo.id, (o) => moveTicket(doc, { ticketId, toStage: 'delivery' }, o));
  });

  it('refuses a request without a session', async () => {
    const { caller } = app.anonymous();
    const boardId = app.demo.boardId;
    expect(await codeOf(caller.tickets.history({ boardId, ticketId }))).toBe('UNAUTHORIZED');
    expect(await codeOf(caller.tickets.attention({ boardId }))).toBe('UNAUTHORIZED');
    expect(await codeOf(caller.tickets.acknowledge({ boardId, ticketId }))).toBe('UNAUTHORIZED');
  });

  it("answers NOT_FOUND for a board one may not open, another agency's, or none", async () => {
    const paulo = await app.signedIn(app.demo.users.paulo);
    const rival = await app.signedIn(app.rival.admin);
    for (const [caller, boardId] of [
      [paulo, internalBoard],
      [paulo, app.rival.board.id],
      [paulo, newBoardId()],
      [rival, app.demo.boardId],
    ] as const) {
      expect(await codeOf(caller.tickets.history({ boardId, ticketId }))).toBe('NOT_FOUND');
      expect(await codeOf(caller.tickets.attention({ boardId }))).toBe('NOT_FOUND');
      expect(await codeOf(caller.tickets.acknowledge({ boardId, ticketId }))).toBe('NOT_FOUND');
    }
  });

  it('refuses malformed input with BAD_REQUEST', async () => {
    const ana = await app.signedIn(app.demo.users.ana);
    const bad = { boardId: app.demo.boardId, ticketId: '../../etc/passwd' } as unknown as { boardId: typeof internalBoard; ticketId: TicketId };
    expect(await codeOf(ana.tickets.history(bad))).toBe('BAD_REQUEST');
    expect(await codeOf(ana.tickets.acknowledge(bad))).toBe('BAD_REQUEST');
    expect(await codeOf(ana.tickets.attention({} as { boardId: typeof internalBoard }))).toBe('BAD_REQUEST');
  });

  it("gives a ticket's history, oldest first, with names and the number", async () => {
    const paulo = await app.signedIn(app.demo.users.paulo);
    const history = await paulo.tickets.history({ boardId: app.demo.boardId, ticketId });
    expect(history.map((e) => [e.kind, e.authorName, e.ticketNumber, e.at])).toEqual([
      ['created', 'Ana', 1, '2025-03-10T09:00:00.000Z'],
      ['handoff', 'Paulo', 1, '2025-03-10T09:01:00.000Z'],
    ]);
    expect(history[1]).toMatchObject({ kind: 'handoff', to: [app.demo.users.ana.id], author: app.demo.users.paulo.id });
    expect(await paulo.tickets.history({ boardId: app.demo.boardId, ticketId: newTicketId() })).toEqual([]);
  });

  it('never shows entries of another board, and names nobody outside the agency', async () => {
    await app.store.history.append([fixtures.historyEntry(app.rival.board.id, ticketId, { author: app.rival.admin.id })]);
    await app.store.history.append([fixtures.historyEntry(internalBoard, ticketId, { author: app.rival.admin.id })]);
    const ana = await app.signedIn(app.demo.users.ana);
    expect(await ana.tickets.history({ boardId: app.demo.boardId, ticketId })).toHaveLength(2);
    const internal = await ana.tickets.history({ boardId: internalBoard, ticketId });
    expect(internal.map((e) => [e.author, e.authorName])).toEqual([[app.rival.admin.id, null]]);
  });

  it('lists what needs my attention, and acknowledging clears it for me only', async () => {
    const { ana, paulo } = app.demo.users;
    const asAna = await app.signedIn(ana);
    const asPaulo = await app.signedIn(paulo);
    const boardId = app.demo.boardId;
    expect(await asAna.tickets.attention({ boardId })).toEqual([{ ticketId, markedAt: '2025-03-10T09:01:00.000Z' }]);
    expect(await asPaulo.tickets.attention({ boardId })).toEqual([]);
    expect(await asAna.tickets.attention({ boardId: internalBoard })).toEqual([]);

    expect(await asPaulo.tickets.acknowledge({ boardId, ticketId })).toEqual({ cleared: false });
    expect(await asAna.tickets.attention({ boardId })).toHaveLength(1);
    // A mark is cleared through the board it was made on, not another one.
    expect(await asAna.tickets.acknowledge({ boardId: internalBoard, ticketId })).toEqual({ cleared: false });
    expect(await asAna.tickets.attention({ boardId })).toHaveLength(1);
    expect(await asAna.tickets.acknowledge({ boardId, ticketId })).toEqual({ cleared: true });
    expect(await asAna.tickets.attention({ boardId })).toEqual([]);
    expect(await asAna.tickets.acknowledge({ boardId, ticketId })).toEqual({ cleared: false });
  });
});
