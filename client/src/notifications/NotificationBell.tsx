import { useQuery, useQueryClient } from '@tanstack/solid-query';
import { Show, createEffect, createSignal, createUniqueId, on, onCleanup } from 'solid-js';
import { notificationsQuery, watchNotifications } from '../data/notifications';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import NotificationPanel from './NotificationPanel';
import './notifications.css';

/** How often relative times in the panel are brought up to date. */
const CLOCK_TICK_MS = 30_000;
/** Above this the badge reads "99+". */
const BADGE_MAX = 99;

/**
 * The bell in the signed-in header: my unread count, live (`notifications.onNew`, followed for
 * as long as the header is there — that is, while signed in), and the panel it opens.
 * The panel is non-modal: Escape or a click elsewhere closes it, and Escape gives the focus back
 * to the bell.
 */
export default function NotificationBell() {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const centre = useQuery(() => notificationsQuery(trpc));
  // Live once the list is there (also after a failed first load is retried from the panel).
  let stopLive: (() => void) | null = null;
  createEffect(
    on(
      () => centre.isSuccess,
      (loaded) => {
        if (loaded && stopLive === null) stopLive = watchNotifications(trpc, queryClient);
      },
    ),
  );
  onCleanup(() => stopLive?.());

  const panelId = `notification-panel-${createUniqueId()}`;
  const [open, setOpen] = createSignal(false);
  const [now, setNow] = createSignal(Date.now());
  const clock = setInterval(() => setNow(Date.now()), CLOCK_TICK_MS);
  onCleanup(() => clearInterval(clock));

  let root: HTMLDivElement | undefined;
  let button: HTMLButtonElement | undefined;
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button?.focus();
  };
  const onPointerDown = (event: PointerEvent) => {
    if (open() && root && event.target instanceof Node && !root.contains(event.target)) close(false);
  };
  document.addEventListener('pointerdown', onPointerDown);
  onCleanup(() => document.removeEventListener('pointerdown', onPointerDown));

  const unread = () => centre.data?.unreadCount ?? 0;

  return (
    <div
      class="notification-bell"
      ref={root}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open()) {
          event.preventDefault();
          close(true);
        }
      }}
    >
      <button
        type="button"
        ref={button}
        class="button button--ghost notification-bell__button"
        aria-label={i18n.t('notifications.bell', { count: unread() })}
        aria-expanded={open()}
        aria-controls={open() ? panelId : undefined}
        onClick={() => {
          setNow(Date.now());
          setOpen((value) => !value);
        }}
      >
        <svg class="notification-bell__icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
            fill="currentColor"
          />
        </svg>
        <Show when={unread() > 0}>
          <span class="notification-bell__count" aria-hidden="true">
            {unread() > BADGE_MAX ? `${BADGE_MAX}+` : unread()}
          </span>
        </Show>
      </button>
      <Show when={open()}>
        <NotificationPanel id={panelId} now={now()} onClose={() => close(false)} />
      </Show>
    </div>
  );
}
