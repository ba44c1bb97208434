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
  /** The board's entries in append order; with `since`, only those with `at >= since` (ISO). */
  listForBoard(boardId: BoardId, options?: { readonly since?: string }): Promise<HistoryEntry[]>;
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

export interface Store {
  /** Which adapter this is, for logs and /healthz. */
  readonly kind: 'memory' | 'lowdb';
  readonly agencies: AgencyStore;
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly boards: BoardStore;
  readonly clients: ClientStore;
  readonly boardDocs: BoardDocStore;
  readonly history: HistoryStore;
  readonly ticketNumbers: TicketNumberStore;
  readonly attention: AttentionStore;
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
