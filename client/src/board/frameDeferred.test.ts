import { createRoot, createSignal } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFrameDeferred, createFrameQueue } from './frameDeferred';

describe('frame-deferred values', () => {
  let frames: Map<number, FrameRequestCallback>;
  let next = 0;
  const runFrame = (): void => {
    const due = [...frames.values()];
    frames.clear();
    for (const callback of due) callback(0);
  };

  beforeEach(() => {
    frames = new Map();
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
      frames.set(++next, callback);
      return next;
    });
    vi.stubGlobal('cancelAnimationFrame', (id: number) => frames.delete(id));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('applies a change in the next frame, the latest value winning', () => {
    createRoot((dispose) => {
      const [source, setSource] = createSignal(['a']);
      const deferred = createFrameDeferred(source, createFrameQueue());
      expect(deferred()).toEqual(['a']);
      setSource(['a', 'b']);
      setSource(['b']);
      expect(deferred()).toEqual(['a']);
      runFrame();
      expect(deferred()).toEqual(['b']);
      runFrame();
      setSource(['c']);
      expect(deferred()).toEqual(['b']);
      runFrame();
      expect(deferred()).toEqual(['c']);
      dispose();
    });
  });

  it('applies one change per frame across the values sharing a queue, in the order they changed', () => {
    createRoot((dispose) => {
      const queue = createFrameQueue();
      const [source, setSource] = createSignal(0);
      const [target, setTarget] = createSignal(10);
      const from = createFrameDeferred(source, queue);
      const to = createFrameDeferred(target, queue);
      setTarget(11);
      setSource(1);
      setTarget(12);
      runFrame();
      expect([from(), to()]).toEqual([0, 12]);
      runFrame();
      expect([from(), to()]).toEqual([1, 12]);
      runFrame();
      expect(frames.size).toBe(0);
      dispose();
    });
  });

  it('drops a pending change when its owner goes away, and asks for no frame when none is left', () => {
    const queue = createFrameQueue();
    createRoot((dispose) => {
      const [source, setSource] = createSignal(1);
      createFrameDeferred(source, queue);
      setSource(2);
      expect(frames.size).toBe(1);
      dispose();
    });
    expect(frames.size).toBe(0);
  });

  it('follows at once without animation frames', () => {
    vi.stubGlobal('requestAnimationFrame', undefined);
    createRoot((dispose) => {
      const [source, setSource] = createSignal(1);
      const deferred = createFrameDeferred(source, createFrameQueue());
      setSource(2);
      expect(deferred()).toBe(2);
      dispose();
    });
  });
});
