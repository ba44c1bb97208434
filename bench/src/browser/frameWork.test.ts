import { describe, expect, it } from 'vitest';
import { type TraceEvent, frameWork, mergeIntervals, relevantTraceEvents } from './frameWork.js';

const PAGE = { pid: 10, tid: 10 };
const OTHER_PAGE = { pid: 20, tid: 20 };

const mark = (name: string, ts: number, thread = PAGE): TraceEvent => ({ name, cat: 'blink.user_timing', ph: 'I', ts, ...thread });
const frame = (ts: number, thread = PAGE): TraceEvent => ({
  name: 'BeginMainThreadFrame',
  cat: 'disabled-by-default-devtools.timeline.frame',
  ph: 'I',
  ts,
  ...thread,
});
const task = (ts: number, dur: number, thread = PAGE): TraceEvent => ({
  name: 'ThreadControllerImpl::RunTask',
  cat: 'toplevel',
  ph: 'X',
  ts,
  dur,
  ...thread,
});

const work = (events: TraceEvent[]) => frameWork(events, 'm:start', 'm:end').map((slot) => slot.workMs);

describe('frameWork', () => {
  it('sums the tasks inside each frame slot, not the time between frames', () => {
    const events = [
      mark('m:start', 0),
      task(1_000, 2_000), // pointerdown, before the first frame: first slot
      frame(16_000),
      task(16_000, 4_000), // the frame's rendering task
      task(25_000, 1_000), // a timer between frames
      frame(32_000),
      task(32_000, 12_000),
      mark('m:end', 48_000),
    ];
    expect(work(events)).toEqual([2, 5, 12]);
  });

  it('clips tasks that straddle a slot edge or a mark', () => {
    const events = [
      task(-5_000, 7_000), // the task that made the start mark: only its part after the mark
      mark('m:start', 0),
      task(10_000, 10_000), // runs across the frame start at 16 ms
      frame(16_000),
      task(30_000, 20_000), // runs past the end mark
      mark('m:end', 40_000),
    ];
    expect(work(events)).toEqual([2 + 6, 4 + 10]);
  });

  it('counts a long task once in its slot, however long the slot grows', () => {
    const events = [mark('m:start', 0), frame(1_000), task(2_000, 170_000), frame(172_500), task(173_000, 1_000), mark('m:end', 180_000)];
    expect(work(events)).toEqual([0, 170, 1]);
  });

  it("ignores other threads' tasks and frames, and frames outside the window", () => {
    const events = [
      frame(-1_000),
      mark('m:start', 0),
      frame(8_000, OTHER_PAGE),
      task(1_000, 6_000, OTHER_PAGE),
      task(2_000, 1_000),
      mark('m:end', 10_000),
      frame(12_000),
      task(12_000, 5_000),
    ];
    expect(work(events)).toEqual([1]);
  });

  it('counts nested tasks once', () => {
    const events = [mark('m:start', 0), task(1_000, 5_000), task(2_000, 1_000), task(5_000, 3_000), mark('m:end', 10_000)];
    expect(work(events)).toEqual([7]);
  });

  it('refuses a trace without the marks or with marks from two pages', () => {
    expect(() => work([mark('m:start', 0), task(1, 1)])).toThrow(/lacks the mark m:end/);
    expect(() => work([mark('m:start', 0), mark('m:end', 5, OTHER_PAGE)])).toThrow(/different threads/);
    expect(() => work([mark('m:start', 5), mark('m:end', 5)])).toThrow(/not after/);
  });
});

describe('relevantTraceEvents', () => {
  it('keeps tasks, frame starts and our marks; drops malformed and unrelated events', () => {
    const raw: unknown[] = [
      task(0, 10),
      { ...task(0, 10), ph: 'B' },
      frame(5),
      mark('m:start', 1),
      mark('someone-else', 2),
      { name: 'ThreadControllerImpl::RunTask', ph: 'X' },
      null,
      { name: 'Paint', cat: 'devtools.timeline', ph: 'X', ts: 3, dur: 1, pid: 10, tid: 10 },
    ];
    expect(relevantTraceEvents(raw, 'm:').map((e) => e.name)).toEqual([
      'ThreadControllerImpl::RunTask',
      'BeginMainThreadFrame',
      'm:start',
    ]);
  });
});

describe('mergeIntervals', () => {
  it('merges overlapping and touching intervals and drops empty ones', () => {
    expect(
      mergeIntervals([
        [5, 7],
        [0, 2],
        [2, 3],
        [6, 9],
        [4, 4],
      ]),
    ).toEqual([
      [0, 3],
      [5, 9],
    ]);
  });
});
