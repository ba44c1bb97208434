/**
 * `tickets.*`: what the server witnessed about a board's tickets. Staff only (UNAUTHORIZED
 * without a session); the board must be one the caller may open (`canOpenBoard`), otherwise
 * NOT_FOUND — exactly like a board that does not exist. Entries are filtered by board, so a
 * ticket id from another board yields nothing.
 *
 * - `tickets.history {boardId, ticketId}` → `TicketHistoryItem[]`: the ticket's history entries,
 *   oldest first (newest last), each with `authorName` (the colleague's name; `null` for the
 *   server or someone no longer in the agency).
 * - `tickets.attention {boardId}` → `AttentionItem[]`: tickets handed back (Produção → Entrega)
 *   that *I* have not acknowledged yet, oldest mark first.
 * - `tickets.acknowledge {boardId, ticketId}` → `{ cleared }`: I have seen it (idempotent;
 *   `cleared` says whether there was a mark).
 */
import { NotFoundError } from '@fluxo/shared/errors';
import { historyEntrySchema } from '@fluxo/shared/history/historyEntry';
import { boardIdSchema, ticketIdSchema } from '@fluxo/shared/ids';
import { z } from 'zod';
import { canOpenBoard } from '../../boards/boardAccess.js';
import type { BoardRecord, UserRecord } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import { router, staffProcedure } from '../trpc.js';

export const ticketHistoryItemSchema = z.intersection(
  historyEntrySchema,
  z.object({ authorName: z.string().nullable() }),
);
export type TicketHistoryItem = z.infer<typeof ticketHistoryItemSchema>;

export const attentionItemSchema = z.object({
  ticketId: ticketIdSchema,
  /** When the ticket was handed back to me. */
  markedAt: z.iso.datetime(),
});
export type AttentionItem = z.infer<typeof attentionItemSchema>;

const ticketInput = z.object({ boardId: boardIdSchema, ticketId: ticketIdSchema });

async function openBoard(store: Store, user: UserRecord, boardId: BoardRecord['id']): Promise<BoardRecord> {
  const board = await store.boards.get(boardId);
  if (!board || !canOpenBoard(user, board)) throw new NotFoundError('board');
  return board;
}

export const ticketsRouter = router({
  history: staffProcedure
    .input(ticketInput)
    .output(z.array(ticketHistoryItemSchema))
    .query(async ({ ctx, input }) => {
      await openBoard(ctx.store, ctx.user, input.boardId);
      const [entries, colleagues] = await Promise.all([
        ctx.store.history.listForTicket(input.boardId, input.ticketId),
        ctx.store.users.listByAgency(ctx.user.agencyId),
      ]);
      const names = new Map(colleagues.map((u) => [u.id, u.name]));
      return entries.map((entry) => ({
        ...entry,
        authorName: entry.author === null ? null : (names.get(entry.author) ?? null),
      }));
    }),

  attention: staffProcedure
    .input(z.object({ boardId: boardIdSchema }))
    .output(z.array(attentionItemSchema))
    .query(async ({ ctx, input }) => {
      await openBoard(ctx.store, ctx.user, input.boardId);
      const marks = await ctx.store.attention.list(ctx.user.id, input.boardId);
      return marks.map((m) => ({ ticketId: m.ticketId, markedAt: m.markedAt }));
    }),

  acknowledge: staffProcedure
    .input(ticketInput)
    .output(z.object({ cleared: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      await openBoard(ctx.store, ctx.user, input.boardId);
      const marks = await ctx.store.attention.list(ctx.user.id, input.boardId);
      if (!marks.some((m) => m.ticketId === input.ticketId)) return { cleared: false };
      return { cleared: await ctx.store.attention.clear(ctx.user.id, input.ticketId) };
    }),
});
