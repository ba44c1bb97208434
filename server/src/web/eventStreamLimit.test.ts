import { describe, expect, it } from 'vitest';
import { EventStreamLimit, wantsEventStream } from './eventStreamLimit.js';

describe('EventStreamLimit', () => {
  it('counts streams per address, refuses past the cap, and forgets an address once its streams close', () => {
    const limit = new EventStreamLimit(2);
    const a1 = limit.open('203.0.113.7');
    const a2 = limit.open('203.0.113.7');
    expect(a1).not.toBeNull();
    expect(a2).not.toBeNull();
    expect(limit.open('203.0.113.7')).toBeNull();
    expect(limit.open('198.51.100.1')).not.toBeNull(); // another address has its own budget
    a1?.();
    a1?.(); // released twice: counted once
    expect(limit.openFrom('203.0.113.7')).toBe(1);
    const a3 = limit.open('203.0.113.7');
    expect(a3).not.toBeNull();
    expect(limit.open('203.0.113.7')).toBeNull();
    a2?.();
    a3?.();
    expect(limit.openFrom('203.0.113.7')).toBe(0);
    expect(limit.addresses).toBe(1);
  });

  it('refuses a cap that is not a positive integer', () => {
    expect(() => new EventStreamLimit(0)).toThrow(RangeError);
    expect(() => new EventStreamLimit(1.5)).toThrow(RangeError);
  });

  it('recognises the requests of an EventSource', () => {
    expect(wantsEventStream('text/event-stream')).toBe(true);
    expect(wantsEventStream('Text/Event-Stream, */*')).toBe(true);
    expect(wantsEventStream('application/json')).toBe(false);
    expect(wantsEventStream(undefined)).toBe(false);
  });
});
