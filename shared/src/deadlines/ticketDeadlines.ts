/**
 * A ticket's deadlines and their state — pt-BR "No prazo / Em risco / Atrasado".
 *
 * Three clocks, each counted in the workspace's business hours (`businessCalendar.ts`):
 * - `first_response`: the client hears from the agency. Counted for demands that arrived in
 *   writing through Fluxo (email, the client's portal) until the first message staff send to
 *   the client; a demand taken by phone, in a meeting or on WhatsApp was answered by the person
 *   who took it, so it has none.
 * - `resolution`: the ticket is done (the kind's target for the ticket's priority).
 * - `promised`: the deadline (prazo) promised to the client, a calendar day, due at that day's
 *   close of business. It does not pause: it is a date the client was told.
 * The SLA clocks pause while the ticket waits on the client (`waiting_client`) and stop when it
 * is closed; a closed ticket has no deadlines. Each deadline turns at risk when what is left is
 * at most its warning span (a quarter of the target, at least 15 minutes; a business day for the
 * promised date), overdue once nothing is left.
 *
 * The server computes `Deadline`s from the ticket's history (`ticketDeadlines`); the state is a
 * function of a deadline and the time (`deadlineState`), so a board re-derives it every minute
 * without asking again, and a paused clock keeps the state it paused in.
 */
import { z } from 'zod';
import { isoDateTimeSchema } from '../board/ticket.js';
import type { Channel } from '../flow/channels.js';
import { DEFAULT_PRIORITY, type Priority } from '../flow/priorities.js';
import type { Status } from '../flow/statuses.js';
import { ticketIdSchema } from '../ids.js';
import { type SlaTargets, type TicketKind, scaledTargets } from '../kinds/ticketKind.js';
import {
  type BusinessCalendar,
  type ClockPause,
  addBusinessMillis,
  businessMillisBetween,
  closeOfBusinessDay,
  runningMillis,
} from './businessCalendar.js';

export const DEADLINE_TARGETS = ['first_response', 'resolution', 'promised'] as const;
export const deadlineTargetSchema = z.enum(DEADLINE_TARGETS);
export type DeadlineTarget = z.infer<typeof deadlineTargetSchema>;

/** Ordered from best to worst. */
export const DEADLINE_STATES = ['on_track', 'at_risk', 'overdue'] as const;
export const deadlineStateSchema = z.enum(DEADLINE_STATES);
export type DeadlineState = z.infer<typeof deadlineStateSchema>;

const MINUTE = 60_000;
/** Targets for tickets without a kind (or of a kind the agency removed): 2 h and 5 business days. */
export const DEFAULT_SLA: SlaTargets = scaledTargets(2 * 60, 5 * 8 * 60);
/** The least warning any SLA deadline gives. */
export const MIN_WARNING_MS = 15 * MINUTE;
/** The promised date warns one business day (of the default calendar) ahead. */
export const PROMISED_WARNING_MS = 8 * 60 * MINUTE;
/** Demands that arrived in writing through Fluxo: the agency owes them a first response. */
const WRITTEN_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['email', 'portal']);

/** Whether a demand from this channel is owed a first response (it arrived in writing through Fluxo). */
export function owesFirstResponse(channel: Channel): boolean {
  return WRITTEN_CHANNELS.has(channel);
}

export const deadlineSchema = z.strictObject({
  target: deadlineTargetSchema,
  /** The whole budget, in business milliseconds (for the promised date: what was left when computed). */
  budgetMs: z.number().int().nonnegative(),
  /** Business milliseconds left when computed; negative: overdue by that much. */
  remainingMs: z.number().int(),
  /** At most this much left → at risk. */
  warningMs: z.number().int().nonnegative(),
  /** When it breaks (or broke); null while the clock is paused. */
  dueAt: isoDateTimeSchema.nullable(),
  /** When it turns (or turned) at risk; null while the clock is paused. */
  warnAt: isoDateTimeSchema.nullable(),
});
export type Deadline = z.infer<typeof deadlineSchema>;

export const ticketDeadlinesSchema = z.strictObject({
  ticketId: ticketIdSchema,
  /** The SLA clocks are paused: the ticket waits on the client. */
  paused: z.boolean(),
  deadlines: z.array(deadlineSchema).max(DEADLINE_TARGETS.length),
});
export type TicketDeadlines = z.infer<typeof ticketDeadlinesSchema>;

/** The state of one deadline at `now`. */
export function deadlineState(deadline: Deadline, now: Date): DeadlineState {
  if (deadline.dueAt === null || deadline.warnAt === null) {
    if (deadline.remainingMs <= 0) return 'overdue';
    return deadline.remainingMs <= deadline.warningMs ? 'at_risk' : 'on_track';
  }
  const t = now.getTime();
  if (t >= Date.parse(deadline.dueAt)) return 'overdue';
  return t >= Date.parse(deadline.warnAt) ? 'at_risk' : 'on_track';
}

/** The worst state among `deadlines` at `now`; null when there is none (a closed ticket). */
export function worstDeadlineState(deadlines: readonly Deadline[], now: Date): DeadlineState | null {
  let worst = -1;
  for (const d of deadlines) worst = Math.max(worst, DEADLINE_STATES.indexOf(deadlineState(d, now)));
  return DEADLINE_STATES[worst] ?? null;
}

/** What the ticket's history says about its clocks. */
export interface TicketClockFacts {
  readonly createdAt: Date;
  readonly channel: Channel;
  /** The status it was opened with, then every status change, in time order. */
  readonly statuses: readonly { readonly at: Date; readonly status: Status }[];
  /** The first message staff sent the client, if any. */
  readonly firstResponseAt: Date | null;
  /** The promised deadline, a calendar day of the workspace. */
  readonly dueDate: string | null;
}

export interface TicketDeadlineInput {
  readonly calendar: BusinessCalendar;
  /** The ticket's kind; null (no kind, or one the agency removed) takes `DEFAULT_SLA`. */
  readonly kind: TicketKind | null;
  readonly priority?: Priority;
  readonly facts: TicketClockFacts;
  readonly now: Date;
}

/** The spans in which the agency's clock does not run: waiting on the client, or closed (and later reopened). */
export function clockPauses(statuses: TicketClockFacts['statuses']): ClockPause[] {
  const pauses: ClockPause[] = [];
  let from: Date | null = null;
  for (const { at, status } of statuses) {
    const running = status === 'open';
    if (!running && from === null) from = at;
    else if (running && from !== null) {
      pauses.push({ from, to: at });
      from = null;
    }
  }
  if (from !== null) pauses.push({ from, to: null });
  return pauses;
}

function warningFor(budgetMs: number): number {
  return Math.min(budgetMs, Math.max(MIN_WARNING_MS, Math.round(budgetMs / 4)));
}

function slaDeadline(
  target: DeadlineTarget,
  budgetMs: number,
  input: TicketDeadlineInput,
  pauses: readonly ClockPause[],
  paused: boolean,
): Deadline {
  const { calendar, facts, now } = input;
  const remainingMs = Math.round(budgetMs - runningMillis(calendar, facts.createdAt, now, pauses));
  const warningMs = warningFor(budgetMs);
  if (paused) return { target, budgetMs, remainingMs, warningMs, dueAt: null, warnAt: null };
  const dueAt = remainingMs > 0 ? addBusinessMillis(calendar, now, remainingMs) : now;
  const warnAt = remainingMs > warningMs ? addBusinessMillis(calendar, now, remainingMs - warningMs) : now;
  return { target, budgetMs, remainingMs, warningMs, dueAt: dueAt.toISOString(), warnAt: warnAt.toISOString() };
}

/**
 * The ticket's deadlines at `now`: none once it is closed; else the first response (while owed),
 * the resolution, and the promised date (when there is one).
 */
export function ticketDeadlines(input: TicketDeadlineInput): { paused: boolean; deadlines: Deadline[] } {
  const { calendar, facts, now } = input;
  const current = facts.statuses.at(-1)?.status ?? 'open';
  if (current === 'done' || current === 'cancelled') return { paused: false, deadlines: [] };
  const paused = current !== 'open';
  const pauses = clockPauses(facts.statuses);
  const sla = input.kind?.sla ?? DEFAULT_SLA;
  const priority = input.priority ?? DEFAULT_PRIORITY;
  const deadlines: Deadline[] = [];

  if (facts.firstResponseAt === null && owesFirstResponse(facts.channel)) {
    deadlines.push(slaDeadline('first_response', sla.firstResponse[priority] * MINUTE, input, pauses, paused));
  }
  deadlines.push(slaDeadline('resolution', sla.resolution[priority] * MINUTE, input, pauses, paused));

  if (facts.dueDate !== null) {
    const due = closeOfBusinessDay(calendar, facts.dueDate);
    const left = due > now ? businessMillisBetween(calendar, now, due) : -businessMillisBetween(calendar, due, now);
    const remainingMs = Math.round(left);
    const warnAt = remainingMs > PROMISED_WARNING_MS ? addBusinessMillis(calendar, now, remainingMs - PROMISED_WARNING_MS) : now;
    deadlines.push({
      target: 'promised',
      budgetMs: Math.max(0, remainingMs),
      remainingMs,
      warningMs: PROMISED_WARNING_MS,
      dueAt: due.toISOString(),
      warnAt: (warnAt < due ? warnAt : due).toISOString(),
    });
  }
  return { paused, deadlines };
}
