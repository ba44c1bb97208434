/**
 * Absences applied where the agency is told of work (issue 7): handoffs (the witness's attention
 * marks and `handed_to_me`), every notification planned for a client's manager, and a ticket
 * opened by email. One agency: Ana (primary) and Bia (backup) manage the client, Caio is the
 * third account manager, Paulo produces, Dora (admin) is on no board list.
 */
import { createTicket, moveTicket, readTicket } from '@fluxo/shared/board/index';
import type { TicketId, UserId } from '@fluxo/shared/ids';
import { newTicketId } from '@fluxo/shared/ids';
import { userOrigin } from '@fluxo/shared/origin';
import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createConversation } from '../conversation/conversation.js';
import { addStoredTicket } from '../conversation/testing/storedTickets.js';
import { conversationInbound } from '../mail/conversationInbound.js';
import { type NotificationEvent, planNotifications } from '../notifications/notifier.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { BoardRecord, ClientRecord, UserRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { fixtures } from '../store/store.contract.js';
import { recordChange } from '../witness/recordChange.js';
import { createWitness } from '../witness/witness.js';
import { handoffRecipients } from '../witness/handoffRecipients.js';

/** Monday 24 November 2025, 12:00 in São Paulo. */
const AT = new Date('2025-11-24T15:00:00.000Z');
const TODAY = '2025-11-24';

let store: Store;
let ana: UserRecord;
let bia: UserRecord;
let caio: UserRecord;
let paulo: UserRecord;
let dora: UserRecord;
let board: BoardRecord;
let client: ClientRecord;

beforeEach(async () => {
  store = createMemoryStore();
  const agency = fixtures.agency();
  await store.agencies.create(agency);
  ana = fixtures.user(agency.id, { name: 'Ana', email: 'ana@agencia.test' });
  bia = fixtures.user(agency.id, { name: 'Bia', email: 'bia@agencia.test' });
  caio = fixtures.user(agency.id, { name: 'Caio', email: 'caio@agencia.test' });
  paulo = fixtures.user(agency.id, { name: 'Paulo', role: 'producao' });
  dora = fixtures.user(agency.id, { name: 'Dora', role: 'admin' });
  for (const user of [ana, bia, caio, paulo, dora]) await store.users.create(user);
  board = fixtures.board(agency.id, [ana.id, bia.id, caio.id, paulo.id]);
  await store.boards.create(board);
  client = fixtures.client(agency.id, ana.id, { backupManagerId: bia.id, name: 'Padaria', emails: ['marcia@padaria.test'] });
  await store.clients.create(client);
});

async function away(user: UserRecord, from: string, to: string): Promise<void> {
  await store.absences.create(fixtures.absence(board.agencyId, user.id, from, to, { note: 'Férias' }));
}

/** Who a handoff of a ticket of the client, by Paulo at `at`, marks for attention. */
async function handoffMarks(at: Date = AT): Promise<UserId[]> {
  const doc = new Y.Doc();
  const witness = createWitness({ store, logger: { info: () => undefined, warn: () => undefined, error: () => undefined } });
  const meta = { agencyId: board.agencyId, boardId: board.id, author: paulo.id, at };
  const created = recordChange(doc, meta, () =>
    createTicket(doc, { title: 'Banner', channel: 'email', stage: 'production', clientId: client.id }, userOrigin(paulo.id)),
  );
  await witness.witness(created.change, doc);
  const ticketId: TicketId = created.result;
  const back = recordChange(doc, meta, () => moveTicket(doc, { ticketId, toStage: 'delivery' }, userOrigin(paulo.id)));
  await witness.witness(back.change, doc);
  const marked: UserId[] = [];
  for (const person of [ana, bia, caio, paulo, dora]) {
    if ((await store.attention.list(person.id, board.id)).some((m) => m.ticketId === ticketId)) marked.push(person.id);
  }
  return marked;
}

describe('a handoff while an account manager is away', () => {
  it('goes to the primary when nobody is away', async () => {
    expect(await handoffMarks()).toEqual([ana.id]);
  });

  it('goes to the backup while the primary is away', async () => {
    await away(ana, '2025-11-20', '2025-11-27');
    expect(await handoffMarks()).toEqual([bia.id]);
  });

  it("goes to the board's present account managers when both managers are away", async () => {
    await away(ana, '2025-11-20', '2025-11-27');
    await away(bia, '2025-11-24', '2025-11-24');
    expect(await handoffMarks()).toEqual([caio.id]);
  });

  it('stays with the primary whose absence ended yesterday, or starts tomorrow (in São Paulo days)', async () => {
    await away(ana, '2025-11-10', '2025-11-23');
    await away(ana, '2025-11-25', '2025-11-30');
    expect(await handoffMarks()).toEqual([ana.id]);
    // 23:30 in São Paulo is still the 24th, though UTC says the 25th.
    expect(await handoffMarks(new Date('2025-11-25T02:30:00.000Z'))).toEqual([ana.id]);
    expect(await handoffMarks(new Date('2025-11-25T03:30:00.000Z'))).toEqual([bia.id]);
  });

  it('stays with the primary while only the backup is away', async () => {
    await away(bia, '2025-11-20', '2025-11-27');
    expect(await handoffMarks()).toEqual([ana.id]);
  });

  it('keeps the absent primary when nobody present can cover, and never asks someone off the board', async () => {
    await store.boards.update(board.id, { memberIds: [ana.id, caio.id, paulo.id] }); // Bia left the board
    await away(ana, '2025-11-20', '2025-11-27');
    expect(await handoffMarks()).toEqual([caio.id]);
    await away(caio, '2025-11-01', '2025-11-30');
    expect(await handoffMarks()).toEqual([ana.id]);
  });

  it('never asks the author in anyone’s place', () => {
    const doc = new Y.Doc();
    const id = createTicket(doc, { title: 'Post', channel: 'email', stage: 'production', clientId: client.id }, userOrigin(paulo.id));
    const ticket = readTicket(doc, id);
    if (!ticket) throw new Error('no ticket');
    const absence = fixtures.absence(board.agencyId, ana.id, TODAY, TODAY, { createdAt: AT.toISOString() });
    const attendance = { day: TODAY, absences: [absence] };
    expect(handoffRecipients({ ticket, author: bia.id, client, board, colleagues: [ana, bia, caio, paulo, dora], attendance })).toEqual([]);
  });
});

describe('notifications for a manager who is away', () => {
  const event = (overrides: Partial<NotificationEvent> = {}): NotificationEvent => ({
    kind: 'client_replied',
    recipients: [ana.id],
    actor: { kind: 'client', email: 'marcia@padaria.test', name: 'Márcia' },
    board,
    ticket: { id: newTicketId(), number: 7, title: 'Banner', clientId: client.id },
    at: AT,
    ...overrides,
  });
  const planned = async (e: NotificationEvent) => {
    const plan = await planNotifications(store, [e]);
    return { to: plan.notifications.map((n) => n.userId), mailed: plan.outbox.map((r) => r.to) };
  };

  it('reach the covering manager too; the absent one keeps the in-app notification, without an email', async () => {
    await away(ana, '2025-11-20', '2025-11-27');
    expect(await planned(event())).toEqual({ to: [ana.id, bia.id], mailed: [bia.email] });
  });

  it("both managers away: the board's present account managers", async () => {
    await away(ana, '2025-11-20', '2025-11-27');
    await away(bia, '2025-11-20', '2025-11-27');
    expect(await planned(event())).toEqual({ to: [ana.id, caio.id], mailed: [caio.email] });
  });

  it('change nothing before or after the absence, nor for someone who manages none of the client', async () => {
    await away(ana, '2025-11-25', '2025-11-27');
    await away(caio, '2025-11-20', '2025-11-27');
    expect(await planned(event())).toEqual({ to: [ana.id], mailed: [ana.email] });
    expect(await planned(event({ ticket: { id: newTicketId(), number: 8, title: 'Sem cliente', clientId: null }, recipients: [caio.id] }))).toEqual({
      to: [caio.id],
      mailed: [],
    });
  });

  it('an absent backup is covered by the present primary (once)', async () => {
    await away(bia, '2025-11-20', '2025-11-27');
    expect(await planned(event({ recipients: [ana.id, bia.id] }))).toEqual({ to: [ana.id, bia.id], mailed: [ana.email] });
  });

  it('never notify the actor in the absent person’s place', async () => {
    await away(ana, '2025-11-20', '2025-11-27');
    expect(await planned(event({ kind: 'assigned', actor: { kind: 'staff', userId: bia.id } }))).toEqual({ to: [ana.id], mailed: [] });
  });
});

describe('a ticket opened by email while a manager is away', () => {
  async function opened(): Promise<UserId[]> {
    const conversation = createConversation({ store, now: () => AT });
    const ticketId = await addStoredTicket(store, board.id, { title: 'Cardápio', channel: 'email', clientId: client.id }, 9);
    await conversationInbound(conversation).ticketOpened({
      ticket: { agencyId: board.agencyId, boardId: board.id, ticketId },
      ticketNumber: 9,
      title: 'Cardápio',
      clientId: client.id,
      from: { email: 'marcia@padaria.test', name: 'Márcia' },
      at: AT,
    });
    const told: UserId[] = [];
    for (const person of [ana, bia, caio, paulo, dora]) {
      if ((await store.notifications.listForUser(person.id)).some((n) => n.ticketId === ticketId && n.kind === 'new_ticket_by_email')) told.push(person.id);
    }
    return told;
  }

  it('tells both managers when both are present', async () => {
    expect(await opened()).toEqual([ana.id, bia.id]);
  });

  it('tells the present manager only', async () => {
    await away(ana, '2025-11-20', '2025-11-27');
    expect(await opened()).toEqual([bia.id]);
  });

  it("both away: the board's present account managers", async () => {
    await away(ana, '2025-11-20', '2025-11-27');
    await away(bia, '2025-11-24', '2025-11-25');
    expect(await opened()).toEqual([caio.id]);
  });
});
