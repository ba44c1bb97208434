/**
 * Every ticket of a board with its number (null until the witness gives one), reading that one
 * field per entry: the server runs it at every board load, boards of 10,000 tickets included.
 */
import * as Y from 'yjs';
import type { TicketId } from '../ids.js';
import { ticketsMap } from './layout.js';

/** Ticket id (the layout's keys) → its `number`, or null while it has none. */
export function ticketNumbers(doc: Y.Doc): Map<TicketId, number | null> {
  const numbers = new Map<TicketId, number | null>();
  for (const [id, entry] of ticketsMap(doc)) {
    if (!(entry instanceof Y.Map)) continue;
    const number: unknown = entry.get('number');
    numbers.set(id as TicketId, typeof number === 'number' ? number : null);
  }
  return numbers;
}
