/**
 * The stored records of the conversation: comments, notifications, notification preferences and
 * the email outbox. The zod schemas are the stored format (`conversation.clog` in the embedded
 * adapter, see `conversationLog.ts`): every record is validated before it is stored and again
 * when the file is read, so a port never hands out a record that breaks them.
 *
 * Invariants the adapters keep (`conversationState.ts`):
 * - **Comments never lose history.** A new version of a comment keeps every earlier revision
 *   and its identity (board, ticket, thread, visibility, author, creation); a deleted comment
 *   does not change again. A reply's parent is the first comment of a thread on the same
 *   ticket, with the same visibility.
 * - **An email is threaded once**: `emailMessageId` is unique per agency.
 * - **An outbox row is enqueued once per `idempotencyKey`**: a second row with the same key is
 *   left out, so retrying whatever enqueued it sends nothing twice.
 * - `seq` (on comments and notifications) is assigned by the store: strictly increasing over
 *   every write of either, never reused. Live subscriptions use it as their resume cursor.
 */
import {
  MAX_COMMENT_REVISIONS,
  MAX_MENTIONS,
  commentAuthorSchema,
  commentIdSchema,
  commentRevisionSchema,
  commentSourceSchema,
  commentVisibilitySchema,
} from '@fluxo/shared/conversation/comment';
import {
  NOTIFICATION_EXCERPT_LENGTH,
  notificationActorSchema,
  notificationDeliverySchema,
  notificationIdSchema,
  notificationKindSchema,
} from '@fluxo/shared/conversation/notification';
import { agencyIdSchema, boardIdSchema, newId, ticketIdSchema, userIdSchema } from '@fluxo/shared/ids';
import { surveyIdSchema } from '@fluxo/shared/satisfaction/satisfaction';
import { z } from 'zod';
import { clientIdSchema } from '@fluxo/shared/ids';
import { clientReportPeriodSchema } from '@fluxo/shared/reports/clientReport';
import { localeSchema } from './records.js';

const isoDate = z.iso.datetime();
/** RFC 5322 caps a line at 998 characters; a Message-ID is one header line. */
const messageIdSchema = z.string().min(1).max(998);

export const commentRecordSchema = z.strictObject({
  id: commentIdSchema,
  agencyId: agencyIdSchema,
  boardId: boardIdSchema,
  ticketId: ticketIdSchema,
  /** The first comment of the thread; `null` for a thread's first comment. */
  parentId: commentIdSchema.nullable(),
  visibility: commentVisibilitySchema,
  source: commentSourceSchema,
  author: commentAuthorSchema,
  /** Staff mentioned by the current body (`<@id>` outside code), without duplicates. */
  mentions: z.array(userIdSchema).max(MAX_MENTIONS),
  /** Every version of the body, oldest first; the last is the current one. */
  revisions: z.array(commentRevisionSchema).min(1).max(MAX_COMMENT_REVISIONS),
  createdAt: isoDate,
  deletedAt: isoDate.nullable(),
  deletedBy: commentAuthorSchema.nullable(),
  /** The Message-ID of the email the comment came from (inbound replies); unique per agency. */
  emailMessageId: messageIdSchema.nullable(),
});
export type CommentRecord = z.infer<typeof commentRecordSchema>;

/** The store's write counter; see the module comment. */
const seqSchema = z.number().int().positive();

export const storedCommentSchema = commentRecordSchema.extend({ seq: seqSchema });
export type StoredComment = z.infer<typeof storedCommentSchema>;

export const notificationRecordSchema = z.strictObject({
  id: notificationIdSchema,
  agencyId: agencyIdSchema,
  /** The recipient. */
  userId: userIdSchema,
  kind: notificationKindSchema,
  boardId: boardIdSchema,
  ticketId: ticketIdSchema,
  ticketNumber: z.number().int().positive().nullable(),
  ticketTitle: z.string().max(300),
  clientName: z.string().max(200).nullable(),
  actor: notificationActorSchema,
  commentId: commentIdSchema.nullable(),
  excerpt: z.string().max(NOTIFICATION_EXCERPT_LENGTH).nullable(),
  createdAt: isoDate,
  readAt: isoDate.nullable(),
});
export type NotificationRecord = z.infer<typeof notificationRecordSchema>;

export const storedNotificationSchema = notificationRecordSchema.extend({ seq: seqSchema });
export type StoredNotification = z.infer<typeof storedNotificationSchema>;

/** A person's choices; kinds left out follow `DEFAULT_NOTIFICATION_PREFS`. */
export const notificationPrefsRecordSchema = z.strictObject({
  userId: userIdSchema,
  prefs: z.partialRecord(notificationKindSchema, notificationDeliverySchema),
  updatedAt: isoDate,
});
export type NotificationPrefsRecord = z.infer<typeof notificationPrefsRecordSchema>;

// ---------------------------------------------------------------------------------------------
// Outbox: one row per email to send. Written by whoever decides a mail must go (a comment, a
// notification, an inbound ticket), in the same store write as the fact that causes it; sent
// by the mail worker (`server/src/mail/`), which updates the delivery fields.

export const outboxIdSchema = z
  .string()
  .regex(/^[0-9A-Za-z]{16}$/, 'invalid id')
  .brand<'OutboxId'>();
export type OutboxId = z.infer<typeof outboxIdSchema>;
export const newOutboxId = (): OutboxId => newId() as OutboxId;

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const;
export const outboxStatusSchema = z.enum(OUTBOX_STATUSES);
/**
 * - `pending`: to be sent at `nextAttemptAt` (a retry after a failure stays pending, with
 *   `attempts` and `lastError`);
 * - `sending`: claimed by a mail worker under `lease` (`OutboxStore.claim`), its `messageId`
 *   already recorded; a row whose lease ran out (the worker died) is claimed again and sent
 *   with the same `messageId` (`server/src/mail/outboxWorker.ts`);
 * - `sent`: accepted by the SMTP server (`sentAt`, `messageId`);
 * - `failed`: given up; an admin may set it back to `pending`.
 * - `skipped`: ended without sending because there was nothing left to tell — not an error
 *   (a `promised_date` row whose news a later row carries, or whose date the client already
 *   knows: `server/src/mail/promisedDateOutbox.ts`).
 */
export type OutboxStatus = z.infer<typeof outboxStatusSchema>;

/**
 * One plain address (`someone@example.com`): no display name, no list, nothing that could
 * split a header (whitespace, CR/LF, commas, semicolons, angle brackets, quotes).
 */
export const outboxAddressSchema = z
  .string()
  .min(3)
  .max(320)
  .regex(/^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\].]+$/, 'invalid email address');

const outboxBase = {
  id: outboxIdSchema,
  /** Unique: a second row with the same key is never stored (see the module comment). */
  idempotencyKey: z.string().min(1).max(300),
  /** One recipient address, normalised (lower-case, trimmed). */
  to: outboxAddressSchema,
  /** The language of the email: the recipient's choice, else the agency's default. */
  locale: localeSchema,
  agencyId: agencyIdSchema,
  boardId: boardIdSchema.nullable(),
  ticketId: ticketIdSchema.nullable(),
  status: outboxStatusSchema,
  attempts: z.number().int().nonnegative(),
  /** When the worker should (re)try; `null` once there is nothing more to try. */
  nextAttemptAt: isoDate.nullable(),
  lastError: z.string().max(2_000).nullable(),
  /** The Message-ID the email is (or will be) sent with: stable across retries. */
  messageId: messageIdSchema.nullable(),
  createdAt: isoDate,
  sentAt: isoDate.nullable(),
  /**
   * While `sending`: which worker holds the row (`id`, random per claim) and until when.
   * Absent or `null` otherwise (rows are enqueued without it).
   */
  lease: z.strictObject({ id: z.string().min(8).max(64), until: isoDate }).nullable().optional(),
};

/** Email a staff member about a notification (`payload.notificationId` names it). */
export const notificationEmailPayloadSchema = z.strictObject({
  notificationId: notificationIdSchema,
  notificationKind: notificationKindSchema,
  /** `now`: send at `nextAttemptAt`; `digest`: gather with the person's other digest rows due then. */
  delivery: z.enum(['now', 'digest']),
});

/** Email a client-visible comment to a client contact (`to`). */
export const clientCommentEmailPayloadSchema = z.strictObject({
  commentId: commentIdSchema,
  /** The comment's visibility when enqueued: always `client` (checked), stated for the reader. */
  visibility: z.literal('client'),
});

/**
 * Answer a client's email that opened a ticket (`server/src/mail/inboundMail.ts`): the ticket
 * number at once (seed 003). `inReplyTo` is the client's Message-ID, so the answer threads
 * under their email.
 */
export const ticketReceivedEmailPayloadSchema = z.strictObject({
  inReplyTo: messageIdSchema.nullable(),
});

/**
 * Tell a client contact the ticket's promised date (`server/src/mail/promisedDateOutbox.ts`):
 * enqueued by the witness when a client ticket's `dueDate` is set, changed or removed, due after
 * a grace delay. `dueDate` is the date the change left (`null`: removed). A row that is `sent`
 * told exactly its `dueDate` to `to` — that is the record of what the client was last told.
 */
export const promisedDateEmailPayloadSchema = z.strictObject({
  dueDate: z.iso.date().nullable(),
});

/**
 * Ask a client contact how the delivery went (`server/src/satisfaction/satisfactionSurveys.ts`):
 * enqueued by the witness when a client ticket turns `done`, due after a grace delay, once per
 * survey and address. The email (written when sent) carries the survey's rating-page link.
 */
export const satisfactionSurveyEmailPayloadSchema = z.strictObject({
  surveyId: surveyIdSchema,
});

/**
 * Send a client contact the client's report of work done for a period (`server/src/reports/`):
 * enqueued by the schedule (`clientReportDesk.ts`) or by staff (`clientReports.sendNow`), one row
 * per address; the row names no board or ticket. What it says is read when sent, from the client
 * projection of every board where the client has tickets (`clientReportReading.ts`).
 */
export const clientReportEmailPayloadSchema = z.strictObject({
  clientId: clientIdSchema,
  period: clientReportPeriodSchema,
  trigger: z.enum(['schedule', 'on_demand']),
  /** Who asked for an on-demand report; `null` for the schedule. */
  requestedBy: userIdSchema.nullable(),
});

/**
 * Every kind of row, discriminated on `kind`. The mail module adds its own kinds here (one
 * entry each), so the outbox has one definition.
 */
export const outboxRecordSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...outboxBase, kind: z.literal('notification'), payload: notificationEmailPayloadSchema }),
  z.strictObject({ ...outboxBase, kind: z.literal('client_comment'), payload: clientCommentEmailPayloadSchema }),
  z.strictObject({ ...outboxBase, kind: z.literal('ticket_received'), payload: ticketReceivedEmailPayloadSchema }),
  z.strictObject({ ...outboxBase, kind: z.literal('promised_date'), payload: promisedDateEmailPayloadSchema }),
  z.strictObject({ ...outboxBase, kind: z.literal('client_report'), payload: clientReportEmailPayloadSchema }),
  z.strictObject({ ...outboxBase, kind: z.literal('satisfaction_survey'), payload: satisfactionSurveyEmailPayloadSchema }),
]);
export type OutboxRecord = z.infer<typeof outboxRecordSchema>;
export type OutboxKind = OutboxRecord['kind'];
export type OutboxRecordOf<K extends OutboxKind> = Extract<OutboxRecord, { kind: K }>;

/** What the mail worker (and an admin's "retry") may change on a row. */
export type OutboxPatch = Partial<
  Pick<OutboxRecord, 'status' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'messageId' | 'sentAt' | 'lease'>
>;
