import type { NotificationView } from '@fluxo/shared/conversation/notification';
import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import { useI18n } from '../i18n/locale';
import { formatMoment, formatRelative } from '../ticket/ticketDates';
import { notificationHref, notificationSentence } from './notificationText';

/**
 * One notification: a link to the ticket on its board (the drawer opens there). Following it
 * marks it read (`onOpen`). The excerpt is plain text from the server, shown as text.
 */
export default function NotificationItem(props: { notification: NotificationView; now: number; onOpen: (notification: NotificationView) => void }) {
  const i18n = useI18n();
  const unread = () => props.notification.readAt === null;
  return (
    <li class="notification" classList={{ 'notification--unread': unread() }} data-kind={props.notification.kind}>
      <A href={notificationHref(props.notification)} class="notification__link" onClick={() => props.onOpen(props.notification)}>
        <Show when={unread()}>
          <span class="notification__dot" aria-hidden="true" />
          <span class="visually-hidden">{i18n.t('notifications.unread')}: </span>
        </Show>
        <span class="notification__sentence">{notificationSentence(i18n, props.notification)}</span>
        <Show when={props.notification.excerpt}>{(excerpt) => <span class="notification__excerpt">{excerpt()}</span>}</Show>
        <span class="notification__meta">
          <Show when={props.notification.clientName}>{(client) => <span>{client()} · </span>}</Show>
          <time datetime={props.notification.createdAt} title={formatMoment(i18n.locale(), props.notification.createdAt)}>
            {formatRelative(i18n.locale(), props.notification.createdAt, props.now)}
          </time>
        </span>
      </A>
    </li>
  );
}
