/**
 * A ticket's life as the witness recorded it (`history/historyEntry.ts`): when it was opened,
 * the stages and statuses it went through and for how long, and what it is now (client, kind,
 * priority, channel, promised date). The agency's reports (`flowMetrics.ts`) are computed from
 * these, never from the live board: the history is the record of who did what and when, it
 * survives a ticket's archiving, and it is read from memory without loading any Yjs document.
 *
 * Decisions:
 * - A ticket whose history does not start with `created` (nothing like that is written today)
 *   is left out rather than guessed.
 * - Facts of one update share `at`; a span that starts and ends at the same instant lasts 0 ms
 *   and is kept (an offline batch may move triage → planning in one update).
 * - `doneAt` is when the ticket last became `done`, and only if it is still done: a delivery the
 *   client reopened is not a delivery. `closedAt` is the same for `done` or `cancelled`.
 */
import type { Channel } from '../flow/channels.js';
import { DEFAULT_PRIORITY, type Priority } from '../flow/priorities.js';
import type { Stage } from '../flow/stages.js';
import type { Status } from '../flow/statuses.js';
import type { HistoryEntry } from '../history/historyEntry.js';
import type { BoardId, ClientId, TicketId } from '../ids.js';

/** From `from` (epoch ms) until `to` (epoch ms; `null`: still now). */
export interface FlowSpan<T> {
  readonly value: T;
  readonly from: number;
  readonly to: number | null;
}

export interface TicketFlow {
  readonly boardId: BoardId;
  readonly ticketId: TicketId;
  readonly number: number | null;
  readonly createdAt: number;
  /** The channel, client, kind, priority and promised date it has now. */
  readonly channel: Channel;
  readonly clientId: ClientId | null;
  readonly kind: string | null;
  readonly priority: Priority;
  readonly dueDate: string | null;
  readonly archived: boolean;
  /** Every stage it was in, in order; the last one is open (`to: null`). */
  readonly stages: readonly FlowSpan<Stage>[];
  /** Every status it had, in order; the last one is open. */
  readonly statuses: readonly FlowSpan<Status>[];
  /** When it last became done, if it is done now. */
  readonly doneAt: number | null;
  /** When it last became done or cancelled, if it is closed now. */
  readonly closedAt: number | null;
}

interface FlowDraft {
  boardId: BoardId;
  ticketId: TicketId;
  number: number | null;
  createdAt: number;
  channel: Channel;
  clientId: ClientId | null;
  kind: string | null;
  priority: Priority;
  dueDate: string | null;
  archived: boolean;
  stages: { value: Stage; from: number; to: number | null }[];
  statuses: { value: Status; from: number; to: number | null }[];
}

function enter<T>(spans: { value: T; from: number; to: number | null }[], value: T, at: number): void {
  const last = spans[spans.length - 1];
  if (last !== undefined) {
    if (last.value === value) return;
    last.to = Math.max(last.from, at);
  }
  spans.push({ value, from: at, to: null });
}

/** A snapshot of the draft (its spans copied: the draft goes on growing). */
function finish(draft: FlowDraft): TicketFlow {
  const last = draft.statuses[draft.statuses.length - 1];
  const closed = last !== undefined && (last.value === 'done' || last.value === 'cancelled');
  return {
    ...draft,
    stages: draft.stages.map((span) => ({ ...span })),
    statuses: draft.statuses.map((span) => ({ ...span })),
    doneAt: closed && last.value === 'done' ? last.from : null,
    closedAt: closed ? last.from : null,
  };
}

/**
 * Tickets' flows built up from history entries as they come (any boards; the entries of one
 * ticket in append order — what `HistoryStore.listForBoard` returns). The server keeps one per
 * board and feeds it only the entries appended since (`server/src/reports/flowCache.ts`), so a
 * dashboard over 50,000 tickets does not re-read the whole history each time.
 */
export class TicketFlowBook {
  readonly #drafts = new Map<TicketId, FlowDraft>();
  #finished: TicketFlow[] | null = [];

  add(history: Iterable<HistoryEntry>): this {
    for (const entry of history) {
      this.#finished = null;
      this.#add(entry);
    }
    return this;
  }

  /** Every ticket's flow, in the order the tickets were opened. */
  flows(): readonly TicketFlow[] {
    this.#finished ??= Array.from(this.#drafts.values(), finish);
    return this.#finished;
  }

  #add(entry: HistoryEntry): void {
    const at = Date.parse(entry.at);
    if (entry.kind === 'created') {
      if (this.#drafts.has(entry.ticketId)) return;
      this.#drafts.set(entry.ticketId, {
        boardId: entry.boardId,
        ticketId: entry.ticketId,
        number: entry.ticketNumber,
        createdAt: at,
        channel: entry.channel,
        clientId: entry.clientId,
        kind: null,
        priority: DEFAULT_PRIORITY,
        dueDate: null,
        archived: false,
        stages: [{ value: entry.stage, from: at, to: null }],
        statuses: [{ value: entry.status, from: at, to: null }],
      });
      return;
    }
    const draft = this.#drafts.get(entry.ticketId);
    if (draft === undefined) return;
    if (draft.number === null && entry.ticketNumber !== null) draft.number = entry.ticketNumber;
    switch (entry.kind) {
      case 'moved':
        enter(draft.stages, entry.to, at);
        break;
      case 'handoff':
        enter(draft.stages, 'delivery', at);
        break;
      case 'status_changed':
        enter(draft.statuses, entry.to, at);
        break;
      case 'client_changed':
        draft.clientId = entry.to;
        break;
      case 'channel_changed':
        draft.channel = entry.to;
        break;
      case 'kind_changed':
        draft.kind = entry.to;
        break;
      case 'priority_changed':
        draft.priority = entry.to;
        break;
      case 'due_date_changed':
        draft.dueDate = entry.to;
        break;
      case 'archived':
        draft.archived = true;
        break;
      case 'restored':
        draft.archived = false;
        break;
      default:
        break;
    }
  }
}

/** Each ticket's flow from history entries, in the order the tickets were opened. */
export function ticketFlows(history: Iterable<HistoryEntry>): TicketFlow[] {
  return [...new TicketFlowBook().add(history).flows()];
}
