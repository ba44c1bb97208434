import { lastDayOf } from '@fluxo/shared/reports/clientReport';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import { For, Show, createSignal } from 'solid-js';
import ActionOutcome, { type Outcome } from '../admin/ActionOutcome';
import { type ClientReportFrequency, clientReportQuery, sendReportNowMutation, setReportScheduleMutation } from '../data/clientReports';
import type { ClientView } from '../data/clients';
import { describeRequestError } from '../data/requestError';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import { formatDay, formatMoment } from '../ticket/ticketDates';

const FREQUENCIES: readonly ClientReportFrequency[] = ['off', 'daily', 'weekly', 'monthly'];

/**
 * Relatório do cliente: the client's report of work done by email (issue 8) — the automatic
 * schedule (off / daily / weekly / monthly), where it goes, "Enviar relatório agora" with what
 * it came to (queued to N addresses, or nobody to email), and the latest report emails. Forms
 * only for those the server says may manage it (`mayManage`: admins and account managers); the
 * server checks again.
 */
export default function ClientReportSection(props: { client: ClientView }) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const report = useQuery(() => clientReportQuery(trpc, props.client.id));
  const schedule = useMutation(() => setReportScheduleMutation(trpc, queryClient));
  const send = useMutation(() => sendReportNowMutation(trpc, queryClient));
  const [outcome, setOutcome] = createSignal<Outcome | null>(null);
  const day = (value: string) => formatDay(i18n.locale(), value);
  const problem = (error: unknown): Outcome => ({
    key: describeRequestError(error).kind === 'not_found' ? 'client.notFound' : 'clientReport.failed',
    failed: true,
  });

  const choose = (frequency: ClientReportFrequency) => {
    setOutcome(null);
    schedule.mutate(
      { clientId: props.client.id, frequency },
      { onSuccess: () => setOutcome({ key: 'clientReport.scheduleSaved', failed: false }), onError: (error) => setOutcome(problem(error)) },
    );
  };
  const sendNow = () => {
    setOutcome(null);
    send.mutate(
      { clientId: props.client.id },
      {
        onSuccess: (result) =>
          setOutcome(
            result.queued === 0
              ? { key: 'clientReport.nobody', failed: true }
              : { key: 'clientReport.queued', params: { count: result.queued, from: day(result.period.from), to: day(lastDayOf(result.period)) }, failed: false },
          ),
        onError: (error) => setOutcome(problem(error)),
      },
    );
  };

  return (
    <section class="client-section" aria-labelledby="client-report">
      <h2 id="client-report">{i18n.t('clientReport.title')}</h2>
      <p class="client-meta">{i18n.t('clientReport.lead')}</p>
      <Show when={report.isError}>
        <p class="notice notice--error" role="alert">
          {i18n.t('clientReport.loadError')}
        </p>
      </Show>
      <Show when={report.data}>
        {(view) => (
          <>
            <Show when={view().mayManage}>
              <div class="client-form">
                <label>
                  {i18n.t('clientReport.schedule')}
                  <select
                    value={view().frequency}
                    disabled={schedule.isPending}
                    onChange={(event) => choose(event.currentTarget.value as ClientReportFrequency)}
                  >
                    <For each={FREQUENCIES}>{(frequency) => <option value={frequency}>{i18n.t(`clientReport.frequency.${frequency}`)}</option>}</For>
                  </select>
                </label>
                <p class="client-meta">
                  {view().recipients.length > 0 ? i18n.t('clientReport.recipients', { list: view().recipients.join(', ') }) : i18n.t('clientReport.noRecipients')}
                </p>
                <div class="client-actions">
                  <button type="button" class="button" disabled={send.isPending} onClick={sendNow}>
                    {i18n.t('clientReport.sendNow')}
                  </button>
                </div>
              </div>
              <ActionOutcome outcome={outcome()} class="client-section__outcome" />
              <h3>{i18n.t('clientReport.recent')}</h3>
              <Show when={view().recent.length > 0} fallback={<p class="empty-state">{i18n.t('clientReport.recentEmpty')}</p>}>
                <ul class="client-report-recent">
                  <For each={view().recent}>
                    {(row) => (
                      <li>
                        {i18n.t('clientReport.recentItem', { from: day(row.period.from), to: day(lastDayOf(row.period)), address: row.to })}{' '}
                        <span class="client-meta">
                          · {i18n.t(`clientReport.trigger.${row.trigger}`)} · {i18n.t(`mail.status.${row.status}`)} · {formatMoment(i18n.locale(), row.sentAt ?? row.createdAt)}
                        </span>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </Show>
            <Show when={!view().mayManage}>
              <p class="client-meta">{i18n.t(`clientReport.frequency.${view().frequency}`)}</p>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
