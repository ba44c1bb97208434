/**
 * `npx pnpm@10.34.9 bench [--short]`: runs every benchmark, prints a table and writes
 * `bench/results/latest.json` (the format of the proof issue). Exits non-zero if a benchmark
 * throws; a missed goal is reported (pass: false) but does not fail the run, so the table is
 * always complete.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coldLoad10k } from './coldLoad.js';
import { type BenchMode, type BenchResult, type Benchmark, result } from './measure.js';

const BENCHMARKS: readonly Benchmark[] = [coldLoad10k];

const mode: BenchMode = process.argv.includes('--short') ? 'short' : 'full';
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

const results: BenchResult[] = [];
for (const bench of BENCHMARKS) {
  if (only && bench.id !== only) continue;
  process.stdout.write(`running ${bench.id} (${mode})…\n`);
  results.push(result(await bench.run(mode)));
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
console.log(`wrote ${out}`);
