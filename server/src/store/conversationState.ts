/**
 * The conversation's committed state (comments, notifications, preferences, outbox) with
 * serialised, all-or-nothing writes — the logic both adapters share, so the contract suite
 * checks persistence rather than two copies of the rules.
 *
 * A write is a list of **ops**, each the full new version of one record (an upsert by id).
 * `commit(plan)` runs `plan` against the committed indexes (it must not change them) to get the
 * ops, hands them to `persist` (nothing in memory; one framed, fsync'd record appended to
 * `conversation.clog` in the embedded adapter) and only then applies them. So readers never see
 * a write that is not durable, a `plan` that throws leaves nothing behind, and writes apply one
 * at a time in call order. Replaying the same ops from the file rebuilds the same indexes,
 * which is also how compaction works: the current version of every record, in creation order.
 *
 * Ops are small (one record each), unlike `recordState.ts`, which copies all of `fluxo.json`
 * per commit: comments and notifications arrive all day, and a write must not cost the size of
 * everything said so far.
 */
import type { CommentId } from '@fluxo/shared/conversation/comment';
import type { NotificationId } from '@fluxo/shared/conversation/notification';
import type { AgencyId, BoardId, TicketId, UserId } from '@fluxo/shared/ids';
import { z } from 'zod';
import {
  type NotificationPrefsRecord,
  type OutboxId,
  type OutboxRecord,
  type StoredComment,
  type StoredNotification,
  notificationPrefsRecordSchema,
  outboxRecordSchema,
  storedCommentSchema,
  storedNotificationSchema,
} from './conversationRecords.js';
import { StoreClosedError } from './store.js';

export const conversationOpSchema = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('comment'), r: storedCommentSchema }),
  z.strictObject({ t: z.literal('notification'), r: storedNotificationSchema }),
  z.strictObject({ t: z.literal('prefs'), r: notificationPrefsRecordSchema }),
  z.strictObject({ t: z.literal('outbox'), r: outboxRecordSchema }),
]);
export type ConversationOp = z.infer<typeof conversationOpSchema>;

const ticketKey = (boardId: BoardId, ticketId: TicketId) => `${boardId}/${ticketId}`;
const messageKey = (agencyId: AgencyId, messageId: string) => `${agencyId}\n${messageId}`;

/** The committed records and their indexes. Read-only outside `apply`. */
export class ConversationIndex {
  /** The highest `seq` handed out so far. */
  seq = 0;
  readonly comments = new Map<CommentId, StoredComment>();
  readonly commentsByTicket = new Map<string, CommentId[]>();
  readonly commentByMessage = new Map<string, CommentId>();
  /** Per board, per ticket: when staff first wrote to the client (a client-visible staff comment). */
  readonly firstStaffReplies = new Map<BoardId, Map<TicketId, string>>();
  readonly notifications = new Map<NotificationId, StoredNotification>();
  readonly notificationsByUser = new Map<UserId, NotificationId[]>();
  readonly cursorByUser = new Map<UserId, number>();
  readonly prefs = new Map<UserId, NotificationPrefsRecord>();
  readonly outbox = new Map<OutboxId, OutboxRecord>();
  readonly outboxByKey = new Map<string, OutboxId>();
  readonly pendingOutbox = new Set<OutboxId>();
  /** Rows a mail worker holds (`status: 'sending'`), to find expired leases without a scan. */
  readonly sendingOutbox = new Set<OutboxId>();

  commentByEmail(agencyId: AgencyId, messageId: string): StoredComment | null {
    const id = this.commentByMessage.get(messageKey(agencyId, messageId));
    return id === undefined ? null : (this.comments.get(id) ?? null);
  }

  ticketComments(boardId: BoardId, ticketId: TicketId): StoredComment[] {
    const ids = this.commentsByTicket.get(ticketKey(boardId, ticketId)) ?? [];
    return ids.flatMap((id) => this.comments.get(id) ?? []);
  }

  userNotifications(userId: UserId): StoredNotification[] {
    const ids = this.notificationsByUser.get(userId) ?? [];
    return ids.flatMap((id) => this.notifications.get(id) ?? []);
  }

  /** How many records a compacted file would hold. */
  get size(): number {
    return this.comments.size + this.notifications.size + this.prefs.size + this.outbox.size;
  }

  /** Every current record as ops, in creation order per kind (what compaction writes). */
  snapshot(): ConversationOp[] {
    return [
      ...[...this.comments.values()].map((r): ConversationOp => ({ t: 'comment', r })),
      ...[...this.notifications.values()].map((r): ConversationOp => ({ t: 'notification', r })),
      ...[...this.prefs.values()].map((r): ConversationOp => ({ t: 'prefs', r })),
      ...[...this.outbox.values()].map((r): ConversationOp => ({ t: 'outbox', r })),
    ];
  }

  /** Stores the op's record, replacing an earlier version; a new id keeps creation order. */
  apply(op: ConversationOp): void {
    switch (op.t) {
      case 'comment': {
        const { r } = op;
        if (!this.comments.has(r.id)) {
          const key = ticketKey(r.boardId, r.ticketId);
          const list = this.commentsByTicket.get(key);
          if (list) list.push(r.id);
          else this.commentsByTicket.set(key, [r.id]);
        }
        this.comments.set(r.id, r);
        if (r.visibility === 'client' && r.author.kind === 'staff') {
          let replies = this.firstStaffReplies.get(r.boardId);
          if (!replies) this.firstStaffReplies.set(r.boardId, (replies = new Map()));
          const first = replies.get(r.ticketId);
          if (first === undefined || r.createdAt < first) replies.set(r.ticketId, r.createdAt);
        }
        if (r.emailMessageId !== null) this.commentByMessage.set(messageKey(r.agencyId, r.emailMessageId), r.id);
        this.seq = Math.max(this.seq, r.seq);
        return;
      }
      case 'notification': {
        const { r } = op;
        if (!this.notifications.has(r.id)) {
          const list = this.notificationsByUser.get(r.userId);
          if (list) list.push(r.id);
          else this.notificationsByUser.set(r.userId, [r.id]);
        }
        this.notifications.set(r.id, r);
        this.cursorByUser.set(r.userId, Math.max(this.cursorByUser.get(r.userId) ?? 0, r.seq));
        this.seq = Math.max(this.seq, r.seq);
        return;
      }
      case 'prefs':
        this.prefs.set(op.r.userId, op.r);
        return;
      case 'outbox': {
        const { r } = op;
        this.outbox.set(r.id, r);
        this.outboxByKey.set(r.idempotencyKey, r.id);
        if (r.status === 'pending') this.pendingOutbox.add(r.id);
        else this.pendingOutbox.delete(r.id);
        if (r.status === 'sending') this.sendingOutbox.add(r.id);
        else this.sendingOutbox.delete(r.id);
        return;
      }
    }
  }
}

export type PersistConversationOps = (ops: readonly ConversationOp[], index: ConversationIndex) => Promise<void>;

/** What a `commit` plan returns: the ops to make durable, and the caller's answer. */
export interface ConversationPlan<T> {
  readonly ops: readonly ConversationOp[];
  readonly result: T;
}

export class ConversationState {
  readonly #index: ConversationIndex;
  readonly #persist: PersistConversationOps;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(index: ConversationIndex, persist: PersistConversationOps) {
    this.#index = index;
    this.#persist = persist;
  }

  /** The committed indexes. Treat them as read-only; copy what you hand out. */
  read(): ConversationIndex {
    if (this.#closed) throw new StoreClosedError();
    return this.#index;
  }

  /**
   * Runs `plan` on the committed state, makes its ops durable, applies them. `plan` must not
   * change the index (it sees the state after every earlier commit).
   */
  commit<T>(plan: (index: ConversationIndex) => ConversationPlan<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreClosedError());
    const run = this.#queue.then(async () => {
      const { ops, result } = plan(this.#index);
      if (ops.length > 0) {
        await this.#persist(ops, this.#index);
        for (const op of ops) this.#index.apply(op);
      }
      return result;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Waits for queued commits, then refuses further use. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue;
  }
}
