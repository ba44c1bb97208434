/**
 * One open `/sync` socket: who is on it (authenticated in the upgrade), what it may send (rate
 * limit), and the dispatch of its frames to its board's room.
 *
 * Bad input closes this socket and nothing else: a text frame or an undecodable frame closes
 * with `CLOSE_PROTOCOL_ERROR`, a flood with `CLOSE_RATE_LIMITED`, a frame over `maxPayload` is
 * closed by `ws` itself (1009, `CLOSE_TOO_LARGE`); an unexpected error while handling a frame is
 * logged and closes with 1011 (the client reconnects).
 *
 * A client that stops reading: once `maxBufferedBytes` are queued for it (plus the size of the
 * one "bulk" message in flight — the step 2 that loads a large board may alone exceed the cap),
 * the socket is cut at once (`terminate`), not closed: a closing handshake would wait, up to
 * 30 s, for a peer that does not read, with the whole queue still held in memory.
 *
 * One write per socket per turn of the event loop: the first message sent to a socket in a turn
 * corks the TCP stream under it, and one `setImmediate` uncorks every corked stream once the
 * turn's callbacks have run, so what the turn sent leaves in one `writev`. Without it every
 * relayed update is its own system call per viewer: with 50 people typing on a board, `writev`
 * was 17 % of the server's CPU (ack-p99 profile, `bench/CONTEXT.md`). The delay is the rest of
 * the current turn, never a timer; and in a long turn (many frames read at once) a batch older
 * than `MAX_CORK_MS` is written at the next send.
 */
import type { BoardId, UserId } from '@fluxo/shared/ids';
import { CLOSE_PROTOCOL_ERROR, CLOSE_RATE_LIMITED } from '@fluxo/shared/sync/protocol';
import type { Writable } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import type { Logger } from '../log.js';
import type { BoardRoom, RoomConnection } from './boardRoom.js';
import type { SocketRateLimit } from './socketRateLimit.js';
import { SyncProtocolError, readIncomingMessage } from './syncMessages.js';

/** Close code for a server-side failure while handling a frame (RFC 6455 "internal error"). */
export const CLOSE_INTERNAL_ERROR = 1011;

/** What every connection of a server shares: one object, not one closure per socket. */
export interface ConnectionHost {
  /** The socket was cut because its peer stopped reading. */
  stalled(connection: SyncConnection): void;
  /** The socket closed (any reason): detach it and release what it held. */
  closed(connection: SyncConnection): void;
}

export interface ConnectionInit {
  readonly id: number;
  readonly socket: WebSocket;
  readonly room: BoardRoom;
  readonly userId: UserId;
  readonly boardId: BoardId;
  /** The session cookie's token, to re-check the session while the socket is open. */
  readonly sessionToken: string;
  readonly address: string;
  readonly rateLimit: SocketRateLimit;
  readonly maxBufferedBytes: number;
  readonly logger: Logger;
  /**
   * The TCP stream `socket` writes to (the upgrade's socket), corked for the rest of a turn once
   * something is sent (see the module comment); null: every message is written at once.
   */
  readonly stream?: Writable | null;
  /** How old a corked batch may get within one turn before the next send writes it (ms); `MAX_CORK_MS`. */
  readonly maxCorkMs?: number;
  /** Defaults to `Date.now`. */
  readonly now?: () => number;
  readonly host?: ConnectionHost | null;
}

/**
 * A flat copy of `value`: a string sliced from a request header (the cookie, a forwarded-for
 * list) keeps the whole header alive for as long as the socket is open.
 */
export function ownString(value: string): string {
  return Buffer.from(value, 'utf8').toString('utf8');
}

function toBytes(data: RawData): Uint8Array {
  // A fresh array of exactly the frame's length: nothing after it can be read by mistake.
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  return new Uint8Array(data);
}

/** A batch older than this (ms) is written at the next send instead of at the end of the turn. */
export const MAX_CORK_MS = 2;

/** Connections whose stream is corked until the end of this turn of the event loop. */
let corkedThisTurn: SyncConnection[] = [];
/** When the first of them was corked (`performance.now()`). */
let corkedSince = 0;

function uncorkTurn(): void {
  const corked = corkedThisTurn;
  corkedThisTurn = [];
  for (const connection of corked) connection.uncork();
}

export class SyncConnection implements RoomConnection {
  readonly id: number;
  readonly userId: UserId;
  readonly boardId: BoardId;
  readonly sessionToken: string;
  readonly address: string;
  readonly room: BoardRoom;
  /** The Yjs client ids its updates wrote with; created on its first update (idle tabs have none). */
  updateClients: Set<number> | null = null;
  /** Set when a pong arrives; the ping timer clears it. */
  alive = true;
  /** When something was last sent (ms), for the keep-alive. */
  lastSentAt: number;
  readonly #socket: WebSocket;
  readonly #stream: Writable | null;
  #corked = false;
  readonly #maxCorkMs: number;
  readonly #rateLimit: SocketRateLimit;
  readonly #maxBufferedBytes: number;
  readonly #logger: Logger;
  readonly #now: () => number;
  #sawAwareness = false;
  #sawStep1 = false;
  #closed = false;
  /** Bytes of a bulk message that may still be queued on top of `maxBufferedBytes`. */
  #bulkAllowance = 0;
  readonly #host: ConnectionHost | null;

  constructor(init: ConnectionInit) {
    this.id = init.id;
    this.userId = init.userId;
    this.boardId = init.boardId;
    this.sessionToken = ownString(init.sessionToken);
    this.address = ownString(init.address);
    this.room = init.room;
    this.#socket = init.socket;
    this.#stream = init.stream ?? null;
    this.#maxCorkMs = init.maxCorkMs ?? MAX_CORK_MS;
    this.#rateLimit = init.rateLimit;
    this.#maxBufferedBytes = init.maxBufferedBytes;
    this.#logger = init.logger;
    this.#now = init.now ?? Date.now;
    this.#host = init.host ?? null;
    this.lastSentAt = this.#now();
  }

  get open(): boolean {
    return !this.#closed && this.#socket.readyState === this.#socket.OPEN;
  }

  /** Queues `message`; `bulk`: a large one-off (a step 2), allowed on top of the cap. */
  send(message: Uint8Array, bulk = false): void {
    if (!this.open) return;
    const queued = this.#socket.bufferedAmount;
    if (queued <= this.#maxBufferedBytes) this.#bulkAllowance = 0;
    if (queued > 0 && queued + message.length > this.#maxBufferedBytes + this.#bulkAllowance) {
      this.#logger.warn('sync: socket cut, its peer does not read', { userId: this.userId, boardId: this.boardId, queued });
      this.terminate();
      this.#host?.stalled(this);
      return;
    }
    if (bulk) this.#bulkAllowance = Math.max(this.#bulkAllowance, message.length);
    if (this.#stream !== null) {
      // A long turn (many frames read at once) does not hold what it sent early until its end.
      if (corkedThisTurn.length > 0 && performance.now() - corkedSince > this.#maxCorkMs) uncorkTurn();
      if (!this.#corked) {
        this.#stream.cork();
        this.#corked = true;
        if (corkedThisTurn.length === 0) {
          corkedSince = performance.now();
          setImmediate(uncorkTurn);
        }
        corkedThisTurn.push(this);
      }
    }
    this.#socket.send(message);
    this.lastSentAt = this.#now();
  }

  /** Writes what this turn sent (called once the turn ends). */
  uncork(): void {
    if (!this.#corked || this.#stream === null) return;
    this.#corked = false;
    this.#stream.uncork();
  }

  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#socket.close(code, reason);
    } catch {
      this.#socket.terminate();
    }
  }

  /** Cuts the TCP connection without a closing handshake (dead peer, shutdown grace over). */
  terminate(): void {
    this.#closed = true;
    this.#socket.terminate();
  }

  /** The socket closed (called once, by the server's shared listener). */
  closed(): void {
    this.#closed = true;
    this.#host?.closed(this);
  }

  /** An error on the socket; `ws` closes it itself (e.g. 1009 for a frame over maxPayload). */
  socketError(error: Error): void {
    this.#logger.warn('sync: socket error', { userId: this.userId, boardId: this.boardId, error: error.message });
  }

  ping(): void {
    if (this.#socket.readyState === this.#socket.OPEN) this.#socket.ping();
  }

  /** One frame from the client. */
  receive(data: RawData, isBinary: boolean): void {
    if (this.#closed || this.room.state !== 'open') return;
    if (!isBinary) {
      this.#protocolError('text frames are not part of the protocol');
      return;
    }
    const frame = toBytes(data);
    const now = this.#now();
    if (!this.#rateLimit.admitMessage(frame.length, now)) {
      this.#logger.warn('sync: socket over its rate limit', { userId: this.userId, boardId: this.boardId });
      this.close(CLOSE_RATE_LIMITED, 'too many messages');
      return;
    }
    try {
      const message = readIncomingMessage(frame);
      const opening = message.type === 'sync-step1' && !this.#sawStep1;
      if (message.type === 'sync-step1') this.#sawStep1 = true;
      if ((message.type === 'sync-step1' || message.type === 'query-awareness') && !this.#rateLimit.admitHeavy(now, opening)) {
        this.#logger.warn('sync: socket over its sync request limit', { userId: this.userId, boardId: this.boardId });
        this.close(CLOSE_RATE_LIMITED, 'too many sync requests');
        return;
      }
      switch (message.type) {
        case 'sync-step1':
          this.room.answerStep1(this, message.stateVector);
          break;
        case 'sync-step2':
        case 'sync-update':
          this.room.receiveUpdate(this, message.update);
          break;
        case 'awareness': {
          const first = !this.#sawAwareness;
          this.#sawAwareness = true;
          this.room.presence.receive(this, message.update, first);
          break;
        }
        case 'query-awareness': {
          const snapshot = this.room.presence.snapshot();
          if (snapshot !== null) this.send(snapshot);
          break;
        }
      }
    } catch (error) {
      if (error instanceof SyncProtocolError) {
        this.#protocolError(error.message);
        return;
      }
      this.#logger.error('sync: failed to handle a message', {
        userId: this.userId,
        boardId: this.boardId,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      this.close(CLOSE_INTERNAL_ERROR, 'internal error');
    }
  }

  #protocolError(reason: string): void {
    this.#logger.warn('sync: protocol error', { userId: this.userId, boardId: this.boardId, reason });
    this.close(CLOSE_PROTOCOL_ERROR, reason.slice(0, 120));
  }
}
