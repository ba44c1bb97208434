/**
 * `tickets.*`: what the server witnessed about a board's tickets (server/src/trpc/routers/
 * tickets.ts). The ticket itself lives in the board's Yjs document; these are the records the
 * server keeps beside it.
 *
 * - history: the ticket's entries, oldest first, each with `authorName`. The server records them
 *   as it accepts updates, so the drawer refetches (`invalidateTicketHistory`) after the ticket
 *   changes in the document, debounced.
 * - attention: tickets handed back to *me* (Produção → Entrega) that I have not seen yet.
 * - acknowledge: I have seen it. On success the ticket leaves the cached attention list at once,
 *   then the list is fetched again.
 */
import { mutationOptions, queryOptions, type QueryClient } from '@tanstack/solid-query';
import type { BoardId, TicketId } from '@fluxo/shared/ids';
import type { TrpcClient } from './trpc';

export type TicketHistoryItem = Awaited<ReturnType<TrpcClient['tickets']['history']['query']>>[number];
export type AttentionItem = Awaited<ReturnType<TrpcClient['tickets']['attention']['query']>>[number];

export const ticketKeys = {
  all: ['tickets'] as const,
  history: (boardId: BoardId, ticketId: TicketId) => ['tickets', 'history', boardId, ticketId] as const,
  attention: (boardId: BoardId) => ['tickets', 'attention', boardId] as const,
};

export function ticketHistoryQuery(trpc: TrpcClient, boardId: BoardId, ticketId: TicketId) {
  return queryOptions({
    queryKey: ticketKeys.history(boardId, ticketId),
    queryFn: () => trpc.tickets.history.query({ boardId, ticketId }),
    staleTime: 10_000,
  });
}

/** Ask for the ticket's history again (it changed in the document; the server has recorded it). */
export function invalidateTicketHistory(queryClient: QueryClient, boardId: BoardId, ticketId: TicketId): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: ticketKeys.history(boardId, ticketId) });
}

export function attentionQuery(trpc: TrpcClient, boardId: BoardId) {
  return queryOptions({
    queryKey: ticketKeys.attention(boardId),
    queryFn: () => trpc.tickets.attention.query({ boardId }),
    staleTime: 30_000,
  });
}

export function acknowledgeTicketMutation(trpc: TrpcClient, queryClient: QueryClient, boardId: BoardId) {
  return mutationOptions({
    mutationKey: ['tickets', 'acknowledge', boardId],
    mutationFn: (ticketId: TicketId) => trpc.tickets.acknowledge.mutate({ boardId, ticketId }),
    onSuccess: async (_result, ticketId) => {
      const key = ticketKeys.attention(boardId);
      queryClient.setQueryData<AttentionItem[]>(key, (items) => items?.filter((item) => item.ticketId !== ticketId));
      await queryClient.invalidateQueries({ queryKey: key });
    },
  });
}
