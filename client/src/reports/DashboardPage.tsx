import { STAGES, type Stage } from '@fluxo/shared/flow/stages';
import type { MessageKey } from '@fluxo/shared/i18n/index';
import { A, useSearchParams } from '@solidjs/router';
import { useQuery } from '@tanstack/solid-query';
import { For, type JSX, Match, Show, Switch, createMemo, createSignal } from 'solid-js';
import { type AgencyDashboard, type BreakdownRow, dashboardQuery, filtersFromParams, paramsOfFilters } from '../data/reports';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import { formatDay } from '../ticket/ticketDates';
import DashboardFilters from './DashboardFilters';
import FigureTable from './FigureTable';
import FlowChart from './FlowChart';
import {
  cumulativeFlowChart,
  formatDuration,
  formatOnTime,
  formatShortDay,
  satisfactionChart,
  slaChart,
  stageTimeChart,
  throughputChart,
} from './dashboardCharts';
import './reports.css';

type Dimension = 'manager' | 'client' | 'kind';
const DIMENSION_KEYS: Readonly<Record<Dimension, MessageKey>> = {
  manager: 'reports.byManager',
  client: 'reports.byClient',
  kind: 'reports.byKind',
};

/** One chart with its caption and, under "Ver dados", the same figures as a table. */
function ChartFigure(props: { readonly title: string; readonly chart: JSX.Element; readonly table: JSX.Element; readonly note?: string }) {
  const i18n = useI18n();
  return (
    <figure class="dashboard-figure">
      <figcaption>
        <h2>{props.title}</h2>
        <Show when={props.note}>
          <p class="dashboard-figure__note">{props.note}</p>
        </Show>
      </figcaption>
      {props.chart}
      <details>
        <summary>{i18n.t('reports.showData')}</summary>
        {props.table}
      </details>
    </figure>
  );
}

/**
 * `/relatorios` — the agency dashboard (issue 8), for admins and account managers: throughput
 * per week, time in each stage and waiting on the client, first response and resolution against
 * the SLA, breaches, cumulative flow, satisfaction — for a period and filters kept in the address.
 * Each chart's figures are also a table (screen readers, printing, copying into a spreadsheet),
 * and the tickets and their history download as CSV.
 */
export default function DashboardPage() {
  const i18n = useI18n();
  const trpc = useTrpc();
  const [params, setParams] = useSearchParams();
  const filters = createMemo(() => filtersFromParams(params));
  const dashboard = useQuery(() => dashboardQuery(trpc, filters()));
  const [dimension, setDimension] = createSignal<Dimension>('manager');
  const locale = () => i18n.locale();
  const t = i18n.t;

  const nameOf = (d: AgencyDashboard, dim: Dimension, key: string | null): string => {
    if (key === null) return t(dim === 'manager' ? 'reports.noManager' : dim === 'client' ? 'reports.noClient' : 'reports.noKind');
    const list = dim === 'manager' ? d.names.managers : dim === 'client' ? d.names.clients : d.names.kinds.map((k) => ({ id: k.slug, name: k.name }));
    return list.find((item) => item.id === key)?.name ?? key;
  };
  const boardName = (d: AgencyDashboard, id: string) => d.names.boards.find((b) => b.id === id)?.name ?? id;
  const exportQuery = () => {
    const p = new URLSearchParams();
    const f = filters();
    const period = dashboard.data?.period;
    const from = f.from ?? period?.from;
    const to = f.to ?? period?.to;
    if (from && to) {
      p.set('from', from);
      p.set('to', to);
    }
    if (f.boardId) p.set('board', f.boardId);
    return p.toString();
  };

  return (
    <main class="reports-page">
      <h1>{t('reports.title')}</h1>
      <DashboardFilters
        filters={filters()}
        names={dashboard.data?.names}
        period={dashboard.data?.period}
        onChange={(next) => setParams(paramsOfFilters(next), { replace: true })}
      />
      <nav class="reports-page__exports" aria-label={t('reports.exports')}>
        <a class="button button--ghost" href={`/export/tickets.csv?${exportQuery()}`} download="">
          {t('reports.exportTickets')}
        </a>
        <a class="button button--ghost" href={`/export/history.csv?${exportQuery()}`} download="">
          {t('reports.exportHistory')}
        </a>
        <A class="button button--ghost" href="/admin/backup">
          {t('export.title')}
        </A>
      </nav>
      <Switch>
        <Match when={dashboard.isError}>
          <p class="notice notice--error" role="alert">
            {dashboard.error?.message && /at most|ends before/.test(dashboard.error.message) ? t('reports.badPeriod') : t('reports.error')}
          </p>
        </Match>
        <Match when={dashboard.isPending}>
          <p class="notice" role="status">
            {t('reports.loading')}
          </p>
        </Match>
        <Match when={dashboard.data}>
          {(data) => {
            const m = () => data().metrics;
            return (
              <>
                <p class="reports-page__period">
                  {t('reports.periodLine', {
                    from: formatDay(locale(), data().period.from),
                    to: formatDay(locale(), data().period.to),
                    zone: data().timeZone,
                  })}
                </p>
                <section aria-label={t('reports.summary')}>
                  <dl class="dashboard-tiles">
                    <For
                      each={[
                        [t('reports.delivered'), m().totals.delivered],
                        [t('reports.created'), m().totals.created],
                        [t('reports.openAtEnd'), m().totals.openAtEnd],
                        [t('status.waiting_client'), m().totals.waitingClientAtEnd],
                        [t('reports.leadTime'), formatDuration(locale(), m().leadTime.medianMs)],
                        [t('reports.firstResponseOnTime'), formatOnTime(locale(), m().sla.firstResponse.met, m().sla.firstResponse.breached)],
                        [t('reports.resolutionOnTime'), formatOnTime(locale(), m().sla.resolution.met, m().sla.resolution.breached)],
                        [t('reports.breaches'), m().breachCount],
                        [
                          t('reports.satisfaction'),
                          m().satisfaction.average === null
                            ? '—'
                            : t('reports.ratingOf', {
                                average: new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(m().satisfaction.average ?? 0),
                                count: m().satisfaction.answered,
                              }),
                        ],
                      ]}
                    >
                      {([label, value]) => (
                        <div>
                          <dt>{label}</dt>
                          <dd>{value}</dd>
                        </div>
                      )}
                    </For>
                  </dl>
                </section>

                <div class="dashboard-grid">
                  <ChartFigure
                    title={t('reports.throughput')}
                    chart={<FlowChart label={t('reports.throughput')} config={() => throughputChart(m(), locale(), t)} />}
                    table={
                      <FigureTable
                        head={[t('reports.weekOf'), t('reports.delivered'), t('reports.created')]}
                        rows={m().throughput.map((w) => ({ label: formatShortDay(locale(), w.weekStart), cells: [w.delivered, w.created] }))}
                      />
                    }
                  />
                  <ChartFigure
                    title={t('reports.stageTime')}
                    note={t('reports.stageTimeNote')}
                    chart={<FlowChart label={t('reports.stageTime')} config={() => stageTimeChart(m(), t)} />}
                    table={
                      <FigureTable
                        rows={[
                          ...m().stageTime.map((s) => ({ label: t(`stage.${s.stage as Stage}`), cells: [formatDuration(locale(), s.averageMs)] })),
                          { label: t('status.waiting_client'), cells: [formatDuration(locale(), m().waitingClient.averageMs)] },
                        ]}
                      />
                    }
                  />
                  <ChartFigure
                    title={t('reports.sla')}
                    note={t('reports.slaNote')}
                    chart={<FlowChart label={t('reports.sla')} config={() => slaChart(m(), t)} />}
                    table={
                      <FigureTable
                        head={[t('reports.target'), t('reports.met'), t('reports.breached'), t('reports.median')]}
                        rows={(
                          [
                            ['deadline.target.first_response', m().sla.firstResponse],
                            ['deadline.target.resolution', m().sla.resolution],
                            ['deadline.target.promised', m().sla.promised],
                          ] as const
                        ).map(([key, tally]) => ({ label: t(key), cells: [tally.met, tally.breached, formatDuration(locale(), tally.medianMs)] }))}
                      />
                    }
                  />
                  <ChartFigure
                    title={t('reports.cumulativeFlow')}
                    chart={<FlowChart label={t('reports.cumulativeFlow')} config={() => cumulativeFlowChart(m(), locale(), t)} />}
                    table={
                      <FigureTable
                        head={[t('reports.day'), ...STAGES.map((stage) => t(`stage.${stage}`)), t('status.done')]}
                        rows={m().cumulativeFlow.map((d) => ({
                          label: formatShortDay(locale(), d.day),
                          cells: [...STAGES.map((stage) => d[stage]), d.done],
                        }))}
                      />
                    }
                  />
                  <ChartFigure
                    title={t('reports.satisfaction')}
                    chart={<FlowChart label={t('reports.satisfaction')} config={() => satisfactionChart(m(), t)} />}
                    table={
                      <FigureTable rows={m().satisfaction.distribution.map((count, i) => ({ label: t('reports.stars', { count: i + 1 }), cells: [count] }))} />
                    }
                  />
                </div>

                <section class="dashboard-section" aria-labelledby="dashboard-breakdown">
                  <h2 id="dashboard-breakdown">{t('reports.breakdown')}</h2>
                  <div class="dashboard-tabs" role="group" aria-label={t('reports.breakdown')}>
                    <For each={['manager', 'client', 'kind'] as const}>
                      {(dim) => (
                        <button type="button" class="button button--ghost" aria-pressed={dimension() === dim} onClick={() => setDimension(dim)}>
                          {t(DIMENSION_KEYS[dim])}
                        </button>
                      )}
                    </For>
                  </div>
                  <Show when={m().breakdown[dimension()].length > 0} fallback={<p class="empty-state">{t('reports.nothing')}</p>}>
                    <table class="dashboard-table">
                      <thead>
                        <tr>
                          <th scope="col">{t(DIMENSION_KEYS[dimension()])}</th>
                          <th scope="col">{t('reports.created')}</th>
                          <th scope="col">{t('reports.delivered')}</th>
                          <th scope="col">{t('reports.openNow')}</th>
                          <th scope="col">{t('reports.firstResponseOnTime')}</th>
                          <th scope="col">{t('reports.resolutionOnTime')}</th>
                          <th scope="col">{t('reports.medianResolution')}</th>
                          <th scope="col">{t('reports.satisfaction')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={m().breakdown[dimension()]}>
                          {(row: BreakdownRow) => (
                            <tr>
                              <th scope="row">{nameOf(data(), dimension(), row.key)}</th>
                              <td>{row.created}</td>
                              <td>{row.delivered}</td>
                              <td>{row.openNow}</td>
                              <td>{formatOnTime(locale(), row.firstResponseMet, row.firstResponseBreached)}</td>
                              <td>{formatOnTime(locale(), row.resolutionMet, row.resolutionBreached)}</td>
                              <td>{formatDuration(locale(), row.medianResolutionMs)}</td>
                              <td>{row.ratingAverage === null ? '—' : `${row.ratingAverage} (${row.ratings})`}</td>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                  </Show>
                </section>

                <section class="dashboard-section" aria-labelledby="dashboard-breaches">
                  <h2 id="dashboard-breaches">{t('reports.breachList', { count: m().breachCount })}</h2>
                  <Show when={m().breaches.length > 0} fallback={<p class="empty-state">{t('reports.noBreaches')}</p>}>
                    <table class="dashboard-table">
                      <thead>
                        <tr>
                          <th scope="col">{t('reports.ticket')}</th>
                          <th scope="col">{t('reports.target')}</th>
                          <th scope="col">{t('reports.took')}</th>
                          <th scope="col">{t('reports.client')}</th>
                          <th scope="col">{t('reports.manager')}</th>
                          <th scope="col">{t('reports.board')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={m().breaches}>
                          {(b) => (
                            <tr>
                              <th scope="row">
                                <A href={`/boards/${encodeURIComponent(b.boardId)}?ticket=${encodeURIComponent(b.ticketId)}`}>
                                  {b.number === null ? '—' : `#${b.number}`}
                                </A>
                              </th>
                              <td>{t(`deadline.target.${b.target}`)}</td>
                              <td>
                                {b.target === 'promised'
                                  ? t('reports.late', { time: formatDuration(locale(), b.tookMs) })
                                  : t('reports.tookOf', { took: formatDuration(locale(), b.tookMs), target: formatDuration(locale(), b.targetMs) })}
                                {b.at === null ? ` · ${t('reports.stillOpen')}` : ''}
                              </td>
                              <td>{nameOf(data(), 'client', b.clientId)}</td>
                              <td>{nameOf(data(), 'manager', b.managerId)}</td>
                              <td>{boardName(data(), b.boardId)}</td>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                  </Show>
                </section>
              </>
            );
          }}
        </Match>
      </Switch>
    </main>
  );
}
