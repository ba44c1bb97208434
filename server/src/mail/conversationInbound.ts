/**
 * Inbound mail through the conversation (`server/src/conversation/`), the production wiring of
 * `InboundConversation`:
 *
 * - an emailed reply is `createComment` by the client contact (visibility `client`, source
 *   `email`, `emailMessageId` = the email's), so it notifies the account managers
 *   (`client_replied`) and shows live to whoever has the ticket open. Its id is derived from the
 *   Message-ID, so a redelivery after a crash returns the stored comment;
 * - a ticket opened by email tells the agency (`new_ticket_by_email`): the client's primary and
 *   backup account managers, or — for a sender no client matches — every account manager
 *   (atendimento) of the board.
 */
import type { CommentId } from '@fluxo/shared/conversation/comment';
import type { Conversation } from '../conversation/conversation.js';
import { handoffRecipients } from '../witness/handoffRecipients.js';
import { type InboundConversation, idFromSeed } from './inboundMail.js';

export function conversationInbound(conversation: Conversation): InboundConversation {
  const { store } = conversation;
  return {
    async addClientReply(reply) {
      const comment = await conversation.createComment({
        id: idFromSeed(`comment\n${reply.ticket.agencyId}\n${reply.messageId}`) as CommentId,
        boardId: reply.ticket.boardId,
        ticketId: reply.ticket.ticketId,
        author: { kind: 'client', email: reply.author.email, name: reply.author.name },
        body: reply.body,
        visibility: 'client',
        source: 'email',
        emailMessageId: reply.messageId,
      });
      return { commentId: comment.id };
    },

    async ticketOpened(opened) {
      const board = await store.boards.get(opened.ticket.boardId);
      const ticket = await conversation.tickets.ticket(opened.ticket.boardId, opened.ticket.ticketId);
      if (board === null || ticket === null) return;
      const client = ticket.clientId === null ? null : await store.clients.get(ticket.clientId);
      const colleagues = await store.users.listByAgency(board.agencyId);
      const recipients = handoffRecipients({ ticket, author: null, client, board, colleagues });
      if (client?.backupManagerId) recipients.push(client.backupManagerId);
      await conversation.notifier.notify([
        {
          kind: 'new_ticket_by_email',
          recipients,
          actor: { kind: 'client', email: opened.from.email, name: opened.from.name },
          board,
          ticket: { id: ticket.id, number: ticket.number, title: ticket.title, clientId: ticket.clientId },
          excerpt: null,
          at: opened.at,
        },
      ]);
    },
  };
}
