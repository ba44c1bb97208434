/**
 * `deadlines.board`: the board's open tickets' deadlines (server/src/trpc/routers/deadlines.ts).
 * The server recomputes them when the board changes; the board asks again shortly after a change
 * in its document (debounced, `LiveBoard`) and every few minutes, and derives each card's state
 * from them and its own clock (`board/boardDeadlines.ts`).
 */
import { queryOptions } from '@tanstack/solid-query';
import type { BoardId } from '@fluxo/shared/ids';
import type { TrpcClient } from './trpc';

export type BoardDeadlines = Awaited<ReturnType<TrpcClient['deadlines']['board']['query']>>;

export const deadlineKeys = {
  board: (boardId: BoardId) => ['deadlines', 'board', boardId] as const,
};

export function boardDeadlinesQuery(trpc: TrpcClient, boardId: BoardId) {
  return queryOptions({
    queryKey: deadlineKeys.board(boardId),
    queryFn: () => trpc.deadlines.board.query({ boardId }),
    staleTime: 30_000,
  });
}
