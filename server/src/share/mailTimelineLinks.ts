/**
 * The client's timeline link in the email that answers a new request at once (seed 003:
 * "answer at once"; issue 4: "with the ticket number and their timeline link"). Only a link's
 * hash is kept, so each answer carries a link of its own: a `view` link (default expiry) of the
 * ticket's client on its board, marked `origin: 'email'` — staff see and revoke it with the
 * others. A ticket without a client gets no link (nobody to scope it to).
 */
import { readTicket } from '@fluxo/shared/board/index';
import type { BoardDocAccess, TimelineLinks } from '../mail/mailComposer.js';
import type { Store } from '../store/store.js';
import { issueShareLink, shareLinkUrl } from './shareLinks.js';

export function mailTimelineLinks(deps: { store: Store; boards: BoardDocAccess; publicUrl: string; now?: () => Date }): TimelineLinks {
  const now = deps.now ?? (() => new Date());
  return async (ref) => {
    const ticket = await deps.boards.withBoardDoc(ref.boardId, (doc) => readTicket(doc, ref.ticketId));
    if (ticket === null || ticket.clientId === null) return null;
    const client = await deps.store.clients.get(ticket.clientId);
    if (client === null || client.agencyId !== ref.agencyId) return null;
    const issued = await issueShareLink(
      deps.store,
      { agencyId: ref.agencyId, boardId: ref.boardId, clientId: client.id, scope: 'view', createdBy: null, origin: 'email' },
      now(),
    );
    return shareLinkUrl(deps.publicUrl, issued.token);
  };
}
