/**
 * Storage ports (the Hocuspocus idea): each concern is a small interface, and every backend is
 * an adapter that passes the same contract suite (`store.contract.ts`).
 *
 * - `memoryStore.ts` — the in-memory twin, for fast tests.
 * - `lowdbStore.ts` — the embedded default: lowdb JSON for the records below, an append-only log
 *   per board for Yjs updates, one writer process enforced by a lock on `DATA_DIR`.
 * - PostgreSQL + Redis fan-out (DESIGN.md §3) is meant to be one more adapter of these ports,
 *   which is why every method is async even where the embedded adapter could answer at once.
 *
 * Semantics shared by all adapters:
 * - A mutation resolves only once it is durable; if it rejects, nothing of it is visible.
 * - Reads see every mutation that has resolved (read-your-writes within the process).
 * - Returned records are copies: mutating them does not change the store.
 * - A record that breaks the schema in `records.ts` is refused with `InvalidInputError`, a taken
 *   id or email with `ConflictError`, an update of a missing record with `NotFoundError` — so
 *   the stored data always passes its own schema on the next start.
 * - Lists come back in creation order; ordering for display is the caller's business.
 */
import type { ShareLinkStore } from './shareLinkPorts.js';
import type { AbsenceStore } from './absencePorts.js';
import type { ClientProfileStore } from './clientProfilePorts.js';
import type { CannedReplyStore } from './cannedReplyPorts.js';
import type { UploadStore } from './uploadPorts.js';
import type { DocumentStore } from './documentPorts.js';
import type { ApprovalStore } from './approvalPorts.js';
import type { WorkspaceArchiveStore } from './workspaceArchivePorts.js';
import type { ClientReportScheduleStore } from './clientReportPorts.js';
import type { SatisfactionStore } from './satisfactionPorts.js';
import type { DeadlineAlertStore, WorkspaceSettingsStore } from './workspacePorts.js';
import type { CommentId } from '@fluxo/shared/conversation/comment';
import type { NotificationDelivery, NotificationId, NotificationKind } from '@fluxo/shared/conversation/notification';
import type { HistoryEntry } from '@fluxo/shared/history/historyEntry';
import type { AgencyId, BoardId, ClientId, TicketId, UserId } from '@fluxo/shared/ids';
import type {
  AgencyRecord,
  AttentionRecord,
  BoardRecord,
  ClientRecord,
  SessionRecord,
  UserRecord,
} from './records.js';
import type {
  CommentRecord,
  NotificationPrefsRecord,
  NotificationRecord,
  OutboxId,
  OutboxPatch,
  OutboxRecord,
  OutboxStatus,
  StoredComment,
  StoredNotification,
} from './conversationRecords.js';
import type {
  AttachmentRecord,
  MailMessageRecord,
  MailRecipientRecord,
  TicketAddressRecord,
} from './mailRecords.js';

export interface AgencyStore {
  get(id: AgencyId): Promise<AgencyRecord | null>;
  list(): Promise<AgencyRecord[]>;
  create(agency: AgencyRecord): Promise<void>;
}

export type UserPatch = Partial<Pick<UserRecord, 'email' | 'name' | 'role' | 'passwordHash' | 'locale'>>;

export interface UserStore {
  get(id: UserId): Promise<UserRecord | null>;
  /** Looks the address up normalised (trimmed, lower-case). */
  findByEmail(email: string): Promise<UserRecord | null>;
  listByAgency(agencyId: AgencyId): Promise<UserRecord[]>;
  /** The email is stored normalised. `ConflictError` when the id or the email is taken. */
  create(user: UserRecord): Promise<void>;
  update(id: UserId, patch: UserPatch): Promise<UserRecord>;
}

export interface SessionStore {
  create(session: SessionRecord): Promise<void>;
  /** Returns the session even when it has expired: expiry is the caller's decision. */
  get(tokenHash: string): Promise<SessionRecord | null>;
  /** Moves the expiry (sliding sessions). A session deleted meanwhile stays deleted. */
  extend(tokenHash: string, expiresAt: string): Promise<void>;
  delete(tokenHash: string): Promise<void>;
  /** Signs a person out everywhere. Returns how many sessions ended. */
  deleteForUser(userId: UserId): Promise<number>;
  /** Removes sessions with `expiresAt <= now`. Returns how many. */
  deleteExpired(now: Date): Promise<number>;
}

export type BoardPatch = Partial<Pick<BoardRecord, 'name' | 'memberIds' | 'wipLimits'>>;

export interface BoardStore {
  get(id: BoardId): Promise<BoardRecord | null>;
  listByAgency(agencyId: AgencyId): Promise<BoardRecord[]>;
  /** Boards whose `memberIds` contain the user. */
  listForMember(userId: UserId): Promise<BoardRecord[]>;
  create(board: BoardRecord): Promise<void>;
  update(id: BoardId, patch: BoardPatch): Promise<BoardRecord>;
}

export type ClientPatch = Partial<
  Pick<ClientRecord, 'name' | 'emails' | 'domains' | 'primaryManagerId' | 'backupManagerId'>
>;

export interface ClientStore {
  get(id: ClientId): Promise<ClientRecord | null>;
  listByAgency(agencyId: AgencyId): Promise<ClientRecord[]>;
  /**
   * The agency's client a sender belongs to: an exact address match wins over a domain match;
   * among equals, the oldest client. `null` when nobody matches.
   */
  findBySender(agencyId: AgencyId, email: string): Promise<ClientRecord | null>;
  /** Emails and domains are stored normalised (lower-case). */
  create(client: ClientRecord): Promise<void>;
  update(id: ClientId, patch: ClientPatch): Promise<ClientRecord>;
}

/**
 * Yjs document bytes per board. Updates are appended as they arrive and compacted from time to
 * time by writing the merged state; a whole-document rewrite never happens per keystroke.
 */
export interface BoardDocStore {
  /** One Yjs update equivalent to everything stored for the board, or `null` if nothing is. */
  load(boardId: BoardId): Promise<Uint8Array | null>;
  /** Appends one Yjs update; resolves once it is durable (the "saved" signal may follow). */
  append(boardId: BoardId, update: Uint8Array): Promise<void>;
  /** Atomically replaces everything stored for the board by `state` (compaction). */
  replace(boardId: BoardId, state: Uint8Array): Promise<void>;
}

/** Who a Yjs client id writes for: a person, or `'server'` for the server's own changes. */
export type ReplicaOwner = UserId | 'server';

/**
 * Which person each Yjs client id ("replica": one tab's copy of a board document) of a board
 * belongs to, as the sync server binds them (`sync/replicaBinding.ts`): written once per id, when
 * a connection first writes under it or claims it in presence, and never changed. The embedded
 * adapter appends to `boards/<id>.owners` (`replicaOwnerLog.ts`).
 */
export interface ReplicaOwnerStore {
  /** Every recorded owner of the board's client ids; an id recorded twice keeps its first owner. */
  load(boardId: BoardId): Promise<Map<number, ReplicaOwner>>;
  /**
   * Appends `[clientId, owner]` pairs; resolves once durable. A client id that is not a
   * non-negative safe integer, or an owner that is neither a user id nor `'server'`, is refused
   * with `InvalidInputError` and nothing is stored. An empty batch does nothing.
   */
  record(boardId: BoardId, owners: readonly (readonly [number, ReplicaOwner])[]): Promise<void>;
}

export interface HistoryListOptions {
  readonly since?: string;
  readonly skip?: number;
}

/**
 * The history of every ticket (`@fluxo/shared/history/historyEntry`), written by the witness.
 * Hot data: appended on every accepted change, so the embedded adapter keeps it out of
 * `fluxo.json` (append-only file per board, `historyLog.ts`).
 */
export interface HistoryStore {
  /**
   * Appends the entries of one board atomically: once it resolves they are durable and listed;
   * if it rejects, none of them is. Each entry is validated, and a batch mixing boards is
   * refused (`InvalidInputError`, nothing stored). An empty batch does nothing.
   */
  append(entries: readonly HistoryEntry[]): Promise<void>;
  /** The ticket's entries in append order (newest last). */
  listForTicket(boardId: BoardId, ticketId: TicketId): Promise<HistoryEntry[]>;
  /**
   * The board's entries in append order; with `since`, only those with `at >= since` (ISO); with
   * `skip`, without the first `skip` entries (a reader that keeps what it read asks for the rest:
   * the reports' flow cache). `InvalidInputError` for a `skip` that is not an integer ≥ 0.
   */
  listForBoard(boardId: BoardId, options?: HistoryListOptions): Promise<HistoryEntry[]>;
}

/** Human ticket numbers (#123): a durable counter per agency. */
export interface TicketNumberStore {
  /**
   * Reserves `count` (default 1) consecutive numbers for the agency and returns the first. A
   * number handed out is never handed out again, even across restarts or when unused.
   */
  next(agencyId: AgencyId, count?: number): Promise<number>;
}

/** Which tickets were handed back and not yet seen by which account manager. */
export interface AttentionStore {
  /**
   * Marks each (user, ticket). Marking one already marked keeps the earlier record (its
   * `markedAt` is when the person was first asked).
   */
  mark(records: readonly AttentionRecord[]): Promise<void>;
  /** The person has seen the ticket. Returns whether a mark was removed. */
  clear(userId: UserId, ticketId: TicketId): Promise<boolean>;
  /** The person's marks on the board, in marking order. */
  list(userId: UserId, boardId: BoardId): Promise<AttentionRecord[]>;
}

/** What identifies a ticket across the store. */
export interface TicketRef {
  readonly agencyId: AgencyId;
  readonly boardId: BoardId;
  readonly ticketId: TicketId;
}

/**
 * Mail bookkeeping (`mail/`): Message-IDs seen and sent, ticket reply addresses, unsubscribes.
 * Records are described in `mailRecords.ts`.
 */
export interface MailStore {
  /** The known ones among `messageIds` (stored form, no brackets), in the order asked. */
  findMessages(messageIds: readonly string[]): Promise<MailMessageRecord[]>;
  /**
   * Stores each record whose Message-ID is not known yet; a known one is left as it is (the
   * first sighting wins). Returns how many were new.
   */
  recordMessages(records: readonly MailMessageRecord[]): Promise<number>;
  /** The ticket's emails, in and out, in the order they were recorded. */
  ticketMessages(boardId: BoardId, ticketId: TicketId): Promise<MailMessageRecord[]>;
  /**
   * Who wrote to the ticket by email: the distinct senders of its inbound messages, first
   * seen first. With the client's own addresses, these are who client-visible mail goes to.
   */
  ticketSenders(boardId: BoardId, ticketId: TicketId): Promise<string[]>;
  /** The ticket's reply address, created with a fresh token on the first call. */
  ticketAddress(ticket: TicketRef, now: Date): Promise<TicketAddressRecord>;
  findTicketAddress(token: string): Promise<TicketAddressRecord | null>;
  /** The address's recipient record (its unsubscribe token), created on the first call. */
  recipient(agencyId: AgencyId, email: string, now: Date): Promise<MailRecipientRecord>;
  /** The recipient record holding this unsubscribe token, or `null`. */
  findRecipientByToken(token: string): Promise<MailRecipientRecord | null>;
  /**
   * One-click unsubscribe: marks the token's address unsubscribed (the first time is kept).
   * `null` for an unknown token.
   */
  unsubscribe(token: string, now: Date): Promise<MailRecipientRecord | null>;
  /** Whether the address asked this agency to stop mailing it. */
  isUnsubscribed(agencyId: AgencyId, email: string): Promise<boolean>;
}

/** Files that came with inbound mail (metadata; the bytes are in `DATA_DIR/attachments/`). */
export interface AttachmentStore {
  /** Adds the records; one with the id of a stored record is skipped (retries are harmless). */
  add(records: readonly AttachmentRecord[]): Promise<void>;
  get(id: string): Promise<AttachmentRecord | null>;
  listForTicket(boardId: BoardId, ticketId: TicketId): Promise<AttachmentRecord[]>;
}

/**
 * Comments per ticket (`conversationRecords.ts`). Written only through
 * `ConversationStore.write`, together with the notifications and outbox rows they cause.
 */
export interface CommentStore {
  get(id: CommentId): Promise<StoredComment | null>;
  /** The ticket's comments (deleted ones too), in creation order. */
  listForTicket(boardId: BoardId, ticketId: TicketId): Promise<StoredComment[]>;
  /** The comment an inbound email became, if that email was already threaded. */
  findByEmailMessageId(agencyId: AgencyId, messageId: string): Promise<StoredComment | null>;
  /**
   * When staff first wrote to the client on each of the board's tickets (the first client-visible
   * staff comment, even if later edited or deleted: the client got it) — the first response.
   */
  firstStaffReplies(boardId: BoardId): Promise<ReadonlyMap<TicketId, string>>;
}

export interface NotificationListOptions {
  /** At most this many (default and cap: `MAX_NOTIFICATION_PAGE`). */
  readonly limit?: number;
  /** Only those created before this one (the next page). An id not of this person: nothing. */
  readonly before?: NotificationId;
  readonly unreadOnly?: boolean;
  /** Only those about tickets of these boards. */
  readonly boardIds?: readonly BoardId[];
}

/** Most notifications one `listForUser` returns. */
export const MAX_NOTIFICATION_PAGE = 200;

/** The in-app notification centre: created through `ConversationStore.write`. */
export interface NotificationStore {
  get(id: NotificationId): Promise<StoredNotification | null>;
  /** The person's notifications, newest first. */
  listForUser(userId: UserId, options?: NotificationListOptions): Promise<StoredNotification[]>;
  /** The person's notifications created or changed (read) after `seq`, in `seq` order. */
  changedSince(userId: UserId, seq: number): Promise<StoredNotification[]>;
  /** The highest `seq` among the person's notifications; 0 when none. */
  cursor(userId: UserId): Promise<number>;
  unreadCount(userId: UserId, options?: { readonly boardIds?: readonly BoardId[] }): Promise<number>;
  /**
   * Marks the person's notifications read at `at` (those listed, or every unread one). Ids that
   * are unknown, already read or someone else's are left alone. Returns the ones that changed.
   */
  markRead(userId: UserId, which: readonly NotificationId[] | 'all', at: string): Promise<StoredNotification[]>;
}

export interface NotificationPrefStore {
  /** The person's stored choices, or `null` (defaults apply). */
  get(userId: UserId): Promise<NotificationPrefsRecord | null>;
  /** Replaces the person's choices. */
  set(record: NotificationPrefsRecord): Promise<void>;
  /** Sets one kind's delivery, keeping the others (atomic: concurrent choices all count). */
  choose(userId: UserId, kind: NotificationKind, delivery: NotificationDelivery, at: string): Promise<NotificationPrefsRecord>;
}

export interface OutboxListOptions {
  readonly status?: OutboxStatus;
  readonly agencyId?: AgencyId;
  readonly ticketId?: TicketId;
  /** At most this many, newest first (default 100, at most `MAX_OUTBOX_PAGE`). */
  readonly limit?: number;
}

/** Most rows one `OutboxStore.list` / `due` returns. */
export const MAX_OUTBOX_PAGE = 1_000;

/**
 * Emails to send (`conversationRecords.ts`). Rows are added with the fact that causes them
 * (`ConversationStore.write`) or on their own (`enqueue`); the mail worker sends them and
 * records the outcome with `update`.
 */
export interface OutboxStore {
  get(id: OutboxId): Promise<OutboxRecord | null>;
  findByIdempotencyKey(key: string): Promise<OutboxRecord | null>;
  list(options?: OutboxListOptions): Promise<OutboxRecord[]>;
  /** Pending rows with `nextAttemptAt <= now`, earliest first (at most `limit`, default 100). */
  due(now: Date, limit?: number): Promise<OutboxRecord[]>;
  /** Adds rows; one whose `idempotencyKey` is already stored is left out. Returns those added. */
  enqueue(rows: readonly OutboxRecord[]): Promise<OutboxRecord[]>;
  /** Changes a row's delivery fields. `NotFoundError` for an unknown id. */
  update(id: OutboxId, patch: OutboxPatch): Promise<OutboxRecord>;
  /**
   * What a mail worker may claim now: `pending` rows with `nextAttemptAt <= now`, and `sending`
   * rows whose lease ended (`lease.until <= now`: their worker died), earliest first.
   */
  claimable(now: Date, limit?: number): Promise<OutboxRecord[]>;
  /**
   * Claims rows for sending, atomically: each listed row that is still claimable (as above) becomes
   * `sending` under `lease`, with `attempts + 1` and the given `messageId` — unless it already
   * has one, which it keeps (a retry is the same email). Rows no longer claimable are skipped.
   * Returns the rows claimed.
   */
  claim(
    claims: readonly { readonly id: OutboxId; readonly messageId: string }[],
    lease: { readonly id: string; readonly until: string },
    now: Date,
  ): Promise<OutboxRecord[]>;
  /**
   * Ends a claim, atomically: applies `patch` to each listed row that is still `sending` under
   * `leaseId` (a worker whose lease ran out and was overtaken changes nothing), and clears its
   * lease. Returns the rows changed.
   */
  release(ids: readonly OutboxId[], leaseId: string, patch: OutboxPatch): Promise<OutboxRecord[]>;
  /**
   * An admin's retry, atomically: a `failed` or `pending` row becomes `pending`, due at `now`,
   * its attempts counted from 0 again (it keeps its Message-ID). `NotFoundError` for an unknown
   * id; `ConflictError` for a row being sent or already sent.
   */
  requeue(id: OutboxId, now: Date): Promise<OutboxRecord>;
}

/** One atomic conversation write: all of it is durable and visible, or none of it. */
export interface ConversationWrite {
  /**
   * Comments to store. `expectedSeq: null` adds a new one (`ConflictError` if the id or its
   * `emailMessageId` is taken); otherwise it is a new version of the stored comment whose `seq`
   * must still be `expectedSeq` (`ConflictError` if it changed meanwhile, `NotFoundError` if
   * there is none). Each comment is validated, including the invariants of
   * `conversationRecords.ts` (`InvalidInputError`).
   */
  readonly comments?: readonly { readonly record: CommentRecord; readonly expectedSeq: number | null }[];
  /** New notifications (`ConflictError` if an id is taken). */
  readonly notifications?: readonly NotificationRecord[];
  /** New outbox rows; as `OutboxStore.enqueue`, a taken `idempotencyKey` is left out. */
  readonly outbox?: readonly OutboxRecord[];
}

export interface ConversationWriteResult {
  /** The comments as stored, with their new `seq`, in the order given. */
  readonly comments: StoredComment[];
  readonly notifications: StoredNotification[];
  /** The outbox rows actually added. */
  readonly outbox: OutboxRecord[];
}

/**
 * The conversation's writes that must land together: a comment, the notifications it causes
 * and the emails to send about it. Hot-ish data, so the embedded adapter keeps it out of
 * `fluxo.json` (append-only `conversation.clog`, `conversationLog.ts`).
 */
export interface ConversationStore {
  write(batch: ConversationWrite): Promise<ConversationWriteResult>;
}

export interface Store {
  /** Which adapter this is, for logs and /healthz. */
  readonly kind: 'memory' | 'lowdb';
  readonly agencies: AgencyStore;
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly boards: BoardStore;
  readonly clients: ClientStore;
  readonly boardDocs: BoardDocStore;
  /** Which person each Yjs client id of a board belongs to (sync server; `replicaOwners.ts`). */
  readonly replicaOwners: ReplicaOwnerStore;
  readonly history: HistoryStore;
  readonly ticketNumbers: TicketNumberStore;
  readonly attention: AttentionStore;
  readonly comments: CommentStore;
  readonly notifications: NotificationStore;
  readonly notificationPrefs: NotificationPrefStore;
  readonly outbox: OutboxStore;
  /** Atomic writes across comments, notifications and the outbox. */
  readonly conversation: ConversationStore;
  readonly mail: MailStore;
  readonly attachments: AttachmentStore;
  /** Client share links (`shareLinkPorts.ts`). */
  readonly shareLinks: ShareLinkStore;
  /** Staff absences (`absencePorts.ts`). */
  readonly absences: AbsenceStore;
  /** Client profiles: contacts, loyalty ladder, notes, meetings (`clientProfilePorts.ts`). */
  readonly clientProfiles: ClientProfileStore;
  /** Canned replies and the agency's signature rules (`cannedReplyPorts.ts`). */
  readonly cannedReplies: CannedReplyStore;
  /** The agency's calendar and ticket kinds (`workspacePorts.ts`). */
  readonly workspaceSettings: WorkspaceSettingsStore;
  /** Deadline warnings already sent (`workspacePorts.ts`). */
  readonly deadlineAlerts: DeadlineAlertStore;
  /** Files staff uploaded, per agency (`uploadPorts.ts`). */
  readonly uploads: UploadStore;
  /** The client document archive (`documentPorts.ts`). */
  readonly documents: DocumentStore;
  /** Client approvals of deliverables and milestones (`approvalPorts.ts`). */
  readonly approvals: ApprovalStore;
  /** One agency's whole workspace out and in: backups, moving installations (`workspaceArchivePorts.ts`). */
  readonly workspaceArchive: WorkspaceArchiveStore;
  /** How often each client gets its report by email (`clientReportPorts.ts`). */
  readonly clientReportSchedules: ClientReportScheduleStore;
  /** Satisfaction surveys after delivery, one per ticket (`satisfactionPorts.ts`). */
  readonly satisfaction: SatisfactionStore;
  /** True when no agency and no user exist yet (the demo seed only fills an empty store). */
  isEmpty(): Promise<boolean>;
  /**
   * Waits for pending writes, then releases the store (the lowdb adapter frees the `DATA_DIR`
   * lock). Idempotent. Any later call rejects.
   */
  close(): Promise<void>;
}

/** Thrown by every port method after `close()`. */
export class StoreClosedError extends Error {
  constructor() {
    super('the store is closed');
    this.name = 'StoreClosedError';
  }
}
