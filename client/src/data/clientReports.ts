/**
 * `clientReports.*` (server/src/trpc/routers/clientReports.ts): a client's report of work done —
 * its schedule, the addresses it goes to, the latest emails, and "Enviar relatório agora". The
 * record page's report section reads `clientReports.get {clientId}`; `setSchedule` answers the
 * fresh view (stored in its cache entry), `sendNow` marks it stale (a new email in the list).
 */
import { mutationOptions, queryOptions, type QueryClient } from '@tanstack/solid-query';
import type { TrpcClient } from './trpc';

export type ClientReportView = Awaited<ReturnType<TrpcClient['clientReports']['get']['query']>>;
export type ClientReportFrequency = ClientReportView['frequency'];
export type SendNowResult = Awaited<ReturnType<TrpcClient['clientReports']['sendNow']['mutate']>>;
type ClientId = ClientReportView['clientId'];

export const clientReportKeys = {
  view: (clientId: string) => ['clientReports', clientId] as const,
};

export function clientReportQuery(trpc: TrpcClient, clientId: ClientId) {
  return queryOptions({
    queryKey: clientReportKeys.view(clientId),
    queryFn: () => trpc.clientReports.get.query({ clientId }),
    staleTime: 30_000,
  });
}

export const setReportScheduleMutation = (trpc: TrpcClient, queryClient: QueryClient) =>
  mutationOptions({
    mutationKey: ['clientReports', 'setSchedule'],
    mutationFn: (input: { clientId: ClientId; frequency: ClientReportFrequency }) => trpc.clientReports.setSchedule.mutate(input),
    onSuccess: (view: ClientReportView) => queryClient.setQueryData(clientReportKeys.view(view.clientId), view),
  });

export const sendReportNowMutation = (trpc: TrpcClient, queryClient: QueryClient) =>
  mutationOptions({
    mutationKey: ['clientReports', 'sendNow'],
    mutationFn: (input: { clientId: ClientId }) => trpc.clientReports.sendNow.mutate(input),
    onSuccess: (_: SendNowResult, input: { clientId: ClientId }) => queryClient.invalidateQueries({ queryKey: clientReportKeys.view(input.clientId) }),
  });
