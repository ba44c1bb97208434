/**
 * `notifications.*`: my notification centre (server/src/trpc/routers/notifications.ts).
 *
 * One cache entry holds the newest page `{items, unreadCount, hasMore, cursor}` (newest first),
 * grown by "load older" (`loadOlderNotifications`) and kept current by `watchNotifications`:
 * `notifications.onNew` from the entry's `cursor` streams every notification of mine created
 * **or changed** (read in another tab), each with the unread count as of then. Like comments,
 * the entry is kept by the stream, never refetched behind its back.
 *
 * Marking read is optimistic: the items lose their unread mark and the count drops at once;
 * the server's count replaces it when it answers; a refusal puts the entry back.
 *
 * Preferences (`prefs`, `setPref`) govern email only: the centre always lists everything.
 */
import {
  type NotificationDelivery,
  type NotificationId,
  type NotificationKind,
  type NotificationPrefs,
  type NotificationView,
  notificationViewSchema,
} from '@fluxo/shared/conversation/notification';
import { mutationOptions, queryOptions, type QueryClient } from '@tanstack/solid-query';
import { z } from 'zod';
import { laterCursor } from './comments';
import { type LiveState, startLiveSubscription } from './liveSubscription';
import type { TrpcClient } from './trpc';

export type { NotificationView };
export type NotificationPage = Awaited<ReturnType<TrpcClient['notifications']['list']['query']>>;

/** How many notifications the centre shows at first, and loads per "older" click. */
export const NOTIFICATION_PAGE_SIZE = 30;

export const notificationKeys = {
  all: ['notifications'] as const,
  centre: ['notifications', 'centre'] as const,
  prefs: ['notifications', 'prefs'] as const,
};

export function notificationsQuery(trpc: TrpcClient) {
  return queryOptions({
    queryKey: notificationKeys.centre,
    queryFn: (): Promise<NotificationPage> => trpc.notifications.list.query({ limit: NOTIFICATION_PAGE_SIZE }),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
}

/**
 * The centre with `view` in it: replaces the notification it updates, or adds it where it
 * belongs (newest first). A change never brings back an unread mark already cleared here
 * (the stream can deliver an older state after an optimistic "mark read").
 */
export function mergeNotification(items: readonly NotificationView[], view: NotificationView): NotificationView[] {
  const index = items.findIndex((n) => n.id === view.id);
  if (index >= 0) {
    const known = items[index] as NotificationView;
    const next = [...items];
    next[index] = known.readAt !== null && view.readAt === null ? { ...view, readAt: known.readAt } : view;
    return next;
  }
  let at = 0;
  while (at < items.length && (items[at] as NotificationView).createdAt > view.createdAt) at++;
  return [...items.slice(0, at), view, ...items.slice(at)];
}

const CURSOR = /^\d{1,15}$/;
const liveEventSchema = z.object({ notification: notificationViewSchema, unreadCount: z.number().int().nonnegative() });

/** Keeps the centre live. Returns the function that stops it (call it on cleanup). */
export function watchNotifications(
  trpc: TrpcClient,
  queryClient: QueryClient,
  onState?: (state: LiveState) => void,
): () => void {
  let stop: (() => void) | null = null;
  let cancelled = false;

  void queryClient
    .ensureQueryData(notificationsQuery(trpc))
    .then(() => {
      if (cancelled) return;
      stop = startLiveSubscription<unknown>({
        open: (lastEventId, callbacks) => trpc.notifications.onNew.subscribe({ lastEventId }, callbacks),
        cursor: () => queryClient.getQueryData<NotificationPage>(notificationKeys.centre)?.cursor ?? null,
        onEvent: (event) => {
          const parsed = liveEventSchema.safeParse(event.data);
          if (!CURSOR.test(event.id) || !parsed.success) return;
          queryClient.setQueryData<NotificationPage>(notificationKeys.centre, (page) =>
            page
              ? {
                  ...page,
                  items: mergeNotification(page.items, parsed.data.notification),
                  unreadCount: parsed.data.unreadCount,
                  cursor: laterCursor(page.cursor, event.id),
                }
              : page,
          );
        },
        ...(onState ? { onState } : {}),
      });
    })
    .catch(() => {
      if (!cancelled) onState?.('ended');
    });

  return () => {
    cancelled = true;
    stop?.();
  };
}

/** Loads the page before the oldest one shown and appends it. */
export async function loadOlderNotifications(trpc: TrpcClient, queryClient: QueryClient): Promise<void> {
  const page = queryClient.getQueryData<NotificationPage>(notificationKeys.centre);
  const oldest = page?.items.at(-1);
  if (!page || !oldest || !page.hasMore) return;
  const older = await trpc.notifications.list.query({ limit: NOTIFICATION_PAGE_SIZE, before: oldest.id });
  queryClient.setQueryData<NotificationPage>(notificationKeys.centre, (current) => {
    if (!current) return current;
    let items = current.items;
    for (const item of older.items) if (!items.some((n) => n.id === item.id)) items = [...items, item];
    return { ...current, items, hasMore: older.hasMore };
  });
}

export type MarkReadInput = { readonly ids: readonly NotificationId[] } | { readonly all: true };

export function markNotificationsReadMutation(trpc: TrpcClient, queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: ['notifications', 'markRead'],
    mutationFn: (input: MarkReadInput) =>
      trpc.notifications.markRead.mutate('all' in input ? { all: true } : { ids: [...input.ids] }),
    onMutate: async (input: MarkReadInput) => {
      await queryClient.cancelQueries({ queryKey: notificationKeys.centre });
      const previous = queryClient.getQueryData<NotificationPage>(notificationKeys.centre);
      if (previous) {
        const now = new Date().toISOString();
        const chosen = (n: NotificationView) => 'all' in input || input.ids.includes(n.id);
        const marked = previous.items.filter((n) => n.readAt === null && chosen(n)).length;
        queryClient.setQueryData<NotificationPage>(notificationKeys.centre, {
          ...previous,
          items: previous.items.map((n) => (n.readAt === null && chosen(n) ? { ...n, readAt: now } : n)),
          unreadCount: 'all' in input ? 0 : Math.max(0, previous.unreadCount - marked),
        });
      }
      return { previous };
    },
    onError: (_error, _input, context) => {
      if (context?.previous) queryClient.setQueryData(notificationKeys.centre, context.previous);
    },
    onSuccess: (answer) => {
      queryClient.setQueryData<NotificationPage>(notificationKeys.centre, (page) =>
        page ? { ...page, unreadCount: answer.unreadCount } : page,
      );
    },
  });
}

export function notificationPrefsQuery(trpc: TrpcClient) {
  return queryOptions({
    queryKey: notificationKeys.prefs,
    queryFn: (): Promise<NotificationPrefs> => trpc.notifications.prefs.query(),
    staleTime: 60_000,
  });
}

export interface SetPrefInput {
  readonly kind: NotificationKind;
  readonly delivery: NotificationDelivery;
}

/** Optimistic: the choice shows at once, is put back if refused, replaced by the server's answer. */
export function setNotificationPrefMutation(trpc: TrpcClient, queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: ['notifications', 'setPref'],
    mutationFn: (input: SetPrefInput) => trpc.notifications.setPref.mutate({ kind: input.kind, delivery: input.delivery }),
    onMutate: async (input: SetPrefInput) => {
      await queryClient.cancelQueries({ queryKey: notificationKeys.prefs });
      const previous = queryClient.getQueryData<NotificationPrefs>(notificationKeys.prefs);
      if (previous) queryClient.setQueryData<NotificationPrefs>(notificationKeys.prefs, { ...previous, [input.kind]: input.delivery });
      return { previous };
    },
    onError: (_error, _input, context) => {
      if (context?.previous) queryClient.setQueryData(notificationKeys.prefs, context.previous);
    },
    onSuccess: (prefs) => {
      queryClient.setQueryData(notificationKeys.prefs, prefs);
    },
  });
}
