/**
 * The measuring rules every benchmark follows. These machines are noisy (2 shared cores), so a
 * benchmark never reports an absolute time on its own: it measures Fluxo and a reference in the
 * same run, interleaved, and reports the ratio `value / referenceValue` against a goal.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface BenchResult {
  id: string;
  label: string;
  value: number;
  unit: string;
  reference: string;
  referenceValue: number;
  ratio: number;
  goal: number;
  pass: boolean;
}

export type Measured = Omit<BenchResult, 'ratio' | 'pass'>;

export interface Benchmark {
  id: string;
  label: string;
  run: (mode: BenchMode) => Promise<Measured> | Measured;
}

export type BenchMode = 'short' | 'full';

export function result(r: Measured): BenchResult {
  const ratio = r.value / r.referenceValue;
  return { ...r, ratio, pass: ratio <= r.goal };
}

export function median(samples: readonly number[]): number {
  return quantile(samples, 0.5);
}

/**
 * The `q`-quantile of `samples` (nearest rank: the smallest sample with at least a `q` share of
 * samples at or below it), so p99 of 1,000 samples is the 990th smallest. The median of an even
 * count is the mean of the two middle samples.
 */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) throw new Error('quantile of no samples');
  const sorted = Float64Array.from(samples).sort();
  if (q === 0.5 && sorted.length % 2 === 0) {
    const mid = sorted.length / 2;
    return ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  }
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] as number;
}

/** Milliseconds taken by `fn`, measured with the monotonic clock. */
export function timeMs(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

export async function timeMsAsync(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

let gc: (() => void) | null = null;

/**
 * A full garbage collection, so that a sample never pays for garbage the previous one left
 * (the subject's and the reference's samples alternate). Uses V8's `gc` without needing
 * `--expose-gc` on the command line.
 */
export function collectGarbage(): void {
  if (gc === null) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/**
 * Runs `subject` and `reference` alternately `rounds` times (after one warm-up each) and returns
 * the median of each, so that machine noise hits both sides alike. Each sample starts after a
 * full garbage collection; collections its own allocations cause are part of its time.
 */
export function interleaved(
  rounds: number,
  subject: () => void,
  reference: () => void,
): { subject: number; reference: number } {
  subject();
  reference();
  const s: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < rounds; i++) {
    collectGarbage();
    s.push(timeMs(subject));
    collectGarbage();
    r.push(timeMs(reference));
  }
  return { subject: median(s), reference: median(r) };
}

/**
 * A side of an asynchronous comparison: `run` is timed; `cleanup` (not timed) runs after it, for
 * what the measured operation leaves behind (closing what it opened).
 */
export interface TimedStep {
  run: () => Promise<void>;
  cleanup?: () => Promise<void>;
}

async function timeStep(step: TimedStep): Promise<number> {
  const ms = await timeMsAsync(step.run);
  await step.cleanup?.();
  return ms;
}

/** `interleaved` for asynchronous work (file reads). */
export async function interleavedAsync(
  rounds: number,
  subject: TimedStep,
  reference: TimedStep,
): Promise<{ subject: number; reference: number }> {
  await timeStep(subject);
  await timeStep(reference);
  const s: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < rounds; i++) {
    collectGarbage();
    s.push(await timeStep(subject));
    collectGarbage();
    r.push(await timeStep(reference));
  }
  return { subject: median(s), reference: median(r) };
}
