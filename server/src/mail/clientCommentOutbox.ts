/**
 * Which client emails a comment causes — the `commentOutbox` builder the conversation runs for
 * every comment it writes, so the rows land in the same store write as the comment.
 *
 * - Only a **new, client-visible** comment written by the agency (staff or the server) is
 *   mailed. Internal notes never are; an edit is not mailed again (a typo fix must not become a
 *   second email); the client's own emailed reply is not echoed back to them.
 * - **To whom**: the people who wrote to Fluxo about this ticket by email (`ticketSenders`),
 *   else the addresses on record for the ticket's client (`ClientRecord.emails`). So the
 *   requester who opened the ticket by email gets the answers, and a ticket opened by phone
 *   still reaches the client — without mailing every contact of a client about every ticket.
 *   Addresses that unsubscribed are left out (the worker checks again when sending).
 * - The language is the agency default (clients have no language setting yet).
 * - One row per (comment, address): `idempotencyKey` `client_comment:<commentId>:<address>`.
 */
import type { Ticket } from '@fluxo/shared/board/index';
import { DEFAULT_LOCALE } from '@fluxo/shared/i18n/translate';
import type { AgencyId, BoardId } from '@fluxo/shared/ids';
import type { CommentOutboxBuilder } from '../conversation/comments.js';
import { type OutboxRecord, newOutboxId } from '../store/conversationRecords.js';
import { normaliseEmail } from '../store/records.js';
import type { Store } from '../store/store.js';

/** At most this many client addresses per comment (a client with a long contact list). */
export const MAX_CLIENT_RECIPIENTS = 20;

/**
 * Who gets a ticket's client emails (see "To whom" above): normalised, each once, at most
 * `MAX_CLIENT_RECIPIENTS`, unsubscribed addresses left out. The promised-date emails go to the
 * same people (`promisedDateOutbox.ts`).
 */
export async function clientRecipients(
  store: Store,
  ref: { readonly agencyId: AgencyId; readonly boardId: BoardId },
  ticket: Pick<Ticket, 'id' | 'clientId'>,
): Promise<string[]> {
  let recipients = await store.mail.ticketSenders(ref.boardId, ticket.id);
  if (recipients.length === 0 && ticket.clientId !== null) {
    const client = await store.clients.get(ticket.clientId);
    if (client && client.agencyId === ref.agencyId) recipients = client.emails;
  }
  const addresses: string[] = [];
  for (const address of [...new Set(recipients.map(normaliseEmail))].slice(0, MAX_CLIENT_RECIPIENTS)) {
    if (!(await store.mail.isUnsubscribed(ref.agencyId, address))) addresses.push(address);
  }
  return addresses;
}

export function clientCommentOutbox(store: Store): CommentOutboxBuilder {
  return async ({ change, comment, ticket, board }) => {
    if (change !== 'created' || comment.visibility !== 'client' || comment.author.kind === 'client') return [];
    const at = comment.createdAt;
    const rows: OutboxRecord[] = [];
    for (const address of await clientRecipients(store, { agencyId: board.agencyId, boardId: board.id }, ticket)) {
      rows.push({
        id: newOutboxId(),
        idempotencyKey: `client_comment:${comment.id}:${address}`,
        kind: 'client_comment',
        to: address,
        locale: DEFAULT_LOCALE,
        agencyId: board.agencyId,
        boardId: board.id,
        ticketId: ticket.id,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: at,
        lastError: null,
        messageId: null,
        createdAt: at,
        sentAt: null,
        payload: { commentId: comment.id, visibility: 'client' },
      });
    }
    return rows;
  };
}
