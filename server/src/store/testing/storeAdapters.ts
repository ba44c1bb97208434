/**
 * Test support: the two store adapters a port's contract runs on, as harnesses — a fresh
 * in-memory store, or a lowdb store in a temporary `DATA_DIR` that `open()` can reopen (a
 * restart) — and a lowdb store opened on a `fluxo.json` written before some records existed.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newAgencyId } from '@fluxo/shared/ids';
import { DATA_FILE_NAME, openLowdbStore } from '../lowdbStore.js';
import { createMemoryStore } from '../memoryStore.js';
import type { Store } from '../store.js';

export interface StoreHarness {
  /** A store on the harness's data: for lowdb, opening again after `close()` is a restart. */
  open(): Promise<Store>;
  /** The lowdb data directory; `null` in memory (nothing survives a restart there). */
  readonly dir: string | null;
  cleanup(): Promise<void>;
}

export const STORE_ADAPTERS: Readonly<Record<'memory' | 'lowdb', () => Promise<StoreHarness>>> = {
  memory: async () => ({ open: async () => createMemoryStore(), dir: null, cleanup: async () => undefined }),
  lowdb: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fluxo-store-'));
    return { open: () => openLowdbStore(dir), dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
  },
};

/**
 * Runs `use` on a lowdb store whose `fluxo.json` was written without the lists `keys` (as by a
 * version of Fluxo before they existed), then closes and removes it.
 */
export async function withFluxoJsonWithout(keys: readonly string[], use: (store: Store) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'fluxo-old-data-'));
  try {
    const first = await openLowdbStore(dir);
    await first.agencies.create({ id: newAgencyId(), name: 'Agência', createdAt: '2025-01-01T00:00:00.000Z' });
    await first.close();
    const file = join(dir, DATA_FILE_NAME);
    const data = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    for (const key of keys) delete data[key];
    await writeFile(file, JSON.stringify(data));
    const reopened = await openLowdbStore(dir);
    try {
      await use(reopened);
    } finally {
      await reopened.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
