/**
 * `workspace.*`: the agency's own rules (server/src/trpc/routers/workspace.ts) — its ticket
 * kinds (the drawer's kind picker; a kind's production steps) and its business calendar.
 */
import { queryOptions } from '@tanstack/solid-query';
import type { TrpcClient } from './trpc';

export const workspaceKeys = {
  kinds: ['workspace', 'kinds'] as const,
};

export function ticketKindsQuery(trpc: TrpcClient) {
  return queryOptions({
    queryKey: workspaceKeys.kinds,
    queryFn: () => trpc.workspace.kinds.query(),
    staleTime: 5 * 60_000,
  });
}
