/**
 * What the benchmark's server serves to Chromium: a production build of the SPA made from the
 * current sources for this run (`vite build` into a temporary directory — `client/dist` is left
 * alone, so an e2e run or a developer's server using it is not disturbed, and a stale build is
 * never measured), plus the reference page of `browser-first-render-10k` beside it, so the
 * reference is served by the same server, from the same origin, with the same headers (CSP).
 *
 *     /bench-reference/rows.html   an empty list and one module script
 *     /bench-reference/rows.js     builds 1,000 plain `<div>` rows
 */
import { spawn } from 'node:child_process';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const CLIENT_DIR = join(REPO_ROOT, 'client');
const VITE_BIN = join(REPO_ROOT, 'node_modules/vite/bin/vite.js');

/** How many rows the reference page renders. */
export const REFERENCE_ROWS = 1_000;
export const REFERENCE_PATH = '/bench-reference/rows.html';
/** The reference page's list: its rows are its direct `div` children. */
export const REFERENCE_LIST_ID = 'rows';

const REFERENCE_HTML = `<!doctype html>
<html lang="pt-BR">
  <head>
    <meta charset="utf-8" />
    <title>1,000 rows</title>
    <script type="module" src="/bench-reference/rows.js"></script>
  </head>
  <body>
    <main id="${REFERENCE_LIST_ID}"></main>
  </body>
</html>
`;

// A module script, deferred like the SPA's entry; one DOM insertion of plain text rows.
const REFERENCE_JS = `const list = document.getElementById('${REFERENCE_LIST_ID}');
const rows = document.createDocumentFragment();
for (let i = 1; i <= ${REFERENCE_ROWS}; i++) {
  const row = document.createElement('div');
  row.textContent = 'Demanda #' + i + ' — Banner no site para a campanha de desconto';
  rows.append(row);
}
list.append(rows);
`;

/** Builds the SPA into `dir` (emptied first) and adds the reference page. Throws if the build fails. */
export async function buildServedSite(dir: string): Promise<void> {
  await access(VITE_BIN).catch(() => {
    throw new Error(`vite is not installed at ${VITE_BIN}; run \`npx pnpm@10.34.9 install\``);
  });
  await new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, [VITE_BIN, 'build', '--outDir', dir, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: CLIENT_DIR,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`vite build of the client failed (${String(code)}):\n${errors}`))));
  });
  await access(join(dir, 'index.html'));
  await mkdir(join(dir, 'bench-reference'), { recursive: true });
  await writeFile(join(dir, 'bench-reference/rows.html'), REFERENCE_HTML);
  await writeFile(join(dir, 'bench-reference/rows.js'), REFERENCE_JS);
}
