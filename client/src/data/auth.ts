/**
 * Session data: who is signed in, signing in and out, and the account's language.
 *
 * `auth.me` in the query cache is the single source of truth for "signed in" on the client:
 * the route guard, the login page's redirect and the account language all derive from it.
 * Signing in writes the returned user into that entry, signing out writes `null` and drops every
 * other cached query (another person may sign in next on this browser).
 */
import { mutationOptions, queryOptions, type QueryClient } from '@tanstack/solid-query';
import type { TrpcClient } from './trpc';

export type SessionUser = NonNullable<Awaited<ReturnType<TrpcClient['auth']['me']['query']>>>;
export type LoginInput = Parameters<TrpcClient['auth']['login']['mutate']>[0];
export type AccountLocale = Parameters<TrpcClient['auth']['setLocale']['mutate']>[0]['locale'];

export const authKeys = {
  all: ['auth'] as const,
  me: ['auth', 'me'] as const,
};

/** The signed-in user, or `null` for a visitor (`auth.me` answers null rather than 401). */
export function meQuery(trpc: TrpcClient) {
  return queryOptions({
    queryKey: authKeys.me,
    queryFn: (): Promise<SessionUser | null> => trpc.auth.me.query(),
    staleTime: 60_000,
  });
}

export function loginMutation(trpc: TrpcClient, queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: ['auth', 'login'],
    mutationFn: (input: LoginInput) => trpc.auth.login.mutate(input),
    onSuccess: (user) => {
      queryClient.setQueryData(authKeys.me, user);
    },
  });
}

export function logoutMutation(trpc: TrpcClient, queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: ['auth', 'logout'],
    mutationFn: () => trpc.auth.logout.mutate(),
    onSuccess: () => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== authKeys.all[0] });
      queryClient.setQueryData(authKeys.me, null);
    },
  });
}

/**
 * Saves the account's language (`null`: follow the browser again). Optimistic: the cached user
 * changes at once (the UI language follows it), is put back if the server refuses, and is
 * replaced by the server's answer when it accepts.
 */
export function setAccountLocaleMutation(trpc: TrpcClient, queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: ['auth', 'setLocale'],
    mutationFn: (locale: AccountLocale) => trpc.auth.setLocale.mutate({ locale }),
    onMutate: async (locale: AccountLocale) => {
      await queryClient.cancelQueries({ queryKey: authKeys.me });
      const previous = queryClient.getQueryData<SessionUser | null>(authKeys.me);
      if (previous) queryClient.setQueryData(authKeys.me, { ...previous, locale });
      return { previous };
    },
    onError: (_error, _locale, context) => {
      if (context?.previous !== undefined) queryClient.setQueryData(authKeys.me, context.previous);
    },
    onSuccess: (user) => {
      queryClient.setQueryData(authKeys.me, user);
    },
  });
}
