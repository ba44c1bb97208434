/**
 * The client's report of work done (issue 8, "Client reports"): for one client and a period of
 * the agency's calendar days `[from, to)` — what was delivered in it, what is in progress now
 * (stage, status, the promised date, overdue or not), what waits on the client and what was sent
 * for their approval and is still pending.
 *
 * **Built only from the client projection.** The input is `ShareTimeline`s — exactly what the
 * client's timeline page receives (`share/projection.ts`, per board) — so nothing a client may
 * not see (internal description, internal comments, priority, kind, assignees, staff ids or
 * addresses) can reach a report: there is no field to carry it. Every object here is strict and
 * built field by field, like the projection.
 *
 * Days are the agency's calendar days (`YYYY-MM-DD`) in the agency's business-calendar time zone;
 * an instant belongs to the day its clock reads there (`dayOfInstant`). `to` is exclusive: the
 * report of Monday 5 to Sunday 11 is `{from: '…-05', to: '…-12'}`.
 *
 * What counts:
 * - **delivered**: a ticket closed as `done` whose closing instant (`closedAt`, else its arrival
 *   in Entrega) falls in the period — oldest first;
 * - **in progress**: every ticket not closed (open or waiting on the client), as it stands when
 *   the report is made (the timeline holds the present, not the past), by promised date (none
 *   last); `overdue` when the promised date is before the report's day `today`;
 * - **waiting on the client**: tickets whose status is `waiting_client`, since the last step
 *   that made them so (null when the history does not say) — longest waiting first;
 * - **pending approvals**: requests still `pending` (`shareApprovals` already leaves out
 *   superseded and withdrawn ones), oldest first.
 */
import { z } from 'zod';
import { isoDateTimeSchema, dueDateSchema, ticketNumberSchema } from '../board/ticket.js';
import { DAY_MS, dayNumberOfIsoDate, dayNumberOfWall, isoDateOfDayNumber, isoWeekdayOfDayNumber, wallTimeAt } from '../deadlines/zonedTime.js';
import { stageSchema } from '../flow/stages.js';
import { statusSchema } from '../flow/statuses.js';
import { clientIdSchema, ticketIdSchema } from '../ids.js';
import { approvalIdSchema } from '../approvals/approval.js';
import { type ShareTicket, type ShareTimeline, shareTokenSchema } from '../share/timeline.js';

/** How often a client gets its report by email (`off`: only on demand). */
export const CLIENT_REPORT_FREQUENCIES = ['off', 'daily', 'weekly', 'monthly'] as const;
export const clientReportFrequencySchema = z.enum(CLIENT_REPORT_FREQUENCIES);
export type ClientReportFrequency = z.infer<typeof clientReportFrequencySchema>;

/** A calendar day, `YYYY-MM-DD`, that exists. */
export const calendarDaySchema = z.iso.date();

/** The longest period one report covers. */
export const MAX_REPORT_DAYS = 366;

export const clientReportPeriodSchema = z
  .strictObject({ from: calendarDaySchema, to: calendarDaySchema })
  .refine((p) => p.from < p.to, { message: 'a period ends after it starts', path: ['to'] })
  .refine((p) => dayNumberOfIsoDate(p.to) - dayNumberOfIsoDate(p.from) <= MAX_REPORT_DAYS, {
    message: `a report covers at most ${MAX_REPORT_DAYS} days`,
    path: ['to'],
  });
export type ClientReportPeriod = z.infer<typeof clientReportPeriodSchema>;

const reportTicketFields = {
  ticketId: ticketIdSchema,
  number: ticketNumberSchema.nullable(),
  title: z.string(),
};

export const deliveredItemSchema = z.strictObject({ ...reportTicketFields, deliveredAt: isoDateTimeSchema });
export type DeliveredItem = z.infer<typeof deliveredItemSchema>;

export const inProgressItemSchema = z.strictObject({
  ...reportTicketFields,
  stage: stageSchema,
  status: statusSchema,
  /** The date promised to the client. */
  dueDate: dueDateSchema.nullable(),
  overdue: z.boolean(),
});
export type InProgressItem = z.infer<typeof inProgressItemSchema>;

export const waitingItemSchema = z.strictObject({ ...reportTicketFields, since: isoDateTimeSchema.nullable() });
export type WaitingItem = z.infer<typeof waitingItemSchema>;

export const pendingApprovalItemSchema = z.strictObject({
  approvalId: approvalIdSchema,
  ticketId: ticketIdSchema,
  number: ticketNumberSchema.nullable(),
  ticketTitle: z.string(),
  title: z.string(),
  milestoneName: z.string().nullable(),
  version: z.number().int().min(1),
  requestedAt: isoDateTimeSchema,
});
export type PendingApprovalItem = z.infer<typeof pendingApprovalItemSchema>;

export const clientReportSchema = z.strictObject({
  agencyName: z.string(),
  client: z.strictObject({ id: clientIdSchema, name: z.string() }),
  period: clientReportPeriodSchema,
  /** The agency's day the report was made on (what `overdue` is measured against). */
  today: calendarDaySchema,
  /** The agency's time zone: instants below are shown as its days (`dayOfInstant`). */
  timeZone: z.string().max(64),
  generatedAt: isoDateTimeSchema,
  delivered: z.array(deliveredItemSchema),
  inProgress: z.array(inProgressItemSchema),
  waitingOnClient: z.array(waitingItemSchema),
  pendingApprovals: z.array(pendingApprovalItemSchema),
});
export type ClientReport = z.infer<typeof clientReportSchema>;

/** The agency's calendar day of an ISO instant, in `timeZone`. */
export function dayOfInstant(timeZone: string, at: string | Date): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return isoDateOfDayNumber(dayNumberOfWall(wallTimeAt(timeZone, ms)));
}

/** `day` moved by `days` calendar days. */
export function shiftDay(day: string, days: number): string {
  return isoDateOfDayNumber(dayNumberOfIsoDate(day) + days);
}

/** The last day a period covers (its `to` is exclusive). */
export function lastDayOf(period: ClientReportPeriod): string {
  return shiftDay(period.to, -1);
}

export interface ClientReportInput {
  readonly agencyName: string;
  readonly client: { readonly id: ShareTimeline['client']['id']; readonly name: string };
  readonly period: ClientReportPeriod;
  readonly timeZone: string;
  readonly now: Date;
  /** The client's timeline on each board the report covers (the client projection's output). */
  readonly timelines: readonly ShareTimeline[];
}

const ref = (t: ShareTicket) => ({ ticketId: t.id, number: t.number, title: t.title });
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byNumber = (a: { number: number | null }, b: { number: number | null }) => (a.number ?? Infinity) - (b.number ?? Infinity);

/** When the ticket last became `waiting_client`, from its client-visible steps. */
function waitingSince(ticket: ShareTicket): string | null {
  for (let i = ticket.steps.length - 1; i >= 0; i--) {
    const step = ticket.steps[i];
    if (step?.kind === 'status' && step.to === 'waiting_client') return step.at;
  }
  return null;
}

export function buildClientReport(input: ClientReportInput): ClientReport {
  const { timeZone, period } = input;
  const today = dayOfInstant(timeZone, input.now);
  const inPeriod = (at: string) => {
    const day = dayOfInstant(timeZone, at);
    return period.from <= day && day < period.to;
  };
  const delivered: DeliveredItem[] = [];
  const inProgress: InProgressItem[] = [];
  const waitingOnClient: WaitingItem[] = [];
  const pendingApprovals: PendingApprovalItem[] = [];
  const seen = new Set<string>();
  for (const timeline of input.timelines) {
    // Only the report's client: a timeline of someone else contributes nothing.
    if (timeline.client.id !== input.client.id) continue;
    for (const ticket of timeline.tickets) {
      if (seen.has(ticket.id)) continue;
      seen.add(ticket.id);
      if (ticket.status === 'done') {
        const at = ticket.closedAt ?? ticket.deliveredAt;
        if (at !== null && inPeriod(at)) delivered.push({ ...ref(ticket), deliveredAt: at });
      } else if (ticket.status !== 'cancelled') {
        inProgress.push({
          ...ref(ticket),
          stage: ticket.stage,
          status: ticket.status,
          dueDate: ticket.dueDate,
          overdue: ticket.dueDate !== null && ticket.dueDate < today,
        });
        if (ticket.status === 'waiting_client') waitingOnClient.push({ ...ref(ticket), since: waitingSince(ticket) });
      }
      for (const approval of ticket.approvals) {
        if (approval.status !== 'pending') continue;
        pendingApprovals.push({
          approvalId: approval.id,
          ticketId: ticket.id,
          number: ticket.number,
          ticketTitle: ticket.title,
          title: approval.title,
          milestoneName: approval.milestoneName,
          version: approval.version,
          requestedAt: approval.requestedAt,
        });
      }
    }
  }
  delivered.sort((a, b) => byText(a.deliveredAt, b.deliveredAt) || byNumber(a, b));
  inProgress.sort((a, b) => byText(a.dueDate ?? '9999-99-99', b.dueDate ?? '9999-99-99') || byNumber(a, b));
  waitingOnClient.sort((a, b) => byText(a.since ?? '9999', b.since ?? '9999') || byNumber(a, b));
  pendingApprovals.sort((a, b) => byText(a.requestedAt, b.requestedAt) || byNumber(a, b));
  return {
    agencyName: input.agencyName,
    client: { id: input.client.id, name: input.client.name },
    period: { from: period.from, to: period.to },
    today,
    timeZone,
    generatedAt: input.now.toISOString(),
    delivered,
    inProgress,
    waitingOnClient,
    pendingApprovals,
  };
}

// ---------------------------------------------------------------------------------------------
// Periods: which one a schedule owes, and the on-demand default.

/** Scheduled reports go out from this hour of the agency's clock. */
export const REPORT_SEND_HOUR = 8;

/**
 * The latest period a schedule owes at `now` (agency clock in `timeZone`), or null for `off`:
 * - daily → the previous day, from 08:00;
 * - weekly → the previous Monday–Sunday, from Monday 08:00;
 * - monthly → the previous month, from the 1st at 08:00.
 * Before today's 08:00, it is the period owed since the previous sending moment — so a server
 * that was down catches up with the latest period only, never with a backlog.
 */
export function dueReportPeriod(frequency: ClientReportFrequency, now: Date, timeZone: string): ClientReportPeriod | null {
  if (frequency === 'off') return null;
  const wall = wallTimeAt(timeZone, now.getTime());
  const today = dayNumberOfWall(wall);
  const sentToday = wall - today * DAY_MS >= REPORT_SEND_HOUR * 3_600_000;
  // The latest day (≤ today) whose 08:00 has passed: the sending day of each kind is found from it.
  const latest = sentToday ? today : today - 1;
  if (frequency === 'daily') return { from: isoDateOfDayNumber(latest - 1), to: isoDateOfDayNumber(latest) };
  if (frequency === 'weekly') {
    const monday = latest - (isoWeekdayOfDayNumber(latest) - 1);
    return { from: isoDateOfDayNumber(monday - 7), to: isoDateOfDayNumber(monday) };
  }
  const day = isoDateOfDayNumber(latest);
  const first = `${day.slice(0, 7)}-01`;
  const year = Number(first.slice(0, 4));
  const month = Number(first.slice(5, 7));
  const previous = month === 1 ? `${String(year - 1).padStart(4, '0')}-12-01` : `${first.slice(0, 5)}${String(month - 1).padStart(2, '0')}-01`;
  return { from: previous, to: first };
}

/** Days an on-demand report covers by default: the last 7 days, today included. */
export const ON_DEMAND_DAYS = 7;

/**
 * The period of an on-demand report when staff choose none: the last 7 days up to today
 * included — or, when a report was sent after that week started, from where that one ended.
 */
export function defaultOnDemandPeriod(today: string, lastReportTo: string | null): ClientReportPeriod {
  const to = shiftDay(today, 1);
  const weekAgo = shiftDay(to, -ON_DEMAND_DAYS);
  const from = lastReportTo !== null && lastReportTo > weekAgo && lastReportTo < to ? lastReportTo : weekAgo;
  return { from, to };
}

// ---------------------------------------------------------------------------------------------
// Inputs (tRPC): `clientReports.*` for staff, `share.report` for a link's holder.

/** An optional period: both ends or neither (`to` exclusive); checked as a period when given. */
const optionalPeriod = {
  from: calendarDaySchema.optional(),
  to: calendarDaySchema.optional(),
};
const bothOrNeither = (input: { from?: string | undefined; to?: string | undefined }) => (input.from === undefined) === (input.to === undefined);
const validPeriod = (input: { from?: string | undefined; to?: string | undefined }) =>
  input.from === undefined || input.to === undefined || clientReportPeriodSchema.safeParse({ from: input.from, to: input.to }).success;
const PERIOD_PROBLEM = `a period is two days, from before to (not included), at most ${MAX_REPORT_DAYS} days apart`;

export const clientReportRequestSchema = z
  .strictObject({ clientId: clientIdSchema, ...optionalPeriod })
  .refine(bothOrNeither, { message: 'give both from and to, or neither', path: ['to'] })
  .refine(validPeriod, { message: PERIOD_PROBLEM, path: ['to'] });
export type ClientReportRequest = z.infer<typeof clientReportRequestSchema>;

export const shareReportInputSchema = z
  .strictObject({ token: shareTokenSchema, ...optionalPeriod })
  .refine(bothOrNeither, { message: 'give both from and to, or neither', path: ['to'] })
  .refine(validPeriod, { message: PERIOD_PROBLEM, path: ['to'] });
