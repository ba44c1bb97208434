/**
 * Comments: the conversation kept on each ticket (seed 004: "everything is recorded").
 *
 * Semantics every side relies on:
 * - **Visibility is required and never guessed.** `internal` is for staff only; `client` may
 *   reach the client (their timeline, their mailbox). A reply has its thread's visibility: a
 *   client-visible reply under an internal note cannot exist, so nothing internal is ever quoted
 *   to a client by way of a thread.
 * - **Threads are one level deep.** `parentId` is the thread's first comment; replying to a
 *   reply files the new comment under the same first comment.
 * - **The stored body is a restricted markdown** (`commentMarkdown.ts`): paragraphs, lists, code,
 *   bold/italic, links (http, https, mailto only) and mentions written `<@USERID>` — the id, not
 *   the name, so renaming a colleague never rewrites a comment. Rendering is
 *   `renderCommentHtml`, which escapes everything else.
 * - **Nothing is lost.** Editing appends a revision; deleting marks the comment deleted (its
 *   revisions stay, for staff). `revisions` is every version of the body, oldest first; the last
 *   one is the current body.
 * - **Authors**: a staff member (`staff`), a client contact (`client`: a reply that came by
 *   email, later the share timeline) or the server itself (`system`).
 *
 * This module holds the zod schemas of what crosses the tRPC boundary; the server keeps its
 * stored record (`server/src/store/conversationRecords.ts`) in terms of these.
 */
import { z } from 'zod';
import { boardIdSchema, newId, ticketIdSchema, userIdSchema } from '../ids.js';

export const commentIdSchema = z
  .string()
  .regex(/^[0-9A-Za-z]{16}$/, 'invalid id')
  .brand<'CommentId'>();
export type CommentId = z.infer<typeof commentIdSchema>;
export const newCommentId = (): CommentId => newId() as CommentId;

export const COMMENT_VISIBILITIES = ['internal', 'client'] as const;
export const commentVisibilitySchema = z.enum(COMMENT_VISIBILITIES);
export type CommentVisibility = z.infer<typeof commentVisibilitySchema>;

/** Where a comment was written: in Fluxo, or in an email that was threaded into the ticket. */
export const COMMENT_SOURCES = ['app', 'email'] as const;
export const commentSourceSchema = z.enum(COMMENT_SOURCES);
export type CommentSource = z.infer<typeof commentSourceSchema>;

/** Longest body, in UTF-16 code units (a long email reply still fits; a novel does not). */
export const MAX_COMMENT_LENGTH = 20_000;
/** Most versions one comment keeps; an edit beyond this is refused, never silently dropped. */
export const MAX_COMMENT_REVISIONS = 100;
/** Most people one comment may mention. */
export const MAX_MENTIONS = 20;

/**
 * A body as a person submits it: not blank, at most `MAX_COMMENT_LENGTH`. Line endings are
 * normalised to `\n` and trailing blanks removed; NUL and other C0 controls (except tab and
 * newline) are dropped, since no mail or browser needs them and they hide tricks.
 */
export const commentBodySchema = z
  .string()
  .max(MAX_COMMENT_LENGTH * 2)
  .transform((body) =>
    body
      .replace(/\r\n?/g, '\n')
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
      .replace(/\s+$/u, ''),
  )
  .pipe(
    z
      .string()
      .max(MAX_COMMENT_LENGTH, `a comment has at most ${MAX_COMMENT_LENGTH} characters`)
      .refine((body) => body.trim().length > 0, 'a comment cannot be empty'),
  );

const personName = z.string().min(1).max(200);
const emailAddress = z.string().min(3).max(320);

/** Who wrote a comment, as stored. Names of staff are looked up when shown. */
export const commentAuthorSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('staff'), userId: userIdSchema }),
  z.strictObject({ kind: z.literal('client'), email: emailAddress, name: personName.nullable() }),
  z.strictObject({ kind: z.literal('system') }),
]);
export type CommentAuthor = z.infer<typeof commentAuthorSchema>;

/** Who wrote it, as shown: staff carry their current name (`null`: no longer in the agency). */
export const commentAuthorViewSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('staff'), userId: userIdSchema, name: z.string().nullable() }),
  z.strictObject({ kind: z.literal('client'), email: emailAddress, name: personName.nullable() }),
  z.strictObject({ kind: z.literal('system') }),
]);
export type CommentAuthorView = z.infer<typeof commentAuthorViewSchema>;

/** One version of a body: what it said, since when, and who wrote that version. */
export const commentRevisionSchema = z.strictObject({
  body: z.string().max(MAX_COMMENT_LENGTH),
  at: z.iso.datetime(),
  by: commentAuthorSchema,
});
export type CommentRevision = z.infer<typeof commentRevisionSchema>;

/** A mention as shown: the id from the body and the colleague's current name. */
export const mentionViewSchema = z.strictObject({ userId: userIdSchema, name: z.string().nullable() });
export type MentionView = z.infer<typeof mentionViewSchema>;

/**
 * A comment as staff see it (`comments.list`, `comments.onTicket`, answers of
 * `comments.create/edit/delete`).
 *
 * - `body`: the current markdown, `null` once deleted (the versions stay in `revisions`).
 * - `mentions`: the people the current body mentions, with names for `renderCommentHtml`.
 * - `revision`: how many versions there are (1 = never edited); `edit` sends it back so two
 *   people editing at once cannot overwrite each other unknowingly.
 */
export const commentViewSchema = z.strictObject({
  id: commentIdSchema,
  boardId: boardIdSchema,
  ticketId: ticketIdSchema,
  parentId: commentIdSchema.nullable(),
  visibility: commentVisibilitySchema,
  source: commentSourceSchema,
  author: commentAuthorViewSchema,
  body: z.string().nullable(),
  mentions: z.array(mentionViewSchema),
  createdAt: z.iso.datetime(),
  editedAt: z.iso.datetime().nullable(),
  deletedAt: z.iso.datetime().nullable(),
  deletedBy: commentAuthorViewSchema.nullable(),
  revision: z.number().int().positive(),
  revisions: z.array(
    z.strictObject({ body: z.string(), at: z.iso.datetime(), by: commentAuthorViewSchema }),
  ),
});
export type CommentView = z.infer<typeof commentViewSchema>;
