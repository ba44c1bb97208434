/**
 * Inbound mail through the conversation (`server/src/conversation/`), the production wiring of
 * `InboundConversation`:
 *
 * - an emailed reply is `createComment` by the client contact (visibility `client`, source
 *   `email`, `emailMessageId` = the email's), so it notifies the account managers
 *   (`client_replied`) and shows live to whoever has the ticket open. Its id is derived from the
 *   Message-ID, so a redelivery after a crash returns the stored comment;
 * - a reply that answers an approval request's email with the decision on its first line
 *   (APROVADO / AJUSTES…) decides that request (`approvals/approvalDesk.ts#decideByEmail`);
 * - a ticket opened by email tells the agency (`new_ticket_by_email`): the client's primary and
 *   backup account managers, or — for a sender no client matches — every account manager
 *   (atendimento) of the board. A manager away on the email's agency day is replaced by whoever
 *   covers; without a client, the present atendimento members are told
 *   (`conversation/clientRequest.ts` `announceClientRequest`, as for a request from the portal).
 */
import type { CommentId } from '@fluxo/shared/conversation/comment';
import { decideByEmail } from '../approvals/approvalDesk.js';
import { announceClientRequest } from '../conversation/clientRequest.js';
import type { Conversation } from '../conversation/conversation.js';
import { type InboundConversation, idFromSeed } from './inboundMail.js';

export function conversationInbound(conversation: Conversation): InboundConversation {
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
      await decideByEmail(conversation, {
        ticket: reply.ticket,
        references: reply.references,
        body: reply.body,
        author: reply.author,
        commentId: comment.id,
      });
      return { commentId: comment.id };
    },

    async ticketOpened(opened) {
      await announceClientRequest(conversation, {
        ticket: opened.ticket,
        kind: 'new_ticket_by_email',
        from: { kind: 'client', email: opened.from.email, name: opened.from.name },
        at: opened.at,
      });
    },
  };
}
