/**
 * A notification as a sentence in the reader's language: the kind says what happened, the actor
 * who did it, the ticket is named as it was then (number and title). Built from the shared
 * dictionaries (`notifications.kind.*`), never from text the server wrote.
 */
import type { NotificationActor, NotificationView } from '@fluxo/shared/conversation/notification';
import type { I18n } from '../i18n/locale';

export function notificationActorName(i18n: I18n, actor: NotificationActor): string {
  switch (actor.kind) {
    case 'staff':
      return actor.name;
    case 'client':
      return actor.name ?? actor.email;
    case 'system':
      return i18n.t('notifications.actor.system');
  }
}

export function notificationTicketName(i18n: I18n, notification: NotificationView): string {
  const title = notification.ticketTitle.trim() === '' ? i18n.t('drawer.untitled') : notification.ticketTitle;
  return notification.ticketNumber === null
    ? i18n.t('notifications.ticket.unnumbered', { title })
    : i18n.t('notifications.ticket', { number: notification.ticketNumber, title });
}

export function notificationSentence(i18n: I18n, notification: NotificationView): string {
  return i18n.t(`notifications.kind.${notification.kind}`, {
    actor: notificationActorName(i18n, notification.actor),
    ticket: notificationTicketName(i18n, notification),
  });
}

/** Where a notification leads: the board, with the ticket's drawer open. */
export function notificationHref(notification: NotificationView): string {
  return `/boards/${encodeURIComponent(notification.boardId)}?ticket=${encodeURIComponent(notification.ticketId)}`;
}
