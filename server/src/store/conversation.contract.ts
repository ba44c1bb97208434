/**
 * The contract of the conversation ports (comments, notifications, notificationPrefs, outbox,
 * conversation), run by every adapter's test file next to `defineStoreContract`.
 */
import { type CommentId, newCommentId } from '@fluxo/shared/conversation/comment';
import { type NotificationId, newNotificationId } from '@fluxo/shared/conversation/notification';
import { ConflictError, InvalidInputError, NotFoundError } from '@fluxo/shared/errors';
import {
  type AgencyId,
  type BoardId,
  type TicketId,
  type UserId,
  newAgencyId,
  newBoardId,
  newTicketId,
  newUserId,
} from '@fluxo/shared/ids';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CommentRecord,
  type NotificationRecord,
  type OutboxRecord,
  type StoredComment,
  newOutboxId,
} from './conversationRecords.js';
import type { StoreHarness } from './store.contract.js';
import { type Store, StoreClosedError } from './store.js';

const T0 = '2025-03-10T12:00:00.000Z';
const T1 = '2025-03-10T12:05:00.000Z';
const T2 = '2025-03-10T12:10:00.000Z';

export interface TicketPlace {
  readonly agencyId: AgencyId;
  readonly boardId: BoardId;
  readonly ticketId: TicketId;
}

export const conversationFixtures = {
  place(): TicketPlace {
    return { agencyId: newAgencyId(), boardId: newBoardId(), ticketId: newTicketId() };
  },
  comment(place: TicketPlace, author: UserId, overrides: Partial<CommentRecord> = {}): CommentRecord {
    const createdAt = overrides.createdAt ?? T0;
    const by = overrides.author ?? { kind: 'staff' as const, userId: author };
    return {
      id: newCommentId(),
      ...place,
      parentId: null,
      visibility: 'internal',
      source: 'app',
      author: by,
      mentions: [],
      revisions: [{ body: 'Primeira versão', at: createdAt, by }],
      createdAt,
      deletedAt: null,
      deletedBy: null,
      emailMessageId: null,
      ...overrides,
    };
  },
  notification(place: TicketPlace, userId: UserId, overrides: Partial<NotificationRecord> = {}): NotificationRecord {
    return {
      id: newNotificationId(),
      agencyId: place.agencyId,
      userId,
      kind: 'mentioned',
      boardId: place.boardId,
      ticketId: place.ticketId,
      ticketNumber: 12,
      ticketTitle: 'Banner da campanha',
      clientName: 'Padaria Pão Quente',
      actor: { kind: 'staff', userId: newUserId(), name: 'Ana' },
      commentId: null,
      excerpt: 'Pode revisar?',
      createdAt: T0,
      readAt: null,
      ...overrides,
    };
  },
  outbox(place: TicketPlace, overrides: Partial<OutboxRecord> = {}): OutboxRecord {
    return {
      id: newOutboxId(),
      idempotencyKey: `notification:${newNotificationId()}`,
      kind: 'notification',
      to: 'ana@agencia.test',
      locale: 'pt-BR',
      agencyId: place.agencyId,
      boardId: place.boardId,
      ticketId: place.ticketId,
      payload: { notificationId: newNotificationId(), notificationKind: 'mentioned', delivery: 'now' },
      status: 'pending',
      attempts: 0,
      nextAttemptAt: T0,
      lastError: null,
      messageId: null,
      createdAt: T0,
      sentAt: null,
      ...overrides,
    } as OutboxRecord;
  },
};

/** `stored` edited: one more revision with `body`, by its author, at `at`. */
function edited(stored: StoredComment, body: string, at = T1): CommentRecord {
  const { seq: _seq, ...record } = stored;
  return { ...record, revisions: [...record.revisions, { body, at, by: record.author }] };
}

export function defineConversationContract(name: string, createHarness: () => Promise<StoreHarness>): void {
  describe(`conversation contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: Store;
    let place: TicketPlace;
    const ana = newUserId();
    const paulo = newUserId();

    beforeEach(async () => {
      harness = await createHarness();
      store = await harness.open();
      place = conversationFixtures.place();
    });

    afterEach(async () => {
      await store.close();
      await harness.cleanup();
    });

    async function restart(): Promise<Store> {
      if (!harness.persistent) return store;
      await store.close();
      store = await harness.open();
      return store;
    }

    describe('comments', () => {
      it('writes a comment with its notifications and outbox rows together, with increasing seq', async () => {
        const comment = conversationFixtures.comment(place, ana, { mentions: [paulo] });
        const notification = conversationFixtures.notification(place, paulo, { commentId: comment.id });
        const row = conversationFixtures.outbox(place);
        const result = await store.conversation.write({
          comments: [{ record: comment, expectedSeq: null }],
          notifications: [notification],
          outbox: [row],
        });
        expect(result.comments).toEqual([{ ...comment, seq: expect.any(Number) }]);
        expect(result.notifications[0]!.seq).toBeGreaterThan(result.comments[0]!.seq);
        expect(result.outbox).toEqual([row]);
        expect(await store.comments.get(comment.id)).toEqual(result.comments[0]);
        expect(await store.notifications.get(notification.id)).toEqual(result.notifications[0]);
        expect(await store.outbox.get(row.id)).toEqual(row);
      });

      it('refuses the whole write when one part is wrong: nothing of it is stored', async () => {
        const comment = conversationFixtures.comment(place, ana);
        const notification = conversationFixtures.notification(place, paulo);
        const row = conversationFixtures.outbox(place);
        const badRow = { ...conversationFixtures.outbox(place), to: 'x' };
        await expect(
          store.conversation.write({
            comments: [{ record: comment, expectedSeq: null }],
            notifications: [notification],
            outbox: [row, badRow],
          }),
        ).rejects.toBeInstanceOf(InvalidInputError);
        expect(await store.comments.get(comment.id)).toBeNull();
        expect(await store.notifications.get(notification.id)).toBeNull();
        expect(await store.outbox.get(row.id)).toBeNull();
        await expect(
          store.conversation.write({
            comments: [{ record: { ...comment, visibility: 'public' } as unknown as CommentRecord, expectedSeq: null }],
          }),
        ).rejects.toThrow(/visibility/);
      });

      it('lists a ticket’s comments in creation order, threads included', async () => {
        const first = conversationFixtures.comment(place, ana);
        const reply = conversationFixtures.comment(place, paulo, { parentId: first.id, createdAt: T1 });
        const other = conversationFixtures.comment({ ...place, ticketId: newTicketId() }, ana);
        await store.conversation.write({
          comments: [
            { record: first, expectedSeq: null },
            { record: reply, expectedSeq: null },
          ],
        });
        await store.conversation.write({ comments: [{ record: other, expectedSeq: null }] });
        const listed = await store.comments.listForTicket(place.boardId, place.ticketId);
        expect(listed.map((c) => c.id)).toEqual([first.id, reply.id]);
        expect(await store.comments.listForTicket(newBoardId(), place.ticketId)).toEqual([]);
      });

      it('keeps a thread one level deep and of one visibility', async () => {
        const internal = conversationFixtures.comment(place, ana);
        await store.conversation.write({ comments: [{ record: internal, expectedSeq: null }] });
        const toClient = conversationFixtures.comment(place, paulo, { parentId: internal.id, visibility: 'client' });
        await expect(store.conversation.write({ comments: [{ record: toClient, expectedSeq: null }] })).rejects.toThrow(
          /visibility of its thread/,
        );
        const reply = conversationFixtures.comment(place, paulo, { parentId: internal.id });
        await store.conversation.write({ comments: [{ record: reply, expectedSeq: null }] });
        const nested = conversationFixtures.comment(place, ana, { parentId: reply.id });
        await expect(store.conversation.write({ comments: [{ record: nested, expectedSeq: null }] })).rejects.toThrow(
          /start its thread/,
        );
        const elsewhere = conversationFixtures.comment({ ...place, ticketId: newTicketId() }, ana, { parentId: internal.id });
        await expect(store.conversation.write({ comments: [{ record: elsewhere, expectedSeq: null }] })).rejects.toThrow(
          /not a comment of this ticket/,
        );
        const orphan = conversationFixtures.comment(place, ana, { parentId: newCommentId() });
        await expect(store.conversation.write({ comments: [{ record: orphan, expectedSeq: null }] })).rejects.toBeInstanceOf(
          InvalidInputError,
        );
      });

      it('edits and deletes keep every revision; stale versions and rewrites of history are refused', async () => {
        const comment = conversationFixtures.comment(place, ana);
        const [created] = (await store.conversation.write({ comments: [{ record: comment, expectedSeq: null }] })).comments;
        const [v2] = (await store.conversation.write({ comments: [{ record: edited(created!, 'Segunda'), expectedSeq: created!.seq }] }))
          .comments;
        expect(v2!.revisions.map((r) => r.body)).toEqual(['Primeira versão', 'Segunda']);
        expect(v2!.seq).toBeGreaterThan(created!.seq);

        // Someone else's edit based on the first version arrives late.
        await expect(
          store.conversation.write({ comments: [{ record: edited(created!, 'Concorrente'), expectedSeq: created!.seq }] }),
        ).rejects.toBeInstanceOf(ConflictError);
        const { seq: _s, ...current } = v2!;
        const rewritten = { ...current, revisions: [{ ...current.revisions[0]!, body: 'Outra história' }, current.revisions[1]!] };
        await expect(store.conversation.write({ comments: [{ record: rewritten, expectedSeq: v2!.seq }] })).rejects.toThrow(
          /earlier revisions cannot change/,
        );
        const dropped = { ...current, revisions: [current.revisions[1]!] };
        await expect(store.conversation.write({ comments: [{ record: dropped, expectedSeq: v2!.seq }] })).rejects.toBeInstanceOf(
          InvalidInputError,
        );
        const moved = { ...edited(v2!, 'Terceira', T2), ticketId: newTicketId() };
        await expect(store.conversation.write({ comments: [{ record: moved, expectedSeq: v2!.seq }] })).rejects.toThrow(
          /ticketId cannot change/,
        );
        const unchanged = { ...current };
        await expect(store.conversation.write({ comments: [{ record: unchanged, expectedSeq: v2!.seq }] })).rejects.toThrow(
          /adds a revision or deletes/,
        );

        const deleted = { ...current, deletedAt: T2, deletedBy: { kind: 'staff' as const, userId: ana } };
        const [v3] = (await store.conversation.write({ comments: [{ record: deleted, expectedSeq: v2!.seq }] })).comments;
        expect(v3).toMatchObject({ deletedAt: T2, revisions: v2!.revisions });
        const revived = { ...deleted, deletedAt: null, deletedBy: null, revisions: [...deleted.revisions, deleted.revisions[0]!] };
        await expect(store.conversation.write({ comments: [{ record: revived, expectedSeq: v3!.seq }] })).rejects.toThrow(
          /deleted comment does not change/,
        );
        await expect(
          store.conversation.write({ comments: [{ record: edited(v3!, 'x'), expectedSeq: 999_999 }] }),
        ).rejects.toBeInstanceOf(ConflictError);
        await expect(
          store.conversation.write({ comments: [{ record: conversationFixtures.comment(place, ana), expectedSeq: 1 }] }),
        ).rejects.toBeInstanceOf(NotFoundError);
        await expect(store.conversation.write({ comments: [{ record: comment, expectedSeq: null }] })).rejects.toBeInstanceOf(
          ConflictError,
        );
      });

      it('threads one email once per agency', async () => {
        const client = { kind: 'client' as const, email: 'joana@padaria.test', name: 'Joana' };
        const messageId = '<abc@padaria.test>';
        const fromMail = conversationFixtures.comment(place, ana, {
          author: client,
          visibility: 'client',
          source: 'email',
          emailMessageId: messageId,
        });
        await store.conversation.write({ comments: [{ record: fromMail, expectedSeq: null }] });
        expect((await store.comments.findByEmailMessageId(place.agencyId, messageId))?.id).toBe(fromMail.id);
        expect(await store.comments.findByEmailMessageId(newAgencyId(), messageId)).toBeNull();
        const again = { ...fromMail, id: newCommentId() };
        await expect(store.conversation.write({ comments: [{ record: again, expectedSeq: null }] })).rejects.toBeInstanceOf(
          ConflictError,
        );
        const otherAgency = { ...again, agencyId: newAgencyId() };
        await store.conversation.write({ comments: [{ record: otherAgency, expectedSeq: null }] });
      });

      it('keeps comments across a restart, and refuses use after close', async () => {
        const comment = conversationFixtures.comment(place, ana);
        const [created] = (await store.conversation.write({ comments: [{ record: comment, expectedSeq: null }] })).comments;
        const [v2] = (await store.conversation.write({ comments: [{ record: edited(created!, 'Depois'), expectedSeq: created!.seq }] }))
          .comments;
        const reopened = await restart();
        expect(await reopened.comments.listForTicket(place.boardId, place.ticketId)).toEqual([v2]);
        // seq keeps growing after a restart.
        const next = conversationFixtures.comment(place, paulo);
        const [later] = (await reopened.conversation.write({ comments: [{ record: next, expectedSeq: null }] })).comments;
        expect(later!.seq).toBeGreaterThan(v2!.seq);
        await reopened.close();
        await expect(reopened.comments.get(comment.id)).rejects.toBeInstanceOf(StoreClosedError);
        await expect(reopened.conversation.write({})).rejects.toBeInstanceOf(StoreClosedError);
        store = await harness.open();
      });
    });

    describe('notifications', () => {
      async function add(...records: NotificationRecord[]): Promise<void> {
        await store.conversation.write({ notifications: records });
      }

      it('lists a person’s notifications newest first, pages, filters, counts unread', async () => {
        const otherBoard = { ...place, boardId: newBoardId() };
        const a = conversationFixtures.notification(place, ana, { createdAt: T0 });
        const b = conversationFixtures.notification(otherBoard, ana, { createdAt: T1, kind: 'assigned' });
        const c = conversationFixtures.notification(place, ana, { createdAt: T2, kind: 'handed_to_me' });
        const forPaulo = conversationFixtures.notification(place, paulo);
        await add(a, b);
        await add(c, forPaulo);
        const ids = (list: { id: NotificationId }[]) => list.map((n) => n.id);
        expect(ids(await store.notifications.listForUser(ana))).toEqual([c.id, b.id, a.id]);
        expect(ids(await store.notifications.listForUser(ana, { limit: 2 }))).toEqual([c.id, b.id]);
        expect(ids(await store.notifications.listForUser(ana, { before: b.id }))).toEqual([a.id]);
        expect(ids(await store.notifications.listForUser(ana, { before: forPaulo.id }))).toEqual([]);
        expect(ids(await store.notifications.listForUser(ana, { boardIds: [place.boardId] }))).toEqual([c.id, a.id]);
        expect(await store.notifications.unreadCount(ana)).toBe(3);
        expect(await store.notifications.unreadCount(ana, { boardIds: [otherBoard.boardId] })).toBe(1);
        expect(ids(await store.notifications.listForUser(paulo))).toEqual([forPaulo.id]);
        await expect(store.notifications.listForUser(ana, { limit: 0 })).rejects.toBeInstanceOf(InvalidInputError);
        await expect(add(a)).rejects.toBeInstanceOf(ConflictError);
      });

      it('marks read (some or all, only one’s own), and reports the changes after a cursor', async () => {
        const a = conversationFixtures.notification(place, ana);
        const b = conversationFixtures.notification(place, ana);
        const forPaulo = conversationFixtures.notification(place, paulo);
        await add(a, b, forPaulo);
        const cursor = await store.notifications.cursor(ana);
        expect(cursor).toBeGreaterThan(0);
        expect(await store.notifications.cursor(newUserId())).toBe(0);

        const changed = await store.notifications.markRead(ana, [a.id, forPaulo.id, newNotificationId()], T1);
        expect(changed.map((n) => [n.id, n.readAt])).toEqual([[a.id, T1]]);
        expect(await store.notifications.markRead(ana, [a.id], T2)).toEqual([]);
        expect((await store.notifications.get(forPaulo.id))?.readAt).toBeNull();
        expect(await store.notifications.unreadCount(ana)).toBe(1);
        expect((await store.notifications.listForUser(ana, { unreadOnly: true })).map((n) => n.id)).toEqual([b.id]);

        const since = await store.notifications.changedSince(ana, cursor);
        expect(since.map((n) => [n.id, n.readAt])).toEqual([[a.id, T1]]);
        expect(await store.notifications.cursor(ana)).toBe(since[0]!.seq);

        const all = await store.notifications.markRead(ana, 'all', T2);
        expect(all.map((n) => n.id)).toEqual([b.id]);
        expect(await store.notifications.unreadCount(ana)).toBe(0);
        await expect(store.notifications.markRead(ana, 'all', 'now')).rejects.toBeInstanceOf(InvalidInputError);

        const reopened = await restart();
        expect((await reopened.notifications.get(a.id))?.readAt).toBe(T1);
        expect(await reopened.notifications.unreadCount(ana)).toBe(0);
        expect(await reopened.notifications.unreadCount(paulo)).toBe(1);
      });

      it('keeps preferences per person', async () => {
        expect(await store.notificationPrefs.get(ana)).toBeNull();
        const prefs = { userId: ana, prefs: { mentioned: 'digest' as const, assigned: 'off' as const }, updatedAt: T0 };
        await store.notificationPrefs.set(prefs);
        await store.notificationPrefs.set({ ...prefs, prefs: { mentioned: 'now' }, updatedAt: T1 });
        await Promise.all([
          store.notificationPrefs.choose(ana, 'overdue', 'off', T1),
          store.notificationPrefs.choose(ana, 'due_soon', 'now', T1),
        ]);
        await expect(
          store.notificationPrefs.set({ userId: ana, prefs: { mentioned: 'loud' }, updatedAt: T1 } as never),
        ).rejects.toBeInstanceOf(InvalidInputError);
        const reopened = await restart();
        expect(await reopened.notificationPrefs.get(ana)).toEqual({
          userId: ana,
          prefs: { mentioned: 'now', overdue: 'off', due_soon: 'now' },
          updatedAt: T1,
        });
        await expect(reopened.notificationPrefs.choose(ana, 'loud' as never, 'now', T1)).rejects.toBeInstanceOf(
          InvalidInputError,
        );
        expect(await reopened.notificationPrefs.get(paulo)).toBeNull();
      });
    });

    describe('outbox', () => {
      it('enqueues once per idempotency key, normalises the address, lists newest first', async () => {
        const first = conversationFixtures.outbox(place, { to: '  Ana@Agencia.TEST ' });
        const duplicate = conversationFixtures.outbox(place, { idempotencyKey: first.idempotencyKey });
        const second = conversationFixtures.outbox(place, { status: 'sent', nextAttemptAt: null, sentAt: T1 });
        expect(await store.outbox.enqueue([first, duplicate])).toEqual([{ ...first, to: 'ana@agencia.test' }]);
        expect(await store.outbox.enqueue([duplicate, second])).toEqual([second]);
        const written = await store.conversation.write({ outbox: [conversationFixtures.outbox(place, { idempotencyKey: first.idempotencyKey })] });
        expect(written.outbox).toEqual([]);
        expect((await store.outbox.findByIdempotencyKey(first.idempotencyKey))?.id).toBe(first.id);
        expect(await store.outbox.findByIdempotencyKey('nope')).toBeNull();
        expect((await store.outbox.list()).map((r) => r.id)).toEqual([second.id, first.id]);
        expect((await store.outbox.list({ status: 'pending' })).map((r) => r.id)).toEqual([first.id]);
        expect(await store.outbox.list({ ticketId: newTicketId() })).toEqual([]);
        expect((await store.outbox.list({ agencyId: place.agencyId, limit: 1 })).map((r) => r.id)).toEqual([second.id]);
        await expect(store.outbox.enqueue([{ ...first, id: newOutboxId(), idempotencyKey: 'k', status: 'queued' } as never])).rejects.toBeInstanceOf(
          InvalidInputError,
        );
      });

      it('hands out due rows earliest first and records delivery outcomes', async () => {
        const late = conversationFixtures.outbox(place, { nextAttemptAt: T2 });
        const early = conversationFixtures.outbox(place, { nextAttemptAt: T0 });
        const later = conversationFixtures.outbox(place, { nextAttemptAt: '2025-03-11T00:00:00.000Z' });
        await store.outbox.enqueue([late, early, later]);
        expect((await store.outbox.due(new Date(T2))).map((r) => r.id)).toEqual([early.id, late.id]);
        expect((await store.outbox.due(new Date(T2), 1)).map((r) => r.id)).toEqual([early.id]);

        const retried = await store.outbox.update(early.id, { attempts: 1, lastError: '421 try later', nextAttemptAt: T1 });
        expect(retried).toMatchObject({ status: 'pending', attempts: 1, lastError: '421 try later', nextAttemptAt: T1 });
        const sent = await store.outbox.update(late.id, {
          status: 'sent',
          attempts: 1,
          messageId: '<x@fluxo>',
          sentAt: T2,
          nextAttemptAt: null,
          kind: 'client_comment',
        } as never);
        expect(sent).toMatchObject({ status: 'sent', kind: 'notification', messageId: '<x@fluxo>', nextAttemptAt: null });
        expect((await store.outbox.due(new Date(T2))).map((r) => r.id)).toEqual([early.id]);
        await expect(store.outbox.update(newOutboxId(), { status: 'sent' })).rejects.toBeInstanceOf(NotFoundError);
        await expect(store.outbox.update(early.id, { attempts: -1 })).rejects.toBeInstanceOf(InvalidInputError);

        const reopened = await restart();
        expect(await reopened.outbox.get(late.id)).toEqual(sent);
        expect((await reopened.outbox.due(new Date(T2))).map((r) => r.id)).toEqual([early.id]);
      });

      it('keeps every one of many concurrent writes', async () => {
        const rows = Array.from({ length: 30 }, () => conversationFixtures.outbox(place));
        const comments = Array.from({ length: 30 }, () => conversationFixtures.comment(place, ana));
        await Promise.all([
          ...rows.map((row) => store.outbox.enqueue([row])),
          ...comments.map((record) => store.conversation.write({ comments: [{ record, expectedSeq: null }] })),
        ]);
        const reopened = await restart();
        expect(await reopened.outbox.list({ limit: 1_000 })).toHaveLength(30);
        const stored = await reopened.comments.listForTicket(place.boardId, place.ticketId);
        expect(stored.map((c) => c.id).sort()).toEqual(comments.map((c) => c.id as CommentId).sort());
        expect(new Set(stored.map((c) => c.seq)).size).toBe(30);
      });
    });
  });
}
