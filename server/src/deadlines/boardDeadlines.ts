/**
 * The deadlines of a board's open tickets (`shared/src/deadlines/ticketDeadlines.ts` says what
 * they are), from what the server knows:
 * - the tickets as the live document holds them (kind, channel, status, promised date);
 * - the history the witness recorded — when each was opened and every status change, the
 *   clock's pauses — read from memory (`store.history`);
 * - the first message staff sent each client (`store.comments.firstStaffReplies`);
 * - the workspace's calendar and ticket kinds (`workspaceSettings`, else the defaults).
 * History trails the document by one fsync (the witness records after the change is durable):
 * a status the document holds but the history does not yet counts from now.
 */
import type { Ticket } from '@fluxo/shared/board/index';
import { type BusinessCalendar, defaultBusinessCalendar } from '@fluxo/shared/deadlines/businessCalendar';
import { type TicketClockFacts, type TicketDeadlines, ticketDeadlines } from '@fluxo/shared/deadlines/ticketDeadlines';
import type { Status } from '@fluxo/shared/flow/statuses';
import type { AgencyId, BoardId, TicketId } from '@fluxo/shared/ids';
import { SEED_TICKET_KINDS, type TicketKind } from '@fluxo/shared/kinds/ticketKind';
import type { HistoryEntry } from '@fluxo/shared/history/historyEntry';
import type { Store } from '../store/store.js';

/** What deadlines are counted in: the agency's calendar and kinds, or the defaults. */
export interface WorkspaceRules {
  readonly calendar: BusinessCalendar;
  readonly kinds: ReadonlyMap<string, TicketKind>;
}

export async function workspaceRules(store: Store, agencyId: AgencyId, now: Date): Promise<WorkspaceRules> {
  const settings = await store.workspaceSettings.get(agencyId);
  const kinds = settings?.ticketKinds ?? SEED_TICKET_KINDS;
  return {
    calendar: settings?.calendar ?? defaultBusinessCalendar(now),
    kinds: new Map(kinds.map((k) => [k.slug, k])),
  };
}

type StatusFacts = TicketClockFacts['statuses'];

/** Each ticket's opening status and status changes, in the order they were recorded. */
function statusFacts(history: readonly HistoryEntry[]): Map<TicketId, { at: Date; status: Status }[]> {
  const byTicket = new Map<TicketId, { at: Date; status: Status }[]>();
  for (const entry of history) {
    let status: Status;
    if (entry.kind === 'created') status = entry.status;
    else if (entry.kind === 'status_changed') status = entry.to;
    else continue;
    const list = byTicket.get(entry.ticketId);
    const fact = { at: new Date(entry.at), status };
    if (list) list.push(fact);
    else byTicket.set(entry.ticketId, [fact]);
  }
  return byTicket;
}

export interface BoardDeadlineInput {
  readonly store: Store;
  readonly boardId: BoardId;
  readonly rules: WorkspaceRules;
  /** The board's tickets as the live document holds them. */
  readonly tickets: readonly Ticket[];
  readonly now: Date;
}

/** Deadlines of every open, not archived ticket of the board (closed ones have none and are left out). */
export async function boardDeadlines(input: BoardDeadlineInput): Promise<TicketDeadlines[]> {
  const { store, boardId, rules, tickets, now } = input;
  const [history, replies] = await Promise.all([store.history.listForBoard(boardId), store.comments.firstStaffReplies(boardId)]);
  const statuses = statusFacts(history);
  const out: TicketDeadlines[] = [];
  for (const ticket of tickets) {
    if (ticket.archived || ticket.status === 'done' || ticket.status === 'cancelled') continue;
    const recorded: StatusFacts = statuses.get(ticket.id) ?? [{ at: new Date(ticket.createdAt), status: 'open' }];
    const last = recorded.at(-1);
    const firstReply = replies.get(ticket.id);
    const facts: TicketClockFacts = {
      createdAt: new Date(ticket.createdAt),
      channel: ticket.channel,
      statuses: last?.status === ticket.status ? recorded : [...recorded, { at: now, status: ticket.status }],
      firstResponseAt: firstReply === undefined ? null : new Date(firstReply),
      dueDate: ticket.dueDate,
    };
    const kind = ticket.kind === null ? null : (rules.kinds.get(ticket.kind) ?? null);
    const { paused, deadlines } = ticketDeadlines({ calendar: rules.calendar, kind, priority: ticket.priority, facts, now });
    if (deadlines.length > 0) out.push({ ticketId: ticket.id, paused, deadlines });
  }
  return out;
}
