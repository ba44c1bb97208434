/**
 * The SPA's query cache. Only network failures are retried: a 4xx answer will not change by
 * asking again, and retrying a throttled login would only extend the lock-out.
 */
import { QueryClient } from '@tanstack/solid-query';
import { describeRequestError } from './requestError';

const MAX_RETRIES = 2;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => failures < MAX_RETRIES && describeRequestError(error).kind === 'network',
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}
