/**
 * The frame fuzz of the reliability battery (issue 6): fuzzed WebSocket frames and Yjs messages
 * over real sockets, against the real server (`testing/syncHarness.ts`), while honest stock
 * providers keep editing. The process survives, the honest clients keep working, and the
 * document holds exactly what the server said it accepted.
 *
 * Seeds are valid frames made by the real encoders (sync step 1 / step 2, updates made by real
 * board commands on a replica of the board, awareness entries, query-awareness); a seeded `Prng`
 * mutates them: bit flips and truncations of the frame or of the Yjs update inside a well-formed
 * frame (so the Yjs decoder is reached, not only the framing), a varint ≥ 2^32 spliced in as a
 * length, duplicated and concatenated messages, random bytes, wrong message types, text frames,
 * and awareness floods (many entries, huge JSON, deep nesting, bad UTF-8, other people's ids).
 *
 * "The document is unchanged" is checked against a reference, not assumed: a mutated update may
 * by chance be a valid one, and the server may rightly accept it. Each fuzzing socket has at most
 * one update in flight: after sending a frame that the protocol parser reads as an update (step 2
 * or update), it waits for that socket's verdict — `MESSAGE_REFUSED` (nothing applied),
 * `MESSAGE_SAVED` (accepted), or the socket closing (not processed). The reference is the board
 * when the fuzz started + every update the honest providers made + every fuzz update the server
 * acknowledged. At the end the live document must equal it (state vector, delete set, board),
 * and validate strictly. A server that applied part of a refused update, or anything from a
 * frame it closed on, fails that comparison.
 *
 * Most fuzzing sockets run with raised rate limits so the frames reach the decoders rather than
 * the rate limiter; a portion runs at the default limits (one of its sockets opens with a flood
 * of valid messages, which ends 4429). 3,500 frames by default, 10,000 with `FLUXO_BATTERY_FULL=1`
 * (`FUZZ_FRAMES`).
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  archiveTicket,
  assignTicket,
  createTicket,
  editText,
  moveTicket,
  readBoard,
  readTicket,
  setStatus,
  validateBoard,
} from '@fluxo/shared/board/index';
import { Prng } from '@fluxo/shared/board/testing/prng';
import { STAGES } from '@fluxo/shared/flow/stages';
import type { TicketId, UserId } from '@fluxo/shared/ids';
import { userOrigin } from '@fluxo/shared/origin';
import { presenceColor } from '@fluxo/shared/sync/presence';
import {
  CLOSE_PROTOCOL_ERROR,
  CLOSE_RATE_LIMITED,
  CLOSE_TOO_LARGE,
  MAX_MESSAGE_BYTES,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_REFUSED,
  MESSAGE_SAVED,
} from '@fluxo/shared/sync/protocol';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { RateLimitOptions } from './socketRateLimit.js';
import { encodeUpdate } from './updateRewrite.js';
import {
  awarenessMessage,
  encodeAwarenessEntries,
  readIncomingMessage,
  syncStep1Message,
  syncStep2Message,
  syncUpdateMessage,
} from './syncMessages.js';
import { type SyncHarness, type TestProvider, startSyncHarness, waitFor } from './testing/syncHarness.js';

/**
 * Frames per part: raised limits, default limits. `FLUXO_BATTERY_FULL=1`: 10,000 together
 * (≈ 35 s on the development machine); by default 3,500 (≈ 12 s), so that every CI run fuzzes.
 */
const FULL = process.env.FLUXO_BATTERY_FULL === '1';
const FUZZ_FRAMES = FULL ? ({ raised: 8_000, normal: 2_000 } as const) : ({ raised: 2_500, normal: 1_000 } as const);
/** Per part: a loaded CI machine runs the full fuzz several times slower than an idle one. */
const PART_TIMEOUT_MS = FULL ? 900_000 : 180_000;
/** Concurrent fuzzing sockets per part. */
const LANES = 4;

/** What would betray a stack or a server path in anything a client is told. */
const LEAK = /\n\s+at |\.ts:\d+|\/(srv|home|work|tmp)\//;

const RAISED: RateLimitOptions = {
  messagesPerSecond: 1e9,
  messageBurst: 1e9,
  bytesPerSecond: 1e12,
  byteBurst: 1e12,
  heavyPerSecond: 1e9,
  heavyBurst: 1e9,
  userHeavyPerSecond: 1e9,
  userHeavyBurst: 1e9,
};

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

/** One fuzzing socket: counts what the server says, and how it ended. */
class FuzzSocket {
  readonly ws: WebSocket;
  saved = 0;
  refused: string[] = [];
  closedWith: { code: number; reason: string } | null = null;
  /** The last frames sent (to reproduce what closed it). */
  sent: Uint8Array[] = [];
  readonly opened: Promise<number | null>;
  readonly closed: Promise<void>;

  constructor(url: string, headers: Record<string, string>) {
    this.ws = new WebSocket(url, { headers, maxPayload: 64 * 1024 * 1024 });
    this.ws.on('error', () => undefined);
    this.ws.on('message', (data: Buffer) => {
      if (data[0] === MESSAGE_SAVED) this.saved++;
      else if (data[0] === MESSAGE_REFUSED) this.refused.push(data.subarray(2).toString('utf8'));
    });
    this.opened = new Promise((resolve) => {
      this.ws.once('open', () => resolve(null));
      this.ws.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
      });
      this.ws.once('close', () => resolve(-1));
    });
    this.closed = new Promise((resolve) =>
      this.ws.once('close', (code, reason) => {
        this.closedWith = { code, reason: reason.toString() };
        resolve();
      }),
    );
  }

  get open(): boolean {
    return this.closedWith === null && this.ws.readyState === WebSocket.OPEN;
  }

  /** Resolves once a `MESSAGE_SAVED` or `MESSAGE_REFUSED` beyond `before` arrived, or the socket closed. */
  verdict(before: { saved: number; refused: number }, what: string): Promise<void> {
    const done = () => this.saved > before.saved || this.refused.length > before.refused || this.closedWith !== null;
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}`));
      }, 10_000);
      const check = () => {
        if (!done()) return;
        cleanup();
        resolve();
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.ws.off('message', check);
        this.ws.off('close', check);
      };
      this.ws.on('message', check);
      this.ws.on('close', check);
    });
  }
}

/** What the fuzz saw, for the assertions and the report. */
interface Tally {
  frames: number;
  byKind: Map<string, number>;
  updateFrames: number;
  accepted: number;
  refusedReasons: Map<string, number>;
  closes: Map<number, number>;
  reasons: Set<string>;
  reconnects: number;
  upgradeRefusals: number;
  /** The frames (hex) a socket closed 1011 after: a server failure to reproduce. */
  internalErrors: string[];
}

function newTally(): Tally {
  return {
    frames: 0,
    byKind: new Map(),
    updateFrames: 0,
    accepted: 0,
    refusedReasons: new Map(),
    closes: new Map(),
    reasons: new Set(),
    reconnects: 0,
    upgradeRefusals: 0,
    internalErrors: [],
  };
}

const bump = <K>(map: Map<K, number>, key: K, by = 1): void => {
  map.set(key, (map.get(key) ?? 0) + by);
};

/** The update a change makes on `doc` (empty if it made none or a command refused it). */
function updateOf(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array | null {
  const updates: Uint8Array[] = [];
  const record = (update: Uint8Array) => updates.push(update);
  doc.on('update', record);
  try {
    change(doc);
  } catch {
    // a flow rule refused the command (a closed ticket does not move…): no update
  } finally {
    doc.off('update', record);
  }
  return updates.length === 0 ? null : Y.mergeUpdates(updates);
}

function varUint(value: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, value);
  return encoding.toUint8Array(encoder);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function flipBits(prng: Prng, bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  if (out.length === 0) return out;
  const flips = prng.int(1, 8);
  for (let i = 0; i < flips; i++) {
    const at = prng.int(0, out.length - 1);
    out[at] = (out[at] as number) ^ (1 << prng.int(0, 7));
  }
  return out;
}

function truncate(prng: Prng, bytes: Uint8Array): Uint8Array {
  return bytes.slice(0, prng.int(0, Math.max(0, bytes.length - 1)));
}

/** `bytes` with a varint ≥ 2^32 written over (or inserted at) a random position. */
function spliceHugeVarint(prng: Prng, bytes: Uint8Array): Uint8Array {
  const huge = prng.pick([
    2 ** 32,
    2 ** 32 + prng.int(0, 1_000_000),
    2 ** 40 + prng.int(0, 1_000),
    Number.MAX_SAFE_INTEGER,
  ]);
  const value =
    prng.bool(0.2)
      ? Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]) // past 2^53
      : varUint(huge);
  const at = prng.int(0, bytes.length);
  const skip = prng.bool() ? prng.int(0, 2) : 0; // overwrite the varint that was there, or insert
  return concat(bytes.subarray(0, at), value, bytes.subarray(Math.min(bytes.length, at + skip)));
}

function randomBytes(prng: Prng, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (prng.next() * 256) | 0;
  return bytes;
}

const CHANNELS = ['email', 'phone', 'whatsapp', 'meeting'] as const;
const STATUSES = ['open', 'waiting_client', 'done', 'cancelled'] as const;

/**
 * One fuzzing lane: a person, a replica of the board the seeds are made on (under its own Yjs
 * client id, re-seeded from the live board now and then so that some seeds stay applicable),
 * and the generator of frames.
 */
class Lane {
  readonly prng: Prng;
  replica = new Y.Doc();
  presenceClock = 0;
  readonly presenceId: number;

  constructor(
    seed: number,
    readonly userId: UserId,
    readonly foreignIds: () => number[],
  ) {
    this.prng = new Prng(seed);
    this.presenceId = 3_000_000 + seed;
  }

  /** The live board's state vector when the replica was made: a reconnect's step 2 is what it made since. */
  #base: Uint8Array = new Uint8Array([0]);

  reseed(state: Uint8Array): void {
    this.replica.destroy();
    this.replica = new Y.Doc();
    this.replica.clientID = this.prng.int(1, 2 ** 31);
    Y.applyUpdate(this.replica, state);
    this.#base = Y.encodeStateVector(this.replica);
  }

  #ticketIds(): TicketId[] {
    return [...this.replica.getMap('tickets').keys()] as TicketId[];
  }

  /** An update made by a real board command on the replica. */
  #commandUpdate(): Uint8Array {
    const p = this.prng;
    const origin = userOrigin(this.userId);
    const ticketId = p.maybePick(this.#ticketIds());
    const kind = ticketId === undefined ? 0 : p.int(0, 5);
    const update = updateOf(this.replica, (doc) => {
      if (ticketId === undefined || kind === 0) {
        createTicket(doc, { title: p.string(p.int(1, 40)) || 'x', channel: p.pick(CHANNELS), description: p.string(p.int(0, 200)) }, origin);
      } else if (kind === 1) {
        const ticket = readTicket(doc, ticketId);
        const field = p.pick(['title', 'summary', 'description'] as const);
        const length = ticket?.[field].length ?? 0;
        const index = p.int(0, length);
        editText(doc, { ticketId, field, index, deleteCount: Math.min(length - index, p.int(0, 3)), insert: p.string(p.int(0, 5)) }, origin);
      } else if (kind === 2) {
        moveTicket(doc, { ticketId, toStage: p.pick(STAGES) }, origin);
      } else if (kind === 3) {
        setStatus(doc, { ticketId, status: p.pick(STATUSES) }, origin);
      } else if (kind === 4) {
        assignTicket(doc, { ticketId, userId: this.userId }, origin);
      } else {
        archiveTicket(doc, { ticketId }, origin);
      }
    });
    return update ?? updateOf(this.replica, (doc) => createTicket(doc, { title: 'semente', channel: 'email' }, origin)) ?? new Uint8Array();
  }

  #presence(clientId: number, clock: number, state: string): Uint8Array {
    return awarenessMessage(encodeAwarenessEntries([{ clientId, clock, state }]));
  }

  #presenceState(extra: unknown = null): string {
    return JSON.stringify({
      user: { id: this.userId, name: 'Fuzz', color: presenceColor(this.userId) },
      viewing: null,
      dragging: null,
      cursor: extra,
    });
  }

  /** A valid frame built with the real encoders: [frame, the Yjs update inside it if any]. */
  #seed(): { frame: Uint8Array; update: Uint8Array | null; kind: string } {
    const p = this.prng;
    switch (p.int(0, 9)) {
      case 0:
        return { frame: syncStep1Message(Y.encodeStateVector(p.bool() ? this.replica : new Y.Doc())), update: null, kind: 'step1' };
      case 1: {
        const update = Y.encodeStateAsUpdate(this.replica, p.bool(0.2) ? undefined : this.#base);
        return { frame: syncStep2Message(update), update, kind: 'step2' };
      }
      case 2:
        return { frame: this.#presence(this.presenceId, ++this.presenceClock, this.#presenceState()), update: null, kind: 'awareness' };
      case 3:
        return { frame: Uint8Array.of(MESSAGE_QUERY_AWARENESS), update: null, kind: 'query' };
      default: {
        const update = this.#commandUpdate();
        return { frame: syncUpdateMessage(update), update, kind: 'update' };
      }
    }
  }

  /** The next fuzz frame: `text` frames are sent as text. */
  next(): Frame {
    const p = this.prng;
    const seed = this.#seed();
    const reframe = (payload: Uint8Array): Uint8Array =>
      seed.kind === 'step2' ? syncStep2Message(payload) : seed.kind === 'step1' ? syncStep1Message(payload) : syncUpdateMessage(payload);
    const inner = seed.update ?? (seed.kind === 'step1' ? Y.encodeStateVector(this.replica) : null);
    const frame = (bytes: Uint8Array, kind: string, copies = 1): Frame => ({ bytes, text: false, kind, copies });
    const roll = p.int(0, 99);
    if (roll < 8) return frame(seed.frame, `valid-${seed.kind}`);
    if (roll < 20) return frame(flipBits(p, seed.frame), 'bitflip-frame');
    if (roll < 36 && inner !== null) return frame(reframe(flipBits(p, inner)), 'bitflip-payload');
    if (roll < 42) return frame(truncate(p, seed.frame), 'truncate-frame');
    if (roll < 52 && inner !== null) return frame(reframe(truncate(p, inner)), 'truncate-payload');
    if (roll < 56) return frame(spliceHugeVarint(p, seed.frame), 'huge-varint-frame');
    if (roll < 62 && inner !== null) return frame(reframe(spliceHugeVarint(p, inner)), 'huge-varint-payload');
    if (roll < 65) return frame(concat(seed.frame, seed.frame), 'duplicate-in-frame');
    if (roll < 67) return frame(seed.frame, 'sent-twice', 2);
    if (roll < 69 && inner !== null) return frame(reframe(concat(inner, inner)), 'duplicate-payload');
    if (roll < 72) return frame(concat(seed.frame, this.#seed().frame), 'concatenated');
    if (roll < 77) {
      const length = p.bool(0.05) ? p.int(10_000, 200_000) : p.int(0, 64);
      const bytes = randomBytes(p, length);
      if (length > 0 && p.bool(0.6)) bytes[0] = p.int(0, 1); // past the type check more often
      return frame(bytes, 'random');
    }
    if (roll < 80) {
      const bytes = seed.frame.slice();
      if (bytes.length > 0) bytes[0] = p.pick([2, 4, 5, 99, 100, 101, 127, 128, 255]);
      if (bytes.length > 1 && p.bool()) bytes[1] = p.int(0, 255);
      return frame(bytes, 'wrong-type');
    }
    if (roll < 81) return { bytes: seed.frame, text: true, kind: 'text-frame', copies: 1 };
    if (roll < 82) return frame(p.bool(0.3) ? randomBytes(p, MAX_MESSAGE_BYTES + p.int(1, 1000)) : new Uint8Array(0), 'size-edge');
    return this.#awareness();
  }

  /** Awareness floods and oddities. */
  #awareness(): Frame {
    const p = this.prng;
    const frame = (bytes: Uint8Array, kind: string): Frame => ({ bytes, text: false, kind, copies: 1 });
    switch (p.int(0, 6)) {
      case 0: {
        // Many entries: random ids and clocks, mostly honest-looking states, some removals.
        const count = p.int(100, 3_000);
        const entries = Array.from({ length: count }, () => ({
          clientId: p.int(0, 2 ** 32 - 1),
          clock: p.int(0, 2 ** 32),
          state: p.bool(0.2) ? 'null' : this.#presenceState(),
        }));
        return frame(awarenessMessage(encodeAwarenessEntries(entries)), 'awareness-flood');
      }
      case 1: {
        // Huge JSON: one state of up to ~900 KB.
        const big = JSON.stringify({ ...JSON.parse(this.#presenceState()), junk: 'x'.repeat(p.int(4_000, 900_000)) });
        return frame(this.#presence(this.presenceId, ++this.presenceClock, big), 'awareness-huge');
      }
      case 2: {
        const levels = p.pick([8, 9, 64, 1_900, 5_000, 100_000]);
        const nested = p.bool() ? `${'['.repeat(levels)}${']'.repeat(levels)}` : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
        const state = this.#presenceState().replace('"cursor":null', `"cursor":${nested}`);
        return frame(this.#presence(this.presenceId, ++this.presenceClock, state), 'awareness-deep');
      }
      case 3: {
        // Bad UTF-8 in a state.
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, 1);
        encoding.writeVarUint(encoder, this.presenceId);
        encoding.writeVarUint(encoder, ++this.presenceClock);
        encoding.writeVarUint8Array(encoder, Uint8Array.of(0x7b, 0xff, 0xfe, 0xc0, 0x7d));
        return frame(awarenessMessage(encoding.toUint8Array(encoder)), 'awareness-bad-utf8');
      }
      case 4: {
        // Someone else's ids: the honest providers', the server's. Claims and removals.
        const victim = p.maybePick(this.foreignIds()) ?? 1;
        return frame(this.#presence(victim, p.int(0, 2 ** 32), p.bool() ? 'null' : this.#presenceState()), 'awareness-foreign');
      }
      case 5: {
        // Not JSON, or JSON of the wrong shape.
        const state = p.pick(['{', '[]', '"x"', '1e999', '{"user":null}', '{"user":{"id":1}}', p.string(p.int(0, 50))]);
        return frame(this.#presence(this.presenceId, ++this.presenceClock, state), 'awareness-junk');
      }
      default: {
        // A count that promises more entries than there are.
        const valid = encodeAwarenessEntries([{ clientId: this.presenceId, clock: ++this.presenceClock, state: this.#presenceState() }]);
        return frame(awarenessMessage(concat(varUint(p.pick([2, 1_000, 2 ** 32, 2 ** 50])), valid.subarray(1))), 'awareness-count');
      }
    }
  }
}

/** A fuzz frame; `copies`: sent that many times in a row (each counts as a frame). */
interface Frame {
  readonly bytes: Uint8Array;
  /** Sent as a text frame. */
  readonly text: boolean;
  readonly kind: string;
  readonly copies: number;
}

/** Whether the server's own parser reads `bytes` as a step 2 or update: a frame with a verdict. */
function carriesUpdate(bytes: Uint8Array): Uint8Array | null {
  if (bytes.length > MAX_MESSAGE_BYTES) return null;
  try {
    const message = readIncomingMessage(bytes);
    return message.type === 'sync-step2' || message.type === 'sync-update' ? message.update.slice() : null;
  } catch {
    return null;
  }
}

interface Honest {
  ana: TestProvider;
  paulo: TestProvider;
  /** Every update the honest providers made themselves. */
  updates: Uint8Array[];
  /** Tickets Ana made during the fuzz. */
  made: string[];
}

async function honestClients(h: SyncHarness): Promise<Honest> {
  const { demo } = h;
  const ana = await h.provider(demo.users.ana);
  const paulo = await h.provider(demo.users.paulo);
  const updates: Uint8Array[] = [];
  for (const p of [ana, paulo]) {
    p.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== p.provider) updates.push(update);
    });
  }
  await waitFor(() => ana.provider.synced && paulo.provider.synced, 'honest providers synced');
  ana.present();
  paulo.present();
  for (let i = 0; i < 4; i++) createTicket(ana.doc, { title: `Peça honesta ${i}`, channel: 'email', description: 'Briefing' }, userOrigin(demo.users.ana.id));
  await waitFor(() => readBoard(paulo.doc).tickets.length === 4 && ana.savedAll(), 'honest tickets at Paulo');
  return { ana, paulo, updates, made: [] };
}

/** The heap in use after a full collection (`gc` made reachable for this measurement only). */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

const liveState = (h: SyncHarness): Promise<Uint8Array> => h.sync.withBoardDoc(h.demo.boardId, (doc) => Y.encodeStateAsUpdate(doc));

/** Runs `total` fuzz frames over `LANES` sockets; Ana keeps editing meanwhile. */
async function fuzz(
  h: SyncHarness,
  honest: Honest,
  total: number,
  seedBase: number,
  flood: boolean,
  tally: Tally,
  accepted: Uint8Array[],
): Promise<void> {
  const { demo } = h;
  const fuzzers = [demo.users.dora, demo.users.dora, demo.users.dora, demo.users.paulo];
  const cookies = await Promise.all(fuzzers.map((u) => h.cookieFor(u)));
  const foreignIds = () => [honest.ana.doc.clientID, honest.paulo.doc.clientID, honest.ana.provider.awareness.clientID];
  let sent = 0;
  let stopHonest = false;

  // The honest side: Ana keeps making tickets and typing while the fuzz runs.
  const honestLoop = (async () => {
    let i = 0;
    let id: TicketId | null = null;
    while (!stopHonest) {
      if (i % 5 === 0) {
        id = createTicket(honest.ana.doc, { title: `Durante o fuzz ${seedBase}.${i}`, channel: 'phone' }, userOrigin(demo.users.ana.id));
        honest.made.push(id);
      } else if (id !== null) {
        editText(honest.ana.doc, { ticketId: id, field: 'summary', index: 0, deleteCount: 0, insert: 'ok ' }, userOrigin(demo.users.ana.id));
      }
      i++;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();

  const lane = async (index: number): Promise<void> => {
    const person = fuzzers[index % fuzzers.length]!;
    const headers = { Cookie: cookies[index % cookies.length]!, Origin: h.origin };
    const gen = new Lane(seedBase + index, person.id, foreignIds);
    gen.reseed(await liveState(h));
    let socket: FuzzSocket | null = null;
    let laneFrames = 0;
    const settle = async (s: FuzzSocket): Promise<void> => {
      await s.closed;
      const { code, reason } = s.closedWith!;
      bump(tally.closes, code);
      tally.reasons.add(reason);
      if (code === 1011) tally.internalErrors.push(s.sent.map((f) => Buffer.from(f).toString('hex')).join(' '));
    };
    const connect = async (): Promise<FuzzSocket> => {
      for (;;) {
        const s = new FuzzSocket(`${h.wsUrl}/sync/${demo.boardId}`, headers);
        const status = await s.opened;
        if (status === null) return s;
        tally.upgradeRefusals++;
        expect(status, 'an upgrade refused for another reason than the address limits').toBe(429);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    };
    for (;;) {
      if (sent >= total) break;
      sent++; // taken before any wait, so that the lanes together send exactly `total`
      if (socket === null || !socket.open) {
        if (socket !== null) {
          await settle(socket);
          tally.reconnects++;
        }
        socket = await connect();
      }
      if (laneFrames > 0 && laneFrames % 100 === 0) gen.reseed(await liveState(h));
      // At the default limits, one lane opens with a flood of valid messages: past the burst.
      const f: Frame = flood && laneFrames === 0 && index === 0 ? { bytes: awarenessMessage(encodeAwarenessEntries([])), text: false, kind: 'message-flood', copies: 520 } : gen.next();
      const copies = Math.min(f.copies, 1 + total - sent);
      sent += copies - 1;
      laneFrames++;
      tally.frames += copies;
      bump(tally.byKind, f.kind, copies);
      const s: FuzzSocket = socket;
      for (let copy = 0; copy < copies; copy++) {
        if (!s.open) break;
        const update = f.text ? null : carriesUpdate(f.bytes);
        const before = { saved: s.saved, refused: s.refused.length };
        s.ws.send(f.text ? Buffer.from(f.bytes).toString('latin1') : f.bytes, { binary: !f.text });
        if (!f.text) s.sent = [...s.sent.slice(-2), f.bytes];
        if (update === null) continue;
        tally.updateFrames++;
        await s.verdict(before, `the verdict on a ${f.kind} frame`);
        if (s.saved > before.saved) {
          tally.accepted++;
          accepted.push(update);
        } else if (s.refused.length > before.refused) {
          bump(tally.refusedReasons, s.refused.at(-1) ?? '?');
        }
      }
    }
    if (socket !== null) {
      socket.ws.close();
      await settle(socket);
    }
    gen.replica.destroy();
  };

  await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i)));
  stopHonest = true;
  await honestLoop;
}

/** The board documents are equal: clocks, deletions, content. */
function expectSameDoc(live: Y.Doc, reference: Y.Doc): void {
  expect(Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(live)))).toEqual(
    Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(reference))),
  );
  expect(Y.equalDeleteSets(Y.createDeleteSetFromStructStore(live.store), Y.createDeleteSetFromStructStore(reference.store))).toBe(true);
  expect(readBoard(live)).toEqual(readBoard(reference));
  expect(live.getMap('tickets').toJSON()).toEqual(reference.getMap('tickets').toJSON());
}

function report(part: string, tally: Tally, ms: number, heap: { before: number; after: number }): void {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;
  // The battery's figures (issue 6): printed so a run shows them.
  console.info(
    `[frame fuzz: ${part}] ${tally.frames} frames in ${(ms / 1000).toFixed(1)} s; ` +
      `${tally.updateFrames} update frames: ${tally.accepted} accepted, refused ${JSON.stringify(Object.fromEntries(tally.refusedReasons))}; ` +
      `closes ${JSON.stringify(Object.fromEntries(tally.closes))}; reconnects ${tally.reconnects}, upgrades refused ${tally.upgradeRefusals}; ` +
      `heap after GC ${mb(heap.before)} → ${mb(heap.after)}; kinds ${JSON.stringify(Object.fromEntries(tally.byKind))}`,
  );
}

async function battery(part: 'raised' | 'normal', options: Parameters<typeof startSyncHarness>[0], seedBase: number): Promise<Tally> {
  h = await startSyncHarness({ keepAliveMs: 60_000, ...options });
  const honest = await honestClients(h);
  const initial = await liveState(h);
  const accepted: Uint8Array[] = [];
  const tally = newTally();
  const heapBefore = heapAfterGc();
  const started = performance.now();
  await fuzz(h, honest, FUZZ_FRAMES[part], seedBase, part === 'normal', tally, accepted);
  const ms = performance.now() - started;

  // The honest clients kept working: never closed, everything Ana made reached Paulo and is saved.
  const { ana, paulo } = honest;
  await waitFor(
    () => ana.savedAll() && paulo.savedAll() && honest.made.every((id) => readTicket(paulo.doc, id) !== null),
    'the honest edits everywhere and saved',
    10_000,
  );
  expect(ana.closes).toEqual([]);
  expect(paulo.closes).toEqual([]);
  expect(honest.made.length).toBeGreaterThan(0);
  // Ana's presence survived the floods and the removals in her name.
  expect(paulo.provider.awareness.getStates().get(ana.provider.awareness.clientID)?.user?.id).toBe(h.demo.users.ana.id);

  // A bystander that joins now syncs, and sees a fresh edit.
  const bystander = await h.provider(h.demo.users.dora);
  bystander.doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== bystander.provider) honest.updates.push(update);
  });
  await waitFor(() => bystander.provider.synced, 'the bystander synced', 10_000);
  const fresh = createTicket(paulo.doc, { title: 'Depois do fuzz', channel: 'email' }, userOrigin(h.demo.users.paulo.id));
  await waitFor(() => readTicket(bystander.doc, fresh)?.title === 'Depois do fuzz' && paulo.savedAll(), 'the fresh edit at the bystander');
  const mine = createTicket(bystander.doc, { title: 'Do espectador', channel: 'email' }, userOrigin(h.demo.users.dora.id));
  await waitFor(() => readTicket(ana.doc, mine) !== null && bystander.savedAll(), 'the bystander’s edit at Ana');

  // The document is exactly: the start + the honest updates + the fuzz updates it acknowledged.
  const reference = new Y.Doc();
  Y.applyUpdate(reference, initial);
  for (const update of honest.updates) Y.applyUpdate(reference, update);
  for (const update of accepted) Y.applyUpdate(reference, update);
  const live = new Y.Doc();
  Y.applyUpdate(live, await liveState(h));
  expectSameDoc(live, reference);
  expect(await h.sync.withBoardDoc(h.demo.boardId, (doc) => validateBoard(doc, { strict: true }))).toEqual([]);
  expect(readBoard(bystander.doc)).toEqual(readBoard(live));

  // The process is sane: only the three honest sockets left, one room, nothing cut for not reading.
  await waitFor(() => h!.sync.stats().sockets === 3, 'the fuzzing sockets gone on the server');
  expect(h.sync.stats()).toMatchObject({ rooms: 1, sockets: 3, stalledCut: 0 });
  const heapAfter = heapAfterGc();
  expect(heapAfter).toBeLessThan(heapBefore + 64 * 1024 * 1024);

  // Every socket ended the way the protocol says; no close reason carries a stack or a path.
  expect(tally.internalErrors, 'the frames (hex) after which a socket closed 1011').toEqual([]);
  expect(h.logger.lines.filter((line) => line.startsWith('error'))).toEqual([]);
  for (const code of tally.closes.keys()) expect([1000, 1005, CLOSE_TOO_LARGE, CLOSE_PROTOCOL_ERROR, CLOSE_RATE_LIMITED]).toContain(code);
  for (const reason of tally.reasons) expect(reason).not.toMatch(LEAK);
  report(part, tally, ms, { before: heapBefore, after: heapAfter });
  return tally;
}

describe('sync frames under fuzz', () => {
  it(`${FUZZ_FRAMES.raised} fuzzed frames with raised rate limits: the decoders hold, the document holds only what was acknowledged`, async () => {
    const tally = await battery('raised', { rateLimit: RAISED, upgradeRate: { perSecond: 1e9, burst: 1e9 } }, 9_100);
    expect(tally.frames).toBe(FUZZ_FRAMES.raised);
    // The fuzz reached the decoders: refusals of each kind the gate gives, and protocol closes.
    expect(tally.refusedReasons.get('malformed') ?? 0).toBeGreaterThan(0);
    expect(tally.closes.get(CLOSE_PROTOCOL_ERROR) ?? 0).toBeGreaterThan(0);
    expect(tally.closes.get(CLOSE_RATE_LIMITED) ?? 0).toBe(0);
  }, PART_TIMEOUT_MS);

  it(`${FUZZ_FRAMES.normal} fuzzed frames at the default rate limits`, async () => {
    const tally = await battery('normal', {}, 9_200);
    expect(tally.frames).toBe(FUZZ_FRAMES.normal);
    // Here floods meet the limiter (4429); the rest still reaches the decoders.
    expect(tally.closes.get(CLOSE_RATE_LIMITED) ?? 0).toBeGreaterThan(0);
    expect(tally.closes.get(CLOSE_PROTOCOL_ERROR) ?? 0).toBeGreaterThan(0);
  }, PART_TIMEOUT_MS);
});

/** `bytes` with the first occurrence of `from` (ASCII) replaced by `to`, of the same length. */
function replaceAscii(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const needle = Buffer.from(from, 'latin1');
  const at = Buffer.from(bytes).indexOf(needle);
  if (at < 0 || to.length !== from.length) throw new Error(`no ${from} in the bytes`);
  const out = bytes.slice();
  out.set(Buffer.from(to, 'latin1'), at);
  return out;
}

describe('sync frames the fuzz found', () => {
  it('refuses a re-sent update whose old items name another root: decoding it made that root on the live board', async () => {
    // Found by the fuzz: a bit flip turned `tickets` into `ticKets` in an update the server
    // already had. Its items were old, so the gate skipped them and accepted the update as
    // "nothing new"; but Yjs, decoding it into the live document, calls `doc.get(name)` for
    // every item's root — even the ones it then skips — and the live board got a root type
    // `ticKets` (strict validation: "unknown root type"). Any name, any length: memory a
    // member could grow without bound while the board stays loaded.
    h = await startSyncHarness();
    const { demo } = h;
    const raw = await h.raw(demo.users.ana);
    await raw.load();
    raw.createTicket(demo.users.ana.id, 'Campanha de inverno');
    await raw.next('saved');
    const update = Y.encodeStateAsUpdate(raw.doc, Y.encodeStateVector(new Y.Doc()));
    const roots = () => h!.sync.withBoardDoc(demo.boardId, (doc) => [...doc.share.keys()].sort());
    const before = await roots();
    for (const forged of [replaceAscii(update, 'tickets', 'ticKets'), replaceAscii(update, 'tickets', 'x'.repeat(7))]) {
      const mark = raw.messages.length;
      raw.ws.send(syncStep2Message(forged));
      expect((await raw.next('refused', mark)).reason).toBe('invalid_board');
    }
    expect(await roots()).toEqual(before);
    expect(await h.sync.withBoardDoc(demo.boardId, (doc) => validateBoard(doc, { strict: true }))).toEqual([]);
    // The honest re-send is still fine.
    const mark = raw.messages.length;
    raw.ws.send(syncStep2Message(update));
    await raw.next('saved', mark);
  });
});

describe('sync frames the fuzz found: a re-sent update with a broken reference', () => {
  it('refuses it: Yjs resolved the references of items it already had and threw half-way into the live board', async () => {
    // Found by the fuzz: a whole-board step 2 was accepted, then the same bytes came again with
    // one bit flipped in the parent of an item the server now had (1593497588:285, parent
    // 1593497588:1300 — past the author's clock). Every item old, the gate judged it "typing
    // nothing" and accepted it without a copy; but Yjs looks up each item's references before
    // it skips those it has, and takes a reference to the item's own author on trust:
    // `Y.applyUpdate` on the live document threw (TypeError in `findIndexSS`), the socket
    // closed 1011, and whatever Yjs had done before the throw stayed.
    h = await startSyncHarness();
    const { demo } = h;
    const raw = await h.raw(demo.users.ana);
    await raw.load();
    raw.createTicket(demo.users.ana.id, 'Post de lançamento');
    await raw.next('saved');
    const whole = Y.encodeStateAsUpdate(raw.doc);
    const { structs, ds } = Y.decodeUpdate(whole);
    const mine = structs.filter((s): s is Y.Item => s instanceof Y.Item && s.id.client === raw.doc.clientID && s.parent instanceof Y.ID);
    const victim = mine.at(-1);
    if (victim === undefined) throw new Error('no item with a parent id');
    const reach = Y.getState(raw.doc.store, raw.doc.clientID);
    victim.parent = Y.createID(raw.doc.clientID, reach + 73);
    const deletions = new Map([...ds.clients].map(([client, ranges]) => [client, ranges.map((r) => [r.clock, r.clock + r.len] as [number, number])]));
    const forged = encodeUpdate(structs, deletions);
    const before = await liveState(h);
    const mark = raw.messages.length;
    raw.ws.send(syncStep2Message(forged));
    expect((await raw.next('refused', mark)).reason).toBe('incomplete');
    const live = new Y.Doc();
    Y.applyUpdate(live, await liveState(h));
    const was = new Y.Doc();
    Y.applyUpdate(was, before);
    expectSameDoc(live, was);
    expect(await h.sync.withBoardDoc(demo.boardId, (doc) => doc.store.pendingStructs)).toBeNull();
    expect(h.logger.lines.filter((line) => line.startsWith('error'))).toEqual([]);
    // The socket stays open, and the honest re-send is still taken.
    const mark2 = raw.messages.length;
    raw.ws.send(syncStep2Message(whole));
    await raw.next('saved', mark2);
  });
});
