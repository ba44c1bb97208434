/**
 * `clients.*`: the agency's client records (server/src/trpc/routers/clients.ts). The list page
 * reads `clients.list`; the record page reads `clients.get {clientId}`. Every write answers with
 * the fresh record, which goes straight into that record's cache entry; the list (managers,
 * rung) is marked stale.
 */
import { mutationOptions, queryOptions, type QueryClient } from '@tanstack/solid-query';
import type { TrpcClient } from './trpc';

export type ClientSummary = Awaited<ReturnType<TrpcClient['clients']['list']['query']>>[number];
export type ClientView = Awaited<ReturnType<TrpcClient['clients']['get']['query']>>;
export type ClientId = ClientView['id'];
export type ClientContact = ClientView['contacts'][number];
export type ClientNote = ClientView['notes'][number];
export type ClientMeeting = ClientView['meetings'][number];
export type SaveContactInput = Parameters<TrpcClient['clients']['saveContact']['mutate']>[0];
export type SetManagersInput = Parameters<TrpcClient['clients']['setManagers']['mutate']>[0];
export type SetRungInput = Parameters<TrpcClient['clients']['setRung']['mutate']>[0];
export type MeetingFields = Parameters<TrpcClient['clients']['addMeeting']['mutate']>[0]['meeting'];
export type StaffId = SetManagersInput['primaryManagerId'];

export const clientKeys = {
  all: ['clients'] as const,
  list: ['clients', 'list'] as const,
  record: (clientId: string) => ['clients', 'record', clientId] as const,
};

export function clientsQuery(trpc: TrpcClient) {
  return queryOptions({
    queryKey: clientKeys.list,
    queryFn: () => trpc.clients.list.query(),
    staleTime: 60_000,
  });
}

export function clientQuery(trpc: TrpcClient, clientId: ClientId) {
  return queryOptions({
    queryKey: clientKeys.record(clientId),
    queryFn: () => trpc.clients.get.query({ clientId }),
    staleTime: 30_000,
  });
}

/** The answer of every write is the fresh record. */
function settle(queryClient: QueryClient, view: ClientView): void {
  queryClient.setQueryData(clientKeys.record(view.id), view);
  void queryClient.invalidateQueries({ queryKey: clientKeys.list });
}

/** One mutation factory per `clients.*` write; each stores the answer in the record's cache. */
function clientMutation<I>(name: string, call: (input: I) => Promise<ClientView>, queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: ['clients', name],
    mutationFn: call,
    onSuccess: (view: ClientView) => settle(queryClient, view),
  });
}

export const saveContactMutation = (trpc: TrpcClient, queryClient: QueryClient) =>
  clientMutation('saveContact', (input: SaveContactInput) => trpc.clients.saveContact.mutate(input), queryClient);

export const removeContactMutation = (trpc: TrpcClient, queryClient: QueryClient) =>
  clientMutation(
    'removeContact',
    (input: Parameters<TrpcClient['clients']['removeContact']['mutate']>[0]) => trpc.clients.removeContact.mutate(input),
    queryClient,
  );

export const setManagersMutation = (trpc: TrpcClient, queryClient: QueryClient) =>
  clientMutation('setManagers', (input: SetManagersInput) => trpc.clients.setManagers.mutate(input), queryClient);

export const setRungMutation = (trpc: TrpcClient, queryClient: QueryClient) =>
  clientMutation('setRung', (input: SetRungInput) => trpc.clients.setRung.mutate(input), queryClient);

export const addNoteMutation = (trpc: TrpcClient, queryClient: QueryClient) =>
  clientMutation('addNote', (input: { clientId: ClientId; body: string }) => trpc.clients.addNote.mutate(input), queryClient);

export const deleteNoteMutation = (trpc: TrpcClient, queryClient: QueryClient) =>
  clientMutation('deleteNote', (input: { clientId: ClientId; noteId: ClientNote['id'] }) => trpc.clients.deleteNote.mutate(input), queryClient);

export const addMeetingMutation = (trpc: TrpcClient, queryClient: QueryClient) =>
  clientMutation('addMeeting', (input: { clientId: ClientId; meeting: MeetingFields }) => trpc.clients.addMeeting.mutate(input), queryClient);

export const updateMeetingMutation = (trpc: TrpcClient, queryClient: QueryClient) =>
  clientMutation(
    'updateMeeting',
    (input: { clientId: ClientId; meetingId: ClientMeeting['id']; meeting: MeetingFields }) => trpc.clients.updateMeeting.mutate(input),
    queryClient,
  );
