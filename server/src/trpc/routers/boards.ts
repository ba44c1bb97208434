/**
 * `boards.*`: the boards a staff member may open (`boards/boardAccess.ts`: members, and every
 * admin of the agency). Without a session: UNAUTHORIZED. A board one may not open is
 * NOT_FOUND, exactly like one that does not exist.
 *
 * - `boards.list` → `BoardSummary[]`, sorted by name (pt-BR collation).
 * - `boards.get {boardId}` → `BoardSummary`.
 */
import { NotFoundError } from '@fluxo/shared/errors';
import { boardIdSchema, userIdSchema } from '@fluxo/shared/ids';
import { roleSchema } from '@fluxo/shared/roles';
import { z } from 'zod';
import { canOpenBoard, visibleBoards } from '../../boards/boardAccess.js';
import type { BoardRecord, UserRecord } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import { router, staffProcedure } from '../trpc.js';

export const boardMemberSchema = z.object({ id: userIdSchema, name: z.string(), role: roleSchema });

export const boardSummarySchema = z.object({
  id: boardIdSchema,
  name: z.string(),
  /** Members in the order they were added; ids that no longer name a colleague are left out. */
  members: z.array(boardMemberSchema),
});
export type BoardSummary = z.infer<typeof boardSummarySchema>;

const byName = new Intl.Collator('pt-BR', { sensitivity: 'base', numeric: true });

async function summarise(store: Store, viewer: UserRecord, boards: BoardRecord[]): Promise<BoardSummary[]> {
  const colleagues = new Map((await store.users.listByAgency(viewer.agencyId)).map((u) => [u.id, u]));
  return boards.map((board) => ({
    id: board.id,
    name: board.name,
    members: board.memberIds.flatMap((id) => {
      const member = colleagues.get(id);
      return member ? [{ id: member.id, name: member.name, role: member.role }] : [];
    }),
  }));
}

export const boardsRouter = router({
  list: staffProcedure.output(z.array(boardSummarySchema)).query(async ({ ctx }) => {
    const boards = await visibleBoards(ctx.store, ctx.user);
    boards.sort((a, b) => byName.compare(a.name, b.name));
    return summarise(ctx.store, ctx.user, boards);
  }),

  get: staffProcedure
    .input(z.object({ boardId: boardIdSchema }))
    .output(boardSummarySchema)
    .query(async ({ ctx, input }) => {
      const board = await ctx.store.boards.get(input.boardId);
      if (!board || !canOpenBoard(ctx.user, board)) throw new NotFoundError('board');
      const [summary] = await summarise(ctx.store, ctx.user, [board]);
      if (!summary) throw new NotFoundError('board');
      return summary;
    }),
});
