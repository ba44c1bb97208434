/**
 * What every board command shares. A command validates everything first (input, origin, the
 * ticket's current state, the flow rules) and only then opens exactly one `doc.transact` that
 * writes; so a command that throws has written nothing, and a command that succeeds is one
 * update on the wire, attributed by its origin.
 */
import * as Y from 'yjs';
import type { z } from 'zod';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import { type TransactionOrigin, isTransactionOrigin } from '../origin.js';
import type { Stage } from '../flow/stages.js';
import { isRankOf } from './fractionalIndex.js';
import { ticketsMap } from './layout.js';
import { readTicketEntry } from './readBoard.js';
import type { Ticket } from './ticket.js';

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/** Parse a command's input, turning schema failures into an `InvalidInputError` naming the fields. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, command: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new InvalidInputError(`${command}: ${describeIssues(result.error)}`);
  return result.data;
}

/**
 * Commands are made by a person or by the server. `remote` marks updates applied from the
 * network; a command carrying it would be misattributed by persistence and the witness.
 */
export function assertCommandOrigin(origin: unknown, command: string): asserts origin is TransactionOrigin {
  if (!isTransactionOrigin(origin) || origin.source === 'remote') {
    throw new InvalidInputError(`${command}: needs a user or server origin`);
  }
}

/** The ticket's map and its validated plain reading; unknown → NotFoundError, malformed → ConflictError. */
export function loadTicket(doc: Y.Doc, id: string): { entry: Y.Map<unknown>; ticket: Ticket } {
  const tickets = ticketsMap(doc);
  if (!tickets.has(id)) throw new NotFoundError(`ticket ${id}`);
  const value = tickets.get(id);
  const result = readTicketEntry(id, value);
  if (!result.ok || !(value instanceof Y.Map)) {
    const why = result.ok ? 'not a map' : result.violations.map((v) => `${v.path}: ${v.message}`).join('; ');
    throw new ConflictError(`ticket ${id} is malformed (${why})`);
  }
  return { entry: value as Y.Map<unknown>, ticket: result.ticket };
}

/** A ticket in a column, as far as ordering is concerned. */
export interface ColumnEntry {
  id: string;
  rank: string;
}

/**
 * The tickets shown in `stage` (not archived), except `excluding`, in no particular order.
 * Reads only `position` and `archived`, so that finding a neighbour is linear and cheap even on a
 * large board; entries whose position is not well formed are left out.
 */
export function columnEntries(doc: Y.Doc, stage: Stage, excluding: string | null): ColumnEntry[] {
  const entries: ColumnEntry[] = [];
  for (const [id, value] of ticketsMap(doc).entries()) {
    if (id === excluding) continue;
    const entry = shownIn(stage, id, value);
    if (entry !== null) entries.push(entry);
  }
  return entries;
}

/** Like `columnEntries`, but only for the given ids: those of them shown in `stage`. */
export function columnEntriesOf(doc: Y.Doc, stage: Stage, ids: readonly string[]): ColumnEntry[] {
  const tickets = ticketsMap(doc);
  const entries: ColumnEntry[] = [];
  for (const id of ids) {
    const entry = shownIn(stage, id, tickets.get(id));
    if (entry !== null) entries.push(entry);
  }
  return entries;
}

/** The ticket entry's place if it is shown in `stage` with a well-formed rank, else null. */
function shownIn(stage: Stage, id: string, value: unknown): ColumnEntry | null {
  if (!(value instanceof Y.Map)) return null;
  const entry = value as Y.Map<unknown>;
  if (entry.get('archived') !== false) return null;
  const position: unknown = entry.get('position');
  if (typeof position !== 'object' || position === null) return null;
  const { stage: s, rank } = position as { stage?: unknown; rank?: unknown };
  if (s !== stage || typeof rank !== 'string' || !isRankOf(rank, id)) return null;
  return { id, rank };
}

/** The greatest rank in a column, or null if it is empty. */
export function lastRank(column: readonly ColumnEntry[]): string | null {
  let last: string | null = null;
  for (const { rank } of column) if (last === null || rank > last) last = rank;
  return last;
}

/** The smallest rank greater than `rank`, or null. */
export function rankAfter(column: readonly ColumnEntry[], rank: string): string | null {
  let found: string | null = null;
  for (const entry of column) if (entry.rank > rank && (found === null || entry.rank < found)) found = entry.rank;
  return found;
}

/** The greatest rank smaller than `rank`, or null. */
export function rankBefore(column: readonly ColumnEntry[], rank: string): string | null {
  let found: string | null = null;
  for (const entry of column) if (entry.rank < rank && (found === null || entry.rank > found)) found = entry.rank;
  return found;
}
