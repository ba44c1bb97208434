/**
 * The measuring rules every benchmark follows. These machines are noisy (2 shared cores), so a
 * benchmark never reports an absolute time on its own: it measures Fluxo and a reference in the
 * same run, interleaved, and reports the ratio `value / referenceValue` against a goal.
 */
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

export interface Benchmark {
  id: string;
  label: string;
  run: (mode: BenchMode) => Promise<Omit<BenchResult, 'ratio' | 'pass'>> | Omit<BenchResult, 'ratio' | 'pass'>;
}

export type BenchMode = 'short' | 'full';

export function result(r: Omit<BenchResult, 'ratio' | 'pass'>): BenchResult {
  const ratio = r.value / r.referenceValue;
  return { ...r, ratio, pass: ratio <= r.goal };
}

export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Milliseconds taken by `fn`, measured with the monotonic clock. */
export function timeMs(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/**
 * Runs `subject` and `reference` alternately `rounds` times (after one warm-up each) and returns
 * the median of each, so that machine noise hits both sides alike.
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
    s.push(timeMs(subject));
    r.push(timeMs(reference));
  }
  return { subject: median(s), reference: median(r) };
}
