/**
 * From an accepted change to history entries: a pure diff of each ticket's plain state before
 * and after (`boardChange.ts`), in the vocabulary of `@fluxo/shared/history/historyEntry`.
 *
 * - A ticket that did not exist before gets `created` (with the stage, status, channel and
 *   client it was opened with) followed by what it was opened *with* — kind, priority, assignees, a due date,
 *   production steps, done steps — as if diffed against a blank ticket, so "opened already
 *   assigned to Paulo" reads the same as "opened, then assigned".
 * - Produção → Entrega is one `handoff` entry (who is asked to look: `handoffRecipients`).
 * - Texts (title, summary, description), ranks (reordering inside a column) and the number are
 *   not history.
 * - Facts of one ticket follow `HISTORY_KIND_ORDER`; tickets follow the order of the change.
 *
 * Nothing here reads the store or the clock: the witness passes what it looked up (numbers,
 * handoff recipients), tests pass fixed ids.
 */
import type { Ticket } from '@fluxo/shared/board/index';
import type { ProductionStep } from '@fluxo/shared/flow/productionSteps';
import { DEFAULT_PRIORITY } from '@fluxo/shared/flow/priorities';
import { isHandoff } from '@fluxo/shared/flow/stages';
import {
  type HistoryEntry,
  type HistoryEntryId,
  newHistoryEntryId,
} from '@fluxo/shared/history/historyEntry';
import type { TicketId, UserId } from '@fluxo/shared/ids';
import type { AcceptedChange, TicketChange } from './boardChange.js';

/** What the change itself does not say. */
export interface HistoryEntryOptions {
  /** The author recorded; the change's author unless given (`null`: the server). */
  readonly author?: UserId | null;
  /** The ticket's human number; `after.number` unless given. */
  readonly numberOf?: (ticketId: TicketId) => number | null;
  /** Who a handoff of this ticket asks to look at it; nobody unless given. */
  readonly handoffRecipients?: (ticketId: TicketId) => readonly UserId[];
  /** Entry ids; random unless given (tests). */
  readonly newId?: () => HistoryEntryId;
}

/** A ticket as if it had just been opened with `after`'s stage, status, channel and client. */
function blankLike(after: Ticket): Ticket {
  return { ...after, assignees: [], dueDate: null, steps: [], archived: false, kind: null, priority: DEFAULT_PRIORITY };
}

function stepNames(ticket: Ticket): ProductionStep[] {
  return ticket.steps.map((s) => s.step);
}

const sameList = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The facts of one ticket's change, without the common fields. */
type Fact = HistoryEntry extends infer E
  ? E extends HistoryEntry
    ? Omit<E, 'id' | 'boardId' | 'ticketId' | 'ticketNumber' | 'at' | 'author'>
    : never
  : never;

export function ticketFacts(change: TicketChange, handoffTo: readonly UserId[]): Fact[] {
  const { after } = change;
  const facts: Fact[] = [];
  const before = change.before ?? blankLike(after);

  if (change.before === null) {
    facts.push({
      kind: 'created',
      stage: after.stage,
      status: after.status,
      channel: after.channel,
      clientId: after.clientId,
    });
  } else {
    if (before.clientId !== after.clientId) facts.push({ kind: 'client_changed', from: before.clientId, to: after.clientId });
    if (before.channel !== after.channel) facts.push({ kind: 'channel_changed', from: before.channel, to: after.channel });
  }
  // A ticket opened with a kind, or urgent, says so once, right after `created` (from no kind /
  // `normal`), so the history alone tells each ticket's kind and priority (the reports read it).
  if (before.kind !== after.kind) facts.push({ kind: 'kind_changed', from: before.kind, to: after.kind });
  if (before.priority !== after.priority) facts.push({ kind: 'priority_changed', from: before.priority, to: after.priority });
  if (change.before !== null) {
    if (before.stage !== after.stage) {
      facts.push(
        isHandoff(before.stage, after.stage)
          ? { kind: 'handoff', to: [...handoffTo] }
          : { kind: 'moved', from: before.stage, to: after.stage },
      );
    }
    if (before.status !== after.status) facts.push({ kind: 'status_changed', from: before.status, to: after.status });
  }

  const stepsBefore = stepNames(before);
  const stepsAfter = stepNames(after);
  if (!sameList(stepsBefore, stepsAfter)) facts.push({ kind: 'steps_changed', from: stepsBefore, to: stepsAfter });
  const doneBefore = new Set(before.steps.filter((s) => s.done).map((s) => s.step));
  const doneAfter = new Set(after.steps.filter((s) => s.done).map((s) => s.step));
  // A step removed from the list is covered by `steps_changed`; only steps still there toggle.
  for (const step of stepsAfter) {
    if (doneAfter.has(step) && !doneBefore.has(step)) facts.push({ kind: 'step_done', step });
  }
  for (const step of stepsAfter) {
    if (!doneAfter.has(step) && doneBefore.has(step)) facts.push({ kind: 'step_undone', step });
  }

  const assigneesBefore = new Set(before.assignees);
  const assigneesAfter = new Set(after.assignees);
  for (const userId of after.assignees) if (!assigneesBefore.has(userId)) facts.push({ kind: 'assigned', userId });
  for (const userId of before.assignees) if (!assigneesAfter.has(userId)) facts.push({ kind: 'unassigned', userId });

  if (before.dueDate !== after.dueDate) facts.push({ kind: 'due_date_changed', from: before.dueDate, to: after.dueDate });
  if (before.archived !== after.archived) facts.push({ kind: after.archived ? 'archived' : 'restored' });
  return facts;
}

/** The history entries `change` stands for (see the module comment). */
export function historyEntriesFor(change: AcceptedChange, options: HistoryEntryOptions = {}): HistoryEntry[] {
  const at = change.at.toISOString();
  const author = options.author === undefined ? change.author : options.author;
  const newId = options.newId ?? newHistoryEntryId;
  const entries: HistoryEntry[] = [];
  for (const ticketChange of change.tickets) {
    const { after } = ticketChange;
    const ticketNumber = options.numberOf?.(after.id) ?? after.number;
    const handoffTo = options.handoffRecipients?.(after.id) ?? [];
    for (const fact of ticketFacts(ticketChange, handoffTo)) {
      entries.push({
        ...fact,
        id: newId(),
        boardId: change.boardId,
        ticketId: after.id,
        ticketNumber,
        at,
        author,
      } as HistoryEntry);
    }
  }
  return entries;
}

/** The ids of the tickets `change` hands back from production to delivery. */
export function handedOffTickets(change: AcceptedChange): TicketId[] {
  return change.tickets.flatMap((t) => (t.before && isHandoff(t.before.stage, t.after.stage) ? [t.after.id] : []));
}
