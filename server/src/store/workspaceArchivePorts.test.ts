import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLowdbStore } from './lowdbStore.js';
import { createMemoryStore } from './memoryStore.js';
import { defineWorkspaceArchiveContract } from './workspaceArchive.contract.js';

defineWorkspaceArchiveContract('memory', async () => ({
  open: async () => createMemoryStore(),
  persistent: false,
  cleanup: async () => undefined,
}));

defineWorkspaceArchiveContract('lowdb', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fluxo-archive-'));
  return {
    open: () => openLowdbStore(dir),
    persistent: true,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
