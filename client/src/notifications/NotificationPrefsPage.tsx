import {
  NOTIFICATION_DELIVERIES,
  NOTIFICATION_KINDS,
  type NotificationDelivery,
  type NotificationKind,
} from '@fluxo/shared/conversation/notification';
import type { MessageKey } from '@fluxo/shared/i18n/index';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import { For, Match, Show, Switch, createSignal, createUniqueId } from 'solid-js';
import { notificationPrefsQuery, setNotificationPrefMutation } from '../data/notifications';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import './notifications.css';

/**
 * `/settings/notifications`: per kind of notification, how it reaches me by email — at once,
 * in a digest, or not at all. The bell always lists everything; only email follows these.
 * Each choice is saved as it is made (and shown at once; a refusal puts the previous one back
 * and says so).
 */
export default function NotificationPrefsPage() {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const prefs = useQuery(() => notificationPrefsQuery(trpc));
  const setPref = useMutation(() => setNotificationPrefMutation(trpc, queryClient));
  const [outcome, setOutcome] = createSignal<{ key: MessageKey; failed: boolean } | null>(null);
  const uid = createUniqueId();

  const choose = (kind: NotificationKind, delivery: NotificationDelivery) => {
    setOutcome(null);
    setPref.mutate(
      { kind, delivery },
      {
        onSuccess: () => setOutcome({ key: 'notificationPrefs.saved', failed: false }),
        onError: () => setOutcome({ key: 'notificationPrefs.saveError', failed: true }),
      },
    );
  };

  return (
    <div class="page notification-prefs">
      <h1>{i18n.t('notificationPrefs.title')}</h1>
      <p class="notification-prefs__intro">{i18n.t('notificationPrefs.intro')}</p>
      <Switch>
        <Match when={prefs.isPending}>
          <p class="notice" role="status">
            {i18n.t('notificationPrefs.loading')}
          </p>
        </Match>
        <Match when={prefs.isError}>
          <p class="notice notice--error" role="alert">
            {i18n.t('notificationPrefs.error')}
          </p>
        </Match>
        <Match when={prefs.data}>
          {(current) => (
            <div class="notification-prefs__list">
              <For each={NOTIFICATION_KINDS}>
                {(kind) => (
                  <fieldset class="notification-prefs__kind">
                    <legend>{i18n.t(`notificationPrefs.kind.${kind}`)}</legend>
                    <div class="notification-prefs__choices">
                      <For each={NOTIFICATION_DELIVERIES}>
                        {(delivery) => (
                          <label class="notification-prefs__choice">
                            <input
                              type="radio"
                              name={`notification-pref-${uid}-${kind}`}
                              value={delivery}
                              checked={current()[kind] === delivery}
                              onChange={() => choose(kind, delivery)}
                            />
                            {i18n.t(`notificationPrefs.delivery.${delivery}`)}
                          </label>
                        )}
                      </For>
                    </div>
                  </fieldset>
                )}
              </For>
            </div>
          )}
        </Match>
      </Switch>
      <div class="notification-prefs__outcome" role="status">
        <Show when={outcome()?.failed === false}>{i18n.t('notificationPrefs.saved')}</Show>
      </div>
      <Show when={outcome()?.failed}>
        <p class="notice notice--error" role="alert">
          {i18n.t('notificationPrefs.saveError')}
        </p>
      </Show>
    </div>
  );
}
