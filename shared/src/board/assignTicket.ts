/**
 * Who works on a ticket. Assignees are a set (`Y.Map<UserId, true>`): a concurrent assign and
 * unassign of different people both survive, and assigning someone twice is one entry.
 * Board membership of the user is the server's concern; here a user id is only checked for shape.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { ConflictError, InvalidInputError } from '../errors.js';
import { ticketIdSchema, userIdSchema } from '../ids.js';
import type { TransactionOrigin } from '../origin.js';
import { assertCommandOrigin, loadTicket, parseInput } from './command.js';
import { MAX_ASSIGNEES } from './layout.js';

export const assignTicketInputSchema = z.strictObject({
  ticketId: ticketIdSchema,
  userId: userIdSchema,
});
export type AssignTicketInput = z.input<typeof assignTicketInputSchema>;

function assigneesOf(entry: Y.Map<unknown>): Y.Map<unknown> {
  const assignees = entry.get('assignees');
  if (!(assignees instanceof Y.Map)) throw new ConflictError('ticket has no assignee set');
  return assignees as Y.Map<unknown>;
}

/** Add a person to the ticket; a no-op if they are already on it. */
export function assignTicket(doc: Y.Doc, input: AssignTicketInput, origin: TransactionOrigin): void {
  assertCommandOrigin(origin, 'assignTicket');
  const { ticketId, userId } = parseInput(assignTicketInputSchema, input, 'assignTicket');
  const { entry, ticket } = loadTicket(doc, ticketId);
  const assignees = assigneesOf(entry);
  const already = ticket.assignees.includes(userId);
  if (!already && ticket.assignees.length >= MAX_ASSIGNEES) {
    throw new InvalidInputError(`assignTicket: a ticket has at most ${MAX_ASSIGNEES} assignees`);
  }
  doc.transact(() => {
    if (!already) assignees.set(userId, true);
  }, origin);
}

/** Take a person off the ticket; a no-op if they are not on it. */
export function unassignTicket(doc: Y.Doc, input: AssignTicketInput, origin: TransactionOrigin): void {
  assertCommandOrigin(origin, 'unassignTicket');
  const { ticketId, userId } = parseInput(assignTicketInputSchema, input, 'unassignTicket');
  const { entry, ticket } = loadTicket(doc, ticketId);
  const assignees = assigneesOf(entry);
  doc.transact(() => {
    if (ticket.assignees.includes(userId)) assignees.delete(userId);
  }, origin);
}
