/**
 * Where a page's main-thread time went, from a V8 CPU profile (DevTools `Profiler` domain):
 * self time per module (npm package, or the repository file it was bundled from), and the
 * functions with the most self and inclusive time — over the whole profile or a time window
 * (one frame slot of `frameWork.ts`: profile and trace timestamps share Chrome's monotonic
 * clock, in microseconds).
 *
 * The page runs the production bundle; `sourceMapSymbolizer` maps each frame back to its source
 * through the build's source maps, so the report names `moveTicket` in
 * `shared/src/board/moveTicket.ts` rather than `Qi` in `BoardPage-….js`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { z } from 'zod';

const callFrameSchema = z.object({
  functionName: z.string(),
  url: z.string(),
  lineNumber: z.number(),
  columnNumber: z.number(),
});
export type CallFrame = z.infer<typeof callFrameSchema>;

export const cpuProfileSchema = z.object({
  nodes: z.array(z.object({ id: z.number(), callFrame: callFrameSchema, children: z.array(z.number()).optional() })),
  startTime: z.number(),
  endTime: z.number(),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});
export type CpuProfile = z.infer<typeof cpuProfileSchema>;

export interface Frame {
  /** The function's name (original name where the source map knows it). */
  readonly name: string;
  /** Its module: an npm package name, a repository path, or `(native)` / `(v8)`. */
  readonly module: string;
  /** `module:line`, or the module alone. */
  readonly where: string;
}

export type Symbolizer = (frame: CallFrame) => Frame;

/** V8's pseudo-frames for time outside JavaScript functions. */
const V8_FRAMES = new Set(['(root)', '(program)', '(idle)', '(garbage collector)']);

/** Names frames without source maps (minified names). */
export const plainSymbolizer: Symbolizer = (frame) => {
  if (V8_FRAMES.has(frame.functionName)) return { name: frame.functionName, module: '(v8)', where: '(v8)' };
  if (frame.url === '') return { name: frame.functionName || '(anonymous)', module: '(native)', where: '(native)' };
  const file = frame.url.split('/').pop() ?? frame.url;
  return { name: frame.functionName || '(anonymous)', module: file, where: `${file}:${frame.lineNumber + 1}` };
};

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * A source file's module and short path: an npm package (`yjs`, `@dnd-kit/dom`) and the path
 * inside it, or a repository file (`client/src/board/boardReader.ts`) as both.
 */
export function moduleOfSource(absolutePath: string): { module: string; path: string } {
  const inPackage = absolutePath.split('/node_modules/');
  if (inPackage.length > 1) {
    const path = inPackage[inPackage.length - 1] as string;
    const parts = path.split('/');
    const module = parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? path);
    return { module, path };
  }
  const path = relative(REPO_ROOT, absolutePath);
  return { module: path, path };
}

/** Maps frames of the bundles under `<siteDir>/assets/` to their sources. */
export function sourceMapSymbolizer(siteDir: string): Symbolizer {
  const maps = new Map<string, TraceMap | null>();
  const cache = new Map<string, Frame>();
  const mapOf = (file: string): TraceMap | null => {
    if (!maps.has(file)) {
      const mapFile = join(siteDir, 'assets', `${file}.map`);
      try {
        // With the map's own path as its URL, sources come back as absolute paths.
        maps.set(file, new TraceMap(readFileSync(mapFile, 'utf8'), mapFile));
      } catch {
        maps.set(file, null);
      }
    }
    return maps.get(file) ?? null;
  };
  return (frame) => {
    const key = `${frame.url}|${frame.lineNumber}|${frame.columnNumber}|${frame.functionName}`;
    const known = cache.get(key);
    if (known !== undefined) return known;
    let result = plainSymbolizer(frame);
    const file = frame.url.includes('/assets/') ? frame.url.split('/').pop() : undefined;
    const map = file?.endsWith('.js') ? mapOf(file) : null;
    if (map !== null) {
      const original = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
      if (original.source !== null) {
        const { module, path } = moduleOfSource(original.source);
        result = { name: original.name ?? (frame.functionName || '(anonymous)'), module, where: `${path}:${original.line ?? 0}` };
      }
    }
    cache.set(key, result);
    return result;
  };
}

export interface ProfileSummary {
  /** Sampled time in the window, ms (idle included). */
  readonly totalMs: number;
  readonly idleMs: number;
  /** Self time per module, ms, largest first. */
  readonly modules: readonly (readonly [string, number])[];
  /** Self time per function (`name where`), ms, largest first. */
  readonly self: readonly (readonly [string, number])[];
  /** Inclusive time per function, ms, largest first (V8 pseudo-frames left out). */
  readonly inclusive: readonly (readonly [string, number])[];
}

/**
 * Sums the profile's samples that fall in `window` (microseconds on the trace clock; the whole
 * profile without one). A sample counts for the interval that follows it.
 */
export function summarizeProfile(
  profile: CpuProfile,
  symbolize: Symbolizer,
  window?: { start: number; end: number },
): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const frameOf = new Map<number, Frame>();
  const frame = (id: number): Frame => {
    let known = frameOf.get(id);
    if (known === undefined) {
      const node = nodes.get(id);
      known = node === undefined ? plainSymbolizer({ functionName: '(unknown)', url: '', lineNumber: 0, columnNumber: 0 }) : symbolize(node.callFrame);
      frameOf.set(id, known);
    }
    return known;
  };
  const label = (f: Frame) => `${f.name} ${f.where}`;
  const modules = new Map<string, number>();
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (into: Map<string, number>, key: string, ms: number) => into.set(key, (into.get(key) ?? 0) + ms);
  let total = 0;
  let idle = 0;
  let at = profile.startTime;
  profile.samples.forEach((sample, i) => {
    at += profile.timeDeltas[i] ?? 0;
    const next = profile.timeDeltas[i + 1] ?? 0;
    if (window !== undefined && (at < window.start || at >= window.end)) return;
    const ms = next / 1000;
    const leaf = frame(sample);
    total += ms;
    if (leaf.name === '(idle)') idle += ms;
    add(modules, leaf.module, ms);
    add(self, label(leaf), ms);
    const seen = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
      const f = frame(id);
      const key = label(f);
      if (f.module === '(v8)' || seen.has(key)) continue;
      seen.add(key);
      add(inclusive, key, ms);
    }
  });
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { totalMs: total, idleMs: idle, modules: sorted(modules), self: sorted(self), inclusive: sorted(inclusive) };
}

/** A summary as lines of text: `count` rows of each table. */
export function formatSummary(summary: ProfileSummary, count: number): string {
  const rows = (list: readonly (readonly [string, number])[]) =>
    list
      .slice(0, count)
      .map(([key, ms]) => `    ${ms.toFixed(1).padStart(8)} ms  ${key}`)
      .join('\n');
  return [
    `  sampled ${summary.totalMs.toFixed(0)} ms, of which idle ${summary.idleMs.toFixed(0)} ms`,
    '  self time by module:',
    rows(summary.modules),
    '  self time by function:',
    rows(summary.self),
    '  inclusive time by function:',
    rows(summary.inclusive),
  ].join('\n');
}
