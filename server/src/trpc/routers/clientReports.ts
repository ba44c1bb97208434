/**
 * `clientReports.*` (issue 8): a client's report of work done — its schedule, a preview, and
 * "Enviar relatório agora". Staff of the client's agency only: another agency's client or an
 * unknown id is NOT_FOUND. **Managers** — admins, account managers (`atendimento`) and the
 * client's own primary/backup manager unless they are production — may do everything here;
 * production (`producao`) gets FORBIDDEN (it reads the flag `mayManage` from `get`).
 *
 * - `get {clientId}` → the schedule (`off` when none), whether the caller may manage it, the
 *   addresses a report goes to now, and the latest report emails (≤ 20, newest first).
 * - `preview {clientId, from?, to?}` → `ClientReport`: what the email would say now (default
 *   period as `sendNow`).
 * - `setSchedule {clientId, frequency}` → the `get` view; a changed frequency starts with the
 *   period owed then, so the first email is the next period's.
 * - `sendNow {clientId, from?, to?}` → `{period, recipients, queued}`: one `client_report` row
 *   per address (none: `recipients` is empty — the client has no emailable contact). Without a
 *   period: the last 7 days up to today, or from where the last report sent ended if that is
 *   later (`defaultOnDemandPeriod`). `to` is exclusive; periods are agency days.
 */
import { ForbiddenError, NotFoundError } from '@fluxo/shared/errors';
import { type ClientId, clientIdSchema } from '@fluxo/shared/ids';
import {
  type ClientReportPeriod,
  clientReportFrequencySchema,
  clientReportPeriodSchema,
  clientReportRequestSchema,
  clientReportSchema,
  dayOfInstant,
  defaultOnDemandPeriod,
  dueReportPeriod,
} from '@fluxo/shared/reports/clientReport';
import { z } from 'zod';
import { clientReportRows, queueClientReport, reportRecipients } from '../../reports/clientReportOutbox.js';
import { readClientReport, reportTimeZone } from '../../reports/clientReportReading.js';
import { outboxStatusSchema } from '../../store/conversationRecords.js';
import type { ClientRecord, UserRecord } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import { router, staffProcedure } from '../trpc.js';

const MAX_RECENT = 20;

export const clientReportViewSchema = z.strictObject({
  clientId: clientIdSchema,
  frequency: clientReportFrequencySchema,
  /** The last period the schedule queued, if any. */
  lastPeriod: clientReportPeriodSchema.nullable(),
  mayManage: z.boolean(),
  /** Where a report goes now (empty for those who may not manage). */
  recipients: z.array(z.string()),
  recent: z.array(
    z.strictObject({
      to: z.string(),
      period: clientReportPeriodSchema,
      trigger: z.enum(['schedule', 'on_demand']),
      status: outboxStatusSchema,
      createdAt: z.iso.datetime(),
      sentAt: z.iso.datetime().nullable(),
    }),
  ),
});
export type ClientReportView = z.infer<typeof clientReportViewSchema>;

export const sendNowResultSchema = z.strictObject({
  period: clientReportPeriodSchema,
  recipients: z.array(z.string()),
  /** Rows queued (one per address). */
  queued: z.number().int().nonnegative(),
});

function mayManage(user: UserRecord, client: ClientRecord): boolean {
  if (user.role === 'admin' || user.role === 'atendimento') return true;
  return user.role !== 'producao' && (client.primaryManagerId === user.id || client.backupManagerId === user.id);
}

async function clientOf(store: Store, user: UserRecord, clientId: ClientId): Promise<ClientRecord> {
  const client = await store.clients.get(clientId);
  if (!client || client.agencyId !== user.agencyId) throw new NotFoundError('client');
  return client;
}

async function managedClient(store: Store, user: UserRecord, clientId: ClientId): Promise<ClientRecord> {
  const client = await clientOf(store, user, clientId);
  if (!mayManage(user, client)) throw new ForbiddenError("only admins and account managers handle a client's reports");
  return client;
}

async function view(store: Store, user: UserRecord, client: ClientRecord): Promise<ClientReportView> {
  const schedule = await store.clientReportSchedules.get(client.id);
  const manage = mayManage(user, client);
  const rows = manage ? await clientReportRows(store, client.agencyId, client.id) : [];
  return {
    clientId: client.id,
    frequency: schedule?.frequency ?? 'off',
    lastPeriod: schedule?.lastPeriod ?? null,
    mayManage: manage,
    recipients: manage ? await reportRecipients(store, client.agencyId, client.id) : [],
    recent: rows.slice(0, MAX_RECENT).map((r) => ({
      to: r.to,
      period: r.payload.period,
      trigger: r.payload.trigger,
      status: r.status,
      createdAt: r.createdAt,
      sentAt: r.sentAt,
    })),
  };
}

/** The period asked for, else the on-demand default (see the module comment). */
async function periodOf(store: Store, client: ClientRecord, input: { from?: string | undefined; to?: string | undefined }, now: Date): Promise<ClientReportPeriod> {
  if (input.from !== undefined && input.to !== undefined) return { from: input.from, to: input.to };
  const today = dayOfInstant(await reportTimeZone(store, client.agencyId), now);
  const last = (await clientReportRows(store, client.agencyId, client.id)).find((r) => r.status === 'sent');
  return defaultOnDemandPeriod(today, last?.payload.period.to ?? null);
}

export const clientReportsRouter = router({
  get: staffProcedure
    .input(z.strictObject({ clientId: clientIdSchema }))
    .output(clientReportViewSchema)
    .query(async ({ ctx, input }) => view(ctx.store, ctx.user, await clientOf(ctx.store, ctx.user, input.clientId))),

  preview: staffProcedure
    .input(clientReportRequestSchema)
    .output(clientReportSchema)
    .query(async ({ ctx, input }) => {
      const client = await managedClient(ctx.store, ctx.user, input.clientId);
      const now = ctx.conversation.now();
      const period = await periodOf(ctx.store, client, input, now);
      return readClientReport({ store: ctx.store, tickets: ctx.conversation.tickets }, { agencyId: client.agencyId, clientId: client.id, period, now });
    }),

  setSchedule: staffProcedure
    .input(z.strictObject({ clientId: clientIdSchema, frequency: clientReportFrequencySchema }))
    .output(clientReportViewSchema)
    .mutation(async ({ ctx, input }) => {
      const client = await managedClient(ctx.store, ctx.user, input.clientId);
      const now = ctx.conversation.now();
      await ctx.store.clientReportSchedules.set({
        agencyId: client.agencyId,
        clientId: client.id,
        frequency: input.frequency,
        by: ctx.user.id,
        at: now.toISOString(),
        startAt: dueReportPeriod(input.frequency, now, await reportTimeZone(ctx.store, client.agencyId)),
      });
      return view(ctx.store, ctx.user, client);
    }),

  sendNow: staffProcedure
    .input(clientReportRequestSchema)
    .output(sendNowResultSchema)
    .mutation(async ({ ctx, input }) => {
      const client = await managedClient(ctx.store, ctx.user, input.clientId);
      const now = ctx.conversation.now();
      const period = await periodOf(ctx.store, client, input, now);
      const queued = await queueClientReport(ctx.store, {
        agencyId: client.agencyId,
        clientId: client.id,
        period,
        trigger: 'on_demand',
        requestedBy: ctx.user.id,
        now,
      });
      ctx.logger.info('client report requested', { clientId: client.id, by: ctx.user.id, rows: queued.rows.length });
      return { period, recipients: [...queued.recipients], queued: queued.rows.length };
    }),
});
