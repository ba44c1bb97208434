/**
 * A live stream that keeps itself going: one tRPC subscription (Server-Sent Events through
 * `httpSubscriptionLink`), restarted from the last applied event id whenever the server ends it.
 *
 * Who does what:
 * - A dropped connection (network, proxy, laptop asleep) is the link's job: the browser's
 *   `EventSource` reconnects and the link sends the last tracked id as `lastEventId`.
 * - A stream the **server ended** (it shut down, or a stream reached its maximum duration and
 *   the server returned) completes the subscription; this module opens a new one from
 *   `cursor()` after a short delay, longer each time nothing arrived in between.
 * - A **refusal** (signed out, no longer on the board, bad input: HTTP 400/401/403/404 in the
 *   error) ends it for good — asking again would only be refused again. The state says so, and
 *   the page offers a reload.
 *
 * Events are applied through `onEvent`, which must be idempotent (the same id can arrive twice
 * after a reconnect); the caller's cursor only moves forward.
 */
import { TRPCClientError } from '@trpc/client';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'ended';

/** What a tRPC `tracked(id, data)` event looks like on the client. */
export interface TrackedEvent<T> {
  readonly id: string;
  readonly data: T;
}

/** The callbacks of a tRPC `.subscribe(input, callbacks)`, as far as this module uses them. */
export interface StreamCallbacks<T> {
  onStarted: () => void;
  onData: (event: TrackedEvent<T>) => void;
  onError: (error: unknown) => void;
  onComplete: () => void;
}

export interface LiveSubscriptionOptions<T> {
  /** Opens one stream resuming after `lastEventId` (`null`: changes from now on). */
  readonly open: (lastEventId: string | null, callbacks: StreamCallbacks<T>) => { unsubscribe: () => void };
  /** The newest event id applied so far; read each time a stream opens. */
  readonly cursor: () => string | null;
  readonly onEvent: (event: TrackedEvent<T>) => void;
  readonly onState?: (state: LiveState) => void;
  /** Delays before successive restarts, in ms; the last one repeats. */
  readonly retryDelaysMs?: readonly number[];
}

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000, 5_000, 10_000, 30_000];

const FINAL_HTTP_STATUSES = new Set([400, 401, 403, 404]);

/** A refusal that asking again will not change. */
export function isFinalStreamError(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const data = (error as TRPCClientError<never>).data as { httpStatus?: unknown } | undefined;
  return typeof data?.httpStatus === 'number' && FINAL_HTTP_STATUSES.has(data.httpStatus);
}

/** Starts the stream; the returned function stops it for good (call it on cleanup). */
export function startLiveSubscription<T>(options: LiveSubscriptionOptions<T>): () => void {
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  let stopped = false;
  let generation = 0;
  let failures = 0;
  let current: { unsubscribe: () => void } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let state: LiveState | null = null;

  const setState = (next: LiveState) => {
    if (state === next) return;
    state = next;
    options.onState?.(next);
  };

  const close = () => {
    const stream = current;
    current = null;
    stream?.unsubscribe();
  };

  const restartLater = () => {
    close();
    setState('reconnecting');
    const delay = delays[Math.min(failures, delays.length - 1)] ?? 1_000;
    failures++;
    timer = setTimeout(open, delay);
  };

  function open() {
    if (stopped) return;
    const mine = ++generation;
    const alive = () => !stopped && mine === generation;
    current = options.open(options.cursor(), {
      onStarted: () => {
        if (alive()) setState('live');
      },
      onData: (event) => {
        if (!alive()) return;
        failures = 0;
        setState('live');
        options.onEvent(event);
      },
      onError: (error) => {
        if (!alive()) return;
        generation++;
        if (isFinalStreamError(error)) {
          close();
          setState('ended');
        } else {
          restartLater();
        }
      },
      onComplete: () => {
        if (!alive()) return;
        generation++;
        restartLater();
      },
    });
  }

  setState('connecting');
  open();

  return () => {
    stopped = true;
    clearTimeout(timer);
    close();
  };
}
