/**
 * Archive and restore. Tickets are never deleted (everything is recorded, forever): archiving
 * only hides a ticket from the columns. It keeps its stage, rank, status and history, so
 * restoring puts it back where it was.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { ticketIdSchema } from '../ids.js';
import type { TransactionOrigin } from '../origin.js';
import { assertCommandOrigin, loadTicket, parseInput } from './command.js';

export const archiveTicketInputSchema = z.strictObject({ ticketId: ticketIdSchema });
export type ArchiveTicketInput = z.input<typeof archiveTicketInputSchema>;

function setArchived(doc: Y.Doc, input: ArchiveTicketInput, origin: TransactionOrigin, archived: boolean): void {
  const command = archived ? 'archiveTicket' : 'restoreTicket';
  assertCommandOrigin(origin, command);
  const { ticketId } = parseInput(archiveTicketInputSchema, input, command);
  const { entry, ticket } = loadTicket(doc, ticketId);
  doc.transact(() => {
    if (ticket.archived !== archived) entry.set('archived', archived);
  }, origin);
}

export function archiveTicket(doc: Y.Doc, input: ArchiveTicketInput, origin: TransactionOrigin): void {
  setArchived(doc, input, origin, true);
}

export function restoreTicket(doc: Y.Doc, input: ArchiveTicketInput, origin: TransactionOrigin): void {
  setArchived(doc, input, origin, false);
}
