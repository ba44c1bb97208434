/** Token buckets: refill, per-key buckets forgotten once idle, the shared heavy budget. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMIT, KeyedBuckets, SocketRateLimit, TokenBucket } from './socketRateLimit.js';

describe('token buckets', () => {
  it('refill at their rate up to their capacity', () => {
    const bucket = new TokenBucket(2, 1, 0);
    expect([bucket.take(1, 0), bucket.take(1, 0), bucket.take(1, 0)]).toEqual([true, true, false]);
    expect(bucket.take(1, 1_000)).toBe(true);
    expect(bucket.full(10_000)).toBe(true);
  });

  it('keep one bucket per key, and forget the idle ones when the map grows', () => {
    const buckets = new KeyedBuckets<string>(3, 1, 4);
    expect(buckets.take('10.0.0.1', 3, 0)).toBe(true);
    expect(buckets.take('10.0.0.1', 1, 0)).toBe(false); // its own budget
    expect(buckets.take('10.0.0.2', 3, 0)).toBe(true); // another key's is untouched
    for (const key of ['a', 'b']) buckets.take(key, 1, 0);
    expect(buckets.size).toBe(4);
    buckets.take('c', 1, 60_000); // a minute later everything has refilled: swept
    expect(buckets.size).toBe(1);
    expect(buckets.take('10.0.0.1', 3, 60_000)).toBe(true); // a forgotten key starts full
  });

  it('count heavy messages against the person’s shared budget, except each socket’s opening step 1', () => {
    let shared = 2;
    const keys: string[] = [];
    const takeShared = {
      take: (key: string) => {
        keys.push(key);
        return shared-- > 0;
      },
    };
    const limit = new SocketRateLimit({ ...DEFAULT_RATE_LIMIT, heavyBurst: 10 }, 0, takeShared, 'ana');
    expect(limit.admitHeavy(0, true)).toBe(true);
    expect(shared).toBe(2);
    expect([limit.admitHeavy(0), limit.admitHeavy(0), limit.admitHeavy(0)]).toEqual([true, true, false]);
    expect(keys).toEqual(['ana', 'ana', 'ana']);
  });

  it('refill each of a socket’s budgets at its own rate, up to its own burst', () => {
    const options = { ...DEFAULT_RATE_LIMIT, messageBurst: 3, messagesPerSecond: 1, byteBurst: 100, bytesPerSecond: 10, heavyBurst: 2, heavyPerSecond: 0.5 };
    const limit = new SocketRateLimit(options, 0);
    expect([limit.admitMessage(10, 0), limit.admitMessage(10, 0), limit.admitMessage(10, 0), limit.admitMessage(10, 0)]).toEqual([true, true, true, false]);
    expect(limit.admitMessage(10, 1_000)).toBe(true); // one message back after 1 s
    expect(limit.admitMessage(10, 1_000)).toBe(false);
    expect(limit.admitMessage(200, 60_000)).toBe(false); // bytes never exceed their burst
    expect(limit.admitMessage(90, 60_000)).toBe(true);
    expect([limit.admitHeavy(0), limit.admitHeavy(0), limit.admitHeavy(0)]).toEqual([true, true, false]);
    expect(limit.admitHeavy(60_000)).toBe(false);
    expect(limit.admitHeavy(62_000)).toBe(true); // 2 s at 0.5/s: one more
  });
});
