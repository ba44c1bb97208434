/**
 * A client's new request becomes a ticket in Triagem — from an email (`mail/inboundMail.ts`) or
 * from the timeline page (`share.request`), the same way: created in the live document with the
 * server as its origin, numbered like the witness numbers (`numberTickets`), and its `created`
 * history entry recorded (the witness does not see server-made changes). Idempotent for a given
 * `ticketId`: a retry creates, numbers and records nothing twice.
 *
 * `announceClientRequest` then tells the agency (`new_ticket_by_email` / `new_ticket_by_portal`):
 * the client's account managers who are present, an absent one replaced by whoever covers
 * (`absence/coverage.ts` `managersOnDuty`, on the request's agency day); for a ticket without a
 * client (or whose managers left the board), like a handoff without one — the present
 * atendimento members of the board (`handoffRecipients`).
 */
import { createTicket, readTicket } from '@fluxo/shared/board/index';
import type { Channel } from '@fluxo/shared/flow/channels';
import { type HistoryEntry, newHistoryEntryId } from '@fluxo/shared/history/historyEntry';
import type { ClientId } from '@fluxo/shared/ids';
import type { TransactionOrigin } from '@fluxo/shared/origin';
import { agencyDay } from '../absence/agencyDay.js';
import { managersOnDuty } from '../absence/coverage.js';
import type { Logger } from '../log.js';
import type { NotificationCause, Notifier } from '../notifications/notifier.js';
import type { Store, TicketRef } from '../store/store.js';
import { handoffRecipients } from '../witness/handoffRecipients.js';
import { numberTickets } from '../witness/witness.js';
import type { LiveBoards, TicketDirectory } from './ticketDirectory.js';

export interface ClientRequest {
  readonly ticket: TicketRef;
  readonly title: string;
  readonly channel: Channel;
  readonly clientId: ClientId | null;
  readonly summary?: string;
  readonly description?: string;
  readonly origin: TransactionOrigin;
  readonly now: Date;
}

/** Opens the ticket (if it is not there yet); resolves with its number (`null` if numbering failed). */
export async function openClientRequest(deps: { store: Store; boards: LiveBoards; logger: Logger }, request: ClientRequest): Promise<number | null> {
  const { store, boards, logger } = deps;
  const { ticket } = request;
  const number = await boards.withBoardDoc(ticket.boardId, async (doc) => {
    if (readTicket(doc, ticket.ticketId) === null) {
      createTicket(
        doc,
        {
          id: ticket.ticketId,
          title: request.title,
          channel: request.channel,
          clientId: request.clientId,
          ...(request.summary !== undefined ? { summary: request.summary } : {}),
          ...(request.description !== undefined ? { description: request.description } : {}),
        },
        request.origin,
      );
    }
    const numbers = await numberTickets(store, logger, ticket.agencyId, doc, [ticket.ticketId]);
    return numbers.get(ticket.ticketId) ?? null;
  });

  const history = await store.history.listForTicket(ticket.boardId, ticket.ticketId);
  if (!history.some((e) => e.kind === 'created')) {
    const created: HistoryEntry = {
      id: newHistoryEntryId(),
      boardId: ticket.boardId,
      ticketId: ticket.ticketId,
      ticketNumber: number,
      at: request.now.toISOString(),
      author: null,
      kind: 'created',
      stage: 'triage',
      status: 'open',
      channel: request.channel,
      clientId: request.clientId,
    };
    await store.history.append([created]);
  }
  return number;
}

export interface ClientRequestNotice {
  readonly ticket: TicketRef;
  readonly kind: 'new_ticket_by_email' | 'new_ticket_by_portal';
  /** The client who asked (their address, or the portal's placeholder, and name). */
  readonly from: Extract<NotificationCause, { kind: 'client' }>;
  readonly at: Date;
}

/** Tells the agency of a client's new ticket (see the module comment); nothing if it is gone. */
export async function announceClientRequest(
  deps: { store: Store; tickets: TicketDirectory; notifier: Notifier },
  notice: ClientRequestNotice,
): Promise<void> {
  const { store } = deps;
  const board = await store.boards.get(notice.ticket.boardId);
  const ticket = await deps.tickets.ticket(notice.ticket.boardId, notice.ticket.ticketId);
  if (board === null || ticket === null) return;
  const client = ticket.clientId === null ? null : await store.clients.get(ticket.clientId);
  const colleagues = await store.users.listByAgency(board.agencyId);
  const attendance = { day: await agencyDay(store, board.agencyId, notice.at), absences: await store.absences.listByAgency(board.agencyId) };
  const recipients =
    managersOnDuty({ client, board, colleagues, ...attendance }) ??
    handoffRecipients({ ticket, author: null, client, board, colleagues, attendance });
  await deps.notifier.notify([
    {
      kind: notice.kind,
      recipients,
      actor: notice.from,
      board,
      ticket: { id: ticket.id, number: ticket.number, title: ticket.title, clientId: ticket.clientId },
      excerpt: null,
      at: notice.at,
    },
  ]);
}
