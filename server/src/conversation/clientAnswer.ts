/**
 * The ticket status changes the server makes for the client's side of the conversation, shared
 * by the inbound mail, the share router and approvals so all record them the same way:
 * - `reopenOnClientAnswer`: a client answered (by email, from the timeline page, or decided an
 *   approval) — a ticket waiting on the client goes back to open;
 * - `waitOnClient` (approvals): something was sent for the client's decision — an open ticket
 *   now waits on the client, and the SLA clock pauses.
 *
 * History first, then the document: a crash in between is repaired by a retry (the entry is not
 * added twice, the status is then set), and never leaves a silent change. The entry's author is
 * `null` (the server acted); the document change carries `origin`.
 */
import { readTicket, setStatus } from '@fluxo/shared/board/index';
import type { Status } from '@fluxo/shared/flow/statuses';
import { newHistoryEntryId } from '@fluxo/shared/history/historyEntry';
import type { TransactionOrigin } from '@fluxo/shared/origin';
import type { Store, TicketRef } from '../store/store.js';
import type { LiveBoards } from './ticketDirectory.js';

interface ClientStatusDeps {
  readonly store: Store;
  readonly boards: LiveBoards;
  readonly ticket: TicketRef;
  readonly origin: TransactionOrigin;
  readonly now: Date;
}

/** Whether the ticket was `from` and is `to` now. */
async function changeStatusForClient(deps: ClientStatusDeps, from: Status, to: Status): Promise<boolean> {
  const { store, boards, ticket, origin, now } = deps;
  return boards.withBoardDoc(ticket.boardId, async (doc) => {
    const current = readTicket(doc, ticket.ticketId);
    if (current === null || current.status !== from) return false;
    const history = await store.history.listForTicket(ticket.boardId, ticket.ticketId);
    const last = history.filter((e) => e.kind === 'status_changed').at(-1);
    const recorded = last?.kind === 'status_changed' && last.from === from && last.to === to && last.author === null;
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
          from,
          to,
        },
      ]);
    }
    if (readTicket(doc, ticket.ticketId)?.status !== from) return false; // changed meanwhile
    setStatus(doc, { ticketId: ticket.ticketId, status: to }, origin);
    return true;
  });
}

/** Whether the ticket was waiting on the client and is open now. */
export function reopenOnClientAnswer(deps: ClientStatusDeps): Promise<boolean> {
  return changeStatusForClient(deps, 'waiting_client', 'open');
}

/** Whether the ticket was open and waits on the client now. */
export function waitOnClient(deps: ClientStatusDeps): Promise<boolean> {
  return changeStatusForClient(deps, 'open', 'waiting_client');
}
