/**
 * The conversation ports (comments, notifications, notificationPrefs, outbox, conversation)
 * over a `ConversationState`. Shared by the in-memory twin and the embedded adapter; the
 * invariants listed in `conversationRecords.ts` are enforced here, inside the serialised
 * commit, so two concurrent writes cannot both pass a check that only one of them may pass.
 */
import { isDeepStrictEqual } from 'node:util';
import { ConflictError, InvalidInputError, NotFoundError } from '@fluxo/shared/errors';
import type { CommentId } from '@fluxo/shared/conversation/comment';
import type { NotificationId } from '@fluxo/shared/conversation/notification';
import { z } from 'zod';
import {
  type CommentRecord,
  type NotificationRecord,
  type OutboxPatch,
  type OutboxRecord,
  type StoredComment,
  type StoredNotification,
  commentRecordSchema,
  notificationPrefsRecordSchema,
  notificationRecordSchema,
  outboxRecordSchema,
} from './conversationRecords.js';
import type { ConversationIndex, ConversationOp, ConversationState } from './conversationState.js';
import { normaliseEmail } from './records.js';
import {
  type CommentStore,
  type ConversationStore,
  type ConversationWrite,
  type ConversationWriteResult,
  MAX_NOTIFICATION_PAGE,
  MAX_OUTBOX_PAGE,
  type NotificationPrefStore,
  type NotificationStore,
  type OutboxStore,
} from './store.js';

export interface ConversationPorts {
  readonly comments: CommentStore;
  readonly notifications: NotificationStore;
  readonly notificationPrefs: NotificationPrefStore;
  readonly outbox: OutboxStore;
  readonly conversation: ConversationStore;
}

/** Most records one `ConversationStore.write` may hold (a mention storm is still far below). */
export const MAX_CONVERSATION_WRITE = 1_000;

function checked<S extends z.ZodType>(schema: S, kind: string, candidate: unknown): z.infer<S> {
  const result = schema.safeParse(candidate);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'record';
  throw new InvalidInputError(`invalid ${kind}: ${where}: ${issue?.message ?? 'does not match the schema'}`);
}

const copy = <T>(value: T): T => structuredClone(value);

const limitSchema = (max: number) => z.number().int().min(1).max(max);

function limitOf(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined) return fallback;
  return checked(limitSchema(max), 'limit', limit);
}

/** The fields that make a comment what it is: no later version may change them. */
const IDENTITY = [
  'id',
  'agencyId',
  'boardId',
  'ticketId',
  'parentId',
  'visibility',
  'source',
  'author',
  'createdAt',
  'emailMessageId',
] as const satisfies readonly (keyof CommentRecord)[];

/** Why `next` may not follow `previous` (`null`: a new comment), or null when it may. */
function commentVersionProblem(previous: StoredComment | null, next: CommentRecord): string | null {
  if ((next.deletedAt === null) !== (next.deletedBy === null)) return 'deletedAt and deletedBy go together';
  if (previous === null) {
    if (next.revisions.length !== 1) return 'a new comment has exactly one revision';
    if (next.deletedAt !== null) return 'a new comment is not deleted';
    const [first] = next.revisions;
    if (!first || first.at !== next.createdAt || !isDeepStrictEqual(first.by, next.author)) {
      return 'the first revision is the author’s, at creation';
    }
    return null;
  }
  if (previous.deletedAt !== null) return 'a deleted comment does not change';
  for (const field of IDENTITY) {
    if (!isDeepStrictEqual(previous[field], next[field])) return `${field} cannot change`;
  }
  if (next.revisions.length < previous.revisions.length) return 'revisions cannot be removed';
  for (const [index, revision] of previous.revisions.entries()) {
    if (!isDeepStrictEqual(revision, next.revisions[index])) return 'earlier revisions cannot change';
  }
  if (next.revisions.length === previous.revisions.length && next.deletedAt === null) {
    return 'a new version adds a revision or deletes the comment';
  }
  return null;
}

/** The fields `OutboxStore.update` may change; anything else in a patch is ignored. */
const OUTBOX_PATCH_FIELDS = ['status', 'attempts', 'nextAttemptAt', 'lastError', 'messageId', 'sentAt', 'lease'] as const satisfies readonly (keyof OutboxPatch)[];

/** A comment without the `seq` a stored one carries (the store assigns it). */
function withoutSeq(candidate: CommentRecord): unknown {
  if (typeof candidate !== 'object' || candidate === null || !('seq' in candidate)) return candidate;
  const { seq: _seq, ...record } = candidate as StoredComment;
  return record;
}

function normaliseOutbox(row: OutboxRecord): OutboxRecord {
  const candidate = row as unknown;
  if (typeof candidate === 'object' && candidate !== null && typeof (candidate as { to?: unknown }).to === 'string') {
    return { ...row, to: normaliseEmail(row.to) };
  }
  return row;
}

export function createConversationPorts(state: ConversationState): ConversationPorts {
  /**
   * Plans the ops of one write against `index`, checking everything; throws without side
   * effects. Also used by `enqueue` (a write with only outbox rows).
   */
  function planWrite(index: ConversationIndex, batch: ConversationWrite): { ops: ConversationOp[]; result: ConversationWriteResult } {
    const commentsIn = batch.comments ?? [];
    const notificationsIn = batch.notifications ?? [];
    const outboxIn = batch.outbox ?? [];
    if (commentsIn.length + notificationsIn.length + outboxIn.length > MAX_CONVERSATION_WRITE) {
      throw new InvalidInputError(`a conversation write holds at most ${MAX_CONVERSATION_WRITE} records`);
    }
    let seq = index.seq;
    const ops: ConversationOp[] = [];
    const result: { comments: StoredComment[]; notifications: StoredNotification[]; outbox: OutboxRecord[] } = {
      comments: [],
      notifications: [],
      outbox: [],
    };

    // Comments, seeing the ones earlier in the same batch (a thread and its first reply).
    const written = new Map<CommentId, StoredComment>();
    const current = (id: CommentId) => written.get(id) ?? index.comments.get(id) ?? null;
    const takenMessages = new Set<string>();
    for (const { record: candidate, expectedSeq } of commentsIn) {
      const record = checked(commentRecordSchema, 'comment', withoutSeq(candidate));
      const stored = current(record.id);
      if (expectedSeq === null) {
        if (stored) throw new ConflictError('comment id already exists');
      } else {
        if (!stored) throw new NotFoundError('comment');
        if (stored.seq !== expectedSeq) throw new ConflictError('the comment changed meanwhile; reload it and try again');
      }
      const problem = commentVersionProblem(expectedSeq === null ? null : stored, record);
      if (problem) throw new InvalidInputError(`invalid comment: ${problem}`);
      if (expectedSeq === null && record.parentId !== null) {
        const parent = current(record.parentId);
        if (!parent || parent.boardId !== record.boardId || parent.ticketId !== record.ticketId || parent.agencyId !== record.agencyId) {
          throw new InvalidInputError('invalid comment: the parent is not a comment of this ticket');
        }
        if (parent.parentId !== null) throw new InvalidInputError('invalid comment: the parent must start its thread');
        if (parent.visibility !== record.visibility) {
          throw new InvalidInputError('invalid comment: a reply has the visibility of its thread');
        }
      }
      if (expectedSeq === null && record.emailMessageId !== null) {
        const key = `${record.agencyId}\n${record.emailMessageId}`;
        if (takenMessages.has(key) || index.commentByEmail(record.agencyId, record.emailMessageId)) {
          throw new ConflictError('this email is already a comment');
        }
        takenMessages.add(key);
      }
      const next: StoredComment = { ...record, seq: ++seq };
      written.set(next.id, next);
      ops.push({ t: 'comment', r: next });
      result.comments.push(copy(next));
    }

    const newNotifications = new Set<NotificationId>();
    for (const candidate of notificationsIn) {
      const record: NotificationRecord = checked(notificationRecordSchema, 'notification', candidate);
      if (newNotifications.has(record.id) || index.notifications.has(record.id)) {
        throw new ConflictError('notification id already exists');
      }
      newNotifications.add(record.id);
      const next: StoredNotification = { ...record, seq: ++seq };
      ops.push({ t: 'notification', r: next });
      result.notifications.push(copy(next));
    }

    const keys = new Set<string>();
    const ids = new Set<string>();
    for (const candidate of outboxIn) {
      const row = checked(outboxRecordSchema, 'outbox row', normaliseOutbox(candidate));
      if (keys.has(row.idempotencyKey) || index.outboxByKey.has(row.idempotencyKey)) continue;
      if (ids.has(row.id) || index.outbox.has(row.id)) throw new ConflictError('outbox id already exists');
      keys.add(row.idempotencyKey);
      ids.add(row.id);
      ops.push({ t: 'outbox', r: row });
      result.outbox.push(copy(row));
    }
    return { ops, result };
  }

  const conversation: ConversationStore = {
    write(batch) {
      return state.commit((index) => planWrite(index, batch));
    },
  };

  const comments: CommentStore = {
    async get(id) {
      const found = state.read().comments.get(id);
      return found ? copy(found) : null;
    },
    async listForTicket(boardId, ticketId) {
      return copy(state.read().ticketComments(boardId, ticketId));
    },
    async findByEmailMessageId(agencyId, messageId) {
      const found = state.read().commentByEmail(agencyId, messageId);
      return found ? copy(found) : null;
    },
    async firstStaffReplies(boardId) {
      return new Map(state.read().firstStaffReplies.get(boardId) ?? []);
    },
  };

  const notifications: NotificationStore = {
    async get(id) {
      const found = state.read().notifications.get(id);
      return found ? copy(found) : null;
    },
    async listForUser(userId, options = {}) {
      const limit = limitOf(options.limit, MAX_NOTIFICATION_PAGE, MAX_NOTIFICATION_PAGE);
      const all = state.read().userNotifications(userId);
      let end = all.length;
      if (options.before !== undefined) {
        end = all.findIndex((n) => n.id === options.before);
        if (end < 0) return [];
      }
      const boards = options.boardIds ? new Set<string>(options.boardIds) : null;
      const page: StoredNotification[] = [];
      for (let i = end - 1; i >= 0 && page.length < limit; i--) {
        const n = all[i] as StoredNotification;
        if (options.unreadOnly && n.readAt !== null) continue;
        if (boards && !boards.has(n.boardId)) continue;
        page.push(n);
      }
      return copy(page);
    },
    async changedSince(userId, seq) {
      const after = checked(z.number().int().nonnegative(), 'seq', seq);
      const changed = state
        .read()
        .userNotifications(userId)
        .filter((n) => n.seq > after)
        .sort((a, b) => a.seq - b.seq);
      return copy(changed);
    },
    async cursor(userId) {
      return state.read().cursorByUser.get(userId) ?? 0;
    },
    async unreadCount(userId, options = {}) {
      const boards = options.boardIds ? new Set<string>(options.boardIds) : null;
      let count = 0;
      for (const n of state.read().userNotifications(userId)) {
        if (n.readAt === null && (!boards || boards.has(n.boardId))) count++;
      }
      return count;
    },
    markRead(userId, which, at) {
      let readAt: string;
      let wanted: Set<string> | 'all';
      try {
        readAt = checked(z.iso.datetime(), 'read time', at);
        wanted =
          which === 'all' ? 'all' : new Set(checked(z.array(z.string()).max(MAX_NOTIFICATION_PAGE), 'ids', [...which]));
      } catch (error) {
        return Promise.reject(error);
      }
      return state.commit((index) => {
        let seq = index.seq;
        const ops: ConversationOp[] = [];
        const changed: StoredNotification[] = [];
        for (const n of index.userNotifications(userId)) {
          if (n.readAt !== null || (wanted !== 'all' && !wanted.has(n.id))) continue;
          const next: StoredNotification = { ...n, readAt, seq: ++seq };
          ops.push({ t: 'notification', r: next });
          changed.push(copy(next));
        }
        return { ops, result: changed };
      });
    },
  };

  const notificationPrefs: NotificationPrefStore = {
    async get(userId) {
      const found = state.read().prefs.get(userId);
      return found ? copy(found) : null;
    },
    async set(candidate) {
      const record = checked(notificationPrefsRecordSchema, 'notification preferences', candidate);
      await state.commit(() => ({ ops: [{ t: 'prefs', r: record }], result: undefined }));
    },
    choose(userId, kind, delivery, at) {
      return state.commit((index) => {
        const stored = index.prefs.get(userId);
        const record = checked(notificationPrefsRecordSchema, 'notification preferences', {
          userId,
          prefs: { ...stored?.prefs, [kind]: delivery },
          updatedAt: at,
        });
        return { ops: [{ t: 'prefs', r: record }], result: copy(record) };
      });
    },
  };

  const outbox: OutboxStore = {
    async get(id) {
      const found = state.read().outbox.get(id);
      return found ? copy(found) : null;
    },
    async findByIdempotencyKey(key) {
      const index = state.read();
      const id = index.outboxByKey.get(key);
      const found = id === undefined ? undefined : index.outbox.get(id);
      return found ? copy(found) : null;
    },
    async list(options = {}) {
      const limit = limitOf(options.limit, 100, MAX_OUTBOX_PAGE);
      const rows = [...state.read().outbox.values()];
      const page: OutboxRecord[] = [];
      for (let i = rows.length - 1; i >= 0 && page.length < limit; i--) {
        const row = rows[i] as OutboxRecord;
        if (options.status !== undefined && row.status !== options.status) continue;
        if (options.agencyId !== undefined && row.agencyId !== options.agencyId) continue;
        if (options.ticketId !== undefined && row.ticketId !== options.ticketId) continue;
        page.push(row);
      }
      return copy(page);
    },
    async due(now, limit) {
      const max = limitOf(limit, 100, MAX_OUTBOX_PAGE);
      const at = now.getTime();
      if (!Number.isFinite(at)) throw new InvalidInputError('due: invalid date');
      const index = state.read();
      const due: OutboxRecord[] = [];
      for (const id of index.pendingOutbox) {
        const row = index.outbox.get(id);
        if (row && row.nextAttemptAt !== null && Date.parse(row.nextAttemptAt) <= at) due.push(row);
      }
      due.sort((a, b) => Date.parse(a.nextAttemptAt as string) - Date.parse(b.nextAttemptAt as string));
      return copy(due.slice(0, max));
    },
    async enqueue(rows) {
      const written = await state.commit((index) => planWrite(index, { outbox: rows }));
      return written.outbox;
    },
    update(id, patch: OutboxPatch) {
      return state.commit((index) => {
        const stored = index.outbox.get(id);
        if (!stored) throw new NotFoundError('outbox row');
        const changes: Partial<Record<(typeof OUTBOX_PATCH_FIELDS)[number], unknown>> = {};
        for (const field of OUTBOX_PATCH_FIELDS) if (patch[field] !== undefined) changes[field] = patch[field];
        const next = checked(outboxRecordSchema, 'outbox row', { ...stored, ...changes });
        return { ops: [{ t: 'outbox', r: next }], result: copy(next) };
      });
    },
    // The mail worker's claim / release (`server/src/mail/outboxWorker.ts`).
    async claimable(now, limit) {
      const max = limitOf(limit, 100, MAX_OUTBOX_PAGE);
      const at = now.getTime();
      if (!Number.isFinite(at)) throw new InvalidInputError('claimable: invalid date');
      const index = state.read();
      const found: { row: OutboxRecord; when: number }[] = [];
      for (const id of index.sendingOutbox) {
        const row = index.outbox.get(id);
        const until = row?.lease ? Date.parse(row.lease.until) : Number.NEGATIVE_INFINITY;
        if (row && until <= at) found.push({ row, when: until });
      }
      for (const id of index.pendingOutbox) {
        const row = index.outbox.get(id);
        const when = row?.nextAttemptAt ? Date.parse(row.nextAttemptAt) : Number.NaN;
        if (row && when <= at) found.push({ row, when });
      }
      found.sort((a, b) => a.when - b.when);
      return copy(found.slice(0, max).map((f) => f.row));
    },
    claim(claims, lease, now) {
      let leaseChecked: { id: string; until: string };
      try {
        leaseChecked = checked(z.strictObject({ id: z.string().min(8).max(64), until: z.iso.datetime() }), 'lease', lease);
      } catch (error) {
        return Promise.reject(error);
      }
      const at = now.getTime();
      return state.commit((index) => {
        const ops: ConversationOp[] = [];
        const claimed: OutboxRecord[] = [];
        for (const { id, messageId } of claims) {
          const row = index.outbox.get(id);
          if (!row) continue;
          const claimable =
            (row.status === 'pending' && row.nextAttemptAt !== null && Date.parse(row.nextAttemptAt) <= at) ||
            (row.status === 'sending' && (!row.lease || Date.parse(row.lease.until) <= at));
          if (!claimable) continue;
          const next = checked(outboxRecordSchema, 'outbox row', {
            ...row,
            status: 'sending',
            attempts: row.attempts + 1,
            messageId: row.messageId ?? messageId,
            lease: leaseChecked,
          });
          ops.push({ t: 'outbox', r: next });
          claimed.push(copy(next));
        }
        return { ops, result: claimed };
      });
    },
    requeue(id, now) {
      return state.commit((index) => {
        const row = index.outbox.get(id);
        if (!row) throw new NotFoundError('outbox row');
        if (row.status === 'sending' || row.status === 'sent') throw new ConflictError(`the email is ${row.status}`);
        const next = checked(outboxRecordSchema, 'outbox row', {
          ...row,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now.toISOString(),
          lease: null,
        });
        return { ops: [{ t: 'outbox', r: next }], result: copy(next) };
      });
    },
    release(ids, leaseId, patch) {
      return state.commit((index) => {
        const ops: ConversationOp[] = [];
        const released: OutboxRecord[] = [];
        const changes: Partial<Record<(typeof OUTBOX_PATCH_FIELDS)[number], unknown>> = {};
        for (const field of OUTBOX_PATCH_FIELDS) if (patch[field] !== undefined) changes[field] = patch[field];
        for (const id of ids) {
          const row = index.outbox.get(id);
          if (!row || row.status !== 'sending' || row.lease?.id !== leaseId) continue;
          const next = checked(outboxRecordSchema, 'outbox row', { ...row, ...changes, lease: null });
          ops.push({ t: 'outbox', r: next });
          released.push(copy(next));
        }
        return { ops, result: released };
      });
    },
  };

  return { comments, notifications, notificationPrefs, outbox, conversation };
}
