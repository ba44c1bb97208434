/**
 * `satisfaction.forTicket` (server/src/trpc/routers/satisfaction.ts, issue 8): the client's rating
 * of a delivered ticket, for staff in the drawer — when it was asked, the answer, whether it is low.
 */
import { queryOptions } from '@tanstack/solid-query';
import type { TrpcClient } from './trpc';

export type TicketSatisfactionView = Awaited<ReturnType<TrpcClient['satisfaction']['forTicket']['query']>>;
type ForTicketInput = Parameters<TrpcClient['satisfaction']['forTicket']['query']>[0];

export const satisfactionKeys = {
  all: ['satisfaction'] as const,
  ticket: (boardId: string, ticketId: string, delivered: boolean) => ['satisfaction', 'ticket', boardId, ticketId, delivered] as const,
};

/** How often a delivered ticket without its survey yet asks again (the witness asks just after the move). */
export const SURVEY_PENDING_REFETCH_MS = 3_000;

/**
 * The ticket's satisfaction, keyed by whether it is delivered (`done`): a delivery asks, so the
 * drawer reads it afresh then, and again every few seconds until the survey exists.
 */
export function ticketSatisfactionQuery(
  trpc: TrpcClient,
  boardId: ForTicketInput['boardId'],
  ticketId: ForTicketInput['ticketId'],
  delivered: boolean,
) {
  return queryOptions({
    queryKey: satisfactionKeys.ticket(boardId, ticketId, delivered),
    queryFn: () => trpc.satisfaction.forTicket.query({ boardId, ticketId }),
    staleTime: 30_000,
    refetchInterval: (query) => (delivered && query.state.data === null ? SURVEY_PENDING_REFETCH_MS : false),
  });
}
