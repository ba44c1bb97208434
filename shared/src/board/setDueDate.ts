/**
 * The deadline (prazo) agreed at planning and told to the client: a calendar day, or null to
 * clear it. Last writer wins.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { ticketIdSchema } from '../ids.js';
import type { TransactionOrigin } from '../origin.js';
import { assertCommandOrigin, loadTicket, parseInput } from './command.js';
import { dueDateSchema } from './ticket.js';

export const setDueDateInputSchema = z.strictObject({
  ticketId: ticketIdSchema,
  dueDate: dueDateSchema.nullable(),
});
export type SetDueDateInput = z.input<typeof setDueDateInputSchema>;

export function setDueDate(doc: Y.Doc, input: SetDueDateInput, origin: TransactionOrigin): void {
  assertCommandOrigin(origin, 'setDueDate');
  const { ticketId, dueDate } = parseInput(setDueDateInputSchema, input, 'setDueDate');
  const { entry, ticket } = loadTicket(doc, ticketId);
  doc.transact(() => {
    if (ticket.dueDate !== dueDate) entry.set('dueDate', dueDate);
  }, origin);
}
