/**
 * Client approvals, staff side (server/src/trpc/routers/approvals.ts):
 * - `approvals.board` — one summary per ticket with approvals (the card's badge); the board asks
 *   again shortly after its document changes (a decision moves the ticket back to open) and
 *   every minute, as for deadlines;
 * - `approvals.forTicket` — the drawer's list and the done gate;
 * - `approvals.request` / `approvals.withdraw` — refresh both.
 */
import { type QueryClient, queryOptions } from '@tanstack/solid-query';
import type { BoardId, TicketId } from '@fluxo/shared/ids';
import type { TrpcClient } from './trpc';

export type BoardApprovals = Awaited<ReturnType<TrpcClient['approvals']['board']['query']>>;
export type TicketApprovals = Awaited<ReturnType<TrpcClient['approvals']['forTicket']['query']>>;
export type ApprovalRequest = Parameters<TrpcClient['approvals']['request']['mutate']>[0];

export const approvalKeys = {
  all: ['approvals'] as const,
  board: (boardId: BoardId) => ['approvals', 'board', boardId] as const,
  ticket: (boardId: BoardId, ticketId: TicketId) => ['approvals', 'ticket', boardId, ticketId] as const,
};

export function boardApprovalsQuery(trpc: TrpcClient, boardId: BoardId) {
  return queryOptions({
    queryKey: approvalKeys.board(boardId),
    queryFn: () => trpc.approvals.board.query({ boardId }),
    staleTime: 30_000,
  });
}

export function ticketApprovalsQuery(trpc: TrpcClient, boardId: BoardId, ticketId: TicketId) {
  return queryOptions({
    queryKey: approvalKeys.ticket(boardId, ticketId),
    queryFn: () => trpc.approvals.forTicket.query({ boardId, ticketId }),
  });
}

/** After a request or a withdrawal: the card and the drawer ask again. */
export function refreshApprovals(queryClient: QueryClient, boardId: BoardId): Promise<void> {
  return queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] === 'approvals' && query.queryKey[2] === boardId });
}
