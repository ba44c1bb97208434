/**
 * Test support: reading a tRPC subscription called through `createCaller`, which hands back the
 * procedure's async iterable of `tracked(id, data)` envelopes.
 */
import { isTrackedEnvelope } from '@trpc/server';

export interface LiveEvents<T> {
  /** The next event, or a rejection after `timeoutMs` (so a missing event fails, not hangs). */
  next(timeoutMs?: number): Promise<{ id: string; data: T }>;
  /** Resolves when the stream has ended (after its signal aborted, or the server ended it). */
  ended(timeoutMs?: number): Promise<void>;
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function liveEvents<T>(subscription: Promise<AsyncIterable<unknown>>): Promise<LiveEvents<T>> {
  const iterator = (await subscription)[Symbol.asyncIterator]();
  return {
    async next(timeoutMs = 2_000) {
      const result = await withTimeout(iterator.next(), timeoutMs, 'event');
      if (result.done) throw new Error('the stream ended');
      const value: unknown = result.value;
      if (!isTrackedEnvelope<T>(value)) throw new Error('expected a tracked() event');
      const [id, data] = value;
      return { id, data };
    },
    async ended(timeoutMs = 2_000) {
      const result = await withTimeout(iterator.next(), timeoutMs, 'end of stream');
      if (!result.done) throw new Error(`expected the end, got ${JSON.stringify(result.value)}`);
    },
  };
}
