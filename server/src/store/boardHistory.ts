/**
 * The history logic both adapters share: validating a batch before it is stored, and one
 * board's entries held in memory with an index per ticket. The in-memory twin keeps a
 * `BoardHistory` per board and nothing else; the embedded adapter (`historyLog.ts`) keeps the
 * same, loaded from the board's history file on first use and extended only after each append
 * is durable.
 */
import { InvalidInputError } from '@fluxo/shared/errors';
import {
  type HistoryEntry,
  MAX_HISTORY_BATCH,
  historyEntrySchema,
} from '@fluxo/shared/history/historyEntry';
import type { BoardId, TicketId } from '@fluxo/shared/ids';
import { z } from 'zod';
import { assertBoardId } from './records.js';

const sinceSchema = z.iso.datetime({ offset: true });

/**
 * The batch, validated and copied: every entry matches the schema, all belong to one board.
 * Throws `InvalidInputError` naming the first offending entry. An empty batch is `null`.
 */
export function checkHistoryBatch(entries: readonly HistoryEntry[]): { boardId: BoardId; entries: HistoryEntry[] } | null {
  if (!Array.isArray(entries)) throw new InvalidInputError('history: expected a list of entries');
  if (entries.length === 0) return null;
  if (entries.length > MAX_HISTORY_BATCH) {
    throw new InvalidInputError(`history: at most ${MAX_HISTORY_BATCH} entries per append`);
  }
  const checked: HistoryEntry[] = [];
  for (const [index, entry] of entries.entries()) {
    const result = historyEntrySchema.safeParse(entry);
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'entry';
      throw new InvalidInputError(`history entry ${index}: ${where}: ${issue?.message ?? 'invalid'}`);
    }
    checked.push(result.data);
  }
  const boardId = (checked[0] as HistoryEntry).boardId;
  assertBoardId(boardId);
  if (checked.some((e) => e.boardId !== boardId)) {
    throw new InvalidInputError('history: one append holds the entries of one board');
  }
  return { boardId, entries: checked };
}

/** What `listForBoard` was asked, checked. */
export interface BoardHistoryQuery {
  /** Epoch ms, or null. */
  readonly since: number | null;
  readonly skip: number;
}

/**
 * `options.since` as epoch milliseconds (or null) and `options.skip` (default 0);
 * `InvalidInputError` when `since` is not an ISO date-time or `skip` not an integer ≥ 0.
 */
export function parseHistoryQuery(options: { readonly since?: string; readonly skip?: number } | undefined): BoardHistoryQuery {
  const skip = options?.skip ?? 0;
  if (!Number.isSafeInteger(skip) || skip < 0) throw new InvalidInputError('history: skip must be an integer ≥ 0');
  if (options?.since === undefined) return { since: null, skip };
  if (!sinceSchema.safeParse(options.since).success) {
    throw new InvalidInputError('history: since must be an ISO date-time');
  }
  return { since: Date.parse(options.since), skip };
}

/** One board's history, in append order, indexed by ticket. */
export class BoardHistory {
  readonly #all: HistoryEntry[] = [];
  readonly #byTicket = new Map<TicketId, HistoryEntry[]>();

  /** Adds already validated entries (the caller made them durable first). */
  add(entries: readonly HistoryEntry[]): void {
    for (const entry of entries) {
      this.#all.push(entry);
      const list = this.#byTicket.get(entry.ticketId);
      if (list) list.push(entry);
      else this.#byTicket.set(entry.ticketId, [entry]);
    }
  }

  forTicket(ticketId: TicketId): HistoryEntry[] {
    return structuredClone(this.#byTicket.get(ticketId) ?? []);
  }

  /** Entries after the first `skip`, with `at >= since` (all when `since` is null). */
  list({ since, skip }: BoardHistoryQuery): HistoryEntry[] {
    const rest = skip === 0 ? this.#all : this.#all.slice(skip);
    return structuredClone(since === null ? rest : rest.filter((e) => Date.parse(e.at) >= since));
  }
}
