import { TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LiveState, type StreamCallbacks, startLiveSubscription } from './liveSubscription';

/** A stand-in for `trpc.x.onY.subscribe`: records each stream opened and lets the test drive it. */
function fakeStreams() {
  const opened: { lastEventId: string | null; callbacks: StreamCallbacks<string>; unsubscribed: boolean }[] = [];
  const open = (lastEventId: string | null, callbacks: StreamCallbacks<string>) => {
    const stream = { lastEventId, callbacks, unsubscribed: false };
    opened.push(stream);
    return {
      unsubscribe: () => {
        stream.unsubscribed = true;
        // Like tRPC: unsubscribing completes the observer.
        callbacks.onComplete();
      },
    };
  };
  return { opened, open };
}

const refusal = (httpStatus: number) =>
  TRPCClientError.from({ error: { message: 'no', code: -32004, data: { code: 'NOT_FOUND', httpStatus } } });

describe('startLiveSubscription', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resumes from the latest cursor when the server ends the stream, waiting longer each time nothing came', () => {
    const { opened, open } = fakeStreams();
    let cursor = '7';
    const events: string[] = [];
    const states: LiveState[] = [];
    const stop = startLiveSubscription<string>({
      open,
      cursor: () => cursor,
      onEvent: (event) => {
        events.push(event.data);
        cursor = event.id;
      },
      onState: (state) => states.push(state),
      retryDelaysMs: [100, 1_000],
    });
    expect(opened.map((s) => s.lastEventId)).toEqual(['7']);
    opened[0]?.callbacks.onStarted();
    opened[0]?.callbacks.onData({ id: '8', data: 'a' });
    opened[0]?.callbacks.onComplete(); // the server returned

    expect(states).toEqual(['connecting', 'live', 'reconnecting']);
    vi.advanceTimersByTime(99);
    expect(opened).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(opened.map((s) => s.lastEventId)).toEqual(['7', '8']);

    opened[1]?.callbacks.onError(new Error('network'));
    vi.advanceTimersByTime(999);
    expect(opened).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(opened).toHaveLength(3);
    opened[2]?.callbacks.onData({ id: '9', data: 'b' });
    expect(events).toEqual(['a', 'b']);

    stop();
    expect(opened[2]?.unsubscribed).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(opened).toHaveLength(3);
  });

  it('stops for good on a refusal (signed out, not on the board), and ignores a closed stream’s late events', () => {
    const { opened, open } = fakeStreams();
    const states: LiveState[] = [];
    const events: string[] = [];
    startLiveSubscription<string>({
      open,
      cursor: () => null,
      onEvent: (event) => events.push(event.data),
      onState: (state) => states.push(state),
    });
    opened[0]?.callbacks.onError(refusal(404));
    expect(states.at(-1)).toBe('ended');
    expect(opened[0]?.unsubscribed).toBe(true);
    opened[0]?.callbacks.onData({ id: '1', data: 'late' });
    vi.advanceTimersByTime(120_000);
    expect(opened).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it('retries a server error (5xx) instead of giving up', () => {
    const { opened, open } = fakeStreams();
    startLiveSubscription<string>({ open, cursor: () => null, onEvent: () => {}, retryDelaysMs: [10] });
    opened[0]?.callbacks.onError(refusal(500));
    vi.advanceTimersByTime(10);
    expect(opened).toHaveLength(2);
  });
});
