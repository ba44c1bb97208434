/**
 * The client timeline's contract: what a share link's holder (an agency's client, no account)
 * may receive, and nothing else. Every object is strict: a field not named here cannot travel,
 * whatever the server's records hold. The server builds these from an allow-list
 * (`shared/src/share/projection.ts`) and checks its answers against these schemas before they
 * leave (tRPC output validation); the share page and every email to a client read the same
 * shapes.
 *
 * What is never here, by construction: the internal description, internal comments, staff
 * e-mail addresses and ids, assignees, ranks, authors of history entries, a handoff's
 * recipients, attention marks, anything from the staff Yjs document that is not named below.
 */
import { z } from 'zod';
import { clientIdSchema, ticketIdSchema } from '../ids.js';
import { SUMMARY_MAX_LENGTH } from '../board/layout.js';
import { dueDateSchema, isoDateTimeSchema, ticketNumberSchema } from '../board/ticket.js';
import { commentIdSchema } from '../conversation/comment.js';
import { stageSchema } from '../flow/stages.js';
import { shareApprovalSchema } from '../approvals/approval.js';
import { statusSchema } from '../flow/statuses.js';

/** What a link lets its holder do: watch, or watch and answer (comment, answer, ask). */
export const SHARE_SCOPES = ['view', 'respond'] as const;
export const shareScopeSchema = z.enum(SHARE_SCOPES);
export type ShareScope = z.infer<typeof shareScopeSchema>;

/**
 * A share token as it appears in `/share/<token>`: base64url of 32 CSPRNG bytes (256 bits), 43
 * characters. The server stores only its SHA-256.
 */
export const SHARE_TOKEN_LENGTH = 43;
export const shareTokenSchema = z
  .string()
  .length(SHARE_TOKEN_LENGTH, 'invalid link')
  .regex(/^[A-Za-z0-9_-]+$/, 'invalid link');
export type ShareToken = z.infer<typeof shareTokenSchema>;

/** Days a new link lives unless staff choose otherwise; the most they may choose. */
export const DEFAULT_SHARE_LINK_DAYS = 90;
export const MAX_SHARE_LINK_DAYS = 365;

/** One step of a ticket's way, in the client's words (labels are the page's i18n). */
export const shareStepSchema = z.discriminatedUnion('kind', [
  /** The request was received (its first stage and status). */
  z.strictObject({ kind: z.literal('opened'), at: isoDateTimeSchema, stage: stageSchema }),
  z.strictObject({ kind: z.literal('stage'), at: isoDateTimeSchema, from: stageSchema, to: stageSchema }),
  z.strictObject({ kind: z.literal('status'), at: isoDateTimeSchema, from: statusSchema, to: statusSchema }),
  /** The deadline promised (set at Planning) changed; `to: null` = no deadline any more. */
  z.strictObject({
    kind: z.literal('deadline'),
    at: isoDateTimeSchema,
    from: dueDateSchema.nullable(),
    to: dueDateSchema.nullable(),
  }),
]);
export type ShareStep = z.infer<typeof shareStepSchema>;

/** Who wrote a comment, as a client may see it: the agency by a person's name, or the client. */
export const shareAuthorSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('agency'), name: z.string().max(200) }),
  z.strictObject({ kind: z.literal('client'), name: z.string().max(200).nullable() }),
]);
export type ShareAuthor = z.infer<typeof shareAuthorSchema>;

/**
 * A client-visible comment. `body` is comment markdown with mentions already turned into plain
 * `@Name` text (no staff ids); the page renders it with `renderCommentHtml`. Deleted comments
 * are not sent; edits show the current body only.
 */
export const shareCommentSchema = z.strictObject({
  id: commentIdSchema,
  parentId: commentIdSchema.nullable(),
  author: shareAuthorSchema,
  body: z.string(),
  createdAt: isoDateTimeSchema,
  editedAt: isoDateTimeSchema.nullable(),
});
export type ShareComment = z.infer<typeof shareCommentSchema>;

export const shareTicketSchema = z.strictObject({
  id: ticketIdSchema,
  number: ticketNumberSchema.nullable(),
  title: z.string(),
  /** The plain-language summary the account manager writes for the client (seed 004). */
  summary: z.string(),
  stage: stageSchema,
  status: statusSchema,
  openedAt: isoDateTimeSchema,
  /** The deadline promised to the client. */
  dueDate: dueDateSchema.nullable(),
  /** When the work was delivered: the last arrival in Entrega, if it is still there or closed. */
  deliveredAt: isoDateTimeSchema.nullable(),
  /** When it was closed (done or cancelled), if it is. */
  closedAt: isoDateTimeSchema.nullable(),
  /** Oldest first. */
  steps: z.array(shareStepSchema),
  /** Oldest first. */
  comments: z.array(shareCommentSchema),
  /** What the agency sent for the client's approval, newest first (`approvals/approval.ts`). */
  approvals: z.array(shareApprovalSchema),
});
export type ShareTicket = z.infer<typeof shareTicketSchema>;

/** The whole page: one client's tickets on one board. */
export const shareTimelineSchema = z.strictObject({
  agencyName: z.string(),
  client: z.strictObject({ id: clientIdSchema, name: z.string() }),
  scope: shareScopeSchema,
  expiresAt: isoDateTimeSchema,
  /** Newest first (by opening time); archived tickets are left out. */
  tickets: z.array(shareTicketSchema),
});
export type ShareTimeline = z.infer<typeof shareTimelineSchema>;

/** Inputs of the share router. Every procedure names its link; nothing else identifies the caller. */
export const shareInputSchema = z.strictObject({ token: shareTokenSchema });

/** Within the ticket's own caps (`shared/src/board/layout.ts`). */
export const MAX_SHARE_TITLE_LENGTH = 200;
export const MAX_SHARE_REQUEST_BODY_LENGTH = SUMMARY_MAX_LENGTH;

/** `share.reply` (respond scope): a client comment; a ticket waiting for the client goes back to open. */
export const shareReplyInputSchema = z.strictObject({
  token: shareTokenSchema,
  ticketId: ticketIdSchema,
  parentId: commentIdSchema.nullable().default(null),
  body: z.string().trim().min(1).max(20_000),
});

/** `share.request` (respond scope): a new request, opened in Triagem with channel `portal`. */
export const shareRequestInputSchema = z.strictObject({
  token: shareTokenSchema,
  title: z.string().trim().min(1).max(MAX_SHARE_TITLE_LENGTH),
  /** What the client asks, in its words: the ticket's client-facing summary. */
  body: z.string().trim().max(MAX_SHARE_REQUEST_BODY_LENGTH).default(''),
});

/** What `share.request` answers: the new ticket, as the client will find it on the page. */
export const shareRequestResultSchema = z.strictObject({ ticketId: ticketIdSchema, number: ticketNumberSchema.nullable() });

/** `share.decide` (respond scope): the client approves, or asks for changes to, what it was sent. */
export const shareDecideInputSchema = z.strictObject({
  token: shareTokenSchema,
  approvalId: z.string().regex(/^[0-9A-Za-z]{16}$/, 'invalid approval'),
  outcome: z.enum(['approved', 'changes_requested']),
  /** The hash of the version the client saw (from the timeline). */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/, 'invalid approval'),
  note: z.string().trim().max(5_000).default(''),
}).refine((d) => d.outcome === 'approved' || d.note !== '', { message: 'say what should change', path: ['note'] });
