/**
 * Main-thread work per frame, read from a Chrome trace.
 *
 * What counts as a frame: the renderer main thread starts each frame it produces with a
 * `BeginMainThreadFrame` (category `disabled-by-default-devtools.timeline.frame`): the task that
 * dispatches the frame's coalesced pointer moves, runs `requestAnimationFrame` callbacks, style,
 * layout, paint and the commit. A frame's *slot* runs from one `BeginMainThreadFrame` to the next;
 * everything the main thread runs inside the slot — the frame's own rendering task plus the
 * tasks between frames (discrete input such as `pointerdown`/`pointerup`, timers, socket and
 * IndexedDB callbacks, garbage collection) — is that frame's work. Work is the union of the
 * thread's top-level tasks (`ThreadControllerImpl::RunTask`, category `toplevel`), clipped to the
 * slot, so time the thread sat idle waiting for vsync is not work: this measures how busy the main
 * thread was per frame, not how often frames came (a 60 Hz clock would say 16.7 ms every time).
 * A 10 ms budget leaves a 60 Hz frame about a third of its time for the compositor and slack.
 *
 * Which thread and when: the measured window is delimited by two `performance.mark`s the page
 * made (category `blink.user_timing`); they are emitted on the page's own main thread, which
 * names the thread among the renderers of other pages, and clip the first and last slot.
 */
import { z } from 'zod';

/** The trace categories `frameWork` needs; all three are cheap enough to leave on while measuring. */
export const FRAME_TRACE_CATEGORIES = [
  'toplevel',
  'disabled-by-default-devtools.timeline.frame',
  'blink.user_timing',
] as const;

const TASK = 'ThreadControllerImpl::RunTask';
const FRAME_START = 'BeginMainThreadFrame';

/** The fields of a Chrome trace event that the analysis reads (timestamps in microseconds). */
export const traceEventSchema = z.object({
  name: z.string(),
  cat: z.string(),
  ph: z.string(),
  ts: z.number(),
  dur: z.number().optional(),
  pid: z.number(),
  tid: z.number(),
});
export type TraceEvent = z.infer<typeof traceEventSchema>;

/** Keeps the events `frameWork` reads, checked; everything else Chrome reports is dropped. */
export function relevantTraceEvents(raw: readonly unknown[], markPrefix: string): TraceEvent[] {
  const kept: TraceEvent[] = [];
  for (const item of raw) {
    const parsed = traceEventSchema.safeParse(item);
    if (!parsed.success) continue;
    const event = parsed.data;
    if (
      (event.name === TASK && event.ph === 'X') ||
      event.name === FRAME_START ||
      (event.cat.includes('blink.user_timing') && event.name.startsWith(markPrefix))
    ) {
      kept.push(event);
    }
  }
  return kept;
}

export interface FrameSlot {
  /** Start of the slot, microseconds on the trace clock. */
  readonly start: number;
  readonly end: number;
  /** Main-thread task time inside the slot, milliseconds. */
  readonly workMs: number;
}

/**
 * The frame slots between the marks `startMark` and `endMark` of one page, with the main-thread
 * work in each. Throws when a mark is missing or the marks come from different threads (the
 * trace is not the one the measurement thinks it is).
 */
export function frameWork(events: readonly TraceEvent[], startMark: string, endMark: string): FrameSlot[] {
  const start = events.find((e) => e.name === startMark && e.cat.includes('blink.user_timing'));
  const end = events.find((e) => e.name === endMark && e.cat.includes('blink.user_timing'));
  if (start === undefined || end === undefined) {
    throw new Error(`trace lacks the mark ${start === undefined ? startMark : endMark}`);
  }
  if (start.pid !== end.pid || start.tid !== end.tid) throw new Error(`marks ${startMark} and ${endMark} are on different threads`);
  if (end.ts <= start.ts) throw new Error(`mark ${endMark} is not after ${startMark}`);
  const onThread = (e: TraceEvent) => e.pid === start.pid && e.tid === start.tid;

  const edges = [
    start.ts,
    ...events
      .filter((e) => onThread(e) && e.name === FRAME_START && e.ts > start.ts && e.ts < end.ts)
      .map((e) => e.ts)
      .sort((a, b) => a - b),
    end.ts,
  ];
  const busy = mergeIntervals(
    events
      .filter((e) => onThread(e) && e.name === TASK && e.ph === 'X' && e.dur !== undefined)
      .map((e) => [e.ts, e.ts + (e.dur ?? 0)] as const),
  );

  const slots: FrameSlot[] = [];
  let first = 0; // first busy interval that may still overlap the current slot
  for (let i = 0; i + 1 < edges.length; i++) {
    const a = edges[i] as number;
    const b = edges[i + 1] as number;
    if (b <= a) continue; // two frame starts at one timestamp: one slot
    while (first < busy.length && (busy[first] as Interval)[1] <= a) first++;
    let work = 0;
    for (let j = first; j < busy.length; j++) {
      const [s, e] = busy[j] as Interval;
      if (s >= b) break;
      work += Math.min(e, b) - Math.max(s, a);
    }
    slots.push({ start: a, end: b, workMs: work / 1000 });
  }
  return slots;
}

type Interval = readonly [number, number];

/** The union of intervals, sorted and disjoint (a nested run loop's tasks count once). */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].filter(([s, e]) => e > s).sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}
