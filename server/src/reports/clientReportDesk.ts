/**
 * The client report schedule (issue 8): once `start()`ed, `tick()` every minute queues each
 * client's owed report once — daily → the previous agency day, from 08:00 agency time; weekly →
 * the previous Monday–Sunday, on Monday from 08:00; monthly → the previous month, on the 1st
 * from 08:00 (`dueReportPeriod`, in the agency's business-calendar time zone).
 *
 * Once per period, across restarts: a period is queued only if it ends after the schedule's
 * `lastPeriod` (`store.clientReportSchedules`), and `lastPeriod` is recorded right after the
 * outbox rows are durable. A crash between the two queues the period again on the next tick,
 * but its rows' idempotency keys (client + period + address, `clientReportOutbox.ts`) are
 * already stored, so no second email. A server that was down catches up with the latest owed
 * period only. A client with no emailable contact still has its period recorded (nothing to
 * send then; a contact added later gets the next period).
 *
 * Ticks never overlap (a tick still running when the timer fires is left to finish); failures
 * are logged per client and retried on the next tick. The clock is injected (`now`) for tests.
 */
import { dueReportPeriod } from '@fluxo/shared/reports/clientReport';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { queueClientReport } from './clientReportOutbox.js';
import { reportTimeZone } from './clientReportReading.js';

export interface ClientReportDesk {
  /** Queues every owed report now; resolves with how many clients got a period queued. */
  tick(): Promise<number>;
  /** Ticks every `intervalMs` (default a minute) until `stop()`. */
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

export interface ClientReportDeskDeps {
  readonly store: Store;
  readonly logger?: Logger;
  readonly now?: () => Date;
}

export function createClientReportDesk(deps: ClientReportDeskDeps): ClientReportDesk {
  const { store, logger } = deps;
  const now = deps.now ?? (() => new Date());
  let timer: ReturnType<typeof setInterval> | null = null;
  let running: Promise<number> | null = null;

  async function queueOwed(): Promise<number> {
    let queued = 0;
    for (const schedule of await store.clientReportSchedules.listActive()) {
      try {
        const at = now();
        const period = dueReportPeriod(schedule.frequency, at, await reportTimeZone(store, schedule.agencyId));
        if (period === null) continue;
        if (schedule.lastPeriod !== null && schedule.lastPeriod.to >= period.to) continue;
        const client = await store.clients.get(schedule.clientId);
        if (client === null || client.agencyId !== schedule.agencyId) continue;
        const result = await queueClientReport(store, {
          agencyId: schedule.agencyId,
          clientId: schedule.clientId,
          period,
          trigger: 'schedule',
          requestedBy: null,
          now: at,
        });
        await store.clientReportSchedules.markQueued(schedule.clientId, period, at.toISOString());
        queued += 1;
        logger?.info('client report queued', { clientId: schedule.clientId, from: period.from, to: period.to, rows: result.rows.length });
      } catch (error) {
        logger?.warn('client report: queuing failed', { clientId: schedule.clientId, error: String(error) });
      }
    }
    return queued;
  }

  function tick(): Promise<number> {
    running ??= queueOwed().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    tick,
    start(intervalMs = 60_000) {
      if (timer !== null) return;
      timer = setInterval(() => {
        tick().catch((error: unknown) => logger?.warn('client report tick failed', { error: String(error) }));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
