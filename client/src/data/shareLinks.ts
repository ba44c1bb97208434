/**
 * `shareLinks.*`: the links through which an agency's clients watch their tickets
 * (server/src/trpc/routers/shareLinks.ts). Account managers and admins of a board list, create,
 * revoke and rotate them. The server keeps only a hash of each token: the address of a link is
 * in the answer of `create` and `rotate`, once, and never again.
 */
import { mutationOptions, queryOptions, type QueryClient } from '@tanstack/solid-query';
import type { TrpcClient } from './trpc';

export type ShareLinkView = Awaited<ReturnType<TrpcClient['shareLinks']['list']['query']>>[number];
export type CreateShareLinkInput = Parameters<TrpcClient['shareLinks']['create']['mutate']>[0];
export type IssuedShareLink = Awaited<ReturnType<TrpcClient['shareLinks']['create']['mutate']>>;
type BoardIdInput = Parameters<TrpcClient['shareLinks']['list']['query']>[0]['boardId'];

export const shareLinkKeys = {
  all: ['shareLinks'] as const,
  board: (boardId: string) => ['shareLinks', boardId] as const,
};

export function shareLinksQuery(trpc: TrpcClient, boardId: BoardIdInput) {
  return queryOptions({
    queryKey: shareLinkKeys.board(boardId),
    queryFn: () => trpc.shareLinks.list.query({ boardId }),
    staleTime: 10_000,
  });
}

/** Whether a link still opens the timeline at `now`. */
export function linkState(link: ShareLinkView, now: number): 'active' | 'revoked' | 'expired' {
  if (link.revokedAt !== null) return 'revoked';
  return Date.parse(link.expiresAt) <= now ? 'expired' : 'active';
}

const refresh = (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: shareLinkKeys.all });

export function createShareLinkMutation(trpc: TrpcClient, queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: ['shareLinks', 'create'],
    mutationFn: (input: CreateShareLinkInput) => trpc.shareLinks.create.mutate(input),
    onSuccess: () => refresh(queryClient),
  });
}

export function revokeShareLinkMutation(trpc: TrpcClient, queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: ['shareLinks', 'revoke'],
    mutationFn: (id: ShareLinkView['id']) => trpc.shareLinks.revoke.mutate({ id }),
    onSuccess: () => refresh(queryClient),
  });
}

export function rotateShareLinkMutation(trpc: TrpcClient, queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: ['shareLinks', 'rotate'],
    mutationFn: (id: ShareLinkView['id']) => trpc.shareLinks.rotate.mutate({ id }),
    onSuccess: () => refresh(queryClient),
  });
}
