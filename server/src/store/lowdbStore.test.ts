import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { newAgencyId } from '@fluxo/shared/ids';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineConversationContract } from './conversation.contract.js';
import { LOCK_FILE_NAME } from './dataDirLock.js';
import { DATA_FILE_NAME, openLowdbStore } from './lowdbStore.js';
import { defineStoreContract, fixtures } from './store.contract.js';
import { DataDirLockedError, StoreCorruptError } from './storeErrors.js';

const here = dirname(fileURLToPath(import.meta.url));
// tsx as a loader of this very node process (its CLI would put a second process in between,
// and the lock must name the process that holds it).
const tsxLoader = pathToFileURL(resolve(here, '../../node_modules/tsx/dist/loader.mjs')).href;
const probe = join(here, 'dataDirLock.probe.ts');

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'fluxo-store-'));
}

defineStoreContract('lowdb', async () => {
  const dir = await tempDir();
  return {
    open: () => openLowdbStore(dir),
    persistent: true,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

defineConversationContract('lowdb', async () => {
  const dir = await tempDir();
  return {
    open: () => openLowdbStore(dir),
    persistent: true,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

interface Probe {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Resolves when the probe printed "opened" (or rejects when it exited first). */
  opened: Promise<void>;
}

function runProbe(dataDir: string, mode: 'open' | 'hold'): Probe {
  const child = spawn(process.execPath, ['--import', tsxLoader, probe, dataDir, mode], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const opened = new Promise<void>((done, fail) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('opened')) done();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    void exited.then((code) => fail(new Error(`probe exited with ${code}: ${out}`)));
  });
  opened.catch(() => undefined);
  return { child, output: () => out, exited, opened };
}

describe('lowdb store: the DATA_DIR lock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a second open in the same process, and frees the directory on close', async () => {
    const store = await openLowdbStore(dir);
    await expect(openLowdbStore(dir)).rejects.toThrow(DataDirLockedError);
    await expect(openLowdbStore(dir)).rejects.toThrow(/already open in this process/);
    await store.close();
    await expect(readdir(dir)).resolves.not.toContain(LOCK_FILE_NAME);
    const again = await openLowdbStore(dir);
    await again.close();
  });

  it('makes another process refuse to start while this one holds the directory', async () => {
    const store = await openLowdbStore(dir);
    try {
      const other = runProbe(dir, 'open');
      expect(await other.exited).toBe(3);
      expect(other.output()).toContain(`DataDirLockedError: DATA_DIR ${dir} is in use by another Fluxo server (pid ${process.pid}`);
    } finally {
      await store.close();
    }
    const after = runProbe(dir, 'open');
    expect(await after.exited).toBe(0);
  });

  it('is refused while another process holds it, and taken over once that process died', async () => {
    const holder = runProbe(dir, 'hold');
    await holder.opened;
    await expect(openLowdbStore(dir)).rejects.toThrow(
      new RegExp(`in use by another Fluxo server \\(pid ${holder.child.pid}`),
    );
    holder.child.kill('SIGKILL'); // no chance to release: the lock file stays behind
    await holder.exited;
    expect(await readdir(dir)).toContain(LOCK_FILE_NAME);
    const store = await openLowdbStore(dir);
    await store.close();
  });

  it('is released when the holding process ends normally', async () => {
    const holder = runProbe(dir, 'hold');
    await holder.opened;
    holder.child.stdin?.end();
    expect(await holder.exited).toBe(0);
    expect(await readdir(dir)).not.toContain(LOCK_FILE_NAME);
  });

  it('takes over a lock left under its own pid by an earlier process (a restarted container)', async () => {
    const stale = { pid: process.pid, hostname: hostname(), token: 'from-before-the-crash', acquiredAt: '2025-01-01T00:00:00Z' };
    await writeFile(join(dir, LOCK_FILE_NAME), JSON.stringify(stale));
    const store = await openLowdbStore(dir);
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE_NAME), 'utf8'))).not.toMatchObject({ token: stale.token });
    await expect(openLowdbStore(dir)).rejects.toThrow(/already open in this process/);
    await store.close();
  });

  it('does not take over a lock held on another host', async () => {
    await writeFile(
      join(dir, LOCK_FILE_NAME),
      JSON.stringify({ pid: 1, hostname: `not-${hostname()}`, token: 'x', acquiredAt: '2025-01-01T00:00:00Z' }),
    );
    await expect(openLowdbStore(dir)).rejects.toThrow(/in use by a Fluxo server on host not-/);
  });

  it('does not guess about a lock file it cannot read', async () => {
    await writeFile(join(dir, LOCK_FILE_NAME), 'garbage');
    await expect(openLowdbStore(dir)).rejects.toThrow(/lock file .* that Fluxo cannot read/);
  });
});

describe('lowdb store: a damaged fluxo.json', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['not JSON', '{"version": 1, "agencies": [', /fluxo\.json is not valid JSON/],
    ['wrong shape', JSON.stringify({ version: 1, agencies: [{ id: 'x' }] }), /does not match Fluxo's data format \(agencies\.0\.id/],
    ['a newer format', JSON.stringify({ version: 2 }), /does not match Fluxo's data format \(version/],
  ])('stops start-up on %s, names the file, never writes it, and releases the lock', async (_, content, message) => {
    const file = join(dir, DATA_FILE_NAME);
    await writeFile(file, content);
    const before = await readFile(file);
    const error = await openLowdbStore(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/stopped without changing it/);
    expect(await readFile(file)).toEqual(before);
    expect(await readdir(dir)).toEqual([DATA_FILE_NAME]); // lock released, no temp file
  });
});

describe('lowdb store: atomic writes', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await chmod(dir, 0o700).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves a complete, private file and no temporary file after each write', async () => {
    const store = await openLowdbStore(dir);
    expect(await readdir(dir)).toEqual([LOCK_FILE_NAME]); // nothing written before a mutation
    const agency = fixtures.agency();
    await store.agencies.create(agency);
    await store.users.create(fixtures.user(agency.id));
    await store.close();
    expect((await readdir(dir)).sort()).toEqual([DATA_FILE_NAME]);
    const data = JSON.parse(await readFile(join(dir, DATA_FILE_NAME), 'utf8')) as { users: unknown[] };
    expect(data.users).toHaveLength(1);
    expect((await stat(join(dir, DATA_FILE_NAME))).mode & 0o777).toBe(0o600);
  });

  it('ignores a temporary file left by a crash', async () => {
    const store = await openLowdbStore(dir);
    const agency = fixtures.agency();
    await store.agencies.create(agency);
    await store.close();
    await writeFile(join(dir, `.${DATA_FILE_NAME}.tmp`), '{"version": 1, "agen');
    const reopened = await openLowdbStore(dir);
    expect(await reopened.agencies.list()).toEqual([agency]);
    await reopened.agencies.create(fixtures.agency());
    expect(await readdir(dir)).not.toContain(`.${DATA_FILE_NAME}.tmp`);
    await reopened.close();
  });

  it('keeps the old file and the old state when a write fails', async () => {
    const store = await openLowdbStore(dir);
    const agency = fixtures.agency();
    await store.agencies.create(agency);
    const before = await readFile(join(dir, DATA_FILE_NAME));
    // A directory where the temporary file should go makes the write fail before the rename.
    await mkdir(join(dir, `.${DATA_FILE_NAME}.tmp`));
    await expect(store.agencies.create(fixtures.agency({ id: newAgencyId() }))).rejects.toThrow();
    expect(await readFile(join(dir, DATA_FILE_NAME))).toEqual(before);
    expect(await store.agencies.list()).toEqual([agency]);
    await rm(join(dir, `.${DATA_FILE_NAME}.tmp`), { recursive: true });
    await store.agencies.create(fixtures.agency());
    expect(await store.agencies.list()).toHaveLength(2);
    await store.close();
  });
});
