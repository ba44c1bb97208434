/**
 * Move a ticket to a stage and a place in its column (drag and drop, or the "Move…" menu).
 *
 * `before` is the ticket that will sit just above the moved one, `after` the one just below,
 * both as the mover sees the target column. With both, the ticket goes between them; with one,
 * right next to it; with neither, at the end of the column. The flow rules (`assertMove`) decide
 * whether the stage change is allowed; reordering inside a stage is always a move to the same
 * stage. Only `position` is written, as one value, so concurrent moves of one ticket resolve to
 * exactly one of them.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { InvalidInputError, InvalidMoveError, NotFoundError } from '../errors.js';
import { ticketIdSchema } from '../ids.js';
import type { TransactionOrigin } from '../origin.js';
import { assertMove } from '../flow/rules.js';
import { stageSchema } from '../flow/stages.js';
import {
  type ColumnEntry,
  assertCommandOrigin,
  columnEntries,
  columnEntriesOf,
  lastRank,
  loadTicket,
  parseInput,
  rankAfter,
  rankBefore,
} from './command.js';
import { rankBetween } from './fractionalIndex.js';
import { type Position, ticketsMap } from './layout.js';

export const moveTicketInputSchema = z.strictObject({
  ticketId: ticketIdSchema,
  toStage: stageSchema,
  before: ticketIdSchema.nullish(),
  after: ticketIdSchema.nullish(),
});
export type MoveTicketInput = z.input<typeof moveTicketInputSchema>;

export function moveTicket(doc: Y.Doc, input: MoveTicketInput, origin: TransactionOrigin): void {
  assertCommandOrigin(origin, 'moveTicket');
  const { ticketId, toStage, before, after } = parseInput(moveTicketInputSchema, input, 'moveTicket');
  const { entry, ticket } = loadTicket(doc, ticketId);
  if (ticket.archived) throw new InvalidMoveError('an archived ticket does not move; restore it first');
  assertMove(ticket.stage, toStage, ticket.status);
  if (before === ticketId || after === ticketId) {
    throw new InvalidInputError('moveTicket: a ticket cannot be its own neighbour');
  }

  // With both neighbours named (a drop between two cards), only those two entries are read:
  // the rank goes between them whatever else the column holds, so a drop on a 10,000-ticket
  // board does not scan every ticket. Otherwise the column is needed to find the free side.
  const column: ColumnEntry[] =
    before && after ? columnEntriesOf(doc, toStage, [before, after]) : columnEntries(doc, toStage, ticketId);
  const neighbourRank = (id: string, role: 'before' | 'after'): string => {
    const found = column.find((e: ColumnEntry) => e.id === id);
    if (found === undefined) {
      if (!ticketsMap(doc).has(id)) throw new NotFoundError(`ticket ${id}`);
      throw new InvalidInputError(`moveTicket: ${role}: ticket ${id} is not in ${toStage}`);
    }
    return found.rank;
  };
  const beforeRank = before ? neighbourRank(before, 'before') : null;
  const afterRank = after ? neighbourRank(after, 'after') : null;

  let low: string | null;
  let high: string | null;
  if (beforeRank !== null && afterRank !== null) {
    if (!(beforeRank < afterRank)) {
      throw new InvalidInputError(`moveTicket: ${before} does not come before ${after} in ${toStage}`);
    }
    low = beforeRank;
    high = afterRank;
  } else if (beforeRank !== null) {
    low = beforeRank;
    high = rankAfter(column, beforeRank);
  } else if (afterRank !== null) {
    low = rankBefore(column, afterRank);
    high = afterRank;
  } else {
    low = lastRank(column);
    high = null;
  }
  const position: Position = { stage: toStage, rank: rankBetween(low, high, ticketId) };

  doc.transact(() => {
    entry.set('position', position);
  }, origin);
}
