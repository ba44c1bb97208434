/**
 * `comments.*`: the conversation on a ticket. Staff only (UNAUTHORIZED without a session); the
 * board must be one the caller may open, otherwise NOT_FOUND — like a board that does not
 * exist, and like a ticket or comment that is not on it. Rules: `conversation/comments.ts`.
 *
 * - `comments.list {boardId, ticketId}` → `{comments: CommentView[], cursor}`: every comment of
 *   the ticket (deleted ones too, with their history), oldest first; `cursor` is what
 *   `onTicket` takes as `lastEventId` so nothing between the two calls is missed.
 * - `comments.mentionable {boardId}` → `{id, name, role}[]`: who may be mentioned (everyone who
 *   can open the board), by name.
 * - `comments.create {boardId, ticketId, body, visibility?, parentId?, id?}` → `CommentView`.
 *   `visibility` is required without `parentId`; a reply takes its thread's (another one is
 *   BAD_REQUEST). `id` (a fresh `newCommentId()`) makes a retry return the same comment.
 * - `comments.edit {boardId, ticketId, commentId, body, revision?}` → `CommentView`: the
 *   author only (FORBIDDEN otherwise); `revision` (the `CommentView.revision` seen) turns a
 *   concurrent edit into CONFLICT instead of overwriting it.
 * - `comments.delete {boardId, ticketId, commentId}` → `CommentView`: the author or an admin;
 *   idempotent; the history stays.
 * - `comments.onTicket {boardId, ticketId, lastEventId?}` — subscription (SSE via
 *   `httpSubscriptionLink`): each comment created, edited or deleted after `lastEventId`, as
 *   `tracked(id, CommentView)`; the id is the cursor to resume from. Without `lastEventId`,
 *   only changes from now on.
 */
import { tracked } from '@trpc/server';
import {
  MAX_COMMENT_LENGTH,
  commentIdSchema,
  commentViewSchema,
  commentVisibilitySchema,
} from '@fluxo/shared/conversation/comment';
import { NotFoundError } from '@fluxo/shared/errors';
import { type BoardId, boardIdSchema, ticketIdSchema, userIdSchema } from '@fluxo/shared/ids';
import { roleSchema } from '@fluxo/shared/roles';
import { z } from 'zod';
import { canOpenBoard } from '../../boards/boardAccess.js';
import { commentView } from '../../conversation/commentView.js';
import { liveBoard } from '../../conversation/liveAccess.js';
import type { StoredComment } from '../../store/conversationRecords.js';
import type { BoardRecord, UserRecord } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import { router, staffProcedure } from '../trpc.js';

/** A resume cursor: the store's `seq` as a decimal string. */
export const conversationCursorSchema = z.string().regex(/^\d{1,15}$/, 'invalid cursor');

const ticketInput = z.object({ boardId: boardIdSchema, ticketId: ticketIdSchema });
const bodyInput = z.string().max(MAX_COMMENT_LENGTH * 2);

export const mentionableSchema = z.object({ id: userIdSchema, name: z.string(), role: roleSchema });

const byName = new Intl.Collator('pt-BR', { sensitivity: 'base', numeric: true });

async function openBoard(store: Store, user: UserRecord, boardId: BoardId): Promise<BoardRecord> {
  const board = await store.boards.get(boardId);
  if (!board || !canOpenBoard(user, board)) throw new NotFoundError('board');
  return board;
}

async function namesOf(store: Store, board: BoardRecord): Promise<(id: string) => string | null> {
  const names = new Map((await store.users.listByAgency(board.agencyId)).map((u) => [u.id as string, u.name]));
  return (id) => names.get(id) ?? null;
}

const cursorOf = (comments: readonly StoredComment[]) => comments.reduce((max, c) => Math.max(max, c.seq), 0);

export const commentsRouter = router({
  list: staffProcedure
    .input(ticketInput)
    .output(z.object({ comments: z.array(commentViewSchema), cursor: conversationCursorSchema }))
    .query(async ({ ctx, input }) => {
      const board = await openBoard(ctx.store, ctx.user, input.boardId);
      const [comments, nameOf] = await Promise.all([
        ctx.store.comments.listForTicket(board.id, input.ticketId),
        namesOf(ctx.store, board),
      ]);
      return { comments: comments.map((c) => commentView(c, nameOf)), cursor: String(cursorOf(comments)) };
    }),

  mentionable: staffProcedure
    .input(z.object({ boardId: boardIdSchema }))
    .output(z.array(mentionableSchema))
    .query(async ({ ctx, input }) => {
      const board = await openBoard(ctx.store, ctx.user, input.boardId);
      const colleagues = await ctx.store.users.listByAgency(board.agencyId);
      return colleagues
        .filter((u) => canOpenBoard(u, board))
        .map((u) => ({ id: u.id, name: u.name, role: u.role }))
        .sort((a, b) => byName.compare(a.name, b.name));
    }),

  create: staffProcedure
    .input(
      ticketInput.extend({
        body: bodyInput,
        visibility: commentVisibilitySchema.optional(),
        parentId: commentIdSchema.nullish(),
        id: commentIdSchema.optional(),
      }),
    )
    .output(commentViewSchema)
    .mutation(async ({ ctx, input }) => {
      const board = await openBoard(ctx.store, ctx.user, input.boardId);
      const comment = await ctx.conversation.createComment({
        boardId: board.id,
        ticketId: input.ticketId,
        author: { kind: 'staff', userId: ctx.user.id },
        body: input.body,
        ...(input.visibility ? { visibility: input.visibility } : {}),
        parentId: input.parentId ?? null,
        ...(input.id ? { id: input.id } : {}),
      });
      return commentView(comment, await namesOf(ctx.store, board));
    }),

  edit: staffProcedure
    .input(
      ticketInput.extend({
        commentId: commentIdSchema,
        body: bodyInput,
        revision: z.number().int().positive().optional(),
      }),
    )
    .output(commentViewSchema)
    .mutation(async ({ ctx, input }) => {
      const board = await openBoard(ctx.store, ctx.user, input.boardId);
      const comment = await ctx.conversation.editComment({
        boardId: board.id,
        ticketId: input.ticketId,
        commentId: input.commentId,
        editor: ctx.user,
        body: input.body,
        ...(input.revision === undefined ? {} : { expectedRevision: input.revision }),
      });
      return commentView(comment, await namesOf(ctx.store, board));
    }),

  delete: staffProcedure
    .input(ticketInput.extend({ commentId: commentIdSchema }))
    .output(commentViewSchema)
    .mutation(async ({ ctx, input }) => {
      const board = await openBoard(ctx.store, ctx.user, input.boardId);
      const comment = await ctx.conversation.deleteComment({
        boardId: board.id,
        ticketId: input.ticketId,
        commentId: input.commentId,
        actor: ctx.user,
      });
      return commentView(comment, await namesOf(ctx.store, board));
    }),

  onTicket: staffProcedure
    .input(ticketInput.extend({ lastEventId: conversationCursorSchema.nullish() }))
    .subscription(async ({ ctx, input, signal }) => {
      // Checked and set up when called (errors reach the caller before any stream starts);
      // the watch is registered before the cursor is read, so nothing falls in between.
      const { store, conversation, session } = ctx;
      const board = await openBoard(store, ctx.user, input.boardId);
      const watch = conversation.events.watchTicket(board.id, input.ticketId, signal);
      let cursor =
        input.lastEventId != null
          ? Number(input.lastEventId)
          : cursorOf(await store.comments.listForTicket(board.id, input.ticketId));
      return (async function* () {
        try {
          for (;;) {
            const changed = (await store.comments.listForTicket(board.id, input.ticketId))
              .filter((c) => c.seq > cursor)
              .sort((a, b) => a.seq - b.seq);
            if (changed.length > 0) {
              const current = await liveBoard(store, session, board.id, conversation.now());
              if (!current) return;
              const nameOf = await namesOf(store, current);
              for (const comment of changed) {
                yield tracked(String(comment.seq), commentViewSchema.parse(commentView(comment, nameOf)));
                cursor = comment.seq;
              }
            }
            if (!(await watch.next())) return;
          }
        } finally {
          watch.close();
        }
      })();
    }),
});
