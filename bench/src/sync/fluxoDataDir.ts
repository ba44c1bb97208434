/**
 * A Fluxo data directory for the sync benchmarks, made with the server's own store API: the demo
 * agency (`seedDemo` + `fillDemoBoard`, the pt-BR demo of DESIGN.md §4) and, beside the demo
 * board, a second board of 10,000 tickets (`boardFixture.ts`) whose members are the demo staff.
 * The store is closed again (releasing the data-dir lock) before the server process opens it.
 *
 * Also: a free TCP port to give the server (so that `PUBLIC_URL` is known before it starts, and
 * the `Origin` the clients send is the server's own), and `login`, the tRPC `auth.login` call
 * the SPA makes, returning the session cookie the sync sockets present.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BoardId, type UserId, newBoardId } from '@fluxo/shared';
import { z } from 'zod';
import { PasswordHasher } from '../../../server/src/auth/passwords.js';
import { fillDemoBoard } from '../../../server/src/demo/demoBoard.js';
import { DEMO_PASSWORD, seedDemo } from '../../../server/src/demo/seedDemo.js';
import { openLowdbStore } from '../../../server/src/store/lowdbStore.js';
import { buildBoardFixture } from '../boardFixture.js';

export interface FluxoData {
  readonly dataDir: string;
  readonly demoBoardId: BoardId;
  /** The 10,000-ticket board (null when not asked for). */
  readonly bigBoardId: BoardId | null;
  readonly email: string;
  readonly password: string;
  /** A copy of the directory, for a second server process (each takes its own lock). */
  copy(): Promise<string>;
  remove(): Promise<void>;
}

export async function prepareFluxoData(options: { bigBoardTickets?: number } = {}): Promise<FluxoData> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fluxo-bench-data-'));
  const copies: string[] = [];
  const store = await openLowdbStore(dataDir);
  let bigBoardId: BoardId | null = null;
  let demoBoardId: BoardId;
  try {
    const seed = await seedDemo(store, new PasswordHasher(), { fillBoard: (doc, demo) => fillDemoBoard(doc, demo) });
    demoBoardId = seed.boardId;
    if (options.bigBoardTickets !== undefined) {
      const { ana, paulo, dora } = seed.users;
      const fixture = buildBoardFixture(options.bigBoardTickets);
      bigBoardId = newBoardId();
      await store.boards.create({
        id: bigBoardId,
        agencyId: seed.agencyId,
        name: `Quadro grande (${options.bigBoardTickets} demandas)`,
        memberIds: [ana.id, paulo.id, dora.id],
        wipLimits: {},
        createdAt: new Date().toISOString(),
      });
      await store.boardDocs.replace(bigBoardId, fixture.state);
    }
  } finally {
    await store.close();
  }
  return {
    dataDir,
    demoBoardId,
    bigBoardId,
    email: 'ana@demo.fluxo',
    password: DEMO_PASSWORD,
    async copy() {
      const target = await mkdtemp(join(tmpdir(), 'fluxo-bench-data-'));
      await cp(dataDir, target, { recursive: true });
      copies.push(target);
      return target;
    },
    async remove() {
      for (const dir of [dataDir, ...copies]) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** The environment for a Fluxo server process on `port`, serving `dataDir`. */
export function fluxoEnv(dataDir: string, port: number): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    NODE_ENV: 'production',
  };
}

const loginAnswerSchema = z.object({ result: z.object({ data: z.object({ id: z.string() }) }) });

export interface Session {
  readonly cookie: string;
  readonly userId: UserId;
}

/** `auth.login` as the SPA calls it; returns the session cookie (`name=value`) and the user. */
export async function login(baseUrl: string, email: string, password: string): Promise<Session> {
  const response = await fetch(`${baseUrl}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`auth.login answered ${response.status}: ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.includes('fluxo_session='));
  if (cookie === undefined) throw new Error('auth.login set no session cookie');
  const { result } = loginAnswerSchema.parse(await response.json());
  return { cookie: cookie.split(';')[0] as string, userId: result.data.id as UserId };
}
