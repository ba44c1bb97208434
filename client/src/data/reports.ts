/**
 * `reports.dashboard` (server/src/trpc/routers/reports.ts): the agency's flow metrics for a
 * period and filters, which live in the page's address (`/relatorios?de=…&ate=…&quadro=…`) so a
 * view can be bookmarked and shared with a colleague. Cached for a minute per filter set.
 */
import { queryOptions } from '@tanstack/solid-query';
import type { TrpcClient } from './trpc';

export type AgencyDashboard = Awaited<ReturnType<TrpcClient['reports']['dashboard']['query']>>;
export type FlowMetrics = AgencyDashboard['metrics'];
export type BreakdownRow = FlowMetrics['breakdown']['manager'][number];
export type Breach = FlowMetrics['breaches'][number];

/** What the page asks for; absent fields mean "all" (and no period: the server's last 12 weeks). */
export interface DashboardFilters {
  readonly from?: string;
  readonly to?: string;
  readonly boardId?: string;
  /** An id, or 'none' for tickets without one. */
  readonly managerId?: string;
  readonly clientId?: string;
  readonly kind?: string;
}

/** The address's parameter for each filter (pt-BR, like the board's `?prioridade=`). */
export const DASHBOARD_PARAMS = {
  from: 'de',
  to: 'ate',
  boardId: 'quadro',
  managerId: 'atendimento',
  clientId: 'cliente',
  kind: 'tipo',
} as const satisfies Record<keyof DashboardFilters, string>;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[0-9A-Za-z]{16}$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The filters an address asks for; values that cannot be right (a typo, an edited link) are left
 * out here rather than sent to be refused.
 */
export function filtersFromParams(params: Readonly<Record<string, string | string[] | undefined>>): DashboardFilters {
  const one = (key: string) => {
    const value = params[key];
    return (Array.isArray(value) ? value[0] : value) ?? '';
  };
  const from = one(DASHBOARD_PARAMS.from);
  const to = one(DASHBOARD_PARAMS.to);
  const idOrNone = (value: string) => (value === 'none' || ID.test(value) ? value : undefined);
  const filters: { -readonly [K in keyof DashboardFilters]: DashboardFilters[K] } = {};
  if (ISO_DAY.test(from) && ISO_DAY.test(to)) {
    filters.from = from;
    filters.to = to;
  }
  const board = one(DASHBOARD_PARAMS.boardId);
  if (ID.test(board)) filters.boardId = board;
  const manager = idOrNone(one(DASHBOARD_PARAMS.managerId));
  if (manager) filters.managerId = manager;
  const client = idOrNone(one(DASHBOARD_PARAMS.clientId));
  if (client) filters.clientId = client;
  const kind = one(DASHBOARD_PARAMS.kind);
  if (kind === 'none' || SLUG.test(kind)) filters.kind = kind;
  return filters;
}

/** The address's search parameters for `filters` (empty ones left out). */
export function paramsOfFilters(filters: DashboardFilters): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, param] of Object.entries(DASHBOARD_PARAMS) as [keyof DashboardFilters, string][]) {
    out[param] = filters[key] || undefined;
  }
  return out;
}

export const reportKeys = {
  all: ['reports'] as const,
  dashboard: (filters: DashboardFilters) => ['reports', 'dashboard', filters] as const,
};

export function dashboardQuery(trpc: TrpcClient, filters: DashboardFilters) {
  return queryOptions({
    queryKey: reportKeys.dashboard(filters),
    // The router's input types the ids as branded strings: the address was checked above, the
    // server checks again.
    queryFn: () => trpc.reports.dashboard.query(filters as Parameters<TrpcClient['reports']['dashboard']['query']>[0]),
    staleTime: 60_000,
  });
}
