/**
 * `npx pnpm@10.34.9 bench [-- --short] [-- --only=<id>[,<id>…]]`: runs the benchmarks, prints a
 * table and writes `bench/results/latest.json` (the format of the proof issue). Short mode (also
 * `FLUXO_BENCH_SHORT=1`) is for CI: fewer clients and rounds, same code paths. A missed goal is
 * reported (`pass: false`) but does not fail the run, so the table is always complete; a
 * benchmark that throws is reported and makes the run exit non-zero once the others are done.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BROWSER_BENCHMARKS } from './browser/browserBenchmarks.js';
import { coldLoad10k } from './coldLoad.js';
import { type BenchMode, type BenchResult, type Benchmark, result } from './measure.js';
import { DASHBOARD_BENCHMARKS } from './reports/dashboardBench.js';
import { SEARCH_BENCHMARKS } from './search/searchBench.js';
import { shareTimelineLatency } from './share/shareTimelineLatency.js';
import { SYNC_BENCHMARKS } from './sync/syncBenchmarks.js';
import { disposeSyncLab } from './sync/syncLab.js';

const BENCHMARKS: readonly Benchmark[] = [coldLoad10k, ...SYNC_BENCHMARKS, shareTimelineLatency, ...SEARCH_BENCHMARKS, ...DASHBOARD_BENCHMARKS, ...BROWSER_BENCHMARKS];

const mode: BenchMode = process.argv.includes('--short') || process.env.FLUXO_BENCH_SHORT === '1' ? 'short' : 'full';
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const unknown = only?.filter((id) => !BENCHMARKS.some((b) => b.id === id)) ?? [];
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.id).join(', ')}`);
  process.exit(2);
}

const results: BenchResult[] = [];
const failures: string[] = [];
const started = performance.now();
try {
  for (const bench of BENCHMARKS) {
    if (only && !only.includes(bench.id)) continue;
    const t0 = performance.now();
    process.stdout.write(`running ${bench.id} (${mode})…`);
    try {
      results.push(result(await bench.run(mode)));
      process.stdout.write(` ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    } catch (error) {
      process.stdout.write(' FAILED\n');
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      failures.push(bench.id);
    }
  }
} finally {
  await disposeSyncLab();
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toPrecision(3));
console.table(
  results.map((r) => ({
    id: r.id,
    value: `${fmt(r.value)} ${r.unit}`,
    reference: `${fmt(r.referenceValue)} ${r.unit} (${r.reference})`,
    ratio: fmt(r.ratio),
    goal: `≤ ${r.goal}`,
    pass: r.pass ? 'yes' : 'NO',
  })),
);

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'latest.json');
await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${out} (${mode} mode, ${((performance.now() - started) / 1000).toFixed(0)} s)`);
if (failures.length > 0) {
  console.error(`benchmarks that failed to run: ${failures.join(', ')}`);
  process.exit(1);
}
