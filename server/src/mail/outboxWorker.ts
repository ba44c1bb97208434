/**
 * The outbox worker: sends pending outbox rows over SMTP, with retries, and never loses one.
 *
 * One tick: list the claimable rows (`OutboxStore.claimable`: due `pending` rows, and
 * `sending` rows whose lease ran out), group them into emails (`outboxGroups.ts`: bursts
 * collapse per recipient and ticket within `windowMs`), and for each ready group, one at a
 * time:
 *
 * 1. **Message-ID first.** The group's Message-ID is the one its rows already carry (a retry)
 *    or is derived from its oldest row's id; it is recorded in `store.mail` (so a reply threads
 *    even if we crash right after sending) and then on the rows by the claim.
 * 2. **Claim with a lease.** `OutboxStore.claim` moves the rows to `sending` under a fresh lease
 *    (`leaseMs`, longer than any send may take: nodemailer's timeouts are set below it) and
 *    counts the attempt. A row someone else claimed meanwhile is skipped.
 * 3. **Compose and send** (`mailComposer.ts`, `mailTransport.ts`).
 * 4. **Release** under the same lease: `sent`; or back to `pending` with exponential back-off
 *    and jitter (`retry`), keeping the Message-ID; or `failed` after a permanent refusal (5xx),
 *    after `retry.maxAttempts`, or when there is nothing the recipient may be sent any more
 *    (unsubscribed; the comments were deleted or made internal). An admin can retry a failed
 *    row (`mail.retry`). Or `skipped` when the composer finds nothing left to tell (a promised
 *    date that a later row tells, or that the client already knows: `promisedDateOutbox.ts`).
 *
 * **At-least-once, on purpose.** If the process dies between the SMTP server's `250` and the
 * release, the row stays `sending`; once its lease has run out, a worker claims it again and
 * sends the *same* email with the *same* Message-ID. The other choice, at-most-once (mark
 * "sent" before sending), would silently lose every email caught by a crash — for a client's
 * answer or a handoff that is worse than a rare duplicate, which mail clients and servers
 * that deduplicate by Message-ID (Gmail does) fold into one. The window is one fsync'd store
 * write wide. A clean `stop()` never duplicates: it lets the email in flight finish and be
 * released, and claims nothing more.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../log.js';
import type { OutboxPatch, OutboxRecord } from '../store/conversationRecords.js';
import type { Store } from '../store/store.js';
import { outboundMessageId } from './mailAddress.js';
import type { MailComposer } from './mailComposer.js';
import { MailSendError, type MailTransport } from './mailTransport.js';
import { type OutboxGroup, readyGroups } from './outboxGroups.js';

export interface RetryPolicy {
  /** Wait after the first failed attempt; doubled after each further one. */
  readonly baseMs: number;
  readonly maxMs: number;
  /** After this many attempts the row is `failed`. */
  readonly maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 30_000, maxMs: 60 * 60_000, maxAttempts: 8 };
/** Longer than a send may take (nodemailer: ≤ 30 s to connect + 30 s greeting + 60 s idle per step). */
export const DEFAULT_LEASE_MS = 5 * 60_000;
/** Bursts on one ticket collapse into one email per recipient within this window. */
export const DEFAULT_DIGEST_WINDOW_MS = 2 * 60_000;
export const DEFAULT_POLL_INTERVAL_MS = 2_000;

export interface OutboxWorkerOptions {
  readonly store: Store;
  readonly composer: MailComposer;
  readonly transport: MailTransport;
  /** The domain of Message-IDs (`mailAddress.ts#messageIdDomain`). */
  readonly messageIdDomain: string;
  readonly logger: Logger;
  readonly now?: () => Date;
  readonly pollIntervalMs?: number;
  readonly leaseMs?: number;
  readonly windowMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Most emails one tick sends (the rest wait for the next tick). */
  readonly batchSize?: number;
  /** Called after each group is settled (tests watch progress with it). */
  readonly onSettled?: (outcome: SendOutcome) => void;
}

export interface SendOutcome {
  readonly messageId: string;
  readonly rows: readonly OutboxRecord[];
  /**
   * `skipped`: not sent, the rows ended `failed` (nothing the recipient may see any more);
   * `nothing_to_tell`: not sent, the rows ended `skipped` (a `promised_date` with no news).
   */
  readonly result: 'sent' | 'retry' | 'failed' | 'skipped' | 'nothing_to_tell';
  readonly error: string | null;
}

/** `baseMs · 2^(attempts−1)`, capped, ±20 % jitter so retries of many rows do not stampede. */
export function backoffMs(policy: RetryPolicy, attempts: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}

export class OutboxWorker {
  readonly #o: OutboxWorkerOptions;
  readonly #now: () => Date;
  readonly #retry: RetryPolicy;
  readonly #leaseMs: number;
  readonly #windowMs: number;
  readonly #pollMs: number;
  readonly #batchSize: number;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #started = false;
  #stopping = false;
  #again = false;

  constructor(options: OutboxWorkerOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.#windowMs = options.windowMs ?? DEFAULT_DIGEST_WINDOW_MS;
    this.#pollMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.#batchSize = options.batchSize ?? 100;
  }

  /** Polls every `pollIntervalMs` until `stop()`. */
  start(): void {
    if (this.#started || this.#stopping) return;
    this.#started = true;
    this.#schedule(0);
  }

  /** Something was enqueued: tick soon instead of at the next poll. */
  wake(): void {
    if (!this.#started || this.#stopping) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#schedule(0);
  }

  /**
   * One pass over what is ready now. Resolves when every email it claimed is settled. Used by
   * the poll loop and by tests; concurrent calls share the pass in progress.
   */
  runOnce(): Promise<void> {
    if (this.#running) return this.#running;
    const run = this.#tick().finally(() => {
      this.#running = null;
    });
    this.#running = run;
    return run;
  }

  /** Claims nothing more; resolves once the email in flight (if any) is sent and released. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => undefined);
  }

  #schedule(delayMs: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.runOnce()
        .catch((error: unknown) => this.#o.logger.error('mail: outbox tick failed', { error: String(error) }))
        .finally(() => {
          if (this.#stopping) return;
          const again = this.#again;
          this.#again = false;
          this.#schedule(again ? 0 : this.#pollMs);
        });
    }, delayMs);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    if (this.#stopping) return;
    const now = this.#now();
    const rows = await this.#o.store.outbox.claimable(now, 1_000);
    if (rows.length === 0) return;
    const groups = readyGroups(rows, now, this.#windowMs).slice(0, this.#batchSize);
    for (const group of groups) {
      if (this.#stopping) return;
      await this.#send(group);
    }
  }

  async #send(group: OutboxGroup): Promise<void> {
    const { store, logger } = this.#o;
    const first = group.rows[0];
    if (!first) return;
    const messageId = first.messageId ?? outboundMessageId(group.messageIdSeed, this.#o.messageIdDomain);

    // 1. The Message-ID is on record before anything leaves.
    const single = sameTicket(group.rows);
    if (single !== null) {
      await store.mail.recordMessages([{ messageId, direction: 'out', ...single, from: null, at: this.#now().toISOString() }]);
    }

    // 2. Claim.
    const lease = { id: randomBytes(12).toString('hex'), until: new Date(this.#now().getTime() + this.#leaseMs).toISOString() };
    const claimed = await store.outbox.claim(
      group.rows.map((r) => ({ id: r.id, messageId })),
      lease,
      this.#now(),
    );
    if (claimed.length === 0) return;
    const ids = claimed.map((r) => r.id);
    const settle = async (result: SendOutcome['result'], patch: OutboxPatch, error: string | null) => {
      const released = await store.outbox.release(ids, lease.id, patch);
      this.#o.onSettled?.({ messageId, rows: released, result, error });
    };

    // 3. Compose and send. Only these two steps count as the email's failure: a store error
    // while settling propagates, and the lease makes the row claimable again later.
    let failure: { message: string; permanent: boolean } | null = null;
    let dropped: string | null = null;
    let untold: string | null = null;
    try {
      const composed = await this.#o.composer.compose({ ...group, rows: claimed }, messageId);
      if ('drop' in composed && composed.nothingToTell) untold = composed.drop;
      else if ('drop' in composed) dropped = composed.drop;
      else await this.#o.transport.send(composed.mail);
    } catch (error) {
      failure =
        error instanceof MailSendError
          ? { message: error.message, permanent: error.permanent }
          : { message: error instanceof Error ? error.message : String(error), permanent: false };
    }
    if (untold !== null) {
      logger.info('mail: nothing to tell', { messageId, reason: untold });
      await settle('nothing_to_tell', { status: 'skipped', lastError: null, nextAttemptAt: null }, null);
      return;
    }
    if (dropped !== null) {
      logger.info('mail: not sent', { messageId, reason: dropped });
      await settle('skipped', { status: 'failed', lastError: `not sent: ${dropped}`, nextAttemptAt: null }, dropped);
      return;
    }
    if (failure === null) {
      await settle('sent', { status: 'sent', sentAt: this.#now().toISOString(), lastError: null, nextAttemptAt: null }, null);
      return;
    }

    // 4. A failure: retry later, or give up.
    const attempts = Math.max(...claimed.map((r) => r.attempts));
    if (failure.permanent || attempts >= this.#retry.maxAttempts) {
      logger.warn('mail: giving up', { messageId, attempts, error: failure.message });
      await settle('failed', { status: 'failed', lastError: failure.message, nextAttemptAt: null }, failure.message);
      return;
    }
    const next = new Date(this.#now().getTime() + backoffMs(this.#retry, attempts));
    logger.warn('mail: will retry', { messageId, attempts, at: next.toISOString(), error: failure.message });
    await settle('retry', { status: 'pending', lastError: failure.message, nextAttemptAt: next.toISOString() }, failure.message);
  }
}

function sameTicket(rows: readonly OutboxRecord[]): Pick<OutboxRecord, 'agencyId'> & {
  boardId: NonNullable<OutboxRecord['boardId']>;
  ticketId: NonNullable<OutboxRecord['ticketId']>;
} | null {
  const first = rows[0];
  if (!first || first.boardId === null || first.ticketId === null) return null;
  const { agencyId, boardId, ticketId } = first;
  return rows.every((r) => r.boardId === boardId && r.ticketId === ticketId) ? { agencyId, boardId, ticketId } : null;
}
