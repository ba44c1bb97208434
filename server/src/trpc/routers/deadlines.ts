/**
 * `deadlines.board {boardId}` → the deadlines of the board's open tickets
 * (`shared/src/deadlines/ticketDeadlines.ts`; computed and cached by `deadlines/deadlineDesk.ts`):
 * the board derives each card's "No prazo / Em risco / Atrasado" from them and its own clock.
 * Staff who can open the board only (else NOT_FOUND, like `boards.get`); share tokens are not
 * sessions and never reach it.
 */
import { ticketDeadlinesSchema } from '@fluxo/shared/deadlines/ticketDeadlines';
import { NotFoundError } from '@fluxo/shared/errors';
import { boardIdSchema } from '@fluxo/shared/ids';
import { z } from 'zod';
import { canOpenBoard } from '../../boards/boardAccess.js';
import { router, staffProcedure } from '../trpc.js';

export const boardDeadlinesSchema = z.strictObject({
  computedAt: z.iso.datetime(),
  tickets: z.array(ticketDeadlinesSchema),
});

export const deadlinesRouter = router({
  board: staffProcedure
    .input(z.strictObject({ boardId: boardIdSchema }))
    .output(boardDeadlinesSchema)
    .query(async ({ ctx, input }) => {
      const board = await ctx.store.boards.get(input.boardId);
      if (!board || !canOpenBoard(ctx.user, board)) throw new NotFoundError('board');
      const view = await ctx.conversation.deadlines.forBoard(board);
      return { computedAt: view.computedAt, tickets: [...view.tickets] };
    }),
});
