/**
 * Acknowledged means on disk: the real server process (`src/main.ts` under tsx, as `pnpm start`
 * runs it) is killed with SIGKILL at a random moment while three writers (Ana, Paulo, Dora)
 * create, move and type into tickets every 5–20 ms and post comments through tRPC, then
 * restarted on the same DATA_DIR: 8 times in a row, 20 (the issue's battery) with
 * `FLUXO_BATTERY_FULL=1` — a run costs ~2 s, mostly the restart (tsx loading the server's
 * modules), so the full count would add ~45 s to every test run.
 *
 * After each restart a **fresh** replica (never the writers' providers: they would re-send what
 * the server lost and hide it) must hold, for every writer, at least the clock its last
 * `MESSAGE_SAVED` acknowledged and exactly the writer's state at an op boundary; every ticket of
 * earlier runs unchanged; every saved ticket numbered (no number twice) with one `created`
 * history entry — the witness's turn comes after the ack, so tickets whose turn the kill took are
 * caught up when the board loads (`boardRoom.ts`); every acknowledged comment; and the store must
 * open whole (fluxo.json, board log, owners, history, conversation log). The seed is random per
 * run of the file and printed on failure; `FLUXO_DURABILITY_SEED=<n>` replays its choices (the
 * kill moments stay at the mercy of timing).
 *
 * The process is `node --import tsx main.ts`, not the `tsx` CLI: the CLI runs the script in a
 * child process and cannot pass SIGKILL on, so killing it would leave the server running.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Ticket, createTicket, editText, moveTicket, readTicket, setTicketNumber } from '@fluxo/shared/board/index';
import { Prng } from '@fluxo/shared/board/testing/prng';
import { commentViewSchema } from '@fluxo/shared/conversation/comment';
import { allowedTargets } from '@fluxo/shared/flow/rules';
import { type UserId, boardIdSchema, userIdSchema } from '@fluxo/shared/ids';
import { newHistoryEntryId } from '@fluxo/shared/history/historyEntry';
import { serverOrigin, userOrigin } from '@fluxo/shared/origin';
import { MESSAGE_SAVED } from '@fluxo/shared/sync/protocol';
import * as decoding from 'lib0/decoding';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { z } from 'zod';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../auth/passwords.js';
import { seedDemo } from '../demo/seedDemo.js';
import { silentLogger } from '../log.js';
import { createMemoryStore } from '../store/memoryStore.js';
import { createWitness } from '../witness/witness.js';
import { type SyncHarness, startSyncHarness, waitFor } from './testing/syncHarness.js';

const TSX_LOADER = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

type Polyfill = NonNullable<NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>['WebSocketPolyfill']>;

const RUNS = process.env.FLUXO_BATTERY_FULL === '1' ? 20 : 8;
const SEED = Number(process.env.FLUXO_DURABILITY_SEED ?? Math.floor(Math.random() * 2 ** 31));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A tRPC answer that is not 200: the server was alive and said no. */
class TrpcRefusal extends Error {}

function trpcData(body: unknown): unknown {
  return z.object({ result: z.object({ data: z.unknown() }) }).parse(body).result.data;
}

/** Plain HTTP to the tRPC endpoint (no client library: the process under test is all there is). */
function trpcClient(base: string, cookie: string) {
  const answer = async (response: Response, path: string): Promise<unknown> => {
    const text = await response.text();
    if (response.status !== 200) throw new TrpcRefusal(`${path} → ${response.status} ${text.slice(0, 300)}`);
    return trpcData(JSON.parse(text));
  };
  return {
    async query(path: string, input?: unknown): Promise<unknown> {
      const search = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
      return answer(await fetch(`${base}/trpc/${path}${search}`, { headers: { cookie } }), path);
    },
    async mutation(path: string, input: unknown): Promise<unknown> {
      const response = await fetch(`${base}/trpc/${path}`, {
        method: 'POST',
        headers: { cookie, origin: base, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      return answer(response, path);
    },
  };
}

type TicketState = Omit<Ticket, 'number'>;
const withoutNumber = ({ number: _number, ...rest }: Ticket): TicketState => rest;

/** One command a writer made: its replica's clock right after it, and the ticket as it left it. */
interface Op {
  readonly end: number;
  readonly ticketId: string;
  readonly after: TicketState;
}

interface AckedComment {
  readonly ticketId: string;
  readonly id: string;
  readonly body: string;
}

interface EstablishedTicket {
  readonly state: TicketState;
  readonly number: number;
}

interface Person {
  readonly name: string;
  readonly cookie: string;
  readonly userId: UserId;
}

type Connection = ReturnType<typeof connect>;

const TEXT_ALPHABET = 'abcdefghijklmnopqrstuvwxyz çãéАБВ';

/**
 * A person editing on an open loop (every 5–20 ms, whatever the server answers), only the
 * tickets they created in this run, so the state each op leaves is known exactly. Every op
 * writes at least one struct (no delete-only edits), so the replica's clock orders them.
 */
class Writer {
  readonly ops: Op[] = [];
  readonly tickets: string[] = [];
  /** The writer's clock in the last `MESSAGE_SAVED` read once the server was dead. */
  acked = 0;
  failure: string | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  #created = 0;
  #comments: Promise<AckedComment | null>[] = [];
  #postComment: ((ticketId: string, body: string, visibility: 'internal' | 'client') => Promise<unknown>) | null = null;

  constructor(
    readonly person: Person,
    readonly connection: Connection,
    readonly prng: Prng,
    readonly run: number,
    readonly index: number,
  ) {}

  get clientId(): number {
    return this.connection.doc.clientID;
  }

  start(postComment: (ticketId: string, body: string, visibility: 'internal' | 'client') => Promise<unknown>): void {
    this.#postComment = postComment;
    this.#tick();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  /** The comments whose `comments.create` answered 200 (the others died with the server). */
  async settleComments(): Promise<AckedComment[]> {
    return (await Promise.all(this.#comments)).filter((c): c is AckedComment => c !== null);
  }

  /** The ticket as the writer left it after its last op at or below `clock`, or null if none. */
  stateAt(ticketId: string, clock: number): TicketState | null {
    let state: TicketState | null = null;
    for (const op of this.ops) if (op.ticketId === ticketId && op.end <= clock) state = op.after;
    return state;
  }

  #tick(): void {
    if (this.#stopped) return;
    try {
      this.#act();
    } catch (error) {
      this.failure = error instanceof Error ? error.message : String(error);
      return;
    }
    this.#timer = setTimeout(() => this.#tick(), this.prng.int(5, 20));
  }

  #act(): void {
    const { doc } = this.connection;
    const as = userOrigin(this.person.userId);
    const roll = this.prng.next();
    if (this.tickets.length === 0 || roll < 0.25) {
      const id = createTicket(doc, { title: `${this.person.name} ${this.run}.${this.#created++}`, channel: 'email' }, as);
      this.tickets.push(id);
      return this.#record(id);
    }
    const ticketId = this.prng.pick(this.tickets);
    const ticket = readTicket(doc, ticketId);
    if (ticket === null) throw new Error(`own ticket ${ticketId} unreadable`);
    if (roll < 0.45) {
      moveTicket(doc, { ticketId, toStage: this.prng.pick(allowedTargets(ticket.stage, ticket.status)) }, as);
      return this.#record(ticketId);
    }
    if (roll < 0.93) {
      let field = this.prng.pick(['title', 'summary', 'description'] as const);
      if (field === 'title' && ticket.title.length > 150) field = 'summary';
      const text = ticket[field];
      const index = this.prng.int(0, text.length);
      const deleteCount = field === 'title' ? 0 : this.prng.int(0, Math.min(3, text.length - index));
      const insert = this.prng.string(this.prng.int(1, 6), TEXT_ALPHABET);
      editText(doc, { ticketId, field, index, deleteCount, insert }, as);
      return this.#record(ticketId);
    }
    // A comment, once the ticket's creation is acknowledged (the server must know the ticket).
    const creation = this.ops.find((op) => op.ticketId === ticketId)?.end ?? Number.POSITIVE_INFINITY;
    if ((this.connection.saved()?.get(this.clientId) ?? 0) < creation || this.#comments.length >= 12 || this.#postComment === null) return;
    const body = `nota ${this.run}.${this.index}.${this.#comments.length} ${this.prng.string(6, 'abcdefghijklmnopqrstuvwxyz')}`;
    this.#comments.push(
      this.#postComment(ticketId, body, this.prng.bool() ? 'internal' : 'client').then(
        (answer) => {
          const { id, body: saved } = commentViewSchema.parse(answer);
          return { ticketId, id, body: saved ?? '' };
        },
        (error: unknown) => {
          // A refusal from a living server is a failure; a connection the kill cut is not an ack.
          if (error instanceof TrpcRefusal) this.failure = error.message;
          return null;
        },
      ),
    );
  }

  #record(ticketId: string): void {
    const { doc } = this.connection;
    const end = Y.getState(doc.store, doc.clientID);
    if (end <= (this.ops.at(-1)?.end ?? 0)) throw new Error(`an op on ${ticketId} wrote no struct`);
    const after = readTicket(doc, ticketId);
    if (after === null) throw new Error(`own ticket ${ticketId} unreadable after an op`);
    this.ops.push({ end, ticketId, after: withoutNumber(after) });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port'));
      probe.close(() => resolve(address.port));
    });
  });
}

interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<unknown>;
  output(): string;
}

async function startProcess(dataDir: string, port: number): Promise<Running> {
  let log = '';
  const child = spawn(process.execPath, ['--import', TSX_LOADER, MAIN], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      FLUXO_DEMO: '1',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`fluxo exited with ${child.exitCode}:\n${log}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`fluxo did not start:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, exited, output: () => log };
}

function connect(port: number, boardId: string, cookie: string): { doc: Y.Doc; provider: WebsocketProvider; saved: () => Map<number, number> | undefined } {
  const origin = `http://127.0.0.1:${port}`;
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
  let last: Map<number, number> | undefined;
  provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
    last = Y.decodeStateVector(decoding.readTailAsUint8Array(decoder));
  };
  return { doc, provider, saved: () => last };
}

describe('durability of acknowledged edits', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it(`keeps every acknowledged edit and comment of 3 writers across ${RUNS} kill -9 at random moments`, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'fluxo-kill9-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let running = await startProcess(dataDir, port);
    cleanup.push(async () => {
      if (running.child.exitCode === null) running.child.kill('SIGKILL');
    });

    const people = await Promise.all(
      (['ana', 'paulo', 'dora'] as const).map(async (name) => {
        const login = await fetch(`${base}/trpc/auth.login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: base },
          body: JSON.stringify({ email: `${name}@demo.fluxo`, password: 'fluxo-demo' }),
        });
        expect(login.status).toBe(200);
        const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
        const { id } = z.object({ id: userIdSchema }).parse(trpcData(await login.json()));
        return { name, cookie, userId: id };
      }),
    );
    const [ana] = people;
    if (ana === undefined) throw new Error('no demo staff');
    const api = (person: { cookie: string }) => trpcClient(base, person.cookie);
    const boards = z.array(z.object({ id: boardIdSchema })).parse(await api(ana).query('boards.list'));
    const boardId = boards[0]?.id ?? '';
    expect(boardId).toMatch(/^[0-9A-Za-z]{16}$/);

    /** What the fresh reader saw after earlier restarts: it must never go back. */
    const established = new Map<string, EstablishedTicket>();
    const ackedComments: AckedComment[] = [];
    const totals = { ops: 0, acknowledgedOps: 0, unsavedOps: 0, comments: 0, restartMs: 0 };
    for (let run = 0; run < RUNS; run++) {
      const prng = new Prng(SEED + run * 7919);
      const context = `run ${run} (FLUXO_DURABILITY_SEED=${SEED})`;
      try {
        const writers = people.map((person, index) => new Writer(person, connect(port, boardId, person.cookie), new Prng(prng.int(1, 2 ** 31)), run, index));
        await waitFor(() => writers.every((w) => w.connection.provider.synced), `writers synced in ${context}`, 15_000);
        for (const writer of writers) writer.start((ticketId, body, visibility) => api(writer.person).mutation('comments.create', { boardId, ticketId, body, visibility }));

        // Kill while writes are in flight: the writers keep going until the process is gone.
        await sleep(prng.int(40, 700));
        running.child.kill('SIGKILL');
        for (const writer of writers) writer.stop();
        await running.exited;
        // Every frame the server sent before it died is read before the sockets report closing.
        await waitFor(() => writers.every((w) => !w.connection.provider.wsconnected), `sockets closed in ${context}`, 5_000);
        for (const writer of writers) {
          writer.acked = writer.connection.saved()?.get(writer.clientId) ?? 0;
          expect(writer.failure, `${writer.person.name}'s own commands, ${context}`).toBeNull();
        }
        const comments = (await Promise.all(writers.map((w) => w.settleComments()))).flat();
        ackedComments.push(...comments);
        // Never the writers' providers again: they would re-send what the server lost.
        for (const writer of writers) {
          writer.connection.provider.destroy();
          writer.connection.doc.destroy();
        }

        const restartStart = performance.now();
        running = await startProcess(dataDir, port);
        totals.restartMs += performance.now() - restartStart;

        // A fresh replica that writes nothing reads what the restarted server has.
        const reader = connect(port, boardId, ana.cookie);
        await waitFor(() => reader.provider.synced, `fresh reader synced in ${context}`, 15_000);
        // Tickets of earlier runs: nobody touched them since; their content and numbers stay.
        for (const [ticketId, before] of established) {
          const found = readTicket(reader.doc, ticketId);
          expect(found === null ? null : withoutNumber(found), `earlier ticket ${ticketId}, ${context}`).toEqual(before.state);
          expect(found?.number, `number of ${ticketId}, ${context}`).toBe(before.number);
        }
        let unsaved = 0;
        const savedNow = new Map<string, TicketState>();
        for (const writer of writers) {
          const onDisk = Y.getState(reader.doc.store, writer.clientId);
          expect(onDisk, `${writer.person.name}: acknowledged clock, ${context}`).toBeGreaterThanOrEqual(writer.acked);
          // Each op is one update and the server applies whole updates: the disk holds a prefix of ops.
          expect(onDisk === 0 || writer.ops.some((op) => op.end === onDisk), `${writer.person.name}: clock ${onDisk} is an op boundary, ${context}`).toBe(true);
          unsaved += writer.ops.filter((op) => op.end > onDisk).length;
          for (const ticketId of writer.tickets) {
            const expected = writer.stateAt(ticketId, onDisk);
            const found = readTicket(reader.doc, ticketId);
            if (expected === null) {
              expect(found, `${ticketId} was never saved, ${context}`).toBeNull();
              continue;
            }
            expect(found === null ? null : withoutNumber(found), `${writer.person.name}'s ticket ${ticketId}, ${context}`).toEqual(expected);
            savedNow.set(ticketId, expected);
          }
        }
        // Every saved ticket gets its number, even one whose witness turn the kill took (caught up
        // at load), and a number is never given twice.
        await waitFor(
          () => [...savedNow.keys()].every((id) => typeof readTicket(reader.doc, id)?.number === 'number'),
          `every saved ticket numbered in ${context}`,
          15_000,
        );
        for (const [ticketId, state] of savedNow) established.set(ticketId, { state, number: readTicket(reader.doc, ticketId)?.number ?? 0 });
        const numbers = [...established.values()].map((t) => t.number);
        expect(new Set(numbers).size, `distinct ticket numbers, ${context}`).toBe(numbers.length);
        reader.provider.destroy();
        reader.doc.destroy();

        // The rest of the store opens: fluxo.json (boards.get), the history log, the conversation log.
        expect(z.object({ id: boardIdSchema }).parse(await api(ana).query('boards.get', { boardId })).id).toBe(boardId);
        // The number lands before the witness's history append is durable: poll for the entry.
        for (const ticketId of savedNow.keys()) {
          const createdEntries = async () =>
            z
              .array(z.object({ kind: z.string() }))
              .parse(await api(ana).query('tickets.history', { boardId, ticketId }))
              .filter((entry) => entry.kind === 'created').length;
          const deadline = Date.now() + 10_000;
          let count = await createdEntries();
          while (count === 0 && Date.now() < deadline) {
            await sleep(20);
            count = await createdEntries();
          }
          expect(count, `the created entries of ${ticketId}, ${context}`).toBe(1);
        }
        z.object({ items: z.array(z.unknown()) }).parse(await api(ana).query('notifications.list'));
        const byTicket = new Map<string, AckedComment[]>();
        for (const comment of ackedComments) byTicket.set(comment.ticketId, [...(byTicket.get(comment.ticketId) ?? []), comment]);
        for (const [ticketId, acked] of byTicket) {
          const listed = z.object({ comments: z.array(commentViewSchema) }).parse(await api(ana).query('comments.list', { boardId, ticketId }));
          for (const comment of acked) {
            expect(listed.comments.find((c) => c.id === comment.id)?.body, `acknowledged comment ${comment.id}, ${context}`).toBe(comment.body);
          }
        }
        for (const writer of writers) {
          totals.ops += writer.ops.length;
          totals.acknowledgedOps += writer.ops.filter((op) => op.end <= writer.acked).length;
        }
        totals.unsavedOps += unsaved;
        totals.comments += comments.length;
      } catch (error) {
        throw new Error(`${context}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
    console.info(
      `durability (seed ${SEED}): ${RUNS} kills, ${totals.ops} ops of which ${totals.acknowledgedOps} acknowledged (all kept) and ${totals.unsavedOps} never saved, ` +
        `${totals.comments} acknowledged comments (all kept), ${established.size} tickets kept, restart ${Math.round(totals.restartMs / RUNS)} ms on average`,
    );
    expect(ackedComments.length, 'the runs acknowledged comments').toBeGreaterThan(0);
    expect(established.size, 'the runs saved tickets').toBeGreaterThan(RUNS);
    running.child.kill('SIGTERM');
    await running.exited;
  }, 180_000);
});

describe('tickets the witness missed before a hard stop', () => {
  let h: SyncHarness | null = null;
  afterEach(async () => {
    await h?.stop();
    h = null;
  });

  it('the witness writes a number only once the history naming it is durable', async () => {
    const store = createMemoryStore();
    const demo = await seedDemo(store, new PasswordHasher(TEST_PASSWORD_PARAMS));
    const doc = new Y.Doc();
    const ticketId = createTicket(doc, { title: 'Numerado depois', channel: 'email' }, userOrigin(demo.users.ana.id));
    const ticket = readTicket(doc, ticketId);
    if (ticket === null) throw new Error('no ticket');
    let release = () => undefined as void;
    const append = store.history.append.bind(store.history);
    store.history.append = async (entries) => {
      await new Promise<void>((resolve) => (release = resolve));
      return append(entries);
    };
    const witnessed = createWitness({ store, logger: silentLogger }).witness(
      { agencyId: demo.agencyId, boardId: demo.boardId, author: demo.users.ana.id, at: new Date(), tickets: [{ before: null, after: ticket }] },
      doc,
    );
    await sleep(50);
    expect(readTicket(doc, ticketId)?.number).toBeNull();
    release();
    await witnessed;
    const number = readTicket(doc, ticketId)?.number;
    expect(number).toEqual(expect.any(Number));
    expect(await store.history.listForTicket(demo.boardId, ticketId)).toEqual([expect.objectContaining({ kind: 'created', ticketNumber: number })]);
    await store.close();
  });

  it('are caught up when their board loads: witnessed as created, or given the number their entry names', async () => {
    h = await startSyncHarness();
    const { demo, store } = h;
    const ana = userOrigin(demo.users.ana.id);
    const paulo = userOrigin(demo.users.paulo.id);
    // The stored board as a kill -9 leaves it: acknowledged tickets the witness never finished.
    const doc = new Y.Doc();
    const missed = createTicket(doc, { title: 'Criado antes da queda', channel: 'email' }, ana);
    moveTicket(doc, { ticketId: missed, toStage: 'analysis' }, ana);
    const historyOnly = createTicket(doc, { title: 'Histórico sem número', channel: 'phone' }, paulo);
    const oldEntryOnly = createTicket(doc, { title: 'Entrada sem número', channel: 'phone' }, paulo);
    const witnessed = createTicket(doc, { title: 'Já testemunhado', channel: 'email' }, paulo);
    setTicketNumber(doc, { ticketId: witnessed, number: 7 }, serverOrigin('witness'));
    const byEmail = createTicket(doc, { title: 'Chegou por e-mail', channel: 'email' }, serverOrigin('email'));
    await store.boardDocs.append(demo.boardId, Y.encodeStateAsUpdate(doc));
    const createdEntry = (ticketId: string, number: number | null) => {
      const ticket = readTicket(doc, ticketId);
      if (ticket === null) throw new Error('no ticket');
      return {
        id: newHistoryEntryId(),
        kind: 'created' as const,
        boardId: demo.boardId,
        ticketId: ticket.id,
        ticketNumber: number,
        at: ticket.createdAt,
        author: demo.users.paulo.id,
        stage: ticket.stage,
        status: ticket.status,
        channel: ticket.channel,
        clientId: null,
      };
    };
    await store.history.append([createdEntry(historyOnly, 9), createdEntry(oldEntryOnly, null), createdEntry(witnessed, 7)]);

    const reader = await h.provider(demo.users.dora);
    await waitFor(() => reader.provider.synced && h!.witness.changes.length >= 2 && readTicket(reader.doc, historyOnly)?.number === 9, 'the missed tickets caught up');
    await sleep(200); // nothing else comes
    const changes = h.witness.changes;
    expect(changes).toHaveLength(2);
    const of = (id: string) => changes.find((c) => c.tickets[0]?.after.id === id);
    expect(of(missed)).toMatchObject({ author: demo.users.ana.id, at: new Date(readTicket(doc, missed)?.createdAt ?? 0), boardId: demo.boardId });
    expect(of(missed)?.tickets).toEqual([{ before: null, after: expect.objectContaining({ id: missed, stage: 'analysis', number: null }) }]);
    // An entry from before entries carried numbers: only numbered, by the witness.
    expect(of(oldEntryOnly)?.author).toBe(demo.users.paulo.id);
    expect(of(oldEntryOnly)?.tickets[0]?.before).toEqual(of(oldEntryOnly)?.tickets[0]?.after);
    // The number the entry names, without the witness; the witnessed ticket and the one the
    // server made (the mail path redoes its own) are left alone.
    expect(of(historyOnly)).toBeUndefined();
    expect(of(witnessed)).toBeUndefined();
    expect(of(byEmail)).toBeUndefined();
    expect(readTicket(reader.doc, witnessed)?.number).toBe(7);
    doc.destroy();
  });
});
