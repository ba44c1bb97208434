/**
 * `boards.*`: the boards a staff member may open (`boards/boardAccess.ts`: members, and every
 * admin of the agency). Without a session: UNAUTHORIZED. A board one may not open is
 * NOT_FOUND, exactly like one that does not exist.
 *
 * - `boards.list` → `BoardSummary[]`, sorted by name (pt-BR collation).
 * - `boards.get {boardId}` → `BoardSummary`.
 * - `boards.firstCards {boardId, perStage?}` → `FirstCards` (shared/board/firstCards.ts): each
 *   column's first `perStage` cards (1–50, default 25) in column order, its size and open
 *   count — what a browser without a copy of the board paints while the Yjs document loads.
 *   Authorized like `boards.get`; read from the live room's document (`withBoardDoc`, which
 *   loads the room if nobody has it open — the socket that follows finds it loaded), cached
 *   per document until its next change (`boards/firstCards.ts`).
 *
 * A summary carries what the board UI needs besides the Yjs document: the members (assignee
 * pickers, avatars), the agency's clients (`{id, name}`, sorted by name: card labels and the
 * drawer's client picker) and the WIP limits per stage (a stage left out has none).
 */
import { firstCardsInputSchema, firstCardsSchema } from '@fluxo/shared/board/firstCards';
import { NotFoundError } from '@fluxo/shared/errors';
import { stageSchema } from '@fluxo/shared/flow/stages';
import { boardIdSchema, clientIdSchema, userIdSchema } from '@fluxo/shared/ids';
import { roleSchema } from '@fluxo/shared/roles';
import { z } from 'zod';
import { canOpenBoard, visibleBoards } from '../../boards/boardAccess.js';
import { firstCardsOf } from '../../boards/firstCards.js';
import type { BoardRecord, UserRecord } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import { router, staffProcedure } from '../trpc.js';

export const boardMemberSchema = z.object({ id: userIdSchema, name: z.string(), role: roleSchema });

export const boardClientSchema = z.object({ id: clientIdSchema, name: z.string() });

export const wipLimitsSchema = z.partialRecord(stageSchema, z.number().int().positive());

export const boardSummarySchema = z.object({
  id: boardIdSchema,
  name: z.string(),
  /** Members in the order they were added; ids that no longer name a colleague are left out. */
  members: z.array(boardMemberSchema),
  /** The agency's clients, sorted by name (pt-BR collation). */
  clients: z.array(boardClientSchema),
  /** Work-in-progress limit per stage; a stage left out has no limit. */
  wipLimits: wipLimitsSchema,
});
export type BoardSummary = z.infer<typeof boardSummarySchema>;

const byName = new Intl.Collator('pt-BR', { sensitivity: 'base', numeric: true });

async function summarise(store: Store, viewer: UserRecord, boards: BoardRecord[]): Promise<BoardSummary[]> {
  const [users, agencyClients] = await Promise.all([
    store.users.listByAgency(viewer.agencyId),
    store.clients.listByAgency(viewer.agencyId),
  ]);
  const colleagues = new Map(users.map((u) => [u.id, u]));
  const clients = agencyClients
    .map((c) => ({ id: c.id, name: c.name }))
    .sort((a, b) => byName.compare(a.name, b.name));
  return boards.map((board) => ({
    id: board.id,
    name: board.name,
    members: board.memberIds.flatMap((id) => {
      const member = colleagues.get(id);
      return member ? [{ id: member.id, name: member.name, role: member.role }] : [];
    }),
    clients,
    wipLimits: { ...board.wipLimits },
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

  firstCards: staffProcedure
    .input(firstCardsInputSchema)
    .output(firstCardsSchema)
    .query(async ({ ctx, input }) => {
      const board = await ctx.store.boards.get(input.boardId);
      if (!board || !canOpenBoard(ctx.user, board)) throw new NotFoundError('board');
      return ctx.conversation.boards.withBoardDoc(board.id, (doc) => firstCardsOf(doc, input.perStage));
    }),
});
