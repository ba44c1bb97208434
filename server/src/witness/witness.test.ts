import { assignTicket, createTicket, moveTicket, readTicket, setStatus, setTicketNumber } from '@fluxo/shared/board/index';
import type { TicketId, UserId } from '@fluxo/shared/ids';
import { type TransactionOrigin, isTransactionOrigin, serverOrigin, userOrigin } from '@fluxo/shared/origin';
import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../auth/passwords.js';
import { ConversationEvents } from '../conversation/conversationEvents.js';
import { type DemoSeed, seedDemo } from '../demo/seedDemo.js';
import type { LogFields, Logger } from '../log.js';
import { createNotifier } from '../notifications/notifier.js';
import { StoreClosedError, type Store } from '../store/store.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { AcceptedChange, BoardWitness } from './boardChange.js';
import { recordChange } from './recordChange.js';
import { createWitness } from './witness.js';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (message: string, fields?: LogFields) => void lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  return { lines, info: log, warn: log, error: log };
}

describe('the witness', () => {
  let store: Store;
  let demo: DemoSeed;
  let witness: BoardWitness;
  let doc: Y.Doc;
  let minute: number;
  let origins: TransactionOrigin[];

  beforeEach(async () => {
    store = createMemoryStore();
    demo = await seedDemo(store, new PasswordHasher(TEST_PASSWORD_PARAMS), { now: new Date('2025-03-10T08:00:00Z') });
    witness = createWitness({ store, logger: recordingLogger() });
    doc = new Y.Doc();
    minute = 0;
    origins = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (isTransactionOrigin(tr.origin)) origins.push(tr.origin);
    });
  });

  /** `author` runs `command` on the live doc; the resulting change, as the sync server hands it. */
  function as(author: UserId, command: (origin: TransactionOrigin) => unknown): AcceptedChange {
    const at = new Date(Date.UTC(2025, 2, 10, 9, minute++));
    return recordChange(doc, { agencyId: demo.agencyId, boardId: demo.boardId, author, at }, () =>
      command(userOrigin(author)),
    ).change;
  }

  const open = (author: UserId, title: string, extra: Partial<Parameters<typeof createTicket>[1]> = {}) =>
    as(author, (o) => createTicket(doc, { title, channel: 'email', ...extra }, o));

  const idOf = (change: AcceptedChange) => change.tickets[0]!.after.id;

  it('numbers new tickets per agency, in order, with its own origin, and records them numbered', async () => {
    const { ana } = demo.users;
    const first = open(ana.id, 'Banner');
    await witness.witness(first, doc);
    const second = as(ana.id, (o) => {
      createTicket(doc, { title: 'Post', channel: 'whatsapp' }, o);
      createTicket(doc, { title: 'Site', channel: 'phone' }, o);
    });
    await witness.witness(second, doc);

    expect(readTicket(doc, idOf(first))?.number).toBe(1);
    expect(second.tickets.map((t) => readTicket(doc, t.after.id)?.number).sort()).toEqual([2, 3]);
    expect(origins.filter((o) => o.source === 'server')).toEqual(Array(3).fill(serverOrigin('witness')));
    const history = await store.history.listForBoard(demo.boardId);
    expect(history.map((e) => [e.kind, e.ticketNumber, e.author, e.at])).toEqual([
      ['created', 1, ana.id, '2025-03-10T09:00:00.000Z'],
      ...second.tickets.map((t) => ['created', readTicket(doc, t.after.id)?.number, ana.id, '2025-03-10T09:01:00.000Z']),
    ]);
    // Exactly three numbers were reserved.
    expect(await store.ticketNumbers.next(demo.agencyId)).toBe(4);
  });

  it('never renumbers: a ticket numbered meanwhile keeps its number, and nothing is reserved', async () => {
    const { ana } = demo.users;
    const created = open(ana.id, 'Banner');
    // A later change read before this call's number landed still says `number: null`.
    const touched = as(ana.id, (o) => moveTicket(doc, { ticketId: idOf(created), toStage: 'analysis' }, o));
    await witness.witness(created, doc);
    const written = origins.length;
    await witness.witness(touched, doc);
    expect(readTicket(doc, idOf(created))?.number).toBe(1);
    expect(origins.length).toBe(written);
    expect(await store.ticketNumbers.next(demo.agencyId)).toBe(2);
    const history = await store.history.listForTicket(demo.boardId, idOf(created));
    expect(history.map((e) => [e.kind, e.ticketNumber])).toEqual([
      ['created', 1],
      ['moved', 1],
    ]);
  });

  it('keeps a number the seed or an import already gave', async () => {
    const created = open(demo.users.ana.id, 'Importado');
    setTicketNumber(doc, { ticketId: idOf(created), number: 500 }, serverOrigin('seed'));
    await witness.witness(created, doc);
    expect(readTicket(doc, idOf(created))?.number).toBe(500);
    expect((await store.history.listForBoard(demo.boardId))[0]?.ticketNumber).toBe(500);
  });

  describe('handoff', () => {
    async function inProduction(clientId: DemoSeed['clients'][keyof DemoSeed['clients']]['id'] | null): Promise<TicketId> {
      const created = open(demo.users.ana.id, 'Banner', { stage: 'production', clientId });
      await witness.witness(created, doc);
      return idOf(created);
    }

    it("is recorded as such and asks the client's account manager, not the producer", async () => {
      const { ana, paulo, dora } = demo.users;
      const padaria = await inProduction(demo.clients.padaria.id); // primary: Ana
      const loja = await inProduction(demo.clients.loja.id); // primary: Dora
      const back = as(paulo.id, (o) => {
        moveTicket(doc, { ticketId: padaria, toStage: 'delivery' }, o);
        moveTicket(doc, { ticketId: loja, toStage: 'delivery' }, o);
      });
      await witness.witness(back, doc);

      const handoffs = (await store.history.listForBoard(demo.boardId)).filter((e) => e.kind === 'handoff');
      expect(handoffs.map((e) => [e.ticketId, e.author, e.kind === 'handoff' ? e.to : null]).sort()).toEqual(
        [
          [padaria, paulo.id, [ana.id]],
          [loja, paulo.id, [dora.id]],
        ].sort(),
      );
      expect((await store.attention.list(ana.id, demo.boardId)).map((m) => [m.ticketId, m.by, m.markedAt])).toEqual([
        [padaria, paulo.id, '2025-03-10T09:02:00.000Z'],
      ]);
      expect((await store.attention.list(dora.id, demo.boardId)).map((m) => m.ticketId)).toEqual([loja]);
      expect(await store.attention.list(paulo.id, demo.boardId)).toEqual([]);
    });

    it('is cleared for whoever then acts on the ticket, and only for them', async () => {
      const { ana, paulo } = demo.users;
      const ticketId = await inProduction(demo.clients.padaria.id);
      await witness.witness(as(paulo.id, (o) => moveTicket(doc, { ticketId, toStage: 'delivery' }, o)), doc);
      await witness.witness(as(paulo.id, (o) => setStatus(doc, { ticketId, status: 'waiting_client' }, o)), doc);
      expect(await store.attention.list(ana.id, demo.boardId)).toHaveLength(1);
      await witness.witness(as(ana.id, (o) => setStatus(doc, { ticketId, status: 'open' }, o)), doc);
      expect(await store.attention.list(ana.id, demo.boardId)).toEqual([]);
    });

    it('asks nobody when the account manager hands it back herself', async () => {
      const { ana } = demo.users;
      const ticketId = await inProduction(demo.clients.padaria.id);
      await witness.witness(as(ana.id, (o) => moveTicket(doc, { ticketId, toStage: 'delivery' }, o)), doc);
      const [handoff] = (await store.history.listForTicket(demo.boardId, ticketId)).filter((e) => e.kind === 'handoff');
      expect(handoff).toMatchObject({ kind: 'handoff', to: [], author: ana.id });
      expect(await store.attention.list(ana.id, demo.boardId)).toEqual([]);
    });

    it('without a client, asks the atendimento creator', async () => {
      const { ana, paulo } = demo.users;
      const ticketId = await inProduction(null);
      await witness.witness(as(paulo.id, (o) => moveTicket(doc, { ticketId, toStage: 'delivery' }, o)), doc);
      expect((await store.attention.list(ana.id, demo.boardId)).map((m) => m.ticketId)).toEqual([ticketId]);
    });
  });

  describe('notifications', () => {
    let events: ConversationEvents;
    let logger: ReturnType<typeof recordingLogger>;

    beforeEach(() => {
      events = new ConversationEvents();
      logger = recordingLogger();
      witness = createWitness({ store, logger, notifier: createNotifier({ store, events }) });
    });

    it('tells the account manager of a handoff (by email too), and nobody of their own move', async () => {
      const { ana, paulo } = demo.users;
      const created = open(ana.id, 'Banner da campanha', { stage: 'production', clientId: demo.clients.padaria.id });
      await witness.witness(created, doc);
      const ticketId = idOf(created);
      const wake = events.watchUser(ana.id);
      await witness.witness(as(paulo.id, (o) => moveTicket(doc, { ticketId, toStage: 'delivery' }, o)), doc);

      const [notification, ...others] = await store.notifications.listForUser(ana.id);
      expect(others).toEqual([]);
      expect(notification).toMatchObject({
        kind: 'handed_to_me',
        ticketId,
        ticketNumber: 1,
        ticketTitle: 'Banner da campanha',
        clientName: 'Padaria Pão Dourado',
        actor: { kind: 'staff', userId: paulo.id, name: 'Paulo' },
        createdAt: '2025-03-10T09:01:00.000Z',
        readAt: null,
      });
      expect(await wake.next()).toBe(true);
      const [email] = await store.outbox.list();
      expect(email).toMatchObject({
        kind: 'notification',
        to: 'ana@demo.fluxo',
        locale: 'pt-BR',
        payload: { notificationId: notification!.id, notificationKind: 'handed_to_me', delivery: 'now' },
        status: 'pending',
        nextAttemptAt: '2025-03-10T09:01:00.000Z',
      });
      expect(await store.notifications.listForUser(paulo.id)).toEqual([]);

      // Ana moves it back and forth herself: nobody is told.
      await witness.witness(as(ana.id, (o) => moveTicket(doc, { ticketId, toStage: 'production' }, o)), doc);
      await witness.witness(as(ana.id, (o) => moveTicket(doc, { ticketId, toStage: 'delivery' }, o)), doc);
      expect(await store.notifications.listForUser(ana.id)).toHaveLength(1);
    });

    it('tells people they were assigned, not the one who assigned themselves', async () => {
      const { ana, paulo, dora } = demo.users;
      const created = open(ana.id, 'Post', { assignees: [paulo.id, ana.id] });
      await witness.witness(created, doc);
      const ticketId = idOf(created);
      await witness.witness(as(ana.id, (o) => assignTicket(doc, { ticketId, userId: dora.id }, o)), doc);
      expect((await store.notifications.listForUser(paulo.id)).map((n) => [n.kind, n.ticketId, n.actor.kind])).toEqual([
        ['assigned', ticketId, 'staff'],
      ]);
      expect((await store.notifications.listForUser(dora.id)).map((n) => n.kind)).toEqual(['assigned']);
      expect(await store.notifications.listForUser(ana.id)).toEqual([]);
    });

    it('follows the person’s preference: off sends no email, the centre still lists it', async () => {
      const { ana, paulo } = demo.users;
      await store.notificationPrefs.choose(paulo.id, 'assigned', 'off', '2025-03-10T08:00:00.000Z');
      await witness.witness(open(ana.id, 'Post', { assignees: [paulo.id] }), doc);
      expect(await store.notifications.listForUser(paulo.id)).toHaveLength(1);
      expect(await store.outbox.list()).toEqual([]);
    });

    it('logs a failed notification and still records history and attention', async () => {
      const { ana, paulo } = demo.users;
      witness = createWitness({
        store,
        logger,
        notifier: { notify: () => Promise.reject(new Error('mail store down')) },
      });
      const created = open(ana.id, 'Post', { assignees: [paulo.id] });
      await witness.witness(created, doc);
      expect((await store.history.listForTicket(demo.boardId, idOf(created))).map((e) => e.kind)).toEqual(['created', 'assigned']);
      expect(logger.lines.join('\n')).toMatch(/notifications failed.*mail store down/);
    });
  });

  it('does nothing for an empty change, and rejects when the store cannot record', async () => {
    await witness.witness({ agencyId: demo.agencyId, boardId: demo.boardId, author: demo.users.ana.id, at: new Date(), tickets: [] }, doc);
    expect(await store.history.listForBoard(demo.boardId)).toEqual([]);
    const change = open(demo.users.ana.id, 'Banner');
    await store.close();
    await expect(witness.witness(change, doc)).rejects.toBeInstanceOf(StoreClosedError);
  });
});
