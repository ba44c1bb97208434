/**
 * `npx pnpm@10.34.9 --filter @fluxo/server import-workspace <archive.json>` — imports a workspace
 * archive (`/export/workspace.json`) into this installation's `DATA_DIR`, from a shell: the way
 * to restore or move an agency into an installation that has no admin yet (an empty data dir),
 * and for archives over the HTTP cap. Fluxo must be stopped (the store takes the `DATA_DIR` lock).
 * The same checks as the HTTP import (`workspaceArchive.ts`): a bad archive or one that clashes
 * with what is here writes nothing and exits 1 with the reason. A relative path is taken from
 * the directory the command was typed in (`INIT_CWD`, which pnpm sets).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConflictError, InvalidInputError } from '@fluxo/shared/errors';
import { ConfigError, parseConfig } from '../config.js';
import { AttachmentFiles } from '../mail/attachmentFiles.js';
import { openLowdbStore } from '../store/lowdbStore.js';
import { DataDirLockedError, StoreCorruptError } from '../store/storeErrors.js';
import { importWorkspace } from './workspaceArchive.js';

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** Runs the command; resolves with the exit code. */
export async function runImportWorkspace(args: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CliIo): Promise<number> {
  const file = args[0];
  if (args.length !== 1 || file === undefined || file.startsWith('-')) {
    io.err('usage: import-workspace <archive.json>   (stop Fluxo first; DATA_DIR names the data directory)');
    return 2;
  }
  let dataDir: string;
  try {
    dataDir = parseConfig(env).dataDir;
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`invalid configuration: ${error.issues.join('; ')}`);
      return 1;
    }
    throw error;
  }
  const path = resolve(env.INIT_CWD ?? process.cwd(), file);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    io.err(`cannot read ${path} as JSON: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  let store;
  try {
    store = await openLowdbStore(dataDir);
  } catch (error) {
    if (error instanceof DataDirLockedError || error instanceof StoreCorruptError) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }
  try {
    const summary = await importWorkspace({ store, vault: new AttachmentFiles(dataDir) }, json);
    io.out(
      `imported "${summary.agencyName}" (${summary.agencyId}) into ${dataDir}: ${summary.users} people, ${summary.boards} boards, ` +
        `${summary.historyEntries} history entries, ${summary.comments} comments, ${summary.files} files`,
    );
    return 0;
  } catch (error) {
    if (error instanceof InvalidInputError || error instanceof ConflictError) {
      io.err(`nothing was imported: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await store.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const code = await runImportWorkspace(process.argv.slice(2), process.env, {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
  process.exitCode = code;
}
