import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../auth/passwords.js';
import { seedDemo } from '../demo/seedDemo.js';
import { AttachmentFiles } from '../mail/attachmentFiles.js';
import { openLowdbStore } from '../store/lowdbStore.js';
import { createMemoryStore } from '../store/memoryStore.js';
import { runImportWorkspace } from './importWorkspaceCli.js';
import { exportWorkspace } from './workspaceArchive.js';

describe('import-workspace (CLI)', () => {
  let dir: string;
  let archiveFile: string;
  let agencyId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fluxo-import-cli-'));
    const source = createMemoryStore();
    const seed = await seedDemo(source, new PasswordHasher(TEST_PASSWORD_PARAMS));
    agencyId = seed.agencyId;
    archiveFile = join(dir, 'agencia.json');
    await writeFile(archiveFile, JSON.stringify(await exportWorkspace({ store: source, vault: new AttachmentFiles(join(dir, 'src')) }, seed.agencyId)));
    await source.close();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const run = async (args: string[], dataDir: string) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runImportWorkspace(args, { DATA_DIR: dataDir, INIT_CWD: dir, NODE_ENV: 'test' }, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('imports into an empty data dir, then refuses the same archive again', async () => {
    const dataDir = join(dir, 'data');
    const first = await run(['agencia.json'], dataDir);
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toMatch(/imported "Agência Ponto Criativo" .* 4 people, 1 boards/);
    const store = await openLowdbStore(dataDir);
    expect((await store.agencies.list()).map((a) => a.id)).toEqual([agencyId]);
    await store.close();
    const second = await run([archiveFile], dataDir);
    expect(second.code).toBe(1);
    expect(second.err).toMatch(/nothing was imported: this installation already has agency/);
  });

  it('explains its usage and unreadable files', async () => {
    expect((await run([], join(dir, 'x'))).code).toBe(2);
    await writeFile(join(dir, 'broken.json'), '{');
    const broken = await run(['broken.json'], join(dir, 'y'));
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/cannot read .*broken\.json as JSON/);
    await writeFile(join(dir, 'other.json'), '{"format":"zip"}');
    const other = await run(['other.json'], join(dir, 'z'));
    expect(other.err).toMatch(/not a Fluxo workspace archive/);
  });
});
