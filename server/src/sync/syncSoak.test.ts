/**
 * Soak: boards and connections opened and closed in a loop must give their memory back.
 *
 * The process is wired as `main.ts` wires it (`createLiveCore`: witness, notifier, conversation,
 * sync server; `createServer` with tRPC), on a memory store, with a short idle unload so that
 * each iteration ends with the board unloaded. An iteration opens a board (the demo one, one of
 * three others, or a newly created one every tenth time), connects two stock y-websocket
 * providers and a raw protocol client, makes a few edits (a ticket each, some typing) and
 * presence, opens comment and notification streams (SSE) every third time, then disconnects
 * everything and waits until the server holds no room, no socket and no stream.
 *
 * Memory: after a warm-up, a full GC (`collectGarbage`, the trick of `bench/src/measure.ts`:
 * vitest workers have no `--expose-gc`) and `heapUsed + external` as the baseline; after the
 * loop, the same again. The allowance is 4 MiB + 16 KiB per iteration (6.3 MiB for 150): the
 * store keeps what the iterations wrote (tickets, history, bindings, boards: a few KiB each) and
 * V8's heap after a GC still moves by ~1 MiB between samples; measured growth ≈ +1 MiB. A room
 * (or a closed connection, which holds its room) kept after unload costs ≈ 0.65 MiB here — its
 * sockets' buffers, document, presence, persistence — so keeping one per iteration grows
 * ≈ +100 MiB and fails 15× over (checked with a deliberate leak, since removed). A leak below
 * ~40 KiB per iteration would pass unnoticed. Counts the server exposes (rooms, sockets, open
 * streams) must be back to zero, and Node's active handles (timers, sockets) at most the
 * baseline's.
 */
import { setFlagsFromString } from 'node:v8';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { createTicket, editText, readTicket } from '@fluxo/shared/board/index';
import type { BoardId, TicketId } from '@fluxo/shared/ids';
import { newBoardId } from '@fluxo/shared/ids';
import { userOrigin } from '@fluxo/shared/origin';
import { presenceColor } from '@fluxo/shared/sync/presence';
import { MESSAGE_SAVED } from '@fluxo/shared/sync/protocol';
import * as decoding from 'lib0/decoding';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { Authenticator } from '../auth/authenticator.js';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../auth/passwords.js';
import { hashSessionToken, newSessionToken } from '../auth/sessionTokens.js';
import { parseConfig } from '../config.js';
import { seedDemo } from '../demo/seedDemo.js';
import { createServer } from '../http.js';
import { createLiveCore } from '../liveCore.js';
import { silentLogger } from '../log.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { UserRecord } from '../store/records.js';
import { RawClient, recordingLogger, waitFor } from './testing/syncHarness.js';

const WARM_UP = 30;
const ITERATIONS = 150;
const ALLOWANCE_BYTES = 4 * 1024 * 1024 + ITERATIONS * 16 * 1024;

type Polyfill = NonNullable<NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>['WebSocketPolyfill']>;

let gc: (() => void) | null = null;
async function collectGarbage(): Promise<void> {
  if (gc === null) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  // Several rounds with turns in between: finalizers and freed buffers settle over a few passes.
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function memoryInUse(): Promise<number> {
  await collectGarbage();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

/** Node's active handles by kind (timers, sockets…), without the test's own waiting timer. */
function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

const MiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

describe('soak: opening and closing boards and connections', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it(`gives memory back after ${ITERATIONS} rounds of boards, sockets, presence and streams`, async () => {
    const staticDir = await mkdtemp(join(tmpdir(), 'fluxo-soak-dist-'));
    cleanup.push(() => rm(staticDir, { recursive: true, force: true }));
    const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test' }, { cwd: staticDir });
    const store = createMemoryStore();
    const passwords = new PasswordHasher(TEST_PASSWORD_PARAMS);
    const auth = new Authenticator({ store, passwords });
    const demo = await seedDemo(store, passwords);
    const logger = recordingLogger();
    const live = createLiveCore({ config, store, auth, logger, syncOptions: { idleUnloadMs: 10, presence: { tickMs: 20 }, closeGraceMs: 200 } });
    const server = createServer(config, store, { auth, sync: live.sync, conversation: live.conversation, logger: silentLogger, staticDir, passwords });
    const { port } = await server.listen();
    cleanup.push(async () => {
      await server.close();
      await store.close();
    });
    const origin = `http://127.0.0.1:${port}`;

    const cookies = new Map<string, string>();
    for (const user of Object.values(demo.users)) {
      const token = newSessionToken();
      await store.sessions.create({
        tokenHash: hashSessionToken(token),
        userId: user.id,
        createdAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 24 * 60 * 60_000).toISOString(),
      });
      cookies.set(user.id, `fluxo_session=${token}`);
    }
    const cookieOf = (user: UserRecord) => cookies.get(user.id) ?? '';

    const newBoard = async (): Promise<BoardId> => {
      const id = newBoardId();
      await store.boards.create({ id, agencyId: demo.agencyId, name: `Quadro ${id}`, memberIds: [demo.users.ana.id], createdAt: new Date().toISOString() });
      return id;
    };
    const boards: BoardId[] = [demo.boardId, await newBoard(), await newBoard(), await newBoard()];

    /** A stock provider as a browser tab: Cookie and Origin headers, `MESSAGE_SAVED` read. */
    const tab = (user: UserRecord, boardId: BoardId) => {
      const cookie = cookieOf(user);
      class NodeBrowserSocket extends WebSocket {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols, { headers: { Cookie: cookie, Origin: origin } });
        }
      }
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/sync`, boardId, doc, {
        WebSocketPolyfill: NodeBrowserSocket as unknown as Polyfill,
        disableBc: true,
        maxBackoffTime: 200,
      });
      let saved = 0;
      provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
        saved = Y.decodeStateVector(decoding.readTailAsUint8Array(decoder)).get(doc.clientID) ?? 0;
      };
      return { doc, provider, user, savedAll: () => saved >= Y.getState(doc.store, doc.clientID) };
    };

    /** Opens a tRPC SSE stream, waits for its first bytes, then closes it. */
    const stream = async (user: UserRecord, path: string, input: unknown): Promise<void> => {
      const abort = new AbortController();
      const response = await fetch(`${origin}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
        headers: { cookie: cookieOf(user), accept: 'text/event-stream' },
        signal: abort.signal,
      });
      expect(response.status, path).toBe(200);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const first = await reader.read();
      expect(first.done, `${path} streams`).toBe(false);
      abort.abort();
      await reader.cancel().catch(() => undefined);
    };

    let made = 0;
    const iteration = async (i: number): Promise<void> => {
      const boardId = i % 10 === 0 ? await newBoard() : (boards[i % boards.length] as BoardId);
      // Ana is a member of every board; Dora (admin) opens them all; Paulo only the demo board.
      const second = boardId === demo.boardId && i % 2 === 0 ? demo.users.paulo : demo.users.dora;
      const tabs = [tab(demo.users.ana, boardId), tab(second, boardId)];
      const raw = new RawClient(`ws://127.0.0.1:${port}/sync/${boardId}`, { Origin: origin, Cookie: cookieOf(demo.users.ana) });
      await waitFor(() => tabs.every((t) => t.provider.synced), `tabs synced (${i})`);
      await raw.load();

      const tickets: TicketId[] = [];
      for (const t of tabs) {
        tickets.push(createTicket(t.doc, { title: `Peça ${made++}`, channel: 'email' }, userOrigin(t.user.id)));
        t.provider.awareness.setLocalState({
          user: { id: t.user.id, name: t.user.name, color: presenceColor(t.user.id) },
          viewing: tickets.at(-1) ?? null,
          dragging: null,
          cursor: null,
        });
      }
      const [ana] = tabs;
      const first = tickets[0];
      if (ana === undefined || first === undefined) throw new Error('no tab');
      for (let k = 0; k < 3; k++) editText(ana.doc, { ticketId: first, field: 'summary', index: 0, deleteCount: 0, insert: `${k}` }, userOrigin(ana.user.id));
      raw.createTicket(demo.users.ana.id, `Bruto ${i}`);
      await waitFor(() => tabs.every((t) => t.savedAll()), `edits saved (${i})`);
      await waitFor(() => tabs.every((t) => readTicket(t.doc, first) !== null) && raw.messages.some((m) => m.type === 'saved'), `relayed (${i})`);
      await waitFor(() => tabs.every((t) => t.provider.awareness.getStates().size >= 2), `presence relayed (${i})`);
      if (i % 3 === 0) {
        await stream(demo.users.ana, 'comments.onTicket', { boardId, ticketId: first });
        await stream(demo.users.ana, 'notifications.onNew', undefined);
      }

      for (const t of tabs) {
        t.provider.destroy();
        t.doc.destroy();
      }
      raw.terminate();
      await waitFor(() => {
        const stats = live.sync.stats();
        return stats.rooms === 0 && stats.sockets === 0 && live.events.watching === 0;
      }, `board unloaded, sockets and streams closed (${i})`);
    };

    for (let i = 0; i < WARM_UP; i++) await iteration(i);
    const baseline = await memoryInUse();
    const baselineResources = activeResources();
    for (let i = WARM_UP; i < WARM_UP + ITERATIONS; i++) await iteration(i);
    const after = await memoryInUse();

    const growth = after - baseline;
    console.info(`soak: ${ITERATIONS} iterations, heapUsed+external ${MiB(baseline)} → ${MiB(after)} (${growth >= 0 ? '+' : ''}${MiB(growth)}, allowance ${MiB(ALLOWANCE_BYTES)})`);
    expect(live.sync.stats()).toMatchObject({ rooms: 0, sockets: 0 });
    expect(live.events.watching).toBe(0);
    expect(growth, `memory growth over ${ITERATIONS} iterations`).toBeLessThan(ALLOWANCE_BYTES);
    // Handles a closed stream or socket releases a moment after it reports closed (a keep-alive
    // timer cleared on the next turn, under a loaded CI machine later still): given a few seconds.
    const excess = (): string[] =>
      [...activeResources()].filter(([kind, count]) => count > (baselineResources.get(kind) ?? 0)).map(([kind, count]) => `${kind} ${count} (baseline ${baselineResources.get(kind) ?? 0})`);
    await expect.poll(excess, { timeout: 5_000, interval: 100 }).toEqual([]);
    expect(logger.lines.filter((line) => line.startsWith('error'))).toEqual([]);
  }, 120_000);
});
