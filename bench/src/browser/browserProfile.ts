/**
 * `npx pnpm@10.34.9 --filter @fluxo/bench browser-profile [-- --short]`: where the browser
 * benchmarks' time goes, from V8 CPU profiles of the page (DevTools `Profiler`, 100 µs sampling)
 * mapped back to the sources through the build's source maps. Not a benchmark (no goal, and the
 * profiler slows the page down by a fair share): the numbers behind the fixes.
 *
 *   1. A first visit of the 10,000-ticket board (after an unprofiled warm-up visit that loads the
 *      board's room on the server): self time per module and function, inclusive time.
 *   2. Pointer drags across columns as `browser-drag-frame-p99` makes them, traced and profiled
 *      together: each drag's heaviest frame slots with the functions that ran in them, then the
 *      whole drags' summary.
 *
 * The raw profiles are written to a temporary directory (printed) for DevTools' Performance panel.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { disposeSyncLab } from '../sync/syncLab.js';
import { withBrowserLab } from './browserLab.js';
import { startTrace } from './chromeTrace.js';
import { type CpuProfile, cpuProfileSchema, formatSummary, sourceMapSymbolizer, summarizeProfile } from './cpuProfileSummary.js';
import { MARK_PREFIX, dragCard, dragRoute, openBoardForDrags } from './dragFrames.js';
import { boardShown, checkWholeBoard, visitAndTime } from './firstRender.js';
import { FRAME_TRACE_CATEGORIES, frameWork, relevantTraceEvents } from './frameWork.js';

const short = process.argv.includes('--short');
const DRAGS = short ? 2 : 4;
const WORST_SLOTS_PER_DRAG = 2;

async function startProfiler(page: Page): Promise<CDPSession> {
  const session = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 100 });
  await session.send('Profiler.start');
  return session;
}

async function stopProfiler(session: CDPSession): Promise<CpuProfile> {
  const { profile } = await session.send('Profiler.stop');
  return cpuProfileSchema.parse(profile);
}

const out = await mkdtemp(join(tmpdir(), 'fluxo-browser-profile-'));
try {
  await withBrowserLab(async (lab) => {
    const symbolize = sourceMapSymbolizer(lab.siteDir);

    // 1. First visit.
    const board = boardShown(lab);
    await visitAndTime(lab, lab.boardUrl, board, { whenShown: (page) => checkWholeBoard(lab, page) });
    let profiler: CDPSession | null = null;
    let firstVisit: CpuProfile | null = null;
    const times = await visitAndTime(lab, lab.boardUrl, board, {
      beforeNavigation: async (page) => {
        profiler = await startProfiler(page);
      },
      whenShown: async () => {
        if (profiler !== null) firstVisit = await stopProfiler(profiler);
      },
    });
    if (firstVisit === null) throw new Error('the first visit was not profiled');
    await writeFile(join(out, 'first-visit.cpuprofile'), JSON.stringify(firstVisit));
    console.log(
      `first visit of the board (profiled): cards in the DOM at ${times.domMs.toFixed(0)} ms, painted at ${times.paintedMs.toFixed(0)} ms`,
    );
    console.log(formatSummary(summarizeProfile(firstVisit, symbolize), 25));

    // 2. Drags.
    const visit = await lab.visit();
    try {
      const { page } = visit;
      await openBoardForDrags(page, lab.boardUrl);
      await dragCard(page, ...dragRoute(0), `${MARK_PREFIX}:0`);
      const trace = await startTrace(lab.browser, FRAME_TRACE_CATEGORIES);
      const session = await startProfiler(page);
      let profile: CpuProfile;
      let events: unknown[];
      try {
        for (let i = 1; i <= DRAGS; i++) await dragCard(page, ...dragRoute(i), `${MARK_PREFIX}:${i}`);
      } finally {
        profile = await stopProfiler(session);
        events = await trace.stop();
      }
      await writeFile(join(out, 'drags.cpuprofile'), JSON.stringify(profile));
      const relevant = relevantTraceEvents(events, MARK_PREFIX);
      let first = Number.POSITIVE_INFINITY;
      let last = 0;
      for (let i = 1; i <= DRAGS; i++) {
        const slots = frameWork(relevant, `${MARK_PREFIX}:${i}:start`, `${MARK_PREFIX}:${i}:end`);
        first = Math.min(first, slots[0]?.start ?? first);
        last = Math.max(last, slots[slots.length - 1]?.end ?? last);
        const [from, to] = dragRoute(i);
        console.log(`\ndrag ${i} (${from} → ${to}, profiled): ${slots.length} frame slots`);
        const worst = [...slots].sort((a, b) => b.workMs - a.workMs).slice(0, WORST_SLOTS_PER_DRAG);
        for (const slot of worst) {
          const at = ((slot.start - (slots[0]?.start ?? slot.start)) / 1000).toFixed(0);
          console.log(` slot at +${at} ms: ${slot.workMs.toFixed(1)} ms of main-thread work`);
          const summary = summarizeProfile(profile, symbolize, { start: slot.start, end: slot.end });
          const rows = (list: readonly (readonly [string, number])[], count: number) =>
            list.slice(0, count).forEach(([key, ms]) => console.log(`    ${ms.toFixed(1).padStart(8)} ms  ${key}`));
          console.log('  self time:');
          rows(summary.self, 10);
          console.log('  inclusive time (application code):');
          rows(summary.inclusive.filter(([key]) => /(client|shared)\/src\//.test(key)), 12);
        }
      }
      console.log(`\nall ${DRAGS} drags together:`);
      console.log(formatSummary(summarizeProfile(profile, symbolize, { start: first, end: last }), 20));
    } finally {
      await visit.close();
    }
  });
  console.log(`\nprofiles: ${out}`);
} finally {
  await disposeSyncLab();
}
