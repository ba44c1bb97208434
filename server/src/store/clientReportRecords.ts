/**
 * Client report schedules (issue 8): how often each client gets its report of work done by email
 * — `clientReportSchedules` in `fluxo.json`, default `[]`, at most one per client. A client
 * without one is `off` (reports only on demand).
 *
 * `lastPeriod` is the last period the scheduler queued for the client (agency days, `to`
 * exclusive): the scheduler queues a period only when it ends after `lastPeriod.to`, and records
 * it right after the outbox rows are durable — so a period is never queued twice, across
 * restarts too (a crash in between re-enqueues rows whose idempotency keys are already stored:
 * nothing is added). Setting a schedule starts it at the period owed then, so the first email is
 * the next period's, not an immediate one.
 */
import { agencyIdSchema, clientIdSchema, userIdSchema } from '@fluxo/shared/ids';
import { clientReportFrequencySchema, clientReportPeriodSchema } from '@fluxo/shared/reports/clientReport';
import { z } from 'zod';

export const clientReportScheduleRecordSchema = z.strictObject({
  agencyId: agencyIdSchema,
  clientId: clientIdSchema,
  frequency: clientReportFrequencySchema,
  updatedAt: z.iso.datetime(),
  updatedBy: userIdSchema,
  lastPeriod: clientReportPeriodSchema.nullable(),
  lastQueuedAt: z.iso.datetime().nullable(),
});
export type ClientReportScheduleRecord = z.infer<typeof clientReportScheduleRecordSchema>;
