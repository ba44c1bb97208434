/**
 * Notifications: telling the right colleague, once, that something on a ticket needs them.
 *
 * Kinds (what happened, from the recipient's point of view):
 * - `mentioned` — someone wrote `<@me>` in a comment (only for people newly mentioned by an edit);
 * - `handed_to_me` — a ticket came back from Produção to Entrega and I am its account manager
 *   (the witness's handoff recipients);
 * - `assigned` — someone made me an assignee of a ticket;
 * - `client_replied` — the client wrote on a ticket I manage or am assigned to;
 * - `approval_answered` — the client approved, or asked for changes on, something sent for approval;
 * - `due_soon` / `overdue` — a ticket I hold is close to / past its due date (the clock that
 *   fires them comes with the SLA work);
 * - `new_ticket_by_email` — a mail to the agency opened a ticket I should triage;
 * - `new_ticket_by_portal` — a client opened a ticket from their timeline page (`/share/<token>`);
 * - `low_satisfaction` — a client rated a delivered ticket of theirs 1 or 2 out of 5 (issue 8): its
 *   account manager (or whoever covers) hears of it, once per survey.
 *
 * Rules: nobody is notified of their own actions; a notification names the ticket as it was
 * when it happened (number, title, client) so the centre never needs to open the board.
 *
 * Preferences are per person and per kind, and govern **email**: `now` (sent as soon as the
 * outbox worker can, bursts on one ticket collapsed), `digest` (gathered into a periodic email),
 * `off` (no email). The in-app centre always records the notification: it is the list of what
 * happened, and turning email off must not make a handoff vanish.
 */
import { z } from 'zod';
import { boardIdSchema, newId, ticketIdSchema, userIdSchema } from '../ids.js';
import { commentIdSchema } from './comment.js';

export const notificationIdSchema = z
  .string()
  .regex(/^[0-9A-Za-z]{16}$/, 'invalid id')
  .brand<'NotificationId'>();
export type NotificationId = z.infer<typeof notificationIdSchema>;
export const newNotificationId = (): NotificationId => newId() as NotificationId;

export const NOTIFICATION_KINDS = [
  'mentioned',
  'handed_to_me',
  'assigned',
  'client_replied',
  'approval_answered',
  'due_soon',
  'overdue',
  'new_ticket_by_email',
  'new_ticket_by_portal',
  'low_satisfaction',
] as const;
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

export const NOTIFICATION_DELIVERIES = ['now', 'digest', 'off'] as const;
export const notificationDeliverySchema = z.enum(NOTIFICATION_DELIVERIES);
export type NotificationDelivery = z.infer<typeof notificationDeliverySchema>;

/** What a person gets before choosing: at once for what waits on them, a digest for reminders. */
export const DEFAULT_NOTIFICATION_PREFS: Readonly<Record<NotificationKind, NotificationDelivery>> = {
  mentioned: 'now',
  handed_to_me: 'now',
  assigned: 'now',
  client_replied: 'now',
  approval_answered: 'now',
  due_soon: 'digest',
  overdue: 'now',
  new_ticket_by_email: 'now',
  new_ticket_by_portal: 'now',
  low_satisfaction: 'now',
};

/** Every kind with its delivery: what `notifications.prefs` answers. */
export const notificationPrefsSchema = z.strictObject(
  Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, notificationDeliverySchema])) as Record<
    NotificationKind,
    typeof notificationDeliverySchema
  >,
);
export type NotificationPrefs = z.infer<typeof notificationPrefsSchema>;

/** `stored` (a partial choice) completed with the defaults. */
export function resolveNotificationPrefs(
  stored: Partial<Record<NotificationKind, NotificationDelivery>> | null | undefined,
): NotificationPrefs {
  const prefs = { ...DEFAULT_NOTIFICATION_PREFS };
  for (const kind of NOTIFICATION_KINDS) {
    const chosen = stored?.[kind];
    if (chosen !== undefined) prefs[kind] = chosen;
  }
  return prefs;
}

/** Longest excerpt of a comment a notification carries (plain text). */
export const NOTIFICATION_EXCERPT_LENGTH = 280;

/** Who caused a notification. Staff carry their name as it was then. */
export const notificationActorSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('staff'), userId: userIdSchema, name: z.string().max(200) }),
  z.strictObject({ kind: z.literal('client'), email: z.string().min(3).max(320), name: z.string().max(200).nullable() }),
  z.strictObject({ kind: z.literal('system') }),
]);
export type NotificationActor = z.infer<typeof notificationActorSchema>;

/**
 * A notification as its recipient sees it (`notifications.list`, `notifications.onNew`).
 * `ticketNumber`/`ticketTitle`/`clientName` are as they were when it happened; `excerpt` is the
 * comment's plain text, shortened (`null` for kinds without a comment); `readAt` is `null`
 * until the person marks it read.
 */
export const notificationViewSchema = z.strictObject({
  id: notificationIdSchema,
  kind: notificationKindSchema,
  boardId: boardIdSchema,
  ticketId: ticketIdSchema,
  ticketNumber: z.number().int().positive().nullable(),
  ticketTitle: z.string().max(300),
  clientName: z.string().max(200).nullable(),
  actor: notificationActorSchema,
  commentId: commentIdSchema.nullable(),
  excerpt: z.string().max(NOTIFICATION_EXCERPT_LENGTH).nullable(),
  createdAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
});
export type NotificationView = z.infer<typeof notificationViewSchema>;
