/**
 * The agency dashboard's figures, computed from tickets' witnessed flows (`ticketFlow.ts`) for a
 * period of agency days (`reportPeriod.ts`), optionally narrowed to one board, account manager,
 * client or kind. Pure: the server gathers the inputs (`server/src/reports/agencyDashboard.ts`).
 *
 * Definitions (what the numbers mean — the dashboard's help text says the same):
 * - **Delivered** in the period: tickets that are `done` now and last became done inside it (a
 *   ticket the client reopened is not delivered). **Created**: opened inside it. **Cancelled**:
 *   cancelled now, and cancelled inside it.
 * - **Throughput**: delivered (and created) per ISO week (Monday first) of the agency's calendar.
 * - **Time in each stage** and **waiting on the client**: for the tickets delivered in the period,
 *   the average calendar time from opening to delivery spent in each stage, and with status
 *   `waiting_client`. Calendar time: what the client lived through. The stage averages add up to
 *   the average lead time.
 * - **SLA** (business time of the agency's calendar, paused while waiting on the client, targets
 *   of the ticket's kind and priority as on the board):
 *   - first response — tickets opened in the period that arrived in writing (email, portal):
 *     met / breached by the first client-visible staff message; a ticket still without one and
 *     past its target counts as breached; one closed without any is not counted;
 *   - resolution — tickets delivered in the period: met / breached; an open ticket already past
 *     its target counts as breached when the period reaches today;
 *   - promised date — delivered tickets that had one: delivered by that day's close of business
 *     or not; an open ticket past it counts as missed when the period reaches today.
 *   **Breaches** list each broken target (worst first, at most `MAX_BREACHES_LISTED`).
 * - **Cumulative flow**: at the end of each day up to today, how many tickets stood in each stage
 *   (open or waiting) and how many were done — cancelled tickets leave the picture.
 * - **Account manager** of a ticket: its client's primary account manager (seed 004's "camisa
 *   10"); tickets without a client have none.
 * - **Satisfaction**: answers given in the period (1–5) about the tickets in view.
 * Archived tickets count: archiving tidies the board, it does not undo the work.
 */
import { type BusinessCalendar, type ClockPause, closeOfBusinessDay, runningMillis } from '../deadlines/businessCalendar.js';
import { DEFAULT_SLA, owesFirstResponse } from '../deadlines/ticketDeadlines.js';
import { MINUTE_MS, isoDateOfDayNumber } from '../deadlines/zonedTime.js';
import { STAGES, type Stage } from '../flow/stages.js';
import type { BoardId, ClientId, TicketId, UserId } from '../ids.js';
import type { TicketKind } from '../kinds/ticketKind.js';
import { type PeriodInstants, dayIndexOf, dayOfPeriod, weekStartOf } from './reportPeriod.js';
import type { FlowSpan, TicketFlow } from './ticketFlow.js';

export const MAX_BREACHES_LISTED = 100;

export type SlaTarget = 'first_response' | 'resolution' | 'promised';

export interface FlowFilter {
  readonly boardId?: BoardId;
  /** `null`: tickets without an account manager. */
  readonly managerId?: UserId | null;
  /** `null`: tickets without a client. */
  readonly clientId?: ClientId | null;
  /** `null`: tickets without a kind. */
  readonly kind?: string | null;
}

export interface SatisfactionAnswer {
  readonly ticketId: TicketId;
  readonly rating: number;
  /** Epoch ms. */
  readonly answeredAt: number;
}

export interface FlowMetricsInput {
  readonly flows: readonly TicketFlow[];
  readonly period: PeriodInstants;
  readonly now: number;
  readonly calendar: BusinessCalendar;
  /** The agency's kinds by slug; a ticket of a kind not here takes `DEFAULT_SLA`. */
  readonly kinds: ReadonlyMap<string, TicketKind>;
  /** Each client's primary account manager. */
  readonly managers: ReadonlyMap<ClientId, UserId | null>;
  /** When staff first wrote to the client on each ticket (epoch ms). */
  readonly firstResponses: ReadonlyMap<TicketId, number>;
  readonly satisfaction?: readonly SatisfactionAnswer[];
  readonly filter?: FlowFilter;
}

export interface SlaTally {
  readonly met: number;
  readonly breached: number;
  /** Median business time to the event (first response, delivery), among those measured; null when none. */
  readonly medianMs: number | null;
}

export interface Breach {
  readonly boardId: BoardId;
  readonly ticketId: TicketId;
  readonly number: number | null;
  readonly clientId: ClientId | null;
  readonly managerId: UserId | null;
  readonly kind: string | null;
  readonly target: SlaTarget;
  /** Business ms it took (or has taken so far), against the target's business ms (promised: calendar ms late). */
  readonly tookMs: number;
  readonly targetMs: number;
  /** When the response / delivery came (ISO); null: not yet. */
  readonly at: string | null;
}

export interface BreakdownRow {
  /** The manager's, client's or kind's id; null for "none". */
  readonly key: string | null;
  readonly created: number;
  readonly delivered: number;
  readonly openNow: number;
  readonly resolutionMet: number;
  readonly resolutionBreached: number;
  readonly firstResponseMet: number;
  readonly firstResponseBreached: number;
  /** Median business ms from opening to delivery; null when nothing was delivered. */
  readonly medianResolutionMs: number | null;
  readonly ratingAverage: number | null;
  readonly ratings: number;
}

export interface FlowMetrics {
  readonly totals: {
    readonly created: number;
    readonly delivered: number;
    readonly cancelled: number;
    /** Not closed at the period's end (or now, if sooner). */
    readonly openAtEnd: number;
    readonly waitingClientAtEnd: number;
  };
  readonly throughput: readonly { readonly weekStart: string; readonly created: number; readonly delivered: number }[];
  /** Average calendar ms per delivered ticket in each stage, in stage order. */
  readonly stageTime: readonly { readonly stage: Stage; readonly averageMs: number }[];
  readonly waitingClient: { readonly averageMs: number; readonly ticketsThatWaited: number };
  readonly leadTime: { readonly averageMs: number | null; readonly medianMs: number | null };
  readonly sla: { readonly firstResponse: SlaTally; readonly resolution: SlaTally; readonly promised: SlaTally };
  readonly breachCount: number;
  readonly breaches: readonly Breach[];
  readonly cumulativeFlow: readonly ({ readonly day: string; readonly done: number } & Readonly<Record<Stage, number>>)[];
  readonly breakdown: {
    readonly manager: readonly BreakdownRow[];
    readonly client: readonly BreakdownRow[];
    readonly kind: readonly BreakdownRow[];
  };
  readonly satisfaction: {
    readonly answered: number;
    readonly average: number | null;
    /** How many answers gave 1, 2, 3, 4 and 5. */
    readonly distribution: readonly [number, number, number, number, number];
  };
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : Math.round(((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2);
}

/** The agency clock's pauses of a flow: every span not `open` (waiting on the client, closed). */
function flowPauses(statuses: readonly FlowSpan<string>[]): ClockPause[] {
  const pauses: ClockPause[] = [];
  for (const span of statuses) {
    if (span.value !== 'open') pauses.push({ from: new Date(span.from), to: span.to === null ? null : new Date(span.to) });
  }
  return pauses;
}

/** What one ticket contributes, worked out once. */
interface TicketFacts {
  readonly flow: TicketFlow;
  readonly managerId: UserId | null;
  readonly createdIn: boolean;
  readonly deliveredIn: boolean;
  readonly openNow: boolean;
  /** 'met' / 'breached' / null (not measured). */
  readonly firstResponse: 'met' | 'breached' | null;
  readonly firstResponseMs: number | null;
  readonly resolution: 'met' | 'breached' | null;
  readonly resolutionMs: number | null;
  readonly promised: 'met' | 'breached' | null;
  readonly breaches: BrokenTarget[];
}

interface MutableRow {
  key: string | null;
  created: number;
  delivered: number;
  openNow: number;
  resolutionMet: number;
  resolutionBreached: number;
  firstResponseMet: number;
  firstResponseBreached: number;
  resolutionTimes: number[];
  ratingSum: number;
  ratings: number;
}

function emptyRow(key: string | null): MutableRow {
  return {
    key,
    created: 0,
    delivered: 0,
    openNow: 0,
    resolutionMet: 0,
    resolutionBreached: 0,
    firstResponseMet: 0,
    firstResponseBreached: 0,
    resolutionTimes: [],
    ratingSum: 0,
    ratings: 0,
  };
}

function addToRow(row: MutableRow, facts: TicketFacts): void {
  if (facts.createdIn) row.created++;
  if (facts.deliveredIn) row.delivered++;
  if (facts.openNow) row.openNow++;
  if (facts.resolution === 'met') row.resolutionMet++;
  if (facts.resolution === 'breached') row.resolutionBreached++;
  if (facts.firstResponse === 'met') row.firstResponseMet++;
  if (facts.firstResponse === 'breached') row.firstResponseBreached++;
  if (facts.deliveredIn && facts.resolutionMs !== null) row.resolutionTimes.push(facts.resolutionMs);
}

function closeRow(row: MutableRow): BreakdownRow {
  const { resolutionTimes, ratingSum, ...rest } = row;
  return {
    ...rest,
    medianResolutionMs: median(resolutionTimes),
    ratingAverage: row.ratings === 0 ? null : Math.round((ratingSum / row.ratings) * 100) / 100,
  };
}

function passes(flow: TicketFlow, managerId: UserId | null, filter: FlowFilter | undefined): boolean {
  if (filter === undefined) return true;
  if (filter.boardId !== undefined && flow.boardId !== filter.boardId) return false;
  if (filter.managerId !== undefined && managerId !== filter.managerId) return false;
  if (filter.clientId !== undefined && flow.clientId !== filter.clientId) return false;
  if (filter.kind !== undefined && flow.kind !== filter.kind) return false;
  return true;
}

/** A broken target as found; only the worst few become `Breach`es (with their ISO times). */
interface BrokenTarget {
  readonly flow: TicketFlow;
  readonly managerId: UserId | null;
  readonly target: SlaTarget;
  readonly tookMs: number;
  readonly targetMs: number;
  readonly at: number | null;
}

function breachOf({ flow, managerId, target, tookMs, targetMs, at }: BrokenTarget): Breach {
  return {
    boardId: flow.boardId,
    ticketId: flow.ticketId,
    number: flow.number,
    clientId: flow.clientId,
    managerId,
    kind: flow.kind,
    target,
    tookMs: Math.round(tookMs),
    targetMs,
    at: at === null ? null : new Date(at).toISOString(),
  };
}

/** Business time the agency's clock ran from the ticket's opening until `until`. */
function runningFor(flow: TicketFlow, calendar: BusinessCalendar, until: number): number {
  return runningMillis(calendar, new Date(flow.createdAt), new Date(until), flowPauses(flow.statuses));
}

const NO_BREACHES: BrokenTarget[] = [];

// Plain functions, no closures per ticket: this runs for every ticket of the workspace.
function ticketFacts(flow: TicketFlow, managerId: UserId | null, input: FlowMetricsInput): TicketFacts {
  const { period, now, calendar } = input;
  const reachesToday = period.end > now;
  const createdIn = flow.createdAt >= period.start && flow.createdAt < period.end;
  const deliveredIn = flow.doneAt !== null && flow.doneAt >= period.start && flow.doneAt < period.end;
  const openNow = flow.closedAt === null;
  const sla = (flow.kind === null ? undefined : input.kinds.get(flow.kind))?.sla ?? DEFAULT_SLA;
  let breaches = NO_BREACHES;

  let firstResponse: TicketFacts['firstResponse'] = null;
  let firstResponseMs: number | null = null;
  if (createdIn && owesFirstResponse(flow.channel)) {
    const target = sla.firstResponse[flow.priority] * MINUTE_MS;
    const answeredAt = input.firstResponses.get(flow.ticketId);
    if (answeredAt !== undefined) {
      firstResponseMs = runningFor(flow, calendar, answeredAt);
      firstResponse = firstResponseMs <= target ? 'met' : 'breached';
      if (firstResponse === 'breached') (breaches === NO_BREACHES ? (breaches = []) : breaches).push({ flow, managerId, target: 'first_response', tookMs: firstResponseMs, targetMs: target, at: answeredAt });
    } else if (openNow) {
      const sofar = runningFor(flow, calendar, now);
      if (sofar > target) {
        firstResponse = 'breached';
        (breaches === NO_BREACHES ? (breaches = []) : breaches).push({ flow, managerId, target: 'first_response', tookMs: sofar, targetMs: target, at: null });
      }
    }
  }

  let resolution: TicketFacts['resolution'] = null;
  let resolutionMs: number | null = null;
  const resolutionTarget = sla.resolution[flow.priority] * MINUTE_MS;
  if (deliveredIn && flow.doneAt !== null) {
    resolutionMs = runningFor(flow, calendar, flow.doneAt);
    resolution = resolutionMs <= resolutionTarget ? 'met' : 'breached';
    if (resolution === 'breached') (breaches === NO_BREACHES ? (breaches = []) : breaches).push({ flow, managerId, target: 'resolution', tookMs: resolutionMs, targetMs: resolutionTarget, at: flow.doneAt });
  } else if (openNow && reachesToday && flow.createdAt < period.end) {
    const sofar = runningFor(flow, calendar, now);
    if (sofar > resolutionTarget) {
      resolution = 'breached';
      (breaches === NO_BREACHES ? (breaches = []) : breaches).push({ flow, managerId, target: 'resolution', tookMs: sofar, targetMs: resolutionTarget, at: null });
    }
  }

  let promised: TicketFacts['promised'] = null;
  if (flow.dueDate !== null) {
    const due = closeOfBusinessDay(calendar, flow.dueDate).getTime();
    if (deliveredIn && flow.doneAt !== null) {
      promised = flow.doneAt <= due ? 'met' : 'breached';
      if (promised === 'breached') (breaches === NO_BREACHES ? (breaches = []) : breaches).push({ flow, managerId, target: 'promised', tookMs: flow.doneAt - due, targetMs: 0, at: flow.doneAt });
    } else if (openNow && reachesToday && now > due) {
      promised = 'breached';
      (breaches === NO_BREACHES ? (breaches = []) : breaches).push({ flow, managerId, target: 'promised', tookMs: now - due, targetMs: 0, at: null });
    }
  }

  return { flow, managerId, createdIn, deliveredIn, openNow, firstResponse, firstResponseMs, resolution, resolutionMs, promised, breaches };
}

/** Cumulative-flow buckets: the stages in order (0–4), then done (5); -1 for none (cancelled). */
const DONE_BUCKET = STAGES.length;
const BUCKETS = DONE_BUCKET + 1;
const STAGE_NUMBER: Readonly<Record<Stage, number>> = Object.fromEntries(STAGES.map((stage, i) => [stage, i])) as Record<Stage, number>;

function bucketOf(stage: Stage | undefined, status: string | undefined): number {
  if (status === 'done') return DONE_BUCKET;
  if (status === 'cancelled' || stage === undefined) return -1;
  return STAGE_NUMBER[stage];
}

/**
 * Adds a flow's moves between cumulative-flow buckets to `deltas[day * BUCKETS + bucket]`: the
 * stage and status spans (each in time order) walked together, instant by instant.
 */
function addFlowDeltas(flow: TicketFlow, period: PeriodInstants, deltas: Int32Array): void {
  const { stages, statuses } = flow;
  let si = 0;
  let ti = 0;
  let stage: Stage | undefined;
  let status: string | undefined;
  let current = -1;
  while (si < stages.length || ti < statuses.length) {
    const at = Math.min(stages[si]?.from ?? Infinity, statuses[ti]?.from ?? Infinity);
    if (at >= period.end) break;
    while (si < stages.length && (stages[si] as FlowSpan<Stage>).from <= at) stage = (stages[si++] as FlowSpan<Stage>).value;
    while (ti < statuses.length && (statuses[ti] as FlowSpan<string>).from <= at) status = (statuses[ti++] as FlowSpan<string>).value;
    const next = bucketOf(stage, status);
    if (next === current) continue;
    // A change before the period counts from its first day.
    const row = Math.max(0, dayIndexOf(period, at)) * BUCKETS;
    if (current >= 0) deltas[row + current] = (deltas[row + current] ?? 0) - 1;
    if (next >= 0) deltas[row + next] = (deltas[row + next] ?? 0) + 1;
    current = next;
  }
}

/** Calendar ms of each stage (by number) and of waiting on the client, from the opening until `until`. */
function addLifeTimes(flow: TicketFlow, until: number, stageTotals: Float64Array): number {
  for (const span of flow.stages) {
    if (span.from >= until) break;
    stageTotals[STAGE_NUMBER[span.value]] = (stageTotals[STAGE_NUMBER[span.value]] ?? 0) + Math.max(0, Math.min(span.to ?? until, until) - span.from);
  }
  let waiting = 0;
  for (const span of flow.statuses) {
    if (span.from >= until) break;
    if (span.value === 'waiting_client') waiting += Math.max(0, Math.min(span.to ?? until, until) - span.from);
  }
  return waiting;
}

export function flowMetrics(input: FlowMetricsInput): FlowMetrics {
  const { period, now } = input;
  const facts: TicketFacts[] = [];
  const inView = new Map<TicketId, TicketFacts>();
  for (const flow of input.flows) {
    if (flow.createdAt >= period.end) continue;
    const managerId = flow.clientId === null ? null : (input.managers.get(flow.clientId) ?? null);
    if (!passes(flow, managerId, input.filter)) continue;
    const f = ticketFacts(flow, managerId, input);
    facts.push(f);
    inView.set(flow.ticketId, f);
  }

  // Totals, SLA tallies, lead times.
  const until = Math.min(period.end, now);
  let created = 0;
  let delivered = 0;
  let cancelled = 0;
  let openAtEnd = 0;
  let waitingAtEnd = 0;
  const firstResponseTimes: number[] = [];
  const resolutionTimes: number[] = [];
  const leadTimes: number[] = [];
  const tally = { frMet: 0, frBreached: 0, resMet: 0, resBreached: 0, prMet: 0, prBreached: 0 };
  const stageTotals = new Float64Array(STAGES.length);
  let waitingTotal = 0;
  let waited = 0;
  const breaches: BrokenTarget[] = [];

  const firstWeek = weekStartOf(period.firstDay);
  const weeks = Math.floor((period.firstDay + period.days - 1 - firstWeek) / 7) + 1;
  const weekOf = (at: number) => Math.floor((period.firstDay + dayIndexOf(period, at) - firstWeek) / 7);
  const createdPerWeek = new Array<number>(weeks).fill(0);
  const deliveredPerWeek = new Array<number>(weeks).fill(0);

  for (const f of facts) {
    const { flow } = f;
    if (f.createdIn) {
      created++;
      createdPerWeek[weekOf(flow.createdAt)]! += 1;
    }
    if (f.deliveredIn && flow.doneAt !== null) {
      delivered++;
      deliveredPerWeek[weekOf(flow.doneAt)]! += 1;
      leadTimes.push(flow.doneAt - flow.createdAt);
      const waiting = addLifeTimes(flow, flow.doneAt, stageTotals);
      waitingTotal += waiting;
      if (waiting > 0) waited++;
    }
    if (flow.closedAt !== null && flow.statuses[flow.statuses.length - 1]?.value === 'cancelled' && flow.closedAt >= period.start && flow.closedAt < period.end) {
      cancelled++;
    }
    // Open at the period's end: opened before it, not closed by then.
    let statusAtEnd: string | undefined;
    for (const span of flow.statuses) if (span.from < until) statusAtEnd = span.value;
    if (flow.createdAt < until && (statusAtEnd === 'open' || statusAtEnd === 'waiting_client')) {
      openAtEnd++;
      if (statusAtEnd === 'waiting_client') waitingAtEnd++;
    }
    if (f.firstResponse === 'met') tally.frMet++;
    if (f.firstResponse === 'breached') tally.frBreached++;
    if (f.firstResponseMs !== null) firstResponseTimes.push(f.firstResponseMs);
    if (f.resolution === 'met') tally.resMet++;
    if (f.resolution === 'breached') tally.resBreached++;
    if (f.deliveredIn && f.resolutionMs !== null) resolutionTimes.push(f.resolutionMs);
    if (f.promised === 'met') tally.prMet++;
    if (f.promised === 'breached') tally.prBreached++;
    for (const b of f.breaches) breaches.push(b);
  }

  // Worst first: by how far past the target (promised: days late count as business-agnostic ms).
  breaches.sort((a, b) => Math.round(b.tookMs) - b.targetMs - (Math.round(a.tookMs) - a.targetMs));

  // Cumulative flow: deltas per day, then running sums.
  const deltas = new Int32Array((period.days + 1) * BUCKETS);
  for (const f of facts) addFlowDeltas(f.flow, period, deltas);
  const cumulativeFlow: ({ day: string; done: number } & Record<Stage, number>)[] = [];
  const totals = new Int32Array(BUCKETS);
  // Days still to come are left out: the picture ends today.
  const shownDays = now >= period.end ? period.days : Math.max(0, dayIndexOf(period, now) + 1);
  for (let d = 0; d < shownDays; d++) {
    const row = { day: dayOfPeriod(period, d), done: 0, triage: 0, analysis: 0, planning: 0, production: 0, delivery: 0 };
    for (let b = 0; b < BUCKETS; b++) totals[b] = (totals[b] ?? 0) + (deltas[d * BUCKETS + b] ?? 0);
    for (const stage of STAGES) row[stage] = totals[STAGE_NUMBER[stage]] ?? 0;
    row.done = totals[DONE_BUCKET] ?? 0;
    cumulativeFlow.push(row);
  }

  // Breakdowns.
  const groups = { manager: new Map<string | null, MutableRow>(), client: new Map<string | null, MutableRow>(), kind: new Map<string | null, MutableRow>() };
  const rowOf = (map: Map<string | null, MutableRow>, key: string | null) => {
    let row = map.get(key);
    if (row === undefined) map.set(key, (row = emptyRow(key)));
    return row;
  };
  const touches = (f: TicketFacts) => f.createdIn || f.deliveredIn || f.openNow || f.resolution !== null || f.firstResponse !== null;
  for (const f of facts) {
    if (!touches(f)) continue;
    addToRow(rowOf(groups.manager, f.managerId), f);
    addToRow(rowOf(groups.client, f.flow.clientId), f);
    addToRow(rowOf(groups.kind, f.flow.kind), f);
  }

  // Satisfaction: answers given in the period about tickets in view.
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  let ratingSum = 0;
  let answered = 0;
  for (const answer of input.satisfaction ?? []) {
    if (answer.answeredAt < period.start || answer.answeredAt >= period.end) continue;
    const f = inView.get(answer.ticketId);
    if (f === undefined || !Number.isInteger(answer.rating) || answer.rating < 1 || answer.rating > 5) continue;
    distribution[answer.rating - 1]! += 1;
    ratingSum += answer.rating;
    answered++;
    for (const [map, key] of [
      [groups.manager, f.managerId],
      [groups.client, f.flow.clientId],
      [groups.kind, f.flow.kind],
    ] as const) {
      const row = rowOf(map, key);
      row.ratingSum += answer.rating;
      row.ratings++;
    }
  }

  const byDelivered = (a: BreakdownRow, b: BreakdownRow) => b.delivered - a.delivered || b.created - a.created;
  const averageOf = (total: number) => (delivered === 0 ? 0 : Math.round(total / delivered));
  return {
    totals: { created, delivered, cancelled, openAtEnd, waitingClientAtEnd: waitingAtEnd },
    throughput: createdPerWeek.map((c, w) => ({
      weekStart: isoDateOfDayNumber(firstWeek + w * 7),
      created: c,
      delivered: deliveredPerWeek[w] ?? 0,
    })),
    stageTime: STAGES.map((stage) => ({ stage, averageMs: averageOf(stageTotals[STAGE_NUMBER[stage]] ?? 0) })),
    waitingClient: { averageMs: averageOf(waitingTotal), ticketsThatWaited: waited },
    leadTime: {
      averageMs: delivered === 0 ? null : Math.round(leadTimes.reduce((a, b) => a + b, 0) / delivered),
      medianMs: median(leadTimes),
    },
    sla: {
      firstResponse: { met: tally.frMet, breached: tally.frBreached, medianMs: median(firstResponseTimes) },
      resolution: { met: tally.resMet, breached: tally.resBreached, medianMs: median(resolutionTimes) },
      promised: { met: tally.prMet, breached: tally.prBreached, medianMs: null },
    },
    breachCount: breaches.length,
    breaches: breaches.slice(0, MAX_BREACHES_LISTED).map(breachOf),
    cumulativeFlow,
    breakdown: {
      manager: [...groups.manager.values()].map(closeRow).sort(byDelivered),
      client: [...groups.client.values()].map(closeRow).sort(byDelivered),
      kind: [...groups.kind.values()].map(closeRow).sort(byDelivered),
    },
    satisfaction: {
      answered,
      average: answered === 0 ? null : Math.round((ratingSum / answered) * 100) / 100,
      distribution,
    },
  };
}
