/**
 * Change where a ticket came from (`channel`), whose it is (`clientId`), what it is (`kind`) and
 * how urgent (`priority`, which sets its SLA targets with the kind) after it was opened: a demand that arrived by phone is recorded as such when the account
 * manager triages it, a ticket opened without a client gets one. Each field is a plain value
 * replaced whole (last writer wins); a field left out is not touched, `null` clears `clientId`
 * or `kind` (a ticket always has a channel). Fields that already hold the value are not
 * written, so setting the same details twice is a no-op on the wire.
 *
 * Whether the client exists in the agency is the server's concern (it validates updates against
 * its records); here a client id is only checked for shape, like user ids in `assignTicket`.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { clientIdSchema, ticketIdSchema } from '../ids.js';
import type { TransactionOrigin } from '../origin.js';
import { channelSchema } from '../flow/channels.js';
import { prioritySchema } from '../flow/priorities.js';
import { assertCommandOrigin, loadTicket, parseInput } from './command.js';
import { kindSchema } from './ticket.js';

export const setTicketDetailsInputSchema = z
  .strictObject({
    ticketId: ticketIdSchema,
    channel: channelSchema.optional(),
    clientId: clientIdSchema.nullable().optional(),
    kind: kindSchema.nullable().optional(),
    priority: prioritySchema.optional(),
  })
  .refine(
    (input) => input.channel !== undefined || input.clientId !== undefined || input.kind !== undefined || input.priority !== undefined,
    { message: 'name at least one of channel, clientId, kind, priority' },
  );
export type SetTicketDetailsInput = z.input<typeof setTicketDetailsInputSchema>;

export function setTicketDetails(doc: Y.Doc, input: SetTicketDetailsInput, origin: TransactionOrigin): void {
  assertCommandOrigin(origin, 'setTicketDetails');
  const { ticketId, channel, clientId, kind, priority } = parseInput(setTicketDetailsInputSchema, input, 'setTicketDetails');
  const { entry, ticket } = loadTicket(doc, ticketId);
  doc.transact(() => {
    if (channel !== undefined && channel !== ticket.channel) entry.set('channel', channel);
    if (clientId !== undefined && clientId !== ticket.clientId) entry.set('clientId', clientId);
    if (kind !== undefined && kind !== ticket.kind) entry.set('kind', kind);
    if (priority !== undefined && priority !== ticket.priority) entry.set('priority', priority);
  }, origin);
}
