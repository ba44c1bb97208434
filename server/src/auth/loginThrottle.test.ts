import { describe, expect, it } from 'vitest';
import { LoginThrottle, addressKey } from './loginThrottle.js';

const MIN = 60_000;

describe('LoginThrottle', () => {
  it('lets five failures on an account pass, then backs off 30 s, doubling, capped at 15 min', () => {
    const throttle = new LoginThrottle();
    let now = 0;
    for (let i = 0; i < 5; i++) {
      expect(throttle.retryAfterMs(`10.0.0.${i}`, 'ana@demo.fluxo', now)).toBe(0);
      throttle.recordFailure(`10.0.0.${i}`, 'ana@demo.fluxo', now);
    }
    expect(throttle.retryAfterMs('10.9.9.9', 'ana@demo.fluxo', now)).toBe(30_000);
    expect(throttle.retryAfterMs('10.9.9.9', 'paulo@demo.fluxo', now)).toBe(0);
    now += 30_000;
    expect(throttle.retryAfterMs('10.9.9.9', 'ana@demo.fluxo', now)).toBe(0);
    throttle.recordFailure('10.9.9.9', 'ana@demo.fluxo', now);
    expect(throttle.retryAfterMs('10.9.9.9', 'ana@demo.fluxo', now)).toBe(60_000);
    for (let i = 0; i < 10; i++) {
      now += 20 * MIN;
      throttle.recordFailure(`10.1.0.${i}`, 'ana@demo.fluxo', now);
    }
    expect(throttle.retryAfterMs('10.9.9.8', 'ana@demo.fluxo', now)).toBe(15 * MIN);
  });

  it('forgets an account after a success, or after an hour without failures', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 5; i++) throttle.recordFailure(`10.0.0.${i}`, 'ana', 0);
    expect(throttle.retryAfterMs('10.0.1.1', 'ana', 0)).toBeGreaterThan(0);
    throttle.recordSuccess('ana');
    expect(throttle.retryAfterMs('10.0.1.1', 'ana', 0)).toBe(0);

    for (let i = 0; i < 5; i++) throttle.recordFailure(`10.0.0.${i}`, 'dora', 0);
    throttle.recordFailure('10.0.0.9', 'dora', 60 * MIN);
    expect(throttle.retryAfterMs('10.0.1.1', 'dora', 60 * MIN)).toBe(0); // counted from 1 again
  });

  it('refuses an address after ten failures in fifteen minutes, across accounts, until the oldest ages out', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 10; i++) {
      expect(throttle.retryAfterMs('203.0.113.7', `user${i}@x`, i * MIN)).toBe(0);
      throttle.recordFailure('203.0.113.7', `user${i}@x`, i * MIN);
    }
    expect(throttle.retryAfterMs('203.0.113.7', 'someone-else@x', 10 * MIN)).toBe(5 * MIN);
    expect(throttle.retryAfterMs('203.0.113.8', 'someone-else@x', 10 * MIN)).toBe(0);
    expect(throttle.retryAfterMs('203.0.113.7', 'someone-else@x', 15 * MIN)).toBe(0);
    throttle.recordSuccess('user9@x'); // a success does not reset the address
    expect(throttle.retryAfterMs('203.0.113.7', 'someone-else@x', 14 * MIN)).toBe(MIN);
  });

  it('counts IPv6 per /64 and IPv4-mapped addresses as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');

    const throttle = new LoginThrottle();
    for (let i = 0; i < 10; i++) throttle.recordFailure(`2001:db8:1:2::${i + 1}`, `u${i}`, 0);
    expect(throttle.retryAfterMs('2001:db8:1:2:ffff::9', 'other', 0)).toBeGreaterThan(0);
    expect(throttle.retryAfterMs('2001:db8:1:3::1', 'other', 0)).toBe(0);
  });

  it('keeps its memory bounded', () => {
    const throttle = new LoginThrottle({ maxEntries: 100 });
    for (let i = 0; i < 1_000; i++) throttle.recordFailure(`10.${i >> 8}.${i & 255}.1`, `user${i}`, i);
    expect(throttle.size).toBeLessThanOrEqual(100);
    // The most recent ones are still tracked.
    for (let i = 0; i < 4; i++) throttle.recordFailure('10.3.231.1', 'user999', 1_000 + i);
    expect(throttle.retryAfterMs('10.99.0.1', 'user999', 1_004)).toBeGreaterThan(0);
  });
});
