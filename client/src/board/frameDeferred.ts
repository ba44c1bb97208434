/**
 * Values that follow others a frame late, at most one of them per frame: a change is applied by
 * the next animation frame that has no other change to apply (the latest value wins when several
 * arrive before it).
 *
 * A long column's window (ColumnCards.tsx) follows its ids this way, through the board's one
 * queue. A pointer drop writes the move in one frame — the Yjs transaction, the undo manager, the
 * reader — and each of the two columns re-renders, lays out and paints in a frame of its own,
 * instead of all of it in one frame that misses its budget (bench/src/browser/CONTEXT.md).
 * Without `requestAnimationFrame` (tests' DOM) a value follows at once.
 */
import { type Accessor, createComputed, createSignal, on, onCleanup, untrack } from 'solid-js';

export interface FrameQueue {
  /** Runs `job` in a coming frame, one job per frame in the order asked; a job waiting already keeps its place. */
  schedule(job: () => void): void;
  cancel(job: () => void): void;
}

export function createFrameQueue(): FrameQueue {
  const waiting: (() => void)[] = [];
  let frame: number | undefined;
  const run = (): void => {
    frame = undefined;
    waiting.shift()?.();
    if (waiting.length > 0) frame = requestAnimationFrame(run);
  };
  return {
    schedule(job) {
      if (typeof requestAnimationFrame === 'undefined') {
        job();
        return;
      }
      if (!waiting.includes(job)) waiting.push(job);
      frame ??= requestAnimationFrame(run);
    },
    cancel(job) {
      const at = waiting.indexOf(job);
      if (at >= 0) waiting.splice(at, 1);
      if (waiting.length === 0 && frame !== undefined) {
        cancelAnimationFrame(frame);
        frame = undefined;
      }
    },
  };
}

export function createFrameDeferred<T>(source: Accessor<T>, queue: FrameQueue): Accessor<T> {
  const [value, setValue] = createSignal<T>(untrack(source));
  let latest: T = untrack(source);
  const apply = (): void => {
    setValue(() => latest);
  };
  createComputed(
    on(
      source,
      (next) => {
        latest = next;
        queue.schedule(apply);
      },
      { defer: true },
    ),
  );
  onCleanup(() => queue.cancel(apply));
  return value;
}
