/**
 * The dashboard's charts as Chart.js configurations, built from the server's metrics in the
 * reader's language (pure: the page binds them, `dashboardCharts.test.ts` checks them). Colours
 * follow the board: one per stage, green for "met", red for "breached".
 */
import type { Locale, MessageKey, MessageParams } from '@fluxo/shared/i18n/index';
import { STAGES, type Stage } from '@fluxo/shared/flow/stages';
import type { ChartConfiguration } from 'chart.js';
import type { FlowMetrics } from '../data/reports';

type T = (key: MessageKey, params?: MessageParams) => string;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const STAGE_COLOURS: Readonly<Record<Stage | 'done', string>> = {
  triage: '#8e7cc3',
  analysis: '#3d85c6',
  planning: '#45818e',
  production: '#e69138',
  delivery: '#6aa84f',
  done: '#9e9e9e',
};
const MET = '#38761d';
const BREACHED = '#cc0000';
const CREATED = '#a4c2f4';
const DELIVERED = '#1155cc';
const WAITING = '#f1c232';

/** A duration for people: minutes under an hour, hours under two days, else days (one decimal). */
export function formatDuration(locale: Locale, ms: number | null): string {
  if (ms === null) return '—';
  const [value, unit] = ms < HOUR ? [ms / 60_000, 'minute'] : ms < 2 * DAY ? [ms / HOUR, 'hour'] : [ms / DAY, 'day'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}

/** How many of the measured targets were met, as a percentage ("87 %"); '—' when none was measured. */
export function formatOnTime(locale: Locale, met: number, breached: number): string {
  if (met + breached === 0) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(met / (met + breached));
}

/** A calendar day 'YYYY-MM-DD' as the reader writes it, short ("03/03"). */
export function formatShortDay(locale: Locale, day: string): string {
  return new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

const axisTitle = (text: string) => ({ display: true, text });
const base = { responsive: true, maintainAspectRatio: false, animation: false } as const;

export function throughputChart(m: FlowMetrics, locale: Locale, t: T): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: {
      labels: m.throughput.map((w) => formatShortDay(locale, w.weekStart)),
      datasets: [
        { label: t('reports.delivered'), data: m.throughput.map((w) => w.delivered), backgroundColor: DELIVERED },
        { label: t('reports.created'), data: m.throughput.map((w) => w.created), backgroundColor: CREATED },
      ],
    },
    options: {
      ...base,
      scales: {
        x: { title: axisTitle(t('reports.weekOf')) },
        y: { beginAtZero: true, ticks: { precision: 0 }, title: axisTitle(t('reports.tickets')) },
      },
    },
  };
}

/** Average days per delivered ticket in each stage, and waiting on the client (which happens inside the stages). */
export function stageTimeChart(m: FlowMetrics, t: T): ChartConfiguration<'bar'> {
  const days = (ms: number) => Math.round((ms / DAY) * 10) / 10;
  return {
    type: 'bar',
    data: {
      labels: [...m.stageTime.map((s) => t(`stage.${s.stage}`)), t('status.waiting_client')],
      datasets: [
        {
          label: t('reports.averageDays'),
          data: [...m.stageTime.map((s) => days(s.averageMs)), days(m.waitingClient.averageMs)],
          backgroundColor: [...m.stageTime.map((s) => STAGE_COLOURS[s.stage]), WAITING],
        },
      ],
    },
    options: {
      ...base,
      indexAxis: 'y',
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, title: axisTitle(t('reports.days')) } },
    },
  };
}

export function slaChart(m: FlowMetrics, t: T): ChartConfiguration<'bar'> {
  const targets = [m.sla.firstResponse, m.sla.resolution, m.sla.promised];
  return {
    type: 'bar',
    data: {
      labels: [t('deadline.target.first_response'), t('deadline.target.resolution'), t('deadline.target.promised')],
      datasets: [
        { label: t('reports.met'), data: targets.map((s) => s.met), backgroundColor: MET },
        { label: t('reports.breached'), data: targets.map((s) => s.breached), backgroundColor: BREACHED },
      ],
    },
    options: {
      ...base,
      indexAxis: 'y',
      scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
    },
  };
}

/** Stacked areas, done at the bottom, triage on top (the board's columns, read from the right). */
export function cumulativeFlowChart(m: FlowMetrics, locale: Locale, t: T): ChartConfiguration<'line'> {
  const buckets = ['done', ...[...STAGES].reverse()] as const;
  return {
    type: 'line',
    data: {
      labels: m.cumulativeFlow.map((d) => formatShortDay(locale, d.day)),
      datasets: buckets.map((bucket, i) => ({
        label: bucket === 'done' ? t('status.done') : t(`stage.${bucket}`),
        data: m.cumulativeFlow.map((d) => d[bucket]),
        borderColor: STAGE_COLOURS[bucket],
        backgroundColor: `${STAGE_COLOURS[bucket]}cc`,
        fill: i === 0 ? 'origin' : '-1',
        pointRadius: 0,
        borderWidth: 1,
      })),
    },
    options: {
      ...base,
      interaction: { mode: 'index', intersect: false },
      scales: { y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: axisTitle(t('reports.tickets')) } },
    },
  };
}

export function satisfactionChart(m: FlowMetrics, t: T): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: {
      labels: ['1', '2', '3', '4', '5'],
      datasets: [
        {
          label: t('reports.answers'),
          data: [...m.satisfaction.distribution],
          backgroundColor: ['#cc0000', '#e69138', '#f1c232', '#6aa84f', '#38761d'],
        },
      ],
    },
    options: {
      ...base,
      plugins: { legend: { display: false } },
      scales: { x: { title: axisTitle(t('reports.rating')) }, y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  };
}
