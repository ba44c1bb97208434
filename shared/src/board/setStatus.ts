/**
 * Change a ticket's status (situação): open, waiting on the client, done, cancelled. The flow
 * rules decide (`assertStatus`): a closed ticket can only be reopened. Setting the status it
 * already has writes nothing.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { ticketIdSchema } from '../ids.js';
import type { TransactionOrigin } from '../origin.js';
import { assertStatus } from '../flow/rules.js';
import { statusSchema } from '../flow/statuses.js';
import { assertCommandOrigin, loadTicket, parseInput } from './command.js';

export const setStatusInputSchema = z.strictObject({
  ticketId: ticketIdSchema,
  status: statusSchema,
});
export type SetStatusInput = z.input<typeof setStatusInputSchema>;

export function setStatus(doc: Y.Doc, input: SetStatusInput, origin: TransactionOrigin): void {
  assertCommandOrigin(origin, 'setStatus');
  const { ticketId, status } = parseInput(setStatusInputSchema, input, 'setStatus');
  const { entry, ticket } = loadTicket(doc, ticketId);
  assertStatus(ticket.status, status);
  doc.transact(() => {
    if (ticket.status !== status) entry.set('status', status);
  }, origin);
}
