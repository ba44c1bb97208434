import { NOTIFICATION_EXCERPT_LENGTH } from '@fluxo/shared/conversation/notification';
import { newClientId, newTicketId } from '@fluxo/shared/ids';
import { beforeEach, describe, expect, it } from 'vitest';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../auth/passwords.js';
import { ConversationEvents } from '../conversation/conversationEvents.js';
import { type DemoSeed, seedDemo } from '../demo/seedDemo.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { BoardRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { nextDigestAt } from './digest.js';
import { type NotificationEvent, createNotifier, planNotifications } from './notifier.js';

const AT = new Date('2025-03-10T13:20:00.000Z');

describe('notifier', () => {
  let store: Store;
  let demo: DemoSeed;
  let board: BoardRecord;

  beforeEach(async () => {
    store = createMemoryStore();
    demo = await seedDemo(store, new PasswordHasher(TEST_PASSWORD_PARAMS), { now: AT });
    board = (await store.boards.get(demo.boardId)) as BoardRecord;
  });

  const event = (overrides: Partial<NotificationEvent> = {}): NotificationEvent => ({
    kind: 'handed_to_me',
    recipients: [demo.users.ana.id],
    actor: { kind: 'staff', userId: demo.users.paulo.id },
    board,
    ticket: { id: newTicketId(), number: 4, title: 'Banner', clientId: demo.clients.loja.id },
    at: AT,
    ...overrides,
  });

  it('leaves out the actor, duplicates, people who cannot open the board and strangers', async () => {
    const { ana, paulo, dora } = demo.users;
    await store.boards.update(board.id, { memberIds: [ana.id, paulo.id] });
    await store.users.update(dora.id, { role: 'atendimento' }); // no longer an admin: off the board
    board = (await store.boards.get(demo.boardId)) as BoardRecord;
    const plan = await planNotifications(store, [
      event({ recipients: [ana.id, ana.id, paulo.id, dora.id, newTicketId() as never] }),
    ]);
    expect(plan.notifications.map((n) => n.userId)).toEqual([ana.id]);
    expect(plan.notifications[0]).toMatchObject({
      kind: 'handed_to_me',
      agencyId: demo.agencyId,
      ticketNumber: 4,
      ticketTitle: 'Banner',
      clientName: 'Loja Verde Moda',
      actor: { kind: 'staff', userId: paulo.id, name: 'Paulo' },
      commentId: null,
      excerpt: null,
      createdAt: AT.toISOString(),
      readAt: null,
    });
    expect(plan.outbox).toEqual([
      expect.objectContaining({
        kind: 'notification',
        idempotencyKey: `notification:${plan.notifications[0]!.id}`,
        to: 'ana@demo.fluxo',
        locale: 'pt-BR',
        nextAttemptAt: AT.toISOString(),
        payload: { notificationId: plan.notifications[0]!.id, notificationKind: 'handed_to_me', delivery: 'now' },
      }),
    ]);
    expect(await planNotifications(store, [event({ recipients: [paulo.id] })])).toEqual({ notifications: [], outbox: [] });
  });

  it('follows each person’s preference and language for the email', async () => {
    const { ana, dora } = demo.users;
    await store.notificationPrefs.choose(ana.id, 'handed_to_me', 'digest', AT.toISOString());
    await store.notificationPrefs.choose(dora.id, 'handed_to_me', 'off', AT.toISOString());
    await store.users.update(ana.id, { locale: 'ru' });
    const plan = await planNotifications(store, [event({ recipients: [ana.id, dora.id] })]);
    expect(plan.notifications).toHaveLength(2);
    expect(plan.outbox.map((r) => [r.to, r.locale, r.payload.delivery, r.nextAttemptAt])).toEqual([
      ['ana@demo.fluxo', 'ru', 'digest', '2025-03-10T15:00:00.000Z'],
    ]);
  });

  it('names no client of another agency, and shortens long texts', async () => {
    const plan = await planNotifications(store, [
      event({
        ticket: { id: newTicketId(), number: null, title: 'T'.repeat(400), clientId: newClientId() },
        actor: { kind: 'client', email: 'marcia@paodourado.com.br', name: 'Márcia' },
        excerpt: 'x'.repeat(1_000),
      }),
    ]);
    const [n] = plan.notifications;
    expect(n?.clientName).toBeNull();
    expect(n?.ticketTitle).toHaveLength(300);
    expect(n?.excerpt).toHaveLength(NOTIFICATION_EXCERPT_LENGTH);
    expect(n?.actor).toEqual({ kind: 'client', email: 'marcia@paodourado.com.br', name: 'Márcia' });
  });

  it('writes notifications and their emails together and wakes the recipients', async () => {
    const events = new ConversationEvents();
    const watch = events.watchUser(demo.users.ana.id);
    const stored = await createNotifier({ store, events }).notify([event(), event({ kind: 'assigned' })]);
    expect(stored.map((n) => n.kind)).toEqual(['handed_to_me', 'assigned']);
    expect(await store.outbox.list()).toHaveLength(2);
    expect(await watch.next()).toBe(true);
    expect(await createNotifier({ store, events }).notify([event({ recipients: [] })])).toEqual([]);
  });

  it('puts digests on the next slot, never on the current one', () => {
    expect(nextDigestAt(new Date('2025-03-10T13:20:00.000Z')).toISOString()).toBe('2025-03-10T15:00:00.000Z');
    expect(nextDigestAt(new Date('2025-03-10T15:00:00.000Z')).toISOString()).toBe('2025-03-10T18:00:00.000Z');
    expect(nextDigestAt(new Date('2025-03-10T23:59:59.000Z')).toISOString()).toBe('2025-03-11T00:00:00.000Z');
  });
});
