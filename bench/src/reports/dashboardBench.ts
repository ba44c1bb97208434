/**
 * The agency dashboard at the size: a synthetic workspace of 50,000 tickets (short mode:
 * 10,000) on 10 boards over a year, each with the history the witness would have written
 * (opened with a kind and a client, moved through the stages, waiting on the client now and
 * then, most delivered, some cancelled) — about 9 entries per ticket.
 *
 * - `dashboard-50k`: one dashboard answer once the server's flow cache is warm (what every
 *   request after the first costs): `flowMetrics` over every ticket's flow for a whole year,
 *   with SLA business time, breakdowns and the daily cumulative flow. Reference: one pass over
 *   the same history entries parsing each `at` and counting entries per ticket in a Map — the
 *   least any report read from the history must do.
 * - `dashboard-first-50k`: the first answer after a start — building every ticket's flow from the
 *   history (`TicketFlowBook`), then the same metrics. Same reference.
 */
import { defaultBusinessCalendar } from '@fluxo/shared/deadlines/businessCalendar';
import type { HistoryEntry } from '@fluxo/shared/history/historyEntry';
import type { BoardId, ClientId, TicketId, UserId } from '@fluxo/shared/ids';
import { SEED_TICKET_KINDS } from '@fluxo/shared/kinds/ticketKind';
import { type FlowMetricsInput, flowMetrics } from '@fluxo/shared/reports/flowMetrics';
import { periodInstants } from '@fluxo/shared/reports/reportPeriod';
import { type TicketFlow, TicketFlowBook } from '@fluxo/shared/reports/ticketFlow';
import { type BenchMode, type Benchmark, collectGarbage, median, timeMs } from '../measure.js';

const BOARDS = 10;
const CLIENTS = 200;
const MANAGERS = 8;
const HOUR = 3_600_000;
const STAGE_PATH = ['triage', 'analysis', 'planning', 'production', 'delivery'] as const;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Workspace {
  readonly history: readonly HistoryEntry[];
  readonly input: Omit<FlowMetricsInput, 'flows'>;
}

let cached: { size: number; workspace: Workspace } | null = null;

export function dashboardWorkspace(tickets: number): Workspace {
  if (cached?.size === tickets) return cached.workspace;
  const random = rng(20_261_123);
  const start = Date.parse('2025-01-01T12:00:00.000Z');
  const yearMs = 365 * 24 * HOUR;
  const boards = Array.from({ length: BOARDS }, (_, i) => `Board${String(i).padStart(11, '0')}` as BoardId);
  const clients = Array.from({ length: CLIENTS }, (_, i) => `Client${String(i).padStart(10, '0')}` as ClientId);
  const managers = Array.from({ length: MANAGERS }, (_, i) => `User${String(i).padStart(12, '0')}` as UserId);
  const kinds = SEED_TICKET_KINDS.map((k) => k.slug);
  const history: HistoryEntry[] = [];
  const firstResponses = new Map<TicketId, number>();
  let id = 0;
  for (let i = 0; i < tickets; i++) {
    const boardId = boards[i % BOARDS] as BoardId;
    const ticketId = `T${String(i).padStart(15, '0')}` as TicketId;
    let at = start + Math.floor((i / tickets) * yearMs * 0.95);
    const entry = (fact: Record<string, unknown>): void => {
      history.push({
        id: `H${String(id++).padStart(15, '0')}`,
        boardId,
        ticketId,
        ticketNumber: i + 1,
        at: new Date(at).toISOString(),
        author: managers[i % MANAGERS] as UserId,
        ...fact,
      } as HistoryEntry);
    };
    const channel = random() < 0.5 ? 'email' : 'phone';
    entry({ kind: 'created', stage: 'triage', status: 'open', channel, clientId: clients[Math.floor(random() * CLIENTS)] });
    entry({ kind: 'kind_changed', from: null, to: kinds[Math.floor(random() * kinds.length)] });
    if (channel === 'email') firstResponses.set(ticketId, at + Math.floor(random() * 6 * HOUR));
    const goesTo = 1 + Math.floor(random() * (STAGE_PATH.length - 1));
    for (let s = 1; s <= goesTo; s++) {
      at += Math.floor(random() * 30 * HOUR);
      entry({ kind: 'moved', from: STAGE_PATH[s - 1], to: STAGE_PATH[s] });
      if (s === 1 && random() < 0.3) {
        at += Math.floor(random() * 20 * HOUR);
        entry({ kind: 'status_changed', from: 'open', to: 'waiting_client' });
        at += Math.floor(random() * 40 * HOUR);
        entry({ kind: 'status_changed', from: 'waiting_client', to: 'open' });
      }
    }
    const end = random();
    at += Math.floor(random() * 10 * HOUR);
    if (end < 0.75) entry({ kind: 'status_changed', from: 'open', to: 'done' });
    else if (end < 0.8) entry({ kind: 'status_changed', from: 'open', to: 'cancelled' });
  }
  history.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const calendar = defaultBusinessCalendar(new Date(start));
  const workspace: Workspace = {
    history,
    input: {
      period: periodInstants(calendar.timeZone, { from: '2025-01-01', to: '2025-12-31' }),
      now: Date.parse('2025-12-31T12:00:00.000Z'),
      calendar,
      kinds: new Map(SEED_TICKET_KINDS.map((k) => [k.slug, k])),
      managers: new Map(clients.map((c, i) => [c, managers[i % MANAGERS] as UserId])),
      firstResponses,
    },
  };
  cached = { size: tickets, workspace };
  return workspace;
}

/** The reference: one pass parsing every entry's time and counting entries per ticket. */
function historyPass(history: readonly HistoryEntry[]): number {
  const counts = new Map<string, number>();
  let latest = 0;
  for (const entry of history) {
    latest = Math.max(latest, Date.parse(entry.at));
    counts.set(entry.ticketId, (counts.get(entry.ticketId) ?? 0) + 1);
  }
  return counts.size + (latest > 0 ? 1 : 0);
}

const buildFlows = (history: readonly HistoryEntry[]): readonly TicketFlow[] => new TicketFlowBook().add(history).flows();
const sizeOf = (mode: BenchMode): number => (mode === 'short' ? 10_000 : 50_000);

function measure(mode: BenchMode, withBuild: boolean) {
  const workspace = dashboardWorkspace(sizeOf(mode));
  const warm = buildFlows(workspace.history);
  const rounds = mode === 'short' ? 3 : 7;
  const subject: number[] = [];
  const reference: number[] = [];
  let sink = 0;
  const dashboard = () => {
    const flows = withBuild ? buildFlows(workspace.history) : warm;
    sink += flowMetrics({ ...workspace.input, flows }).totals.delivered;
  };
  dashboard();
  sink += historyPass(workspace.history);
  for (let round = 0; round < rounds; round++) {
    collectGarbage();
    subject.push(timeMs(dashboard));
    collectGarbage();
    reference.push(timeMs(() => void (sink += historyPass(workspace.history))));
  }
  if (sink < 0) throw new Error('unreachable');
  return { subject: median(subject), reference: median(reference), entries: workspace.history.length };
}

export const dashboard50k: Benchmark = {
  id: 'dashboard-50k',
  label: 'agency dashboard, 50,000 tickets, a whole year (flow cache warm)',
  run(mode) {
    const m = measure(mode, false);
    return {
      id: this.id,
      label: `${this.label}; ${m.entries} history entries`,
      value: m.subject,
      unit: 'ms',
      reference: 'one pass over the history (parse each time, count per ticket)',
      referenceValue: m.reference,
      goal: 5,
    };
  },
};

export const dashboardFirst50k: Benchmark = {
  id: 'dashboard-first-50k',
  label: 'agency dashboard, 50,000 tickets, a whole year, first answer (flows built from the history)',
  run(mode) {
    const m = measure(mode, true);
    return {
      id: this.id,
      label: `${this.label}; ${m.entries} history entries`,
      value: m.subject,
      unit: 'ms',
      reference: 'one pass over the history (parse each time, count per ticket)',
      referenceValue: m.reference,
      goal: 8,
    };
  },
};

export const DASHBOARD_BENCHMARKS: readonly Benchmark[] = [dashboard50k, dashboardFirst50k];
