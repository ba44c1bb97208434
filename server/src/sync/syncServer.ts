/**
 * The Yjs sync server: the standard y-websocket protocol at `/sync/<boardId>` (so the stock
 * `y-websocket` client connects unchanged) plus Fluxo's `MESSAGE_SAVED` / `MESSAGE_REFUSED`
 * (`@fluxo/shared/sync/protocol`).
 *
 * Admission happens in the HTTP upgrade, before any WebSocket exists, in this order; a refusal
 * is a plain HTTP answer on the raw socket:
 *
 *     path  /sync/<boardId>, the id well formed                   else 400
 *     Origin  absent, the public URL, or the request's own host   else 403 (cross-site hijacking)
 *     upgrades from this address  within `upgradeRate`            else 429 (each costs a lookup)
 *     sockets from this address  < maxSocketsPerIp                else 429
 *     session cookie  a live staff session (`auth.resume`)        else 401
 *     board  exists and `canOpenBoard` (member or agency admin)   else 404 (the same for both)
 *
 * Only the staff session cookie opens a socket: a share-link token is not a session, so it
 * cannot. While a socket is open, its session and the board membership are re-checked every
 * `recheckIntervalMs`; a session that ended closes it with `CLOSE_UNAUTHENTICATED`, a lost
 * membership with `CLOSE_FORBIDDEN`; `recheckBoard(boardId)` does it at once for one board
 * (call it after changing who may open the board). Dead peers are found by ping/pong. A socket
 * that was sent nothing for `keepAliveMs` gets an empty awareness update: the stock client
 * reconnects after 30 s without any message (it expects the relay of its own presence
 * renewals), and a tab without a valid presence state would otherwise hear nothing on a quiet
 * board.
 *
 * Rooms (`boardRoom.ts`) are loaded on the first connection (concurrent first connections share
 * the load) and unloaded after `idleUnloadMs` without connections. `close()` is the clean
 * shutdown: refuse new upgrades, close every socket with `CLOSE_GOING_AWAY`, then let every room
 * settle (witness, disk), compact and unload.
 *
 * Headers trickled slowly (slowloris) never reach this module: the HTTP server answers 408 when
 * a request's headers take longer than `headersTimeout` (`http.ts`), upgrades included.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type AgencyId, type BoardId, type UserId, boardIdSchema } from '@fluxo/shared/ids';
import {
  CLOSE_FORBIDDEN,
  CLOSE_GOING_AWAY,
  CLOSE_UNAUTHENTICATED,
  MAX_DOCUMENT_BYTES,
  MAX_MESSAGE_BYTES,
  SYNC_PATH_PREFIX,
} from '@fluxo/shared/sync/protocol';
import { type RawData, type ServerOptions, WebSocket, WebSocketServer } from 'ws';
import type * as Y from 'yjs';
import type { Authenticator } from '../auth/authenticator.js';
import { readSessionToken } from '../auth/sessionCookie.js';
import { canOpenBoard } from '../boards/boardAccess.js';
import type { Config } from '../config.js';
import { refuseUpgrade } from '../http.js';
import { type Logger, consoleLogger } from '../log.js';
import type { Store } from '../store/store.js';
import { clientAddress } from '../web/clientAddress.js';
import { isSameOrigin } from '../web/requestOrigin.js';
import type { DoneGuard } from '../approvals/doneGuard.js';
import type { BoardWitness } from '../witness/boardChange.js';
import { DEFAULT_COMPACTION, type CompactionOptions } from './boardPersistence.js';
import { BoardRoom, DEFAULT_SIZE_REMEASURE_MS, type RoomOptions } from './boardRoom.js';
import { DEFAULT_PRESENCE, type PresenceOptions } from './presenceRelay.js';
import { DEFAULT_REPLICA_BINDING, type ReplicaBindingOptions } from './replicaBinding.js';
import { DEFAULT_RATE_LIMIT, KeyedBuckets, type RateLimitOptions, SocketRateLimit } from './socketRateLimit.js';
import { type ConnectionHost, SyncConnection } from './syncConnection.js';
import { awarenessMessage, encodeAwarenessEntries } from './syncMessages.js';

/**
 * The server's sockets: `ws`'s class with one in-object field for the connection, so every
 * socket shares the same four listener functions below instead of four closures each.
 */
class SyncSocket extends WebSocket {
  connection: SyncConnection | null = null;
}

function connectionOf(socket: WebSocket): SyncConnection | null {
  return socket instanceof SyncSocket ? socket.connection : null;
}

function onSocketMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  connectionOf(this)?.receive(data, isBinary);
}

function onSocketPong(this: WebSocket): void {
  const connection = connectionOf(this);
  if (connection !== null) connection.alive = true;
}

function onSocketError(this: WebSocket, error: Error): void {
  connectionOf(this)?.socketError(error);
}

function onSocketClose(this: WebSocket): void {
  const connection = connectionOf(this);
  if (this instanceof SyncSocket) this.connection = null;
  connection?.closed();
}

function ignoreError(): void {}

/** An awareness update with no entries: y-protocols applies it as nothing, and nobody echoes it. */
const EMPTY_AWARENESS = awarenessMessage(encodeAwarenessEntries([]));

export interface SyncServerOptions {
  readonly config: Config;
  readonly store: Store;
  readonly auth: Authenticator;
  readonly logger?: Logger;
  /** Records history and numbers tickets after each accepted update (`witness/`). */
  readonly witness?: BoardWitness;
  /** Holds "done needs the client's approval" for updates from browsers (`approvals/doneGuard.ts`). */
  readonly doneGuard?: DoneGuard;
  /** An idle board stays loaded this long (default 30 s). */
  readonly idleUnloadMs?: number;
  /** How often open sockets re-check their session and membership (default 60 s). */
  readonly recheckIntervalMs?: number;
  /** Ping interval; a socket that missed a whole interval's pong is cut (default 30 s). */
  readonly pingIntervalMs?: number;
  /** A socket sent nothing for this long gets an empty awareness message (default 10 s). */
  readonly keepAliveMs?: number;
  /** Concurrent sockets (and upgrades in progress) per client address (default 1000). */
  readonly maxSocketsPerIp?: number;
  /** Upgrade requests per client address: sustained per second, and at once (default 50/s, 1000). */
  readonly upgradeRate?: { readonly perSecond: number; readonly burst: number };
  /** Outgoing bytes a socket may have queued before it is dropped (default 16 MiB). */
  readonly maxBufferedBytes?: number;
  /** Size cap of a board document (default `MAX_DOCUMENT_BYTES`). */
  readonly maxDocumentBytes?: number;
  readonly rateLimit?: Partial<RateLimitOptions>;
  readonly presence?: Partial<PresenceOptions>;
  readonly compaction?: Partial<CompactionOptions>;
  /** How many new Yjs client ids a person may bind per board (`replicaBinding.ts`). */
  readonly replicaBinding?: Partial<ReplicaBindingOptions>;
  /** Least time between two whole-document re-measures forced by the size cap (default 10 s). */
  readonly sizeRemeasureMs?: number;
  /** How long `close()` waits for closing handshakes before cutting sockets (default 1 s). */
  readonly closeGraceMs?: number;
  /** How long `close()` waits for boards to settle and flush before giving up (default 15 s). */
  readonly shutdownTimeoutMs?: number;
  readonly now?: () => Date;
}

export interface SyncStats {
  /** Boards loaded now. */
  readonly rooms: number;
  /** Open sockets now. */
  readonly sockets: number;
  /** Upgrades refused, by HTTP status. */
  readonly refusedUpgrades: Readonly<Record<number, number>>;
  readonly updatesAccepted: number;
  readonly updatesRefused: number;
  readonly savedSent: number;
  /** Sockets cut because their peer stopped reading (`maxBufferedBytes`). */
  readonly stalledCut: number;
  readonly presence: {
    readonly received: number;
    readonly accepted: number;
    readonly echoes: number;
    readonly refused: number;
    readonly broadcasts: number;
  };
}

interface Admission {
  readonly boardId: BoardId;
  readonly agencyId: AgencyId;
  readonly userId: UserId;
  readonly token: string;
}

class Refused extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class SyncServer {
  readonly #config: Config;
  readonly #store: Store;
  readonly #auth: Authenticator;
  readonly #logger: Logger;
  readonly #witness: BoardWitness | null;
  readonly #doneGuard: DoneGuard | null;
  readonly #now: () => Date;
  readonly #roomOptions: RoomOptions;
  readonly #rateLimit: RateLimitOptions;
  readonly #maxSocketsPerIp: number;
  readonly #maxBufferedBytes: number;
  readonly #closeGraceMs: number;
  readonly #shutdownTimeoutMs: number;
  readonly #wss: WebSocketServer;
  readonly #rooms = new Map<BoardId, BoardRoom>();
  readonly #connections = new Set<SyncConnection>();
  readonly #perAddress = new Map<string, number>();
  readonly #refused: Record<number, number> = {};
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  readonly #upgrades: KeyedBuckets<string>;
  readonly #userHeavy: KeyedBuckets<UserId>;
  #stalledCut = 0;
  /** Shared by every connection (see `ConnectionHost`). */
  readonly #host: ConnectionHost = {
    stalled: () => {
      this.#stalledCut++;
    },
    closed: (connection) => {
      this.#connections.delete(connection);
      connection.room.detach(connection);
      connection.room.unpin();
      this.#releaseAddress(connection.address);
    },
  };
  /** Stats of rooms already unloaded, so totals do not go backwards. */
  readonly #retired = { updatesAccepted: 0, updatesRefused: 0, savedSent: 0, received: 0, accepted: 0, echoes: 0, refused: 0, broadcasts: 0 };
  #nextConnectionId = 1;
  #closing: Promise<void> | null = null;
  #rechecking = false;

  constructor(options: SyncServerOptions) {
    this.#config = options.config;
    this.#store = options.store;
    this.#auth = options.auth;
    this.#logger = options.logger ?? consoleLogger;
    this.#witness = options.witness ?? null;
    this.#doneGuard = options.doneGuard ?? null;
    this.#now = options.now ?? (() => new Date());
    this.#roomOptions = {
      idleUnloadMs: options.idleUnloadMs ?? 30_000,
      maxDocumentBytes: options.maxDocumentBytes ?? MAX_DOCUMENT_BYTES,
      compaction: { ...DEFAULT_COMPACTION, ...options.compaction },
      presence: { ...DEFAULT_PRESENCE, ...options.presence },
      replicas: { ...DEFAULT_REPLICA_BINDING, ...options.replicaBinding },
      sizeRemeasureMs: options.sizeRemeasureMs ?? DEFAULT_SIZE_REMEASURE_MS,
    };
    this.#rateLimit = { ...DEFAULT_RATE_LIMIT, ...options.rateLimit };
    const upgradeRate = options.upgradeRate ?? { perSecond: 50, burst: 1_000 };
    this.#upgrades = new KeyedBuckets(upgradeRate.burst, upgradeRate.perSecond);
    this.#userHeavy = new KeyedBuckets(this.#rateLimit.userHeavyBurst, this.#rateLimit.userHeavyPerSecond);
    this.#maxSocketsPerIp = options.maxSocketsPerIp ?? 1_000;
    this.#maxBufferedBytes = options.maxBufferedBytes ?? 16 * 1024 * 1024;
    this.#closeGraceMs = options.closeGraceMs ?? 1_000;
    this.#shutdownTimeoutMs = options.shutdownTimeoutMs ?? 15_000;
    const wssOptions: ServerOptions = {
      noServer: true,
      maxPayload: MAX_MESSAGE_BYTES,
      perMessageDeflate: false,
      clientTracking: false,
    };
    // `@types/ws` types this option as the request class by mistake; ws takes a WebSocket subclass.
    Object.assign(wssOptions, { WebSocket: SyncSocket });
    this.#wss = new WebSocketServer(wssOptions);
    this.#wss.on('error', (error) => this.#logger.error('sync: WebSocket server error', { error: String(error) }));

    const recheck = setInterval(() => void this.#recheckSessions(), options.recheckIntervalMs ?? 60_000);
    const ping = setInterval(() => this.#ping(), options.pingIntervalMs ?? 30_000);
    const keepAliveMs = options.keepAliveMs ?? 10_000;
    const keepAlive = setInterval(() => this.#keepAlive(keepAliveMs), Math.max(10, keepAliveMs / 2));
    recheck.unref();
    ping.unref();
    keepAlive.unref();
    this.#timers.push(recheck, ping, keepAlive);
  }

  /** For `createServer({ onUpgrade })`: takes every HTTP upgrade request. */
  readonly handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', ignoreError);
    let boardId: BoardId;
    let address: string;
    try {
      if (this.#closing !== null) throw new Refused(503, 'shutting down');
      boardId = parseSyncPath(req.url);
      if (!isSameOrigin(req, this.#config.publicUrl)) throw new Refused(403, 'foreign origin');
      address = clientAddress(req, this.#config.trustProxy);
      if (!this.#upgrades.take(address, 1, Date.now())) throw new Refused(429, 'too many upgrades');
      if ((this.#perAddress.get(address) ?? 0) >= this.#maxSocketsPerIp) throw new Refused(429, 'too many sockets');
    } catch (error) {
      this.#refuse(socket, error);
      return;
    }
    this.#perAddress.set(address, (this.#perAddress.get(address) ?? 0) + 1);
    let released = false;
    /** `handOver`: the socket is open and its connection releases the address when it closes. */
    const release = (handOver = false): void => {
      if (released) return;
      released = true;
      if (!handOver) this.#releaseAddress(address);
    };
    void this.#admit(req, socket, head, boardId, address, release).catch((error: unknown) => {
      release();
      this.#refuse(socket, error);
    });
  };

  #releaseAddress(address: string): void {
    const count = (this.#perAddress.get(address) ?? 1) - 1;
    if (count <= 0) this.#perAddress.delete(address);
    else this.#perAddress.set(address, count);
  }

  async #admit(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    boardId: BoardId,
    address: string,
    release: (handOver?: boolean) => void,
  ): Promise<void> {
    const admission = await this.#authenticate(req, boardId);
    if (this.#closing !== null) throw new Refused(503, 'shutting down');
    if (socket.destroyed) {
      release();
      return;
    }
    const room = await this.#acquire(boardId, admission.agencyId);
    if (this.#closing !== null || socket.destroyed) {
      room.unpin();
      if (socket.destroyed) {
        release();
        return;
      }
      throw new Refused(503, 'shutting down');
    }
    let upgraded = false;
    const closedBeforeUpgrade = (): void => {
      if (upgraded) return;
      // ws refused the handshake itself (bad headers) and never handed us a socket.
      room.unpin();
      release();
    };
    socket.once('close', closedBeforeUpgrade);
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      upgraded = true;
      // From here the connection releases what it holds (`#host.closed`); nothing keeps this
      // request's closures alive for the socket's lifetime.
      socket.removeListener('close', closedBeforeUpgrade);
      release(true);
      const connection = new SyncConnection({
        id: this.#nextConnectionId++,
        socket: ws,
        room,
        userId: admission.userId,
        boardId,
        sessionToken: admission.token,
        address,
        rateLimit: new SocketRateLimit(this.#rateLimit, Date.now(), this.#userHeavy, admission.userId),
        maxBufferedBytes: this.#maxBufferedBytes,
        logger: this.#logger,
        host: this.#host,
        stream: socket,
      });
      this.#connections.add(connection);
      if (ws instanceof SyncSocket) ws.connection = connection;
      ws.on('error', onSocketError);
      ws.on('message', onSocketMessage);
      ws.on('pong', onSocketPong);
      ws.on('close', onSocketClose);
      room.attach(connection);
    });
  }

  async #authenticate(req: IncomingMessage, boardId: BoardId): Promise<Admission> {
    const token = readSessionToken(req.headers.cookie, { secure: this.#config.secureCookies });
    if (token === null) throw new Refused(401, 'no session');
    const resumed = await this.#auth.resume(token);
    if (resumed === null) throw new Refused(401, 'no session');
    const board = await this.#store.boards.get(boardId);
    if (board === null || !canOpenBoard(resumed.user, board)) throw new Refused(404, 'no such board');
    return { boardId, agencyId: board.agencyId, userId: resumed.user.id, token };
  }

  #refuse(socket: Duplex, error: unknown): void {
    const status = error instanceof Refused ? error.status : 500;
    if (!(error instanceof Refused)) {
      this.#logger.error('sync: upgrade failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
    this.#refused[status] = (this.#refused[status] ?? 0) + 1;
    if (socket.destroyed) return;
    refuseUpgrade(socket, status, STATUS_TEXT[status] ?? 'Error');
  }

  /** The loaded room of a board, pinned (the caller unpins). Loads it if needed. */
  async #acquire(boardId: BoardId, agencyId: AgencyId): Promise<BoardRoom> {
    for (;;) {
      const existing = this.#rooms.get(boardId);
      if (existing !== undefined && (existing.state === 'unloading' || existing.state === 'unloaded')) {
        await existing.unload();
        if (this.#rooms.get(boardId) === existing) this.#rooms.delete(boardId);
        continue;
      }
      const room =
        existing ??
        new BoardRoom(boardId, agencyId, {
          store: this.#store,
          logger: this.#logger,
          witness: this.#witness,
          doneGuard: this.#doneGuard,
          now: this.#now,
          options: this.#roomOptions,
          onIdle: (idle) => void this.#unload(idle),
        });
      if (existing === undefined) {
        this.#rooms.set(boardId, room);
        room.ready.catch((error: unknown) => {
          if (this.#rooms.get(boardId) === room) this.#rooms.delete(boardId);
          this.#logger.error('sync: could not load a board', { boardId, error: String(error) });
        });
      }
      room.pin();
      try {
        await room.ready;
      } catch (error) {
        room.unpin();
        throw error;
      }
      return room;
    }
  }

  async #unload(room: BoardRoom): Promise<void> {
    try {
      await room.unload();
    } catch (error) {
      this.#logger.error('sync: unloading a board failed', { boardId: room.boardId, error: String(error) });
    } finally {
      if (this.#rooms.get(room.boardId) === room) this.#rooms.delete(room.boardId);
      this.#retire(room);
    }
  }

  #retire(room: BoardRoom): void {
    const r = this.#retired;
    r.updatesAccepted += room.stats.updatesAccepted;
    r.updatesRefused += room.stats.updatesRefused;
    r.savedSent += room.stats.savedSent;
    const p = room.presence.stats;
    r.received += p.received;
    r.accepted += p.accepted;
    r.echoes += p.echoes;
    r.refused += p.refused;
    r.broadcasts += p.broadcasts;
  }

  /**
   * Runs `use` with the live document of a board (loaded for the time of the call), for
   * server-side writers: changes made with a `serverOrigin` are saved and relayed like any
   * other. Resolves once they are on disk.
   */
  async withBoardDoc<T>(boardId: BoardId, use: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    if (this.#closing !== null) throw new Error('the sync server is closed');
    const board = await this.#store.boards.get(boardId);
    if (board === null) throw new Error(`no board ${boardId}`);
    const room = await this.#acquire(boardId, board.agencyId);
    try {
      const result = await use(room.doc);
      await room.persistence.whenDurable();
      return result;
    } finally {
      room.unpin();
    }
  }

  async #recheckSessions(): Promise<void> {
    if (this.#rechecking || this.#closing !== null) return;
    this.#rechecking = true;
    try {
      await this.#recheck([...this.#connections]);
    } finally {
      this.#rechecking = false;
    }
  }

  /**
   * Re-checks, now, the session and access of every socket open on `boardId`: call it after
   * changing who may open the board (members, roles) or deleting it, so nobody keeps editing
   * until the periodic re-check.
   */
  async recheckBoard(boardId: BoardId): Promise<void> {
    if (this.#closing !== null) return;
    await this.#recheck([...this.#connections].filter((connection) => connection.boardId === boardId));
  }

  async #recheck(connections: readonly SyncConnection[]): Promise<void> {
    const byToken = new Map<string, SyncConnection[]>();
    for (const connection of connections) {
      const list = byToken.get(connection.sessionToken) ?? [];
      list.push(connection);
      byToken.set(connection.sessionToken, list);
    }
    for (const [token, sockets] of byToken) {
      const resumed = await this.#auth.resume(token).catch(() => undefined);
      if (resumed === undefined) continue; // the store failed: try again next time
      for (const connection of sockets) {
        if (resumed === null || resumed.user.id !== connection.userId) {
          connection.close(CLOSE_UNAUTHENTICATED, 'session ended');
          continue;
        }
        const board = await this.#store.boards.get(connection.boardId).catch(() => undefined);
        if (board === undefined) continue;
        if (board === null || !canOpenBoard(resumed.user, board)) connection.close(CLOSE_FORBIDDEN, 'no access to the board');
      }
    }
  }

  /** Re-checks every open socket's session and membership now (tests; the timer does it too). */
  recheckNow(): Promise<void> {
    return this.#recheckSessions();
  }

  #keepAlive(quietMs: number): void {
    const now = Date.now();
    for (const connection of this.#connections) {
      if (now - connection.lastSentAt >= quietMs) connection.send(EMPTY_AWARENESS);
    }
  }

  #ping(): void {
    for (const connection of this.#connections) {
      if (!connection.alive) {
        connection.terminate();
        continue;
      }
      connection.alive = false;
      connection.ping();
    }
  }

  stats(): SyncStats {
    const r = this.#retired;
    const totals = { ...r };
    for (const room of this.#rooms.values()) {
      totals.updatesAccepted += room.stats.updatesAccepted;
      totals.updatesRefused += room.stats.updatesRefused;
      totals.savedSent += room.stats.savedSent;
      const p = room.presence.stats;
      totals.received += p.received;
      totals.accepted += p.accepted;
      totals.echoes += p.echoes;
      totals.refused += p.refused;
      totals.broadcasts += p.broadcasts;
    }
    return {
      rooms: this.#rooms.size,
      sockets: this.#connections.size,
      refusedUpgrades: { ...this.#refused },
      updatesAccepted: totals.updatesAccepted,
      updatesRefused: totals.updatesRefused,
      savedSent: totals.savedSent,
      stalledCut: this.#stalledCut,
      presence: {
        received: totals.received,
        accepted: totals.accepted,
        echoes: totals.echoes,
        refused: totals.refused,
        broadcasts: totals.broadcasts,
      },
    };
  }

  /**
   * Clean shutdown: new upgrades get 503, every socket is closed with `CLOSE_GOING_AWAY` (and cut
   * after `closeGraceMs`), every room settles, compacts and unloads. Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      for (const timer of this.#timers) clearInterval(timer);
      const sockets = [...this.#connections];
      for (const connection of sockets) connection.close(CLOSE_GOING_AWAY, 'server shutting down');
      const cut = setTimeout(() => {
        for (const connection of this.#connections) connection.terminate();
      }, this.#closeGraceMs);
      cut.unref();
      const unloaded = Promise.all([...this.#rooms.values()].map((room) => this.#unload(room)));
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), this.#shutdownTimeoutMs);
        timer.unref();
      });
      if ((await Promise.race([unloaded, timedOut])) === 'timeout') {
        this.#logger.error('sync: boards not fully saved at shutdown (disk or witness stuck)', {
          boards: [...this.#rooms.keys()].join(','),
        });
      }
      clearTimeout(timer);
      await new Promise<void>((resolve) => {
        const check = (): void => {
          if (this.#connections.size === 0) resolve();
          else setTimeout(check, 10).unref();
        };
        check();
      });
      clearTimeout(cut);
      this.#wss.close();
    })();
    return this.#closing;
  }
}

/**
 * The board id of a `/sync/<boardId>` request path (query string allowed). Throws `Refused`:
 * 404 outside `/sync/`, 400 for anything but one well-formed id under it.
 */
export function parseSyncPath(url: string | undefined): BoardId {
  let pathname: string;
  try {
    pathname = new URL(url ?? '/', 'http://fluxo.invalid').pathname;
  } catch {
    throw new Refused(400, 'bad path');
  }
  if (!pathname.startsWith(SYNC_PATH_PREFIX)) throw new Refused(404, 'not a sync path');
  const parsed = boardIdSchema.safeParse(pathname.slice(SYNC_PATH_PREFIX.length));
  if (!parsed.success) throw new Refused(400, 'bad board id');
  return parsed.data;
}

export function createSyncServer(options: SyncServerOptions): SyncServer {
  return new SyncServer(options);
}
