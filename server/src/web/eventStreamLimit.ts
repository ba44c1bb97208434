/**
 * How many live event streams (tRPC subscriptions over SSE: comments, notifications, a client's
 * timeline) one address may hold open at once. Each is a long-lived HTTP response and a watcher
 * on the server; without a cap, one address could open them until the process runs out of
 * sockets or memory. The sync server caps its WebSockets per address the same way
 * (`maxSocketsPerIp`). The default leaves room for an agency behind one NAT address: tens of
 * people, a few tabs each, two or three streams per tab.
 */
export const DEFAULT_MAX_EVENT_STREAMS_PER_ADDRESS = 300;

/** Seconds a refused stream is told to wait (`Retry-After`). */
export const EVENT_STREAM_RETRY_AFTER_SECONDS = 5;

export class EventStreamLimit {
  readonly #open = new Map<string, number>();

  constructor(readonly maxPerAddress: number = DEFAULT_MAX_EVENT_STREAMS_PER_ADDRESS) {
    if (!Number.isSafeInteger(maxPerAddress) || maxPerAddress < 1) throw new RangeError(`maxPerAddress must be a positive integer, got ${maxPerAddress}`);
  }

  /**
   * Takes a place for a stream from `address`; returns the function that gives it back (call it
   * once the response has closed; further calls do nothing), or null when the address holds the
   * maximum already.
   */
  open(address: string): (() => void) | null {
    const count = this.#open.get(address) ?? 0;
    if (count >= this.maxPerAddress) return null;
    this.#open.set(address, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#open.get(address) ?? 1) - 1;
      if (left <= 0) this.#open.delete(address);
      else this.#open.set(address, left);
    };
  }

  /** Streams open from `address` (tests). */
  openFrom(address: string): number {
    return this.#open.get(address) ?? 0;
  }

  /** Addresses with a stream open (tests: the map does not grow with addresses gone). */
  get addresses(): number {
    return this.#open.size;
  }
}

/** Whether a request asks for an event stream (how tRPC's subscription link connects). */
export function wantsEventStream(accept: string | undefined): boolean {
  return accept !== undefined && accept.toLowerCase().includes('text/event-stream');
}
