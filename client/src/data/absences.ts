/**
 * `absences.*`: who is away and who covers their clients (server/src/trpc/routers/absences.ts).
 * The board header's coverage notice reads `absences.list {boardId}` (with coverage); the
 * absences page reads it without a board, plus `absences.people` (whose absence this person
 * may record: everyone for an admin, else themself). Creating or removing one refreshes every
 * list, the board's notices included.
 */
import { mutationOptions, queryOptions, type QueryClient } from '@tanstack/solid-query';
import type { BoardSummary } from './boards';
import type { TrpcClient } from './trpc';

export type AbsenceList = Awaited<ReturnType<TrpcClient['absences']['list']['query']>>;
export type AbsenceItem = AbsenceList['absences'][number];
export type AbsencePerson = Awaited<ReturnType<TrpcClient['absences']['people']['query']>>[number];
export type CreateAbsenceInput = Parameters<TrpcClient['absences']['create']['mutate']>[0];
type BoardIdInput = BoardSummary['id'];

export const absenceKeys = {
  all: ['absences'] as const,
  list: (boardId: string | null) => ['absences', 'list', boardId ?? 'agency'] as const,
  people: ['absences', 'people'] as const,
};

export function absencesQuery(trpc: TrpcClient, boardId: BoardIdInput | null) {
  return queryOptions({
    queryKey: absenceKeys.list(boardId),
    queryFn: () => trpc.absences.list.query(boardId === null ? {} : { boardId }),
    staleTime: 60_000,
    // A day turns over and someone comes back: a board left open all week stays truthful.
    refetchInterval: 15 * 60_000,
  });
}

export function absencePeopleQuery(trpc: TrpcClient) {
  return queryOptions({
    queryKey: absenceKeys.people,
    queryFn: () => trpc.absences.people.query(),
    staleTime: 5 * 60_000,
  });
}

const refresh = (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: absenceKeys.all });

export function createAbsenceMutation(trpc: TrpcClient, queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: ['absences', 'create'],
    mutationFn: (input: CreateAbsenceInput) => trpc.absences.create.mutate(input),
    onSuccess: () => refresh(queryClient),
  });
}

export function removeAbsenceMutation(trpc: TrpcClient, queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: ['absences', 'remove'],
    mutationFn: (id: AbsenceItem['id']) => trpc.absences.remove.mutate({ id }),
    onSuccess: () => refresh(queryClient),
  });
}

/** A calendar day (`YYYY-MM-DD`) as the locale writes a short date: 27/11, 11/27, 27.11. */
export function formatAbsenceDay(locale: string, day: string, withYear = false): string {
  return new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    ...(withYear ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}
