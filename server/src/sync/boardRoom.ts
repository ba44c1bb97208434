/**
 * One live board: its `Y.Doc`, the connections viewing it, their presence, and its persistence.
 *
 * Lifecycle: `load()` reads the stored document once (everyone who asks meanwhile waits for the
 * same load); connections and `withBoardDoc` callers `pin()` the room; when the last pin goes,
 * `onIdle` is told after `idleUnloadMs`, and the registry calls `unload()`: wait for the witness,
 * flush and compact, destroy the document.
 *
 * Every change of the live document goes through one `update` listener, whoever made it:
 * - from a connection (`ConnectionOrigin`, after `updateGate.ts` accepted it): appended to the
 *   log and relayed at once to every other connection;
 * - made on the server (a `serverOrigin` write, e.g. the witness numbering a ticket): appended,
 *   and relayed only once it is on disk. Until then sync step 1 answers wait too. So a browser
 *   never holds a server-made change the server could lose in a crash — which is what lets the
 *   gate refuse any person's update that sets a ticket number.
 *
 * After an accepted update: the sender gets `MESSAGE_SAVED` — the state vector of the live
 *   document restricted to the sender's Yjs client ids, taken right after applying — once the
 *   log holds everything up to it (and the bindings of its client ids, below); then the witness
 *   gets the `AcceptedChange` (in acceptance order, one call at a time; the ack never waits).
 *
 * Yjs client ids are bound to people (`replicaBinding.ts`): the gate refuses new structs under
 * an id bound to someone else (`foreign_replica`), and presence claims go through the same
 * binding. The room also keeps the live document's deleted ranges (`deletedRanges.ts`), so the
 * gate skips deletions the document already has: a reconnect costs what it brings, not the
 * board's deletion history.
 */
import { initBoard, readTicket, setTicketNumber, type Ticket } from '@fluxo/shared/board/index';
import { ticketNumbers } from '@fluxo/shared/board/ticketNumbers';
import type { AgencyId, BoardId, UserId } from '@fluxo/shared/ids';
import { serverOrigin } from '@fluxo/shared/origin';
import type { RefusalReason } from '@fluxo/shared/sync/protocol';
import * as Y from 'yjs';
import type { DoneGuard } from '../approvals/doneGuard.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { AcceptedChange, BoardWitness, TicketChange } from '../witness/boardChange.js';
import { BoardPersistence, type CompactionOptions } from './boardPersistence.js';
import { DeletedRanges } from './deletedRanges.js';
import { type PresenceOptions, PresenceRelay, type PresenceSender, sendInChunks } from './presenceRelay.js';
import { DEFAULT_REPLICA_BINDING, ReplicaBinding, type ReplicaBindingOptions } from './replicaBinding.js';
import { SyncProtocolError, refusedMessage, savedMessage, syncStep1Message, syncStep2Message, syncUpdateMessage } from './syncMessages.js';
import { judgeUpdate } from './updateGate.js';

/** What the room needs from a connection. */
export interface RoomConnection extends PresenceSender {
  readonly id: number;
  readonly userId: UserId;
  /** Yjs client ids whose structs this connection has sent; null until its first update. */
  updateClients: Set<number> | null;
  readonly open: boolean;
  /** `bulk`: a large one-off message (a step 2) the send buffer cap makes room for. */
  send(message: Uint8Array, bulk?: boolean): void;
}

/** The transaction origin of an update received from a connection (a `{source: 'remote'}`). */
export class ConnectionOrigin {
  readonly source = 'remote';
  constructor(readonly connection: RoomConnection) {}
}

export interface RoomOptions {
  readonly idleUnloadMs: number;
  readonly maxDocumentBytes: number;
  readonly compaction: CompactionOptions;
  readonly presence: PresenceOptions;
  /** New client ids a person may bind (default `DEFAULT_REPLICA_BINDING`). */
  readonly replicas?: ReplicaBindingOptions;
  /**
   * An update that would pass the size cap by the estimate makes the room re-measure (encode the
   * whole document) at most once per this many ms (default 10 s); meanwhile the estimate decides.
   */
  readonly sizeRemeasureMs?: number;
}

export interface RoomDeps {
  readonly store: Store;
  readonly logger: Logger;
  readonly witness: BoardWitness | null;
  /** Refuses updates that close as done a ticket still waiting on the client's approval. */
  readonly doneGuard?: DoneGuard | null;
  readonly now: () => Date;
  readonly options: RoomOptions;
  /** The room has had no pin for `idleUnloadMs`. */
  readonly onIdle: (room: BoardRoom) => void;
}

export interface RoomStats {
  updatesAccepted: number;
  updatesRefused: number;
  savedSent: number;
  relayed: number;
}

type RoomState = 'loading' | 'open' | 'unloading' | 'unloaded';

export const DEFAULT_SIZE_REMEASURE_MS = 10_000;

export class BoardRoom {
  readonly doc = new Y.Doc();
  readonly connections = new Set<RoomConnection>();
  readonly presence: PresenceRelay<RoomConnection>;
  readonly stats: RoomStats = { updatesAccepted: 0, updatesRefused: 0, savedSent: 0, relayed: 0 };
  /** Resolves when the document is loaded (rejects if it cannot be). */
  readonly ready: Promise<void>;
  #state: RoomState = 'loading';
  #persistence: BoardPersistence | null = null;
  #replicas: ReplicaBinding | null = null;
  #deleted: DeletedRanges | null = null;
  /** When the size was last re-measured to judge an update against the cap (ms). */
  #sizeRemeasuredAt = Number.NEGATIVE_INFINITY;
  #pins = 0;
  #idleTimer: ReturnType<typeof setTimeout> | null = null;
  #witnessChain: Promise<void> = Promise.resolve();
  #serverWrites: Promise<unknown> = Promise.resolve();
  #serverWritesPending = 0;
  #unloaded: Promise<void> | null = null;

  constructor(
    readonly boardId: BoardId,
    readonly agencyId: AgencyId,
    readonly deps: RoomDeps,
  ) {
    this.presence = new PresenceRelay<RoomConnection>(
      deps.options.presence,
      (message) => {
        sendInChunks(this.connections, message, deps.options.presence.broadcastChunk, (connection) => this.connections.has(connection));
      },
      (connection, clientId) => this.#replicas?.claimPresence(connection.userId, clientId) ?? false,
    );
    this.ready = this.#load();
    this.ready.catch(() => undefined); // observed by whoever acquires the room
  }

  get state(): RoomState {
    return this.#state;
  }

  get persistence(): BoardPersistence {
    if (this.#persistence === null) throw new Error('the room is not loaded');
    return this.#persistence;
  }

  /** Who each Yjs client id of the board belongs to. */
  get replicas(): ReplicaBinding {
    if (this.#replicas === null) throw new Error('the room is not loaded');
    return this.#replicas;
  }

  async #load(): Promise<void> {
    const { store, logger, options } = this.deps;
    const [stored, owners] = await Promise.all([
      store.boardDocs.load(this.boardId),
      store.replicaOwners.load(this.boardId),
      this.deps.doneGuard?.load({ id: this.boardId, agencyId: this.agencyId }),
    ]);
    // The roots are maps; defining them first makes the document read them as such.
    this.doc.getMap('meta');
    this.doc.getMap('tickets');
    if (stored !== null) Y.applyUpdate(this.doc, stored);
    if (this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null) {
      logger.warn('board document loaded with changes that wait for missing ones', { boardId: this.boardId });
    }
    this.#persistence = new BoardPersistence(
      this.boardId,
      store.boardDocs,
      () => Y.encodeStateAsUpdate(this.doc),
      logger,
      options.compaction,
      stored?.length ?? 0,
    );
    this.#deleted = new DeletedRanges(this.doc);
    this.#replicas = new ReplicaBinding(this.boardId, this.doc, store.replicaOwners, owners, logger, options.replicas ?? DEFAULT_REPLICA_BINDING);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.#onUpdate(update, origin));
    if (stored === null) initBoard(this.doc, serverOrigin('seed'));
    this.#state = 'open';
    this.#witnessChain = this.#witnessChain.then(() => this.#witnessMissed()).catch((error: unknown) => {
      logger.error('witness failed on tickets missed before a stop', {
        boardId: this.boardId,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    });
  }

  /**
   * The witness's turn comes after the ack, so a process that stops hard (kill -9, power loss)
   * can leave acknowledged tickets never witnessed — no number, no `created` entry, for good:
   * the durability battery found half the tickets of a busy second in that state. The witness
   * writes a number only once the history naming it is durable, so a ticket without a number
   * is exactly one whose witnessing may not have finished. At load, each such ticket a person
   * created is caught up: with its `created` entry on record, it gets the number that entry
   * names (reserved for it, never reused); without one, it is witnessed as created by its
   * author at its creation time, in its current state (the net change, as for an offline
   * batch): numbered, `created` recorded, assignees told. Moves of numbered tickets that the
   * witness missed stay missing from history (known limit: the ack does not wait for it).
   */
  async #witnessMissed(): Promise<void> {
    const witness = this.deps.witness;
    if (witness === null) return;
    // After whoever waited for the load has been answered: ~10 ms per 10,000 tickets.
    await new Promise((resolve) => setImmediate(resolve));
    for (const [ticketId, number] of ticketNumbers(this.doc)) {
      if (number !== null) continue;
      if (this.#state !== 'open') return;
      const history = await this.deps.store.history.listForTicket(this.boardId, ticketId);
      if (this.#state !== 'open') return;
      const ticket = readTicket(this.doc, ticketId);
      if (ticket === null || ticket.number !== null || ticket.createdBy === null) continue;
      const created = history.find((entry) => entry.kind === 'created');
      if (created?.ticketNumber != null) {
        try {
          setTicketNumber(this.doc, { ticketId: ticket.id, number: created.ticketNumber }, serverOrigin('witness'));
        } catch (error) {
          this.deps.logger.warn('witness: could not number a ticket', { ticketId: ticket.id, error: String(error) });
        }
        continue;
      }
      const change: AcceptedChange = {
        agencyId: this.agencyId,
        boardId: this.boardId,
        author: ticket.createdBy,
        at: new Date(ticket.createdAt),
        tickets: [{ before: created ? ticket : null, after: ticket }],
      };
      await witness.witness(change, this.doc);
    }
  }

  // ---- pins and unloading -------------------------------------------------------------------

  pin(): void {
    this.#pins++;
    if (this.#idleTimer !== null) {
      clearTimeout(this.#idleTimer);
      this.#idleTimer = null;
    }
  }

  unpin(): void {
    this.#pins--;
    if (this.#pins > 0 || this.#state !== 'open') return;
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = null;
      if (this.#pins === 0 && this.#state === 'open') this.deps.onIdle(this);
    }, this.deps.options.idleUnloadMs);
    this.#idleTimer.unref();
  }

  get pins(): number {
    return this.#pins;
  }

  /** Waits for the witness and the disk, compacts, and lets the document go. Idempotent. */
  unload(): Promise<void> {
    this.#unloaded ??= (async () => {
      this.#state = 'unloading';
      if (this.#idleTimer !== null) clearTimeout(this.#idleTimer);
      this.presence.close();
      try {
        await this.ready;
      } catch {
        this.#state = 'unloaded';
        return;
      }
      await this.settle();
      const saved = (await this.persistence.flush()) && (await this.replicas.whenDurable());
      if (!saved) this.deps.logger.error('board document not fully saved at unload', { boardId: this.boardId });
      this.persistence.close();
      this.replicas.close();
      this.deps.doneGuard?.forget(this.boardId);
      this.#deleted?.dispose();
      this.doc.destroy();
      this.#state = 'unloaded';
    })();
    return this.#unloaded;
  }

  /** Resolves when every accepted change is on disk and the witness has seen it. */
  async settle(): Promise<void> {
    for (;;) {
      const witness = this.#witnessChain;
      const writes = this.#serverWrites;
      await this.persistence.whenDurable();
      await this.replicas.whenDurable();
      await witness;
      await writes;
      if (witness === this.#witnessChain && writes === this.#serverWrites && this.persistence.pending === 0) return;
    }
  }

  // ---- connections --------------------------------------------------------------------------

  /** A new connection: it gets the server's state vector and who is here. */
  attach(connection: RoomConnection): void {
    this.connections.add(connection);
    connection.send(syncStep1Message(Y.encodeStateVector(this.doc)));
    const presence = this.presence.snapshot();
    if (presence !== null) connection.send(presence);
  }

  detach(connection: RoomConnection): void {
    if (!this.connections.delete(connection)) return;
    this.presence.remove(connection);
  }

  /**
   * Sync step 1 from a client: answer with everything it lacks (step 2). Throws
   * `SyncProtocolError` for a state vector that does not decode; the answer itself waits while
   * a server-made change is not yet on disk (see the module comment).
   */
  answerStep1(connection: RoomConnection, stateVector: Uint8Array): void {
    if (this.#state !== 'open') return;
    try {
      Y.decodeStateVector(stateVector);
    } catch {
      throw new SyncProtocolError('sync step 1 without a valid state vector');
    }
    const answer = (): void => {
      if (connection.open && this.#state === 'open') {
        connection.send(syncStep2Message(Y.encodeStateAsUpdate(this.doc, stateVector)), true);
      }
    };
    if (this.#serverWritesPending === 0) answer();
    else void this.#afterServerWrites().then(answer);
  }

  async #afterServerWrites(): Promise<void> {
    while (this.#serverWritesPending > 0) await this.#serverWrites;
  }

  /** Sync step 2 or update from a client: judged, then applied, relayed, saved, witnessed. */
  receiveUpdate(connection: RoomConnection, update: Uint8Array): void {
    if (this.#state !== 'open') return; // shutting down: the client re-sends it on reconnect
    const persistence = this.persistence;
    const replicas = this.replicas;
    const max = this.deps.options.maxDocumentBytes;
    if (persistence.sizeEstimate + update.length > max && persistence.unmeasured) {
      // Re-measuring encodes the whole document: not for every update that knocks at the cap.
      const now = Date.now();
      if (now - this.#sizeRemeasuredAt >= (this.deps.options.sizeRemeasureMs ?? DEFAULT_SIZE_REMEASURE_MS)) {
        this.#sizeRemeasuredAt = now;
        persistence.compact();
      }
    }
    if (persistence.sizeEstimate + update.length > max) {
      this.#refuse(connection, 'document_too_large', `the document is about ${persistence.sizeEstimate} bytes`);
      return;
    }

    const verdict = judgeUpdate(this.doc, update, connection.userId, {
      deleted: this.#deleted ?? undefined,
      checkReplicas: (clients) => replicas.checkWriters(connection.userId, clients),
    });
    if (!verdict.accepted) {
      this.#refuse(connection, verdict.reason, verdict.detail);
      return;
    }
    const guard = this.deps.doneGuard;
    if (guard) {
      for (const { before, after } of verdict.tickets.values()) {
        // `after` is absent only for typing, which never changes a status.
        const why = after ? guard.refusal(this.boardId, before, after) : null;
        if (why !== null) {
          this.#refuse(connection, 'needs_approval', why);
          return;
        }
      }
    }
    this.stats.updatesAccepted++;
    for (const client of verdict.clients) {
      replicas.bind(client, connection.userId);
      (connection.updateClients ??= new Set()).add(client);
    }
    Y.applyUpdate(this.doc, verdict.update, new ConnectionOrigin(connection));

    const at = this.deps.now();
    const tickets: TicketChange[] = [];
    for (const [key, { before, after }] of verdict.tickets) {
      const live = readTicket(this.doc, key);
      if (after !== undefined && !sameTicket(live, after)) {
        this.deps.logger.error('sync: the live document differs from the judged copy', { boardId: this.boardId, ticketId: key });
      }
      if (live !== null && !sameTicket(before, live)) tickets.push({ before, after: live });
    }
    const saved = this.#savedClocks(connection);
    void Promise.all([persistence.whenDurable(), replicas.whenDurable()]).then(([durable, bound]) => {
      if (!durable || !bound) return;
      if (connection.open) {
        connection.send(savedMessage(saved));
        this.stats.savedSent++;
      }
      if (tickets.length > 0) {
        this.#witness({ agencyId: this.agencyId, boardId: this.boardId, author: connection.userId, at, tickets });
      }
    });
  }

  #refuse(connection: RoomConnection, reason: RefusalReason, detail: string): void {
    this.stats.updatesRefused++;
    this.deps.logger.warn('sync: update refused', {
      boardId: this.boardId,
      userId: connection.userId,
      reason,
      detail: detail.slice(0, 300),
    });
    connection.send(refusedMessage(reason));
  }

  /** The live clocks of the connection's Yjs client ids (from its updates and its presence). */
  #savedClocks(connection: RoomConnection): Map<number, number> {
    const clocks = new Map<number, number>();
    const add = (client: number): void => {
      const clock = Y.getState(this.doc.store, client);
      if (clock > 0) clocks.set(client, clock);
    };
    if (connection.updateClients !== null) for (const client of connection.updateClients) add(client);
    for (const client of this.presence.ownedBy(connection)) add(client);
    return clocks;
  }

  #witness(change: AcceptedChange): void {
    const witness = this.deps.witness;
    if (witness === null) return;
    this.#witnessChain = this.#witnessChain
      .then(() => (this.#state === 'unloaded' ? undefined : witness.witness(change, this.doc)))
      .catch((error: unknown) => {
        this.deps.logger.error('witness failed', {
          boardId: this.boardId,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
      });
  }

  // ---- every change of the live document ----------------------------------------------------

  #onUpdate(update: Uint8Array, origin: unknown): void {
    const durable = this.persistence.append(update);
    const message = syncUpdateMessage(update);
    if (origin instanceof ConnectionOrigin) {
      for (const connection of this.connections) {
        if (connection !== origin.connection) connection.send(message);
      }
      this.stats.relayed++;
      return;
    }
    // Made here: relayed once it cannot be lost. Its client id is the server's for good.
    this.replicas.bind(this.doc.clientID, 'server');
    this.#serverWritesPending++;
    const relayed = durable.then((ok) => {
      this.#serverWritesPending--;
      if (!ok) return;
      for (const connection of this.connections) connection.send(message);
      this.stats.relayed++;
    });
    this.#serverWrites = Promise.all([this.#serverWrites, relayed]);
  }
}

function sameTicket(a: Ticket | null, b: Ticket | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
