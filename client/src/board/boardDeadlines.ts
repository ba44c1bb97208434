/**
 * The board's view of deadlines: each ticket's state — "No prazo / Em risco / Atrasado" —
 * derived from the server's deadlines (`data/deadlines.ts`) and a clock that ticks every
 * half-minute, so a card turns at risk on time without asking the server again. The filter bar
 * filters by it and the columns can sort by it (`compareByDeadline`).
 */
import {
  type Deadline,
  type DeadlineState,
  DEADLINE_STATES,
  deadlineStateSchema,
  worstDeadlineState,
} from '@fluxo/shared/deadlines/ticketDeadlines';
import { type Accessor, createMemo, createSignal, onCleanup } from 'solid-js';
import type { BoardDeadlines } from '../data/deadlines';

export const DEADLINE_CLOCK_MS = 30_000;

export interface TicketDeadlineView {
  readonly state: DeadlineState;
  readonly paused: boolean;
  readonly deadlines: readonly Deadline[];
}

export interface DeadlineBoard {
  /** The ticket's state now; null for a closed ticket or one the server has not counted yet. */
  stateOf(ticketId: string): DeadlineState | null;
  viewOf(ticketId: string): TicketDeadlineView | null;
  now: Accessor<Date>;
}

/** A clock for deadline states: the current time, updated every `DEADLINE_CLOCK_MS`. */
export function createDeadlineClock(intervalMs = DEADLINE_CLOCK_MS): Accessor<Date> {
  const [now, setNow] = createSignal(new Date());
  const timer = setInterval(() => setNow(new Date()), intervalMs);
  onCleanup(() => clearInterval(timer));
  return now;
}

export function createDeadlineBoard(data: Accessor<BoardDeadlines | undefined>, now: Accessor<Date>): DeadlineBoard {
  const views = createMemo(() => {
    const at = now();
    const map = new Map<string, TicketDeadlineView>();
    for (const ticket of data()?.tickets ?? []) {
      const state = worstDeadlineState(ticket.deadlines, at);
      if (state !== null) map.set(ticket.ticketId, { state, paused: ticket.paused, deadlines: ticket.deadlines });
    }
    return map;
  });
  return {
    stateOf: (id) => views().get(id)?.state ?? null,
    viewOf: (id) => views().get(id) ?? null,
    now,
  };
}

/** The deadline state a URL parameter names, or null. */
export function readDeadlineState(value: string | undefined): DeadlineState | null {
  const parsed = deadlineStateSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Worst first: overdue, at risk, on track, then tickets without a deadline. */
export function deadlineSeverity(state: DeadlineState | null): number {
  return state === null ? -1 : DEADLINE_STATES.indexOf(state);
}

/** The earliest instant among a ticket's running deadlines (for ordering within one state). */
export function earliestDue(view: TicketDeadlineView | null): number {
  let earliest = Number.POSITIVE_INFINITY;
  for (const d of view?.deadlines ?? []) if (d.dueAt !== null) earliest = Math.min(earliest, Date.parse(d.dueAt));
  return earliest;
}
