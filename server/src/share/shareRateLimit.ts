/**
 * One request budget per client address for everything a link holder reaches: the
 * `/share/<token>` page and every `share.*` procedure draw on the same bucket, so a guesser
 * cannot double its rate by alternating between them. Over budget: 429 / TOO_MANY_REQUESTS with
 * `Retry-After`.
 */
import { KeyedBuckets } from '../sync/socketRateLimit.js';

/** Requests per address: a burst of 60, then one a second (a page needs a handful per visit). */
export const SHARE_RATE = { burst: 60, perSecond: 1 } as const;

/** Seconds a refused caller is told to wait (one request's refill). */
export const SHARE_RETRY_AFTER_SECONDS = Math.ceil(1 / SHARE_RATE.perSecond);

const perAddress = new KeyedBuckets<string>(SHARE_RATE.burst, SHARE_RATE.perSecond);

/** Whether `address` may make one more share request now (and spends it if so). */
export function takeShareRequest(address: string, now: number = Date.now()): boolean {
  return perAddress.take(address, 1, now);
}
