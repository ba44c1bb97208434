/**
 * A client answered (by email or from the timeline page): a ticket waiting on the client goes
 * back to open. Shared by the inbound mail and the share router, so both record it the same way.
 *
 * History first, then the document: a crash in between is repaired by a retry (the entry is not
 * added twice, the status is then set), and never leaves a silent change. The entry's author is
 * `null` (the server acted on the client's answer); the document change carries `origin`.
 */
import { readTicket, setStatus } from '@fluxo/shared/board/index';
import { newHistoryEntryId } from '@fluxo/shared/history/historyEntry';
import type { TransactionOrigin } from '@fluxo/shared/origin';
import type { Store, TicketRef } from '../store/store.js';
import type { LiveBoards } from './ticketDirectory.js';

/** Whether the ticket was waiting on the client and is open now. */
export async function reopenOnClientAnswer(deps: {
  readonly store: Store;
  readonly boards: LiveBoards;
  readonly ticket: TicketRef;
  readonly origin: TransactionOrigin;
  readonly now: Date;
}): Promise<boolean> {
  const { store, boards, ticket, origin, now } = deps;
  return boards.withBoardDoc(ticket.boardId, async (doc) => {
    const current = readTicket(doc, ticket.ticketId);
    if (current === null || current.status !== 'waiting_client') return false;
    const history = await store.history.listForTicket(ticket.boardId, ticket.ticketId);
    const last = history.filter((e) => e.kind === 'status_changed').at(-1);
    const recorded = last?.kind === 'status_changed' && last.from === 'waiting_client' && last.to === 'open' && last.author === null;
    if (!recorded) {
      await store.history.append([
        {
          id: newHistoryEntryId(),
          boardId: ticket.boardId,
          ticketId: ticket.ticketId,
          ticketNumber: current.number,
          at: now.toISOString(),
          author: null,
          kind: 'status_changed',
          from: 'waiting_client',
          to: 'open',
        },
      ]);
    }
    if (readTicket(doc, ticket.ticketId)?.status !== 'waiting_client') return false; // changed meanwhile
    setStatus(doc, { ticketId: ticket.ticketId, status: 'open' }, origin);
    return true;
  });
}
