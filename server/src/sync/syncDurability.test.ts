/**
 * Acknowledged means on disk: the real server process (`src/main.ts` under tsx, as `pnpm start`
 * runs it) is killed with SIGKILL right after `MESSAGE_SAVED` arrives, restarted on the same
 * DATA_DIR, and every acknowledged edit of every round must be there.
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
import { editText, createTicket, moveTicket, readTicket } from '@fluxo/shared/board/index';
import type { UserId } from '@fluxo/shared/ids';
import { userOrigin } from '@fluxo/shared/origin';
import { MESSAGE_SAVED } from '@fluxo/shared/sync/protocol';
import * as decoding from 'lib0/decoding';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { waitFor } from './testing/syncHarness.js';

const TSX_LOADER = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

type Polyfill = NonNullable<NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>['WebSocketPolyfill']>;

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

  it('keeps every acknowledged edit across kill -9 and restart, round after round', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'fluxo-kill9-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    let running = await startProcess(dataDir, port);
    cleanup.push(async () => {
      if (running.child.exitCode === null) running.child.kill('SIGKILL');
    });

    const login = await fetch(`http://127.0.0.1:${port}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ana@demo.fluxo', password: 'fluxo-demo' }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const body = (await login.json()) as { result: { data: { id: string } } };
    const anaId = body.result.data.id as UserId;
    const boards = (await (await fetch(`http://127.0.0.1:${port}/trpc/boards.list`, { headers: { cookie } })).json()) as {
      result: { data: { id: string }[] };
    };
    const boardId = boards.result.data[0]?.id ?? '';
    expect(boardId).toMatch(/^[0-9A-Za-z]{16}$/);

    const as = userOrigin(anaId);
    const made: { id: string; title: string; stage: string }[] = [];
    for (let round = 0; round < 3; round++) {
      const { doc, provider, saved } = connect(port, boardId, cookie);
      await waitFor(() => provider.synced, `sync in round ${round}`, 15_000);
      for (const earlier of made) {
        expect(readTicket(doc, earlier.id), `round ${round}: ${earlier.title}`).toMatchObject({ title: earlier.title, stage: earlier.stage });
      }
      // Several edits in quick succession, so some share a grouped fsync.
      for (let i = 0; i < 4; i++) {
        const title = `Round ${round} ticket ${i}`;
        const id = createTicket(doc, { title, channel: 'email' }, as);
        editText(doc, { ticketId: id, field: 'summary', index: 0, deleteCount: 0, insert: `resumo ${round}.${i}` }, as);
        if (i % 2 === 0) moveTicket(doc, { ticketId: id, toStage: 'analysis' }, as);
        made.push({ id, title, stage: i % 2 === 0 ? 'analysis' : 'triage' });
      }
      const mine = () => Y.getState(doc.store, doc.clientID);
      await waitFor(() => (saved()?.get(doc.clientID) ?? 0) >= mine(), `MESSAGE_SAVED in round ${round}`, 15_000);

      running.child.kill('SIGKILL');
      await running.exited;
      provider.destroy();
      doc.destroy();
      running = await startProcess(dataDir, port);
    }

    const { doc, provider } = connect(port, boardId, cookie);
    await waitFor(() => provider.synced, 'final sync', 15_000);
    for (const ticket of made) expect(readTicket(doc, ticket.id)).toMatchObject({ title: ticket.title, stage: ticket.stage });
    provider.destroy();
    running.child.kill('SIGTERM');
    await running.exited;
  }, 120_000);
});
