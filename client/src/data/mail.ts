/**
 * `mail.*`: the agency's email outbox, for admins (server/src/trpc/routers/mail.ts). Other staff
 * get FORBIDDEN. What an email says is not here (it is composed when sent); the outbox shows
 * who it goes to, its kind, status, attempts, the next attempt and the last error.
 *
 * Retrying makes a `failed` (or waiting `pending`) email due now with its attempts counted
 * afresh; the row in every cached list is replaced by the server's answer, then the lists are
 * fetched again (the row may have left the filtered list: a retried `failed` is `pending`).
 */
import { mutationOptions, queryOptions, type QueryClient } from '@tanstack/solid-query';
import type { TrpcClient } from './trpc';

export type OutboxItem = Awaited<ReturnType<TrpcClient['mail']['outbox']['query']>>[number];
export type OutboxStatus = OutboxItem['status'];
export type OutboxKind = OutboxItem['kind'];

// A record, so a status the server adds fails `tsc` here until the page knows it.
const STATUSES: Readonly<Record<OutboxStatus, true>> = { pending: true, sending: true, sent: true, failed: true, skipped: true };
/** Every status, in the order the filter offers them. */
export const OUTBOX_STATUSES = Object.keys(STATUSES) as readonly OutboxStatus[];

export function isOutboxStatus(value: unknown): value is OutboxStatus {
  return typeof value === 'string' && (OUTBOX_STATUSES as readonly string[]).includes(value);
}

/** Most rows the page shows (the server allows up to 200). */
export const OUTBOX_PAGE_SIZE = 100;

export const mailKeys = {
  all: ['mail'] as const,
  outbox: (status: OutboxStatus | null) => ['mail', 'outbox', status ?? 'all'] as const,
};

export function outboxQuery(trpc: TrpcClient, status: OutboxStatus | null) {
  return queryOptions({
    queryKey: mailKeys.outbox(status),
    queryFn: () => trpc.mail.outbox.query({ limit: OUTBOX_PAGE_SIZE, ...(status ? { status } : {}) }),
    staleTime: 5_000,
    // The worker changes rows on its own: what an admin looks at stays current.
    refetchInterval: 15_000,
  });
}

/** Can this row be retried? (`sending` and `sent` are refused by the server as CONFLICT.) */
export function canRetry(item: OutboxItem): boolean {
  return item.status === 'failed' || item.status === 'pending';
}

export function retryEmailMutation(trpc: TrpcClient, queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: ['mail', 'retry'],
    mutationFn: (id: OutboxItem['id']) => trpc.mail.retry.mutate({ id }),
    onSuccess: async (item) => {
      queryClient.setQueriesData<OutboxItem[]>({ queryKey: mailKeys.all }, (rows) =>
        rows?.map((row) => (row.id === item.id ? item : row)),
      );
      await queryClient.invalidateQueries({ queryKey: mailKeys.all });
    },
  });
}
