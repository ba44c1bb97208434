/**
 * How much one sync socket may send: token buckets for messages, bytes, and "heavy" messages
 * (a sync step 1 makes the server encode everything the client lacks, a query-awareness makes it
 * encode every presence entry). A socket over any budget is closed with `CLOSE_RATE_LIMITED`.
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
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
  messagesPerSecond: 100,
  messageBurst: 500,
  bytesPerSecond: 1024 * 1024,
  byteBurst: 4 * 1024 * 1024,
  heavyPerSecond: 0.5,
  heavyBurst: 10,
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
    const elapsed = Math.max(0, now - this.#last) / 1000;
    this.#last = now;
    this.#tokens = Math.min(this.capacity, this.#tokens + elapsed * this.perSecond);
    if (this.#tokens < amount) return false;
    this.#tokens -= amount;
    return true;
  }
}

export class SocketRateLimit {
  readonly #messages: TokenBucket;
  readonly #bytes: TokenBucket;
  readonly #heavy: TokenBucket;

  constructor(options: RateLimitOptions, now: number) {
    this.#messages = new TokenBucket(options.messageBurst, options.messagesPerSecond, now);
    this.#bytes = new TokenBucket(options.byteBurst, options.bytesPerSecond, now);
    this.#heavy = new TokenBucket(options.heavyBurst, options.heavyPerSecond, now);
  }

  /** Counts one message of `bytes`; false when it is over the budget. */
  admitMessage(bytes: number, now: number): boolean {
    const message = this.#messages.take(1, now);
    const size = this.#bytes.take(bytes, now);
    return message && size;
  }

  /** Counts one heavy message; false when it is over the budget. */
  admitHeavy(now: number): boolean {
    return this.#heavy.take(1, now);
  }
}
