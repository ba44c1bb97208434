/**
 * Login throttling, in memory (a restart forgets it, which only helps someone who can restart
 * the server anyway). Two independent limits; a login attempt is refused while either holds:
 *
 * - Per client address: at most `ipMaxFailures` failed logins in a sliding `ipWindowMs`
 *   (10 per 15 minutes) — stops one machine from trying many accounts. IPv6 addresses count
 *   per /64 network, since anyone holding one address usually holds the whole /64.
 * - Per account (the normalised email, whether or not it exists, so the limit does not reveal
 *   which addresses have accounts): `accountFreeFailures` (5) failures may follow each other
 *   freely; after the fifth, the next attempt waits `accountBaseDelayMs` (30 s), doubling with
 *   each further failure up to `accountMaxDelayMs` (15 min) — slows a distributed guess at one
 *   person's password without locking them out for long. A successful login, or
 *   `accountForgetMs` (1 h) without failures, clears the count.
 *
 * Only failures count; a refused (throttled) attempt is not a failure, so waiting out the delay
 * always works. Successes do not reset the per-address limit: one valid account must not buy an
 * attacker fresh guesses at others.
 *
 * Memory is bounded: past `maxEntries` tracked keys, expired entries are swept, and if that is
 * not enough the oldest are dropped.
 */
import { isIPv4, isIPv6 } from 'node:net';

export interface ThrottlePolicy {
  readonly ipMaxFailures: number;
  readonly ipWindowMs: number;
  readonly accountFreeFailures: number;
  readonly accountBaseDelayMs: number;
  readonly accountMaxDelayMs: number;
  readonly accountForgetMs: number;
  readonly maxEntries: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  ipMaxFailures: 10,
  ipWindowMs: 15 * 60_000,
  accountFreeFailures: 5,
  accountBaseDelayMs: 30_000,
  accountMaxDelayMs: 15 * 60_000,
  accountForgetMs: 60 * 60_000,
  maxEntries: 10_000,
};

interface AccountState {
  failures: number;
  lastFailureAt: number;
}

/** The key an address is counted under: IPv4 as is (also when IPv4-mapped), IPv6 by /64. */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return ip;
  const bare = ip.split('%')[0] ?? ip; // drop a zone id
  const [head = '', tail = ''] = bare.split('::');
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === '' ? [] : tail.split(':');
  const groups = bare.includes('::')
    ? [...headParts, ...Array<string>(8 - headParts.length - tailParts.length).fill('0'), ...tailParts]
    : headParts;
  return `${groups
    .slice(0, 4)
    .map((g) => (g === '' ? '0' : g).toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export class LoginThrottle {
  readonly policy: ThrottlePolicy;
  /** Per address key: times of recent failures, oldest first (at most `ipMaxFailures`). */
  readonly #byAddress = new Map<string, number[]>();
  readonly #byAccount = new Map<string, AccountState>();

  constructor(policy: Partial<ThrottlePolicy> = {}) {
    this.policy = { ...DEFAULT_THROTTLE_POLICY, ...policy };
  }

  /** Milliseconds until an attempt for `account` from `ip` may be made; 0 when it may now. */
  retryAfterMs(ip: string, account: string, now: number): number {
    return Math.max(this.#addressWait(addressKey(ip), now), this.#accountWait(account, now));
  }

  recordFailure(ip: string, account: string, now: number): void {
    const key = addressKey(ip);
    const times = this.#recentFailures(key, now);
    times.push(now);
    if (times.length > this.policy.ipMaxFailures) times.shift();
    this.#byAddress.delete(key); // re-insert: Map order is least-recently-failed first
    this.#byAddress.set(key, times);

    const previous = this.#byAccount.get(account);
    const fresh = previous && now - previous.lastFailureAt < this.policy.accountForgetMs;
    this.#byAccount.delete(account);
    this.#byAccount.set(account, { failures: fresh ? previous.failures + 1 : 1, lastFailureAt: now });
    this.#bound(now);
  }

  /**
   * Clears the account's failures. `attempt` names a failure recorded ahead of this very
   * attempt's outcome (`recordFailure` before the password check): that one address failure is
   * taken back, the address's other failures stay.
   */
  recordSuccess(account: string, attempt?: { readonly ip: string; readonly at: number }): void {
    this.#byAccount.delete(account);
    if (attempt === undefined) return;
    const times = this.#byAddress.get(addressKey(attempt.ip));
    const index = times?.lastIndexOf(attempt.at) ?? -1;
    if (times && index >= 0) times.splice(index, 1);
  }

  /** Number of tracked keys (addresses + accounts), for tests and metrics. */
  get size(): number {
    return this.#byAddress.size + this.#byAccount.size;
  }

  #recentFailures(key: string, now: number): number[] {
    const times = this.#byAddress.get(key) ?? [];
    return times.filter((t) => now - t < this.policy.ipWindowMs);
  }

  #addressWait(key: string, now: number): number {
    const times = this.#recentFailures(key, now);
    if (times.length < this.policy.ipMaxFailures) return 0;
    const oldest = times[times.length - this.policy.ipMaxFailures] ?? now;
    return oldest + this.policy.ipWindowMs - now;
  }

  #accountWait(account: string, now: number): number {
    const state = this.#byAccount.get(account);
    if (!state || now - state.lastFailureAt >= this.policy.accountForgetMs) return 0;
    const over = state.failures - this.policy.accountFreeFailures;
    if (over < 0) return 0;
    const delay = Math.min(this.policy.accountBaseDelayMs * 2 ** over, this.policy.accountMaxDelayMs);
    return Math.max(0, state.lastFailureAt + delay - now);
  }

  #bound(now: number): void {
    if (this.size <= this.policy.maxEntries) return;
    for (const [key, times] of this.#byAddress) {
      if (times.every((t) => now - t >= this.policy.ipWindowMs)) this.#byAddress.delete(key);
    }
    for (const [account, state] of this.#byAccount) {
      if (now - state.lastFailureAt >= this.policy.accountForgetMs) this.#byAccount.delete(account);
    }
    // Still too many: drop the least recently failed, addresses and accounts alike.
    const dropOldest = (map: Map<string, unknown>) => {
      const first = map.keys().next();
      if (!first.done) map.delete(first.value);
    };
    while (this.size > this.policy.maxEntries) {
      dropOldest(this.#byAddress.size >= this.#byAccount.size ? this.#byAddress : this.#byAccount);
    }
  }
}
