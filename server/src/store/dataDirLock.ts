/**
 * One writer per data directory. The embedded store keeps its state in memory and writes whole
 * files, so two processes on the same `DATA_DIR` would silently overwrite each other's work.
 * The lock makes the second one refuse to start instead.
 *
 * The lock is the file `DATA_DIR/fluxo.lock` holding `{pid, hostname, token, acquiredAt}`:
 * - Acquire: write a private temporary file with the full content, then `link()` it to
 *   `fluxo.lock`. `link` fails atomically when the name exists, and the lock is never seen
 *   half-written (an O_EXCL create followed by a write could be read empty).
 * - Held by a live process (`process.kill(pid, 0)` succeeds, or fails with EPERM = alive but
 *   someone else's), by this very process (the store opened twice: a token we hold), or by
 *   another machine (a pid there means nothing here) → `DataDirLockedError`.
 * - Held by a dead process on this machine (a crash or `kill -9`), or under our own pid with a
 *   token we never issued (an earlier incarnation with the same pid) → stale: it is taken over.
 *   The takeover renames the stale lock to a private name and checks it is still the stale
 *   one before deleting it, so two processes racing for a stale lock cannot both win.
 * - Release: delete the file if it still holds our token. An `exit` hook releases it too,
 *   for exits that skip `close()`.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { DataDirLockedError } from './storeErrors.js';

export const LOCK_FILE_NAME = 'fluxo.lock';

const lockContentSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  token: z.string(),
  acquiredAt: z.string(),
});
type LockContent = z.infer<typeof lockContentSchema>;

export interface DataDirLock {
  readonly file: string;
  /** Deletes the lock if it is still ours. Idempotent. */
  release(): Promise<void>;
}

/** Tokens of the locks this process holds: tells "open here" from "an earlier process with our pid". */
const heldTokens = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseLock(text: string): LockContent | null {
  try {
    const parsed = lockContentSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function readLock(file: string): Promise<{ text: string; content: LockContent | null } | null> {
  try {
    const text = await readFile(file, 'utf8');
    return { text, content: parseLock(text) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Why the lock held in `file` cannot be taken, or `null` when it is stale. */
function refusal(dataDir: string, file: string, holder: LockContent | null): string | null {
  if (holder === null) {
    return (
      `DATA_DIR ${dataDir} has a lock file (${file}) that Fluxo cannot read. ` +
      'If no Fluxo server uses this directory, delete that file and start again.'
    );
  }
  const since = `since ${holder.acquiredAt}`;
  if (holder.hostname !== hostname()) {
    return (
      `DATA_DIR ${dataDir} is in use by a Fluxo server on host ${holder.hostname} (pid ${holder.pid}, ${since}). ` +
      `Stop it first; if it is gone for good, delete ${file}.`
    );
  }
  if (holder.pid === process.pid) {
    // Our pid, but a token we never issued: the lock of an earlier process that had the same
    // pid (a container restarted after a crash runs Fluxo under the same small pid every time).
    if (!heldTokens.has(holder.token)) return null;
    return `DATA_DIR ${dataDir} is already open in this process (${since}); close the other store first.`;
  }
  if (isAlive(holder.pid)) {
    return (
      `DATA_DIR ${dataDir} is in use by another Fluxo server (pid ${holder.pid}, ${since}). ` +
      'Stop it first, or point DATA_DIR at another directory.'
    );
  }
  return null;
}

/**
 * Takes `DATA_DIR/fluxo.lock`, creating the directory if needed. Throws `DataDirLockedError`
 * when another live process holds it.
 */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE_NAME);
  const token = randomBytes(16).toString('hex');
  const content: LockContent = { pid: process.pid, hostname: hostname(), token, acquiredAt: new Date().toISOString() };
  const text = `${JSON.stringify(content)}\n`;
  const staging = join(dataDir, `.${LOCK_FILE_NAME}.${token}`);
  await writeFile(staging, text, { mode: 0o644 });

  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(staging, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      if (attempt >= 10) throw new DataDirLockedError(`DATA_DIR ${dataDir}: could not take the lock ${file}.`);
      const current = await readLock(file);
      if (current === null) continue; // released meanwhile: try again
      const reason = refusal(dataDir, file, current.content);
      if (reason !== null) throw new DataDirLockedError(reason);
      await takeOverStale(file, current.text, token);
    }
  } finally {
    await unlink(staging).catch(() => undefined);
  }

  heldTokens.add(token);
  let released = false;
  const releaseSync = (): void => {
    if (released) return;
    released = true;
    heldTokens.delete(token);
    try {
      if (parseLock(readFileSync(file, 'utf8'))?.token === token) unlinkSync(file);
    } catch {
      // Already gone: nothing to release.
    }
  };
  process.once('exit', releaseSync);

  return {
    file,
    async release() {
      process.off('exit', releaseSync);
      if (released) return;
      released = true;
      const current = await readLock(file);
      if (current?.content?.token === token) await unlink(file).catch(() => undefined);
      heldTokens.delete(token);
    },
  };
}

/**
 * Removes a stale lock whose text we read as `staleText`. If, by the time we move it aside,
 * the file is a fresh lock of a process that won the race, it is put back untouched.
 */
async function takeOverStale(file: string, staleText: string, token: string): Promise<void> {
  const aside = `${file}.stale.${token}`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8');
  if (moved === staleText) {
    await unlink(aside);
    return;
  }
  // Someone else's fresh lock: restore it (unless yet another process took the name meanwhile,
  // in which case theirs stands and the restored copy is not needed).
  try {
    await link(aside, file);
  } catch {
    // The name is taken again; the next attempt reads whoever holds it.
  }
  await unlink(aside).catch(() => undefined);
}
