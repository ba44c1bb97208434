/**
 * The load generator's clients: bare WebSocket connections (`frameSocket.ts`) speaking the
 * y-websocket protocol with the y-protocols message layouts (written with lib0) — not 500 full
 * providers, so that the benchmark process spends its time reading sockets, not merging
 * documents, and what is measured is the server.
 *
 * - `ViewerClient`: a board tab that watches. Against Fluxo it does what the stock client does
 *   on connect: sync step 1 with an empty state vector, answers the server's step 1 with an
 *   empty step 2, and can publish a presence state (awareness). It never builds a document; it
 *   only notes when a document update arrives. Against the relay it sends nothing.
 * - `EditorClient`: a tab that types. It holds a real `Y.Doc` replica, synced with the server
 *   (step 2 applied), makes real edits with the shared board commands (`editText`), sends each
 *   update, and resolves each edit's promise when a `MESSAGE_SAVED` covers it. Updates other
 *   tabs make are not applied (the edits stay valid: inserting at the start of a text never needs
 *   the newest state), so fifty of them cost the generator little.
 *
 * Sockets are spread over loopback addresses 127.0.0.2… (at most `SOCKETS_PER_ADDRESS` each): the
 * server caps sockets per client address, and hundreds of people come from many addresses.
 */
import { type TicketId, type UserId, editText, userOrigin } from '@fluxo/shared';
import { presenceColor } from '@fluxo/shared/sync/presence';
import { MESSAGE_AWARENESS, MESSAGE_REFUSED, MESSAGE_SAVED, MESSAGE_SYNC } from '@fluxo/shared/sync/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { FrameSocket } from './frameSocket.js';
import * as Y from 'yjs';

export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;
export const SOCKETS_PER_ADDRESS = 200;
const CONNECT_TIMEOUT_MS = 30_000;

export interface Endpoint {
  /** `ws://127.0.0.1:<port>/sync/<boardId>` */
  readonly url: string;
  /** Cookie and Origin for Fluxo; nothing for the relay. */
  readonly headers: Readonly<Record<string, string>>;
  /** Whether the server speaks Fluxo's protocol (sync handshake, acks) or only relays. */
  readonly fluxo: boolean;
}

/** The loopback address the `index`-th socket binds to. */
export function loopbackAddress(index: number): string {
  return `127.0.0.${2 + Math.floor(index / SOCKETS_PER_ADDRESS)}`;
}

export function openSocket(endpoint: Endpoint, index: number): Promise<FrameSocket> {
  return FrameSocket.open({
    url: endpoint.url,
    headers: endpoint.headers,
    localAddress: loopbackAddress(index),
    timeoutMs: CONNECT_TIMEOUT_MS,
  });
}

function syncMessage(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());

/** One awareness entry (y-protocols layout) wrapped in a `MESSAGE_AWARENESS` frame. */
export function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  return encoding.toUint8Array(encoder);
}

/** Where a frame from the server belongs; reads only the first bytes. */
function frameKind(frame: Buffer): 'step1' | 'step2' | 'update' | 'awareness' | 'saved' | 'refused' | 'other' {
  const type = frame[0];
  if (type === MESSAGE_SYNC) {
    const sub = frame[1];
    return sub === SYNC_STEP1 ? 'step1' : sub === SYNC_STEP2 ? 'step2' : sub === SYNC_UPDATE ? 'update' : 'other';
  }
  if (type === MESSAGE_AWARENESS) return 'awareness';
  if (type === MESSAGE_SAVED) return 'saved';
  if (type === MESSAGE_REFUSED) return 'refused';
  return 'other';
}

/** `promise`, or an error if the socket closes first or time runs out. */
async function settleWithin(promise: Promise<void>, socket: FrameSocket, what: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const failed = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
    void socket.closed.then((code) => reject(new Error(`${what}: the socket closed (${code})`)));
  });
  failed.catch(() => undefined);
  try {
    await Promise.race([promise, failed]);
  } finally {
    clearTimeout(timer);
  }
}

function randomClientId(): number {
  return Math.floor(Math.random() * 0xffffffff) >>> 0;
}

export class ViewerClient {
  readonly ws: FrameSocket;
  readonly clientId = randomClientId();
  /** Resolves once the server's sync step 2 arrived (Fluxo) or at once (relay). */
  readonly synced: Promise<void>;
  /** Called with every document update frame. Set by the measurement. */
  onUpdate: ((frame: Buffer) => void) | null = null;
  updates = 0;
  awarenessFrames = 0;
  #awarenessClock = 0;

  private constructor(ws: FrameSocket, fluxo: boolean) {
    this.ws = ws;
    let markSynced: () => void = () => undefined;
    this.synced = fluxo ? new Promise((resolve) => (markSynced = resolve)) : Promise.resolve();
    ws.onMessage = (data: Buffer) => {
      switch (frameKind(data)) {
        case 'update':
          this.updates++;
          this.onUpdate?.(data);
          break;
        case 'step1':
          ws.send(syncMessage(SYNC_STEP2, EMPTY_UPDATE));
          break;
        case 'step2':
          markSynced();
          break;
        case 'awareness':
          this.awarenessFrames++;
          break;
        default:
          break;
      }
    };
    if (fluxo) ws.send(syncMessage(SYNC_STEP1, EMPTY_STATE_VECTOR));
  }

  static async connect(endpoint: Endpoint, index: number): Promise<ViewerClient> {
    const client = new ViewerClient(await openSocket(endpoint, index), endpoint.fluxo);
    await settleWithin(client.synced, client.ws, `viewer ${index}: no sync step 2 from the server`);
    return client;
  }

  /** Publishes (or updates) this tab's presence: who it is and which ticket it looks at. */
  publishPresence(user: { id: UserId; name: string }, viewing: TicketId | null): void {
    this.#awarenessClock++;
    const state = {
      user: { id: user.id, name: user.name, color: presenceColor(user.id) },
      viewing,
      dragging: null,
      cursor: null,
    };
    this.ws.send(awarenessFrame(this.clientId, this.#awarenessClock, state));
  }

  get closedWith(): number | null {
    return this.ws.closedWith;
  }

  close(): void {
    this.ws.close();
  }
}

interface PendingAck {
  readonly clock: number;
  readonly sentAt: number;
  readonly resolve: (ackedAt: number) => void;
}

export class EditorClient {
  readonly ws: FrameSocket;
  readonly doc: Y.Doc;
  readonly fluxo: boolean;
  readonly #user: UserId;
  readonly #pending: PendingAck[] = [];
  refused = 0;

  private constructor(ws: FrameSocket, doc: Y.Doc, user: UserId, fluxo: boolean) {
    this.ws = ws;
    this.doc = doc;
    this.fluxo = fluxo;
    this.#user = user;
    void ws.closed.then(() => {
      for (const pending of this.#pending.splice(0)) pending.resolve(Number.NaN);
    });
  }

  /**
   * Connects and syncs: Fluxo sends its state (step 2, applied here) and asks for ours; against
   * the relay, `doc` must already hold the board (it is only used to make realistic edits).
   */
  static async connect(endpoint: Endpoint, index: number, user: UserId, doc = new Y.Doc()): Promise<EditorClient> {
    const ws = await openSocket(endpoint, index);
    const client = new EditorClient(ws, doc, user, endpoint.fluxo);
    if (!endpoint.fluxo) {
      ws.onMessage = () => undefined;
      return client;
    }
    const synced = new Promise<void>((resolve) => {
      ws.onMessage = (data: Buffer) => {
        const kind = frameKind(data);
        if (kind === 'step2' || kind === 'step1') {
          const decoder = decoding.createDecoder(data);
          decoding.readVarUint(decoder);
          decoding.readVarUint(decoder);
          const payload = decoding.readVarUint8Array(decoder);
          if (kind === 'step2') {
            Y.applyUpdate(doc, payload, 'server');
            resolve();
          } else {
            ws.send(syncMessage(SYNC_STEP2, Y.encodeStateAsUpdate(doc, payload)));
          }
        } else if (kind === 'saved') client.#onSaved(data);
        else if (kind === 'refused') client.refused++;
      };
      ws.send(syncMessage(SYNC_STEP1, Y.encodeStateVector(doc)));
    });
    await settleWithin(synced, ws, `editor ${index}: no sync step 2 from the server`);
    return client;
  }

  #onSaved(frame: Buffer): void {
    const decoder = decoding.createDecoder(frame);
    decoding.readVarUint(decoder);
    const saved = Y.decodeStateVector(decoding.readTailAsUint8Array(decoder)).get(this.doc.clientID) ?? 0;
    const now = performance.now();
    while (this.#pending.length > 0 && (this.#pending[0] as PendingAck).clock <= saved) {
      (this.#pending.shift() as PendingAck).resolve(now);
    }
  }

  /**
   * Types `text` at the start of a ticket's description (a real `editText`), sends the update,
   * and returns when it was sent and — against Fluxo — a promise of when it was saved (NaN if
   * the socket closed first). The text travels in the update as UTF-8, so a distinct text lets
   * receivers recognise this very update.
   */
  type(ticketId: TicketId, text = 'x'): { sentAt: number; saved: Promise<number> } {
    return this.change((doc, origin) => editText(doc, { ticketId, field: 'description', index: 0, insert: text }, origin));
  }

  /**
   * Runs a board command on the replica (with this person's origin), sends the update it made,
   * and returns when it was sent and — against Fluxo — a promise of when it was saved (NaN if
   * the socket closed first).
   */
  change(command: (doc: Y.Doc, origin: ReturnType<typeof userOrigin>) => void): { sentAt: number; saved: Promise<number> } {
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array, origin: unknown): void => {
      if (origin !== 'server') update = u;
    };
    this.doc.on('update', capture);
    command(this.doc, userOrigin(this.#user));
    this.doc.off('update', capture);
    if (update === null) throw new Error('the edit produced no update');
    const clock = Y.getState(this.doc.store, this.doc.clientID);
    const sentAt = performance.now();
    this.ws.send(syncMessage(SYNC_UPDATE, update));
    if (!this.fluxo) return { sentAt, saved: Promise.resolve(Number.NaN) };
    const saved = new Promise<number>((resolve) => this.#pending.push({ clock, sentAt, resolve }));
    return { sentAt, saved };
  }

  get closedWith(): number | null {
    return this.ws.closedWith;
  }

  close(): void {
    this.ws.close();
  }
}

/** Connects `count` clients, a few at a time (a burst of 500 handshakes is not what is measured). */
export async function connectMany<T>(count: number, connect: (index: number) => Promise<T>, parallel = 25): Promise<T[]> {
  const clients: T[] = new Array(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      clients[index] = await connect(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return clients;
}
