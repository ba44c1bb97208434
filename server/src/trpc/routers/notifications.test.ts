import { mentionToken } from '@fluxo/shared/conversation/commentMarkdown';
import { DEFAULT_NOTIFICATION_PREFS, type NotificationView, newNotificationId } from '@fluxo/shared/conversation/notification';
import { type BoardId, type TicketId, newBoardId } from '@fluxo/shared/ids';
import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { liveEvents } from '../../conversation/testing/liveEvents.js';
import { addStoredTicket } from '../../conversation/testing/storedTickets.js';
import { type TestApp, createTestApp } from '../../testing/testApp.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error.code;
}

describe('notifications router', () => {
  let app: TestApp;
  let boardId: BoardId;
  let ticketId: TicketId;
  const aborts: AbortController[] = [];

  beforeEach(async () => {
    app = await createTestApp();
    boardId = app.demo.boardId;
    ticketId = await addStoredTicket(app.store, boardId, { title: 'Banner', channel: 'email' }, 3);
  });
  afterEach(() => {
    for (const abort of aborts.splice(0)) abort.abort();
  });

  /** Ana mentions Paulo `count` times (one comment each, a minute apart). */
  async function mentionPaulo(count: number): Promise<void> {
    const asAna = await app.signedIn(app.demo.users.ana);
    for (let i = 0; i < count; i++) {
      await asAna.comments.create({ boardId, ticketId, body: `${mentionToken(app.demo.users.paulo.id)} nº ${i}`, visibility: 'internal' });
      app.advance(60_000);
    }
  }

  it('refuses callers without a session', async () => {
    const { caller } = app.anonymous();
    expect(await codeOf(caller.notifications.list())).toBe('UNAUTHORIZED');
    expect(await codeOf(caller.notifications.markRead({ all: true }))).toBe('UNAUTHORIZED');
    expect(await codeOf(caller.notifications.prefs())).toBe('UNAUTHORIZED');
    expect(await codeOf(caller.notifications.setPref({ kind: 'mentioned', delivery: 'off' }))).toBe('UNAUTHORIZED');
    expect(await codeOf(caller.notifications.onNew())).toBe('UNAUTHORIZED');
  });

  it('lists my notifications newest first, in pages, with the unread count', async () => {
    await mentionPaulo(3);
    const asPaulo = await app.signedIn(app.demo.users.paulo);
    const first = await asPaulo.notifications.list({ limit: 2 });
    expect(first.items.map((n) => n.excerpt)).toEqual(['@Paulo nº 2', '@Paulo nº 1']);
    expect(first).toMatchObject({ unreadCount: 3, hasMore: true });
    expect(first.items[0]).toEqual({
      id: first.items[0]!.id,
      kind: 'mentioned',
      boardId,
      ticketId,
      ticketNumber: 3,
      ticketTitle: 'Banner',
      clientName: null,
      actor: { kind: 'staff', userId: app.demo.users.ana.id, name: 'Ana' },
      commentId: expect.any(String),
      excerpt: '@Paulo nº 2',
      createdAt: '2025-03-10T12:02:00.000Z',
      readAt: null,
    });
    const next = await asPaulo.notifications.list({ limit: 2, before: first.items[1]!.id });
    expect(next.items.map((n) => n.excerpt)).toEqual(['@Paulo nº 0']);
    expect(next.hasMore).toBe(false);
    expect((await (await app.signedIn(app.demo.users.ana)).notifications.list()).items).toEqual([]);
    expect(await codeOf(asPaulo.notifications.list({ limit: 101 }))).toBe('BAD_REQUEST');
  });

  it('marks read some or all, and never someone else’s', async () => {
    await mentionPaulo(3);
    const asPaulo = await app.signedIn(app.demo.users.paulo);
    const asDora = await app.signedIn(app.demo.users.dora);
    const { items } = await asPaulo.notifications.list();
    expect(await asDora.notifications.markRead({ ids: [items[0]!.id] })).toEqual({ updated: 0, unreadCount: 0 });
    expect(await asPaulo.notifications.markRead({ ids: [items[0]!.id, newNotificationId()] })).toEqual({ updated: 1, unreadCount: 2 });
    const unread = await asPaulo.notifications.list({ unreadOnly: true });
    expect(unread.items.map((n) => n.id)).toEqual([items[1]!.id, items[2]!.id]);
    expect((await asPaulo.notifications.list()).items[0]!.readAt).toBe('2025-03-10T12:03:00.000Z');
    expect(await asPaulo.notifications.markRead({ all: true })).toEqual({ updated: 2, unreadCount: 0 });
    expect(await codeOf(asPaulo.notifications.markRead({ ids: [] }))).toBe('BAD_REQUEST');
    expect(await codeOf(asPaulo.notifications.markRead({ all: false } as never))).toBe('BAD_REQUEST');
  });

  it('hides what happened on a board I can no longer open', async () => {
    await mentionPaulo(1);
    const asPaulo = await app.signedIn(app.demo.users.paulo);
    await app.store.boards.update(boardId, { memberIds: [app.demo.users.ana.id] });
    expect(await asPaulo.notifications.list()).toMatchObject({ items: [], unreadCount: 0 });
  });

  it('keeps preferences per kind, defaults filled in', async () => {
    const asPaulo = await app.signedIn(app.demo.users.paulo);
    expect(await asPaulo.notifications.prefs()).toEqual(DEFAULT_NOTIFICATION_PREFS);
    const [a, b] = await Promise.all([
      asPaulo.notifications.setPref({ kind: 'mentioned', delivery: 'digest' }),
      asPaulo.notifications.setPref({ kind: 'handed_to_me', delivery: 'off' }),
    ]);
    expect(a.mentioned).toBe('digest');
    expect(b.handed_to_me).toBe('off');
    expect(await asPaulo.notifications.prefs()).toEqual({ ...DEFAULT_NOTIFICATION_PREFS, mentioned: 'digest', handed_to_me: 'off' });
    expect(await (await app.signedIn(app.demo.users.ana)).notifications.prefs()).toEqual(DEFAULT_NOTIFICATION_PREFS);
    expect(await codeOf(asPaulo.notifications.setPref({ kind: 'birthday' as never, delivery: 'now' }))).toBe('BAD_REQUEST');
    expect(await codeOf(asPaulo.notifications.setPref({ kind: 'mentioned', delivery: 'loud' as never }))).toBe('BAD_REQUEST');

    // A digest preference delays the email to the next slot; the centre has it at once.
    await mentionPaulo(1);
    const [row] = await app.store.outbox.list();
    expect(row).toMatchObject({ to: 'paulo@demo.fluxo', payload: { delivery: 'digest' }, nextAttemptAt: '2025-03-10T15:00:00.000Z' });
    expect((await asPaulo.notifications.list()).unreadCount).toBe(1);
  });

  it('streams new notifications and read marks live, resumable from the list cursor', async () => {
    const abort = new AbortController();
    aborts.push(abort);
    const asPaulo = await app.signedIn(app.demo.users.paulo, { signal: abort.signal });
    const { cursor } = await asPaulo.notifications.list();
    const stream = await liveEvents<{ notification: NotificationView; unreadCount: number }>(
      asPaulo.notifications.onNew({ lastEventId: cursor }),
    );
    await mentionPaulo(1);
    const created = await stream.next();
    expect(created.data).toMatchObject({ notification: { kind: 'mentioned', readAt: null }, unreadCount: 1 });

    // Read in another tab: this stream hears of it.
    const otherTab = await app.signedIn(app.demo.users.paulo);
    await otherTab.notifications.markRead({ all: true });
    const read = await stream.next();
    expect(read.data).toMatchObject({ notification: { id: created.data.notification.id }, unreadCount: 0 });
    expect(read.data.notification.readAt).not.toBeNull();
    abort.abort();
    await stream.ended();

    await mentionPaulo(1);
    const again = new AbortController();
    aborts.push(again);
    const resumed = await liveEvents<{ notification: NotificationView }>(
      (await app.signedIn(app.demo.users.paulo, { signal: again.signal })).notifications.onNew({ lastEventId: read.id }),
    );
    expect((await resumed.next()).data.notification.excerpt).toBe('@Paulo nº 0');
  });

  it('does not stream notifications about boards I cannot open', async () => {
    const { ana, paulo, dora } = app.demo.users;
    const abort = new AbortController();
    aborts.push(abort);
    const asPaulo = await app.signedIn(paulo, { signal: abort.signal });
    const stream = await liveEvents<{ notification: NotificationView }>(asPaulo.notifications.onNew());
    const hidden: BoardId = newBoardId();
    await app.store.boards.create({ id: hidden, agencyId: app.demo.agencyId, name: 'Outro', memberIds: [ana.id, paulo.id, dora.id], createdAt: '2025-03-10T12:00:00.000Z' });
    const hiddenTicket = await addStoredTicket(app.store, hidden, { title: 'Segredo', channel: 'meeting' });
    const asAna = await app.signedIn(ana);
    await asAna.comments.create({ boardId: hidden, ticketId: hiddenTicket, body: `${mentionToken(paulo.id)} a`, visibility: 'internal' });
    await app.store.boards.update(hidden, { memberIds: [ana.id] });
    await asAna.comments.create({ boardId, ticketId, body: `${mentionToken(paulo.id)} b`, visibility: 'internal' });
    const first = await stream.next();
    expect(first.data.notification.boardId).toBe(boardId);
  });
});
