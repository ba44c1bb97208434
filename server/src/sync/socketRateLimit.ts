/**
 * How much one sync socket may send: token buckets for messages, bytes, and "heavy" messages
 * (a sync step 1 makes the server encode everything the client lacks, a query-awareness makes it
 * encode every presence entry). A socket over any budget is closed with `CLOSE_RATE_LIMITED`.
 * Heavy messages beyond a socket's opening step 1 also draw on a bucket of the person
 * (`userHeavyPerSecond`), shared by all their sockets: the per-socket budget alone would let one
 * account with hundreds of sockets make the server encode the whole board hundreds of times
 * over, again and again.
 *
 * The defaults leave ample room for a person typing fast with live cursors (a few messages per
 * keystroke) and for the initial sync (a step 2 of up to `MAX_MESSAGE_BYTES`), and stop a
 * script that floods the room.
 */
export interface RateLimitOptions {
  /** Sustained messages per second, and how many may come at once. */
  readonly messagesPerSecond: number;
  readonly messageBurst: number;
  /** Sustained bytes per second, and how many may come at once. */
  readonly bytesPerSecond: number;
  readonly byteBurst: number;
  /** Sustained heavy messages (sync step 1, query-awareness) per second, and the burst. */
  readonly heavyPerSecond: number;
  readonly heavyBurst: number;
  /** The same for all the sockets of one person together. */
  readonly userHeavyPerSecond: number;
  readonly userHeavyBurst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
  messagesPerSecond: 100,
  messageBurst: 500,
  bytesPerSecond: 1024 * 1024,
  byteBurst: 4 * 1024 * 1024,
  heavyPerSecond: 0.5,
  heavyBurst: 10,
  userHeavyPerSecond: 2,
  userHeavyBurst: 40,
};

/** A token bucket: holds up to `capacity`, refills `perSecond`, starts full. */
export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    now: number,
  ) {
    this.#tokens = capacity;
    this.#last = now;
  }

  /** Takes `amount` tokens if there are that many (after refilling up to `now`). */
  take(amount: number, now: number): boolean {
    this.#refill(now);
    if (this.#tokens < amount) return false;
    this.#tokens -= amount;
    return true;
  }

  /** Whether the bucket is full at `now` (an idle key whose bucket can be forgotten). */
  full(now: number): boolean {
    this.#refill(now);
    return this.#tokens >= this.capacity;
  }

  #refill(now: number): void {
    const elapsed = Math.max(0, now - this.#last) / 1000;
    this.#last = now;
    this.#tokens = Math.min(this.capacity, this.#tokens + elapsed * this.perSecond);
  }
}

/**
 * Token buckets by key (an address, a person), created full on first use. Keys whose bucket
 * has refilled are forgotten (a full bucket is what a new key gets anyway) when the map grows
 * past a threshold — `sweepAbove`, or twice what the last sweep kept, so that sweeping stays
 * amortised O(1) per new key even when most keys are busy.
 */
export class KeyedBuckets<K> {
  readonly #buckets = new Map<K, TokenBucket>();
  #sweepAt: number;

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    readonly sweepAbove = 1_000,
  ) {
    this.#sweepAt = sweepAbove;
  }

  get(key: K, now: number): TokenBucket {
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      if (this.#buckets.size >= this.#sweepAt) {
        this.sweep(now);
        this.#sweepAt = Math.max(this.sweepAbove, this.#buckets.size * 2);
      }
      bucket = new TokenBucket(this.capacity, this.perSecond, now);
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }

  take(key: K, amount: number, now: number): boolean {
    return this.get(key, now).take(amount, now);
  }

  /** Forgets every full bucket. */
  sweep(now: number): void {
    for (const [key, bucket] of this.#buckets) if (bucket.full(now)) this.#buckets.delete(key);
  }

  get size(): number {
    return this.#buckets.size;
  }
}

/** A budget shared by several sockets, by key (`KeyedBuckets` is one). */
export interface SharedBudget<K> {
  take(key: K, amount: number, now: number): boolean;
}

/**
 * The three buckets of one socket (messages, bytes, heavy messages), flat: six numbers and the
 * shared options in one object, refilled together. Every open socket holds one, so it is kept
 * small (no bucket objects, no per-socket closure for the person's shared budget).
 */
export class SocketRateLimit<K = unknown> {
  readonly #options: RateLimitOptions;
  readonly #shared: SharedBudget<K> | null;
  readonly #key: K | undefined;
  #messages: number;
  #bytes: number;
  #heavy: number;
  #last: number;

  /** `shared` + `key`: heavy messages also take one from `key`'s budget, shared with their other sockets. */
  constructor(options: RateLimitOptions, now: number, shared: SharedBudget<K> | null = null, key?: K) {
    this.#options = options;
    this.#shared = shared;
    this.#key = key;
    this.#messages = options.messageBurst;
    this.#bytes = options.byteBurst;
    this.#heavy = options.heavyBurst;
    this.#last = now;
  }

  #refill(now: number): void {
    const elapsed = Math.max(0, now - this.#last) / 1000;
    if (elapsed === 0) return;
    this.#last = now;
    const o = this.#options;
    this.#messages = Math.min(o.messageBurst, this.#messages + elapsed * o.messagesPerSecond);
    this.#bytes = Math.min(o.byteBurst, this.#bytes + elapsed * o.bytesPerSecond);
    this.#heavy = Math.min(o.heavyBurst, this.#heavy + elapsed * o.heavyPerSecond);
  }

  /** Counts one message of `bytes`; false when it is over the budget. */
  admitMessage(bytes: number, now: number): boolean {
    this.#refill(now);
    const message = this.#messages >= 1;
    if (message) this.#messages -= 1;
    const size = this.#bytes >= bytes;
    if (size) this.#bytes -= bytes;
    return message && size;
  }

  /**
   * Counts one heavy message; false when it is over the budget. `own`: the socket's opening
   * step 1, which every tab sends once and which the person's shared budget does not count (the
   * upgrade rate and the sockets-per-address cap bound how many sockets open).
   */
  admitHeavy(now: number, own = false): boolean {
    this.#refill(now);
    if (this.#heavy < 1) return false;
    this.#heavy -= 1;
    if (own || this.#shared === null) return true;
    return this.#shared.take(this.#key as K, 1, now);
  }
}
