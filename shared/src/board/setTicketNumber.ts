/**
 * The human ticket number (#123). Only the server assigns it — the witness, when it first sees
 * a ticket, or the seed — because only the server sees every ticket in order; a browser
 * numbering tickets would hand out the same number twice.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import { ticketIdSchema } from '../ids.js';
import type { TransactionOrigin } from '../origin.js';
import { assertCommandOrigin, loadTicket, parseInput } from './command.js';
import { ticketNumberSchema } from './ticket.js';

export const setTicketNumberInputSchema = z.strictObject({
  ticketId: ticketIdSchema,
  number: ticketNumberSchema,
});
export type SetTicketNumberInput = z.input<typeof setTicketNumberInputSchema>;

export function setTicketNumber(doc: Y.Doc, input: SetTicketNumberInput, origin: TransactionOrigin): void {
  assertCommandOrigin(origin, 'setTicketNumber');
  if (origin.source !== 'server') throw new InvalidInputError('setTicketNumber: only the server numbers tickets');
  const { ticketId, number } = parseInput(setTicketNumberInputSchema, input, 'setTicketNumber');
  const { entry, ticket } = loadTicket(doc, ticketId);
  doc.transact(() => {
    if (ticket.number !== number) entry.set('number', number);
  }, origin);
}
