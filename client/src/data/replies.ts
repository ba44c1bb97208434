/**
 * `replies.*`: canned replies and signature rules (server/src/trpc/routers/replies.ts).
 *
 * - The composer's picker reads `replies.list {ticket}` when it is opened (the agency's active
 *   replies offered on that ticket: for every client, or for the ticket's) and asks `replies.render` for the chosen
 *   one: the server fills it for the ticket and the caller, so the text inserted is the text it
 *   renders. Renders are not cached (a colleague may have just changed the reply or a rule).
 * - The `/respostas` page reads every reply (archived too), the clients, and — admins only —
 *   the signature rules; saving, archiving or changing rules refreshes every replies list.
 */
import { mutationOptions, queryOptions, type QueryClient } from '@tanstack/solid-query';
import type { TrpcClient } from './trpc';

export type CannedReplyItem = Awaited<ReturnType<TrpcClient['replies']['list']['query']>>[number];
export type ReplyClient = Awaited<ReturnType<TrpcClient['replies']['clients']['query']>>[number];
export type SaveReplyInput = Parameters<TrpcClient['replies']['save']['mutate']>[0];
export type SignatureRulesInput = Parameters<TrpcClient['replies']['setSignatures']['mutate']>[0];
export type SignaturesAnswer = Awaited<ReturnType<TrpcClient['replies']['signatures']['query']>>;
export type RenderReplyInput = Parameters<TrpcClient['replies']['render']['query']>[0];

export const replyKeys = {
  all: ['replies'] as const,
  list: (scope: string) => ['replies', 'list', scope] as const,
  clients: ['replies', 'clients'] as const,
  signatures: ['replies', 'signatures'] as const,
};

/** The active replies offered on a ticket (kept for every client, or for the ticket's), by title. */
export function offeredRepliesQuery(trpc: TrpcClient, ticket: Pick<RenderReplyInput, 'boardId' | 'ticketId'>) {
  return queryOptions({
    queryKey: replyKeys.list(`ticket:${ticket.boardId}:${ticket.ticketId}`),
    queryFn: () => trpc.replies.list.query({ ticket: { boardId: ticket.boardId, ticketId: ticket.ticketId } }),
    staleTime: 60_000,
  });
}

/** Every reply of the agency, archived ones too (the `/respostas` page). */
export function allRepliesQuery(trpc: TrpcClient) {
  return queryOptions({
    queryKey: replyKeys.list('all'),
    queryFn: () => trpc.replies.list.query({ includeArchived: true }),
    staleTime: 30_000,
  });
}

export function replyClientsQuery(trpc: TrpcClient) {
  return queryOptions({
    queryKey: replyKeys.clients,
    queryFn: () => trpc.replies.clients.query(),
    staleTime: 5 * 60_000,
  });
}

export function signatureRulesQuery(trpc: TrpcClient) {
  return queryOptions({
    queryKey: replyKeys.signatures,
    queryFn: () => trpc.replies.signatures.query(),
    staleTime: 60_000,
  });
}

const refresh = (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: replyKeys.all });

export function saveReplyMutation(trpc: TrpcClient, queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: ['replies', 'save'],
    mutationFn: (input: SaveReplyInput) => trpc.replies.save.mutate(input),
    onSuccess: () => refresh(queryClient),
  });
}

export function archiveReplyMutation(trpc: TrpcClient, queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: ['replies', 'archive'],
    mutationFn: (input: { id: CannedReplyItem['id']; archived: boolean }) => trpc.replies.archive.mutate(input),
    onSuccess: () => refresh(queryClient),
  });
}

export function setSignaturesMutation(trpc: TrpcClient, queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: ['replies', 'setSignatures'],
    mutationFn: (input: SignatureRulesInput) => trpc.replies.setSignatures.mutate(input),
    onSuccess: () => refresh(queryClient),
  });
}

/** The chosen reply, filled by the server for this ticket and this person. */
export function renderReplyMutation(trpc: TrpcClient) {
  return mutationOptions({
    mutationKey: ['replies', 'render'],
    mutationFn: (input: RenderReplyInput) => trpc.replies.render.query(input),
  });
}
