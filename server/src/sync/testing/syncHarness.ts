/**
 * Test support for the sync server: the real HTTP server on port 0 with a `SyncServer` (memory
 * store, demo agency, fast password hashing), signed-in cookies, the stock `y-websocket`
 * provider wired for Node (a `ws` subclass that adds `Cookie` and `Origin`), and a raw protocol
 * client for what the stock client never sends.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTicket } from '@fluxo/shared/board/index';
import type { BoardId, UserId } from '@fluxo/shared/ids';
import { newBoardId } from '@fluxo/shared/ids';
import { userOrigin } from '@fluxo/shared/origin';
import { presenceColor } from '@fluxo/shared/sync/presence';
import {
  MESSAGE_AWARENESS,
  MESSAGE_REFUSED,
  MESSAGE_SAVED,
  MESSAGE_SYNC,
} from '@fluxo/shared/sync/protocol';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type DoneGuard, createDoneGuard } from '../../approvals/doneGuard.js';
import { Authenticator } from '../../auth/authenticator.js';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../../auth/passwords.js';
import { hashSessionToken, newSessionToken } from '../../auth/sessionTokens.js';
import { type Config, parseConfig } from '../../config.js';
import { type DemoSeed, seedDemo } from '../../demo/seedDemo.js';
import { type FluxoServer, createServer } from '../../http.js';
import { type Logger, silentLogger } from '../../log.js';
import { createMemoryStore } from '../../store/memoryStore.js';
import type { UserRecord } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import type { AcceptedChange, BoardWitness } from '../../witness/boardChange.js';
import { SyncServer, type SyncServerOptions } from '../syncServer.js';
import { SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE, syncStep1Message, syncUpdateMessage } from '../syncMessages.js';

export async function waitFor(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A witness that records every change it is given. */
export class RecordingWitness implements BoardWitness {
  readonly changes: AcceptedChange[] = [];
  constructor(readonly also?: (change: AcceptedChange, doc: Y.Doc) => void | Promise<void>) {}
  async witness(change: AcceptedChange, doc: Y.Doc): Promise<void> {
    this.changes.push(change);
    await this.also?.(change, doc);
  }
}

/** A logger that keeps its lines, for asserting on warnings. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  };
  return { lines, info: keep('info'), warn: keep('warn'), error: keep('error') };
}

type Polyfill = NonNullable<NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>['WebSocketPolyfill']>;

export interface SyncHarness {
  readonly store: Store;
  readonly config: Config;
  readonly auth: Authenticator;
  readonly demo: DemoSeed;
  readonly sync: SyncServer;
  readonly server: FluxoServer;
  readonly witness: RecordingWitness;
  /** "Done needs approval", as the live server wires it (`approvals/doneGuard.ts`). */
  readonly doneGuard: DoneGuard;
  readonly logger: Logger & { lines: string[] };
  /** `ws://127.0.0.1:<port>` */
  readonly wsUrl: string;
  /** The page origin the browser would send. */
  readonly origin: string;
  /** A `Cookie` header value for a fresh session of `user`. */
  cookieFor(user: UserRecord): Promise<string>;
  /** A stock provider for `user` on `boardId` (default: the demo board), with a counted socket. */
  provider(user: UserRecord, options?: ProviderOptions): Promise<TestProvider>;
  /** A raw protocol client. */
  raw(user: UserRecord | null, options?: { boardId?: string; origin?: string; cookie?: string }): Promise<RawClient>;
  /** A board of the demo agency whose only member is `member`. */
  privateBoard(member: UserRecord): Promise<BoardId>;
  stop(): Promise<void>;
}

export interface ProviderOptions {
  readonly boardId?: BoardId;
  readonly connect?: boolean;
  readonly cookie?: string;
}

export interface TestProvider {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly user: UserRecord;
  /** Every `MESSAGE_SAVED` state vector received. */
  readonly saved: Map<number, number>[];
  readonly refused: string[];
  /** Incoming messages by type (0 sync, 1 awareness, 100 saved, 101 refused). */
  readonly received: Map<number, number>;
  /** Close events of the provider's sockets. */
  readonly closes: number[];
  /** Whether everything this replica made is on disk, per the last `MESSAGE_SAVED`. */
  savedAll(): boolean;
  /** Sets a valid presence state. */
  present(viewing?: string | null): void;
  destroy(): void;
}

export async function startSyncHarness(options: Partial<SyncServerOptions> = {}): Promise<SyncHarness> {
  const staticDir = await mkdtemp(join(tmpdir(), 'fluxo-sync-dist-'));
  const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test' }, { cwd: staticDir });
  const store = createMemoryStore();
  const passwords = new PasswordHasher(TEST_PASSWORD_PARAMS);
  const auth = new Authenticator({ store, passwords });
  const demo = await seedDemo(store, passwords);
  const witness = options.witness instanceof RecordingWitness ? options.witness : new RecordingWitness();
  const logger = recordingLogger();
  const doneGuard = options.doneGuard ?? createDoneGuard({ store });
  const sync = new SyncServer({
    config,
    store,
    auth,
    logger,
    witness,
    doneGuard,
    idleUnloadMs: 200,
    presence: { tickMs: 20 },
    closeGraceMs: 200,
    ...options,
  });
  const server = createServer(config, store, { auth, sync, logger: silentLogger, staticDir, passwords });
  const { port } = await server.listen();
  const wsUrl = `ws://127.0.0.1:${port}`;
  const origin = `http://127.0.0.1:${port}`;
  const providers: TestProvider[] = [];
  const raws: RawClient[] = [];

  const cookieFor = async (user: UserRecord): Promise<string> => {
    const token = newSessionToken();
    const now = Date.now();
    await store.sessions.create({
      tokenHash: hashSessionToken(token),
      userId: user.id,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 24 * 60 * 60_000).toISOString(),
    });
    return `fluxo_session=${token}`;
  };

  return {
    store,
    config,
    auth,
    demo,
    sync,
    server,
    witness,
    doneGuard,
    logger,
    wsUrl,
    origin,
    cookieFor,
    async provider(user, providerOptions = {}) {
      const cookie = providerOptions.cookie ?? (await cookieFor(user));
      const received = new Map<number, number>();
      const closes: number[] = [];
      class NodeBrowserSocket extends WebSocket {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols, { headers: { Cookie: cookie, Origin: origin } });
          this.on('message', (data: Buffer) => {
            const type = data[0] ?? -1;
            received.set(type, (received.get(type) ?? 0) + 1);
          });
          this.on('close', (code: number) => closes.push(code));
        }
      }
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(`${wsUrl}/sync`, providerOptions.boardId ?? demo.boardId, doc, {
        WebSocketPolyfill: NodeBrowserSocket as unknown as Polyfill,
        disableBc: true,
        connect: providerOptions.connect ?? true,
        maxBackoffTime: 200,
      });
      const saved: Map<number, number>[] = [];
      const refused: string[] = [];
      provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
        saved.push(Y.decodeStateVector(decoding.readTailAsUint8Array(decoder)));
      };
      provider.messageHandlers[MESSAGE_REFUSED] = (_encoder, decoder) => {
        refused.push(decoding.readVarString(decoder));
      };
      const test: TestProvider = {
        doc,
        provider,
        user,
        saved,
        refused,
        received,
        closes,
        savedAll() {
          const last = saved.at(-1);
          const mine = Y.getState(doc.store, doc.clientID);
          return mine === 0 || (last !== undefined && (last.get(doc.clientID) ?? 0) >= mine);
        },
        present(viewing = null) {
          provider.awareness.setLocalState({
            user: { id: user.id, name: user.name, color: presenceColor(user.id) },
            viewing,
            dragging: null,
            cursor: null,
          });
        },
        destroy() {
          provider.destroy();
          doc.destroy();
        },
      };
      providers.push(test);
      return test;
    },
    async raw(user, rawOptions = {}) {
      const cookie = rawOptions.cookie ?? (user === null ? undefined : await cookieFor(user));
      const headers: Record<string, string> = { Origin: rawOptions.origin ?? origin };
      if (cookie !== undefined) headers.Cookie = cookie;
      const client = new RawClient(`${wsUrl}/sync/${rawOptions.boardId ?? demo.boardId}`, headers);
      raws.push(client);
      return client;
    },
    async privateBoard(member) {
      const id = newBoardId();
      await store.boards.create({
        id,
        agencyId: demo.agencyId,
        name: 'Quadro da diretoria',
        memberIds: [member.id],
        createdAt: new Date().toISOString(),
      });
      return id;
    },
    async stop() {
      for (const p of providers) p.destroy();
      for (const r of raws) r.terminate();
      await server.close();
      await store.close();
      await rm(staticDir, { recursive: true, force: true });
    },
  };
}

/** One decoded server message. */
export type ServerMessage =
  | { type: 'sync-step1' | 'sync-step2' | 'sync-update'; payload: Uint8Array }
  | { type: 'awareness'; payload: Uint8Array }
  | { type: 'saved'; clocks: Map<number, number> }
  | { type: 'refused'; reason: string };

export function decodeServerMessage(bytes: Uint8Array): ServerMessage {
  const decoder = decoding.createDecoder(bytes);
  const type = decoding.readVarUint(decoder);
  if (type === MESSAGE_SYNC) {
    const syncType = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    const name = syncType === SYNC_STEP1 ? 'sync-step1' : syncType === SYNC_STEP2 ? 'sync-step2' : syncType === SYNC_UPDATE ? 'sync-update' : null;
    if (name === null) throw new Error(`unknown sync type ${syncType}`);
    return { type: name, payload };
  }
  if (type === MESSAGE_AWARENESS) return { type: 'awareness', payload: decoding.readVarUint8Array(decoder) };
  if (type === MESSAGE_SAVED) return { type: 'saved', clocks: Y.decodeStateVector(decoding.readTailAsUint8Array(decoder)) };
  if (type === MESSAGE_REFUSED) return { type: 'refused', reason: decoding.readVarString(decoder) };
  throw new Error(`unknown message type ${type}`);
}

/**
 * A hand-driven protocol client: sends exactly the frames a test writes, keeps every message,
 * and can hold a replica of the board (`load()`, then `send(change)`).
 */
export class RawClient {
  readonly ws: WebSocket;
  readonly messages: ServerMessage[] = [];
  readonly doc = new Y.Doc();
  /** Resolves with the status when the upgrade is refused, or null once open. */
  readonly opened: Promise<number | null>;
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(url: string, headers: Record<string, string>) {
    this.ws = new WebSocket(url, { headers });
    this.ws.on('error', () => undefined);
    this.ws.on('message', (data: Buffer) => {
      const message = decodeServerMessage(new Uint8Array(data));
      this.messages.push(message);
      if (message.type === 'sync-step2' || message.type === 'sync-update') Y.applyUpdate(this.doc, message.payload, 'server');
    });
    this.opened = new Promise((resolve) => {
      this.ws.once('open', () => resolve(null));
      this.ws.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
      });
    });
    this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Sends step 1 and waits for the board (step 2). */
  async load(): Promise<void> {
    if ((await this.opened) !== null) throw new Error('not open');
    const count = this.messages.length;
    this.ws.send(syncStep1Message(Y.encodeStateVector(this.doc)));
    await waitFor(() => this.messages.slice(count).some((m) => m.type === 'sync-step2'), 'sync step 2');
  }

  /** Makes `change` on the replica and sends the update it produced; returns it. */
  change(change: (doc: Y.Doc) => void): Uint8Array {
    const updates: Uint8Array[] = [];
    const record = (update: Uint8Array, origin: unknown) => {
      if (origin !== 'server') updates.push(update);
    };
    this.doc.on('update', record);
    change(this.doc);
    this.doc.off('update', record);
    const update = Y.mergeUpdates(updates);
    this.ws.send(syncUpdateMessage(update));
    return update;
  }

  /** Opens a ticket as `userId` on the replica and sends it. */
  createTicket(userId: UserId, title = 'Banner da campanha de desconto'): string {
    let id = '';
    this.change((doc) => {
      id = createTicket(doc, { title, channel: 'email' }, userOrigin(userId));
    });
    return id;
  }

  async next<T extends ServerMessage['type']>(type: T, after = 0): Promise<Extract<ServerMessage, { type: T }>> {
    await waitFor(() => this.messages.slice(after).some((m) => m.type === type), `a ${type} message`);
    return this.messages.slice(after).find((m) => m.type === type) as Extract<ServerMessage, { type: T }>;
  }

  terminate(): void {
    this.ws.terminate();
    this.doc.destroy();
  }
}
