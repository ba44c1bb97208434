/** A stored notification as its recipient sees it: without the store's bookkeeping. */
import type { NotificationView } from '@fluxo/shared/conversation/notification';
import type { StoredNotification } from '../store/conversationRecords.js';

export function notificationView(n: StoredNotification): NotificationView {
  return {
    id: n.id,
    kind: n.kind,
    boardId: n.boardId,
    ticketId: n.ticketId,
    ticketNumber: n.ticketNumber,
    ticketTitle: n.ticketTitle,
    clientName: n.clientName,
    actor: n.actor,
    commentId: n.commentId,
    excerpt: n.excerpt,
    createdAt: n.createdAt,
    readAt: n.readAt,
  };
}
