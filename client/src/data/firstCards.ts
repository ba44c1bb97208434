/**
 * `boards.firstCards`: each column's first cards, from the server, for a browser that holds no
 * copy of the board yet. The board page paints them while the Yjs document loads (see
 * `board/boardReader.ts`, preview). Never refetched on its own: it is a one-time stand-in, and
 * the live document replaces it within seconds.
 */
import { queryOptions } from '@tanstack/solid-query';
import type { TrpcClient } from './trpc';

type FirstCardsInput = Parameters<TrpcClient['boards']['firstCards']['query']>[0];

export const firstCardsKeys = {
  one: (boardId: string, perStage: number) => ['firstCards', boardId, perStage] as const,
};

export function firstCardsQuery(trpc: TrpcClient, boardId: FirstCardsInput['boardId'], perStage: number) {
  return queryOptions({
    queryKey: firstCardsKeys.one(boardId, perStage),
    queryFn: () => trpc.boards.firstCards.query({ boardId, perStage }),
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}
