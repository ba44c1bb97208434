/**
 * `notifications.*`: my notification centre. Staff only (UNAUTHORIZED without a session); each
 * person sees only their own, and only about boards they can still open (someone who left a
 * board stops seeing what happened there). What causes them: `notifications/notifier.ts`.
 *
 * - `notifications.list {limit?, before?, unreadOnly?}` → `{items, unreadCount, hasMore, cursor}`:
 *   newest first, `limit` ≤ 100 (default 30); `before` (an id from the last page) pages back;
 *   `cursor` is what `onNew` takes as `lastEventId`.
 * - `notifications.markRead {ids} | {all: true}` → `{updated, unreadCount}` (unknown or
 *   others' ids are ignored).
 * - `notifications.onNew {lastEventId?}` — subscription (SSE): each of my notifications created
 *   *or changed* (marked read, e.g. in another tab) after `lastEventId`, as
 *   `tracked(id, {notification, unreadCount})`.
 * - `notifications.prefs` → `NotificationPrefs` (every kind: `now` | `digest` | `off`, defaults
 *   filled in) — preferences govern email; the centre always lists everything.
 * - `notifications.setPref {kind, delivery}` → `NotificationPrefs`.
 */
import { tracked } from '@trpc/server';
import {
  notificationDeliverySchema,
  notificationIdSchema,
  notificationKindSchema,
  notificationPrefsSchema,
  notificationViewSchema,
  resolveNotificationPrefs,
} from '@fluxo/shared/conversation/notification';
import type { BoardId } from '@fluxo/shared/ids';
import { z } from 'zod';
import { visibleBoards } from '../../boards/boardAccess.js';
import { liveUser } from '../../conversation/liveAccess.js';
import { notificationView } from '../../notifications/notificationView.js';
import type { UserRecord } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import { router, staffProcedure } from '../trpc.js';
import { conversationCursorSchema } from './comments.js';

export const MAX_NOTIFICATIONS_PER_PAGE = 100;
const DEFAULT_PAGE = 30;

async function myBoards(store: Store, user: UserRecord): Promise<BoardId[]> {
  return (await visibleBoards(store, user)).map((b) => b.id);
}

const listInput = z
  .object({
    limit: z.number().int().min(1).max(MAX_NOTIFICATIONS_PER_PAGE).optional(),
    before: notificationIdSchema.optional(),
    unreadOnly: z.boolean().optional(),
  })
  .optional();

export const notificationsRouter = router({
  list: staffProcedure
    .input(listInput)
    .output(
      z.object({
        items: z.array(notificationViewSchema),
        unreadCount: z.number().int().nonnegative(),
        hasMore: z.boolean(),
        cursor: conversationCursorSchema,
      }),
    )
    .query(async ({ ctx, input }) => {
      const boardIds = await myBoards(ctx.store, ctx.user);
      const limit = input?.limit ?? DEFAULT_PAGE;
      const [page, unreadCount, cursor] = await Promise.all([
        ctx.store.notifications.listForUser(ctx.user.id, {
          limit: limit + 1,
          boardIds,
          ...(input?.before ? { before: input.before } : {}),
          ...(input?.unreadOnly ? { unreadOnly: true } : {}),
        }),
        ctx.store.notifications.unreadCount(ctx.user.id, { boardIds }),
        ctx.store.notifications.cursor(ctx.user.id),
      ]);
      return {
        items: page.slice(0, limit).map(notificationView),
        unreadCount,
        hasMore: page.length > limit,
        cursor: String(cursor),
      };
    }),

  markRead: staffProcedure
    .input(z.union([z.object({ ids: z.array(notificationIdSchema).min(1).max(200) }), z.object({ all: z.literal(true) })]))
    .output(z.object({ updated: z.number().int().nonnegative(), unreadCount: z.number().int().nonnegative() }))
    .mutation(async ({ ctx, input }) => {
      const which = 'all' in input ? ('all' as const) : input.ids;
      const changed = await ctx.store.notifications.markRead(ctx.user.id, which, ctx.conversation.now().toISOString());
      if (changed.length > 0) ctx.conversation.events.userChanged(ctx.user.id);
      const boardIds = await myBoards(ctx.store, ctx.user);
      return { updated: changed.length, unreadCount: await ctx.store.notifications.unreadCount(ctx.user.id, { boardIds }) };
    }),

  onNew: staffProcedure
    .input(z.object({ lastEventId: conversationCursorSchema.nullish() }).optional())
    .subscription(async ({ ctx, input, signal }) => {
      // Set up when called: the watch is registered before the cursor is read.
      const { store, conversation, session } = ctx;
      const userId = ctx.user.id;
      const watch = conversation.events.watchUser(userId, signal);
      let cursor = input?.lastEventId != null ? Number(input.lastEventId) : await store.notifications.cursor(userId);
      return (async function* () {
        try {
          for (;;) {
            const changed = await store.notifications.changedSince(userId, cursor);
            if (changed.length > 0) {
              const user = await liveUser(store, session, conversation.now());
              if (!user) return;
              const boardIds = await myBoards(store, user);
              const visible = new Set<string>(boardIds);
              const unreadCount = await store.notifications.unreadCount(userId, { boardIds });
              for (const n of changed) {
                cursor = n.seq;
                if (!visible.has(n.boardId)) continue;
                yield tracked(String(n.seq), {
                  notification: notificationViewSchema.parse(notificationView(n)),
                  unreadCount,
                });
              }
            }
            if (!(await watch.next())) return;
          }
        } finally {
          watch.close();
        }
      })();
    }),

  prefs: staffProcedure.output(notificationPrefsSchema).query(async ({ ctx }) => {
    return resolveNotificationPrefs((await ctx.store.notificationPrefs.get(ctx.user.id))?.prefs);
  }),

  setPref: staffProcedure
    .input(z.object({ kind: notificationKindSchema, delivery: notificationDeliverySchema }))
    .output(notificationPrefsSchema)
    .mutation(async ({ ctx, input }) => {
      const chosen = await ctx.store.notificationPrefs.choose(
        ctx.user.id,
        input.kind,
        input.delivery,
        ctx.conversation.now().toISOString(),
      );
      return resolveNotificationPrefs(chosen.prefs);
    }),
});
