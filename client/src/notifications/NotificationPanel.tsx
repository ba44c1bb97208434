import type { NotificationView } from '@fluxo/shared/conversation/notification';
import { A } from '@solidjs/router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import { For, Match, Show, Switch, createSignal } from 'solid-js';
import { loadOlderNotifications, markNotificationsReadMutation, notificationsQuery } from '../data/notifications';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import NotificationItem from './NotificationItem';

/**
 * The notification centre's panel, opened from the bell: newest first, unread ones marked, each
 * a link to its ticket (following it marks it read and closes the panel); "Marcar todas como
 * lidas"; older pages on request; the way to the email preferences.
 */
export default function NotificationPanel(props: { id: string; now: number; onClose: () => void }) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const centre = useQuery(() => notificationsQuery(trpc));
  const markRead = useMutation(() => markNotificationsReadMutation(trpc, queryClient));
  const [loadingOlder, setLoadingOlder] = createSignal(false);
  const [olderFailed, setOlderFailed] = createSignal(false);

  const open = (notification: NotificationView) => {
    if (notification.readAt === null) markRead.mutate({ ids: [notification.id] });
    props.onClose();
  };

  const older = async () => {
    setLoadingOlder(true);
    setOlderFailed(false);
    try {
      await loadOlderNotifications(trpc, queryClient);
    } catch {
      setOlderFailed(true);
    } finally {
      setLoadingOlder(false);
    }
  };

  const unread = () => centre.data?.unreadCount ?? 0;

  return (
    <div id={props.id} class="notification-panel" role="dialog" aria-label={i18n.t('notifications.title')}>
      <div class="notification-panel__head">
        <h2 class="notification-panel__title">{i18n.t('notifications.title')}</h2>
        <button
          type="button"
          class="button button--ghost button--small"
          disabled={unread() === 0 || markRead.isPending}
          onClick={() => markRead.mutate({ all: true })}
        >
          {i18n.t('notifications.markAllRead')}
        </button>
      </div>
      <Switch>
        <Match when={centre.isPending}>
          <p class="notification-panel__empty" role="status">
            {i18n.t('notifications.loading')}
          </p>
        </Match>
        <Match when={centre.isError}>
          <p class="notice notice--error" role="alert">
            {i18n.t('notifications.error')}{' '}
            <button type="button" class="button button--ghost button--small" onClick={() => void centre.refetch()}>
              {i18n.t('comments.retry')}
            </button>
          </p>
        </Match>
        <Match when={centre.data?.items.length === 0}>
          <p class="notification-panel__empty">{i18n.t('notifications.empty')}</p>
        </Match>
        <Match when={centre.data}>
          {(page) => (
            <>
              <ul class="notification-list">
                <For each={page().items}>{(notification) => <NotificationItem notification={notification} now={props.now} onOpen={open} />}</For>
              </ul>
              <Show when={olderFailed()}>
                <p class="notice notice--error" role="alert">
                  {i18n.t('notifications.error')}
                </p>
              </Show>
              <Show when={page().hasMore}>
                <button type="button" class="button button--ghost button--small notification-panel__older" disabled={loadingOlder()} onClick={() => void older()}>
                  {i18n.t('notifications.older')}
                </button>
              </Show>
            </>
          )}
        </Match>
      </Switch>
      <A href="/settings/notifications" class="notification-panel__prefs" onClick={() => props.onClose()}>
        {i18n.t('notifications.prefs')}
      </A>
    </div>
  );
}
