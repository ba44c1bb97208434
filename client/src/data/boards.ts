/**
 * Boards the signed-in person may open (members, and every admin of the agency — the server
 * decides). A board one may not open answers NOT_FOUND, exactly like one that does not exist.
 */
import { queryOptions } from '@tanstack/solid-query';
import type { TrpcClient } from './trpc';

export type BoardSummary = Awaited<ReturnType<TrpcClient['boards']['get']['query']>>;
type BoardIdInput = Parameters<TrpcClient['boards']['get']['query']>[0]['boardId'];

export const boardKeys = {
  all: ['boards'] as const,
  list: ['boards', 'list'] as const,
  one: (boardId: string) => ['boards', 'one', boardId] as const,
};

export function boardsQuery(trpc: TrpcClient) {
  return queryOptions({
    queryKey: boardKeys.list,
    queryFn: () => trpc.boards.list.query(),
    staleTime: 30_000,
  });
}

export function boardQuery(trpc: TrpcClient, boardId: BoardIdInput) {
  return queryOptions({
    queryKey: boardKeys.one(boardId),
    queryFn: () => trpc.boards.get.query({ boardId }),
    staleTime: 30_000,
  });
}
