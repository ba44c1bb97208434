/**
 * Binds every Yjs client id ("replica": one tab's copy of the board) of a live board to one
 * person, so nobody can write under someone else's.
 *
 * The threat: Yjs trusts client ids. A member who sends structs under a colleague's id (ids are
 * public: every struct and every presence entry carries one) either writes in their name, or
 * pushes that id's clock forward so the colleague's next edits, made at the same clocks, are
 * taken for duplicates and silently skipped by the server and by every other replica.
 *
 * The rule, per id, for a connection of person P:
 * - the first accepted struct under an id, or the first presence entry claiming it, binds it to
 *   P — for good: bindings are stored (`ReplicaOwnerStore`, one small record per tab) and read
 *   back when the board loads, so they survive unload and restart;
 * - new structs (or a new presence entry) under an id bound to someone else — or to the server,
 *   whose own writes use the live document's client id — are refused (`foreign_replica`);
 * - an id that already has structs in the document but no binding on record is *sealed*: nobody
 *   may extend it. Such ids come from before bindings existed, from server-made documents (the
 *   demo seed), or from the crash window where a tab's structs reached the disk and its binding
 *   did not (`MESSAGE_SAVED` waits for both, so that tab was never told it was saved). The tab
 *   holding it is refused once and reloads with a fresh id, losing nothing acknowledged.
 * - binding new ids costs each person a token (`newReplicasPerMinute`, burst `newReplicaBurst`):
 *   a tab binds one; an offline cache brings one per offline session; a script minting ids to
 *   bloat the bindings, the state vector or the presence map is stopped.
 *
 * Known limit: user updates are relayed before they are durable (fan-out latency). If the
 * server crashes in that window (one fdatasync) and a colleague's tab, not the author's, brings
 * the lost structs back first, that step 2 is refused (it cannot be told apart from forgery) and
 * that tab reloads; the author's own tabs, and its offline cache, still deliver them.
 *
 * Cost: a map lookup per client id the update adds structs under.
 */
import type { BoardId, UserId } from '@fluxo/shared/ids';
import * as Y from 'yjs';
import type { Logger } from '../log.js';
import { type ReplicaOwner, type ReplicaOwnerStore, StoreClosedError } from '../store/store.js';
import { TokenBucket } from './socketRateLimit.js';

export interface ReplicaBindingOptions {
  /** New client ids one person may bind per minute on a board, sustained… */
  readonly newReplicasPerMinute: number;
  /** …and at once. */
  readonly newReplicaBurst: number;
}

export const DEFAULT_REPLICA_BINDING: ReplicaBindingOptions = {
  newReplicasPerMinute: 60,
  newReplicaBurst: 1_000,
};

const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5_000;

export class ReplicaBinding {
  readonly #owners: Map<number, ReplicaOwner>;
  /** Bound but not yet handed to the store. */
  #batch = new Map<number, ReplicaOwner>();
  /** The write that will take `#batch`, if one is queued. */
  #queued: Promise<boolean> | null = null;
  #tail: Promise<boolean> = Promise.resolve(true);
  readonly #budgets = new Map<UserId, TokenBucket>();
  #closed = false;

  constructor(
    readonly boardId: BoardId,
    readonly doc: Y.Doc,
    readonly store: ReplicaOwnerStore,
    loaded: ReadonlyMap<number, ReplicaOwner>,
    readonly logger: Logger,
    readonly options: ReplicaBindingOptions = DEFAULT_REPLICA_BINDING,
    readonly now: () => number = () => Date.now(),
  ) {
    this.#owners = new Map(loaded);
  }

  ownerOf(client: number): ReplicaOwner | undefined {
    return this.#owners.get(client);
  }

  get size(): number {
    return this.#owners.size;
  }

  /**
   * Why `user` may not add structs under `clients` (null: they may; then `bind` them once the
   * update is accepted). Takes `user`'s tokens for the ids that are new.
   */
  checkWriters(user: UserId, clients: Iterable<number>): string | null {
    let fresh = 0;
    for (const client of clients) {
      const reason = this.#refusal(user, client);
      if (reason === 'fresh') fresh++;
      else if (reason !== null) return reason;
    }
    if (fresh > 0 && !this.#budget(user).take(fresh, this.now())) return `${fresh} new client ids: over ${user}'s budget`;
    return null;
  }

  /** Whether `user` may claim `client` in presence; binds it to them if so. */
  claimPresence(user: UserId, client: number): boolean {
    const reason = this.#refusal(user, client);
    if (reason === null) return true;
    if (reason !== 'fresh' || !this.#budget(user).take(1, this.now())) return false;
    this.bind(client, user);
    return true;
  }

  /** Binds `client` to `owner` unless it is bound already; stored with the next write. */
  bind(client: number, owner: ReplicaOwner): void {
    if (this.#owners.has(client)) return;
    this.#owners.set(client, owner);
    this.#batch.set(client, owner);
    if (this.#queued !== null) return;
    const queued = this.#tail.then(() => this.#write());
    this.#queued = queued;
    this.#tail = queued;
  }

  /** Resolves `true` once every binding made so far is stored (`false`: the store closed). */
  whenDurable(): Promise<boolean> {
    return this.#tail;
  }

  /** Stops retrying failed writes. */
  close(): void {
    this.#closed = true;
  }

  /** null: `user` owns it; 'fresh': nobody does and it has no structs; else why not. */
  #refusal(user: UserId, client: number): string | null | 'fresh' {
    const owner = this.#owners.get(client);
    if (owner === user) return null;
    if (owner === 'server' || client === this.doc.clientID) return `client id ${client} is the server's`;
    if (owner !== undefined) return `client id ${client} belongs to another person`;
    if (Y.getState(this.doc.store, client) > 0) return `client id ${client} has changes but no owner on record (sealed)`;
    return 'fresh';
  }

  #budget(user: UserId): TokenBucket {
    let bucket = this.#budgets.get(user);
    if (bucket === undefined) {
      bucket = new TokenBucket(this.options.newReplicaBurst, this.options.newReplicasPerMinute / 60, this.now());
      this.#budgets.set(user, bucket);
    }
    return bucket;
  }

  async #write(): Promise<boolean> {
    this.#queued = null;
    const batch = [...this.#batch];
    this.#batch = new Map();
    let delay = RETRY_FIRST_MS;
    for (;;) {
      if (this.#closed) return false;
      try {
        await this.store.record(this.boardId, batch);
        return true;
      } catch (error) {
        if (error instanceof StoreClosedError) return false;
        this.logger.error('replica owners not stored; retrying', {
          boardId: this.boardId,
          error: error instanceof Error ? error.message : String(error),
          retryInMs: delay,
        });
      }
      await new Promise<void>((resolve) => setTimeout(resolve, delay).unref());
      delay = Math.min(RETRY_MAX_MS, delay * 2);
    }
  }
}
