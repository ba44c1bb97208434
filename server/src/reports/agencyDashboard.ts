/**
 * The agency dashboard (`reports.dashboard`): the flow metrics of `@fluxo/shared/reports/flowMetrics`
 * over the boards a person may open, for a period of the agency's days, with the names the page
 * needs to label them. Everything comes from what the server witnessed:
 * - the tickets' flows from the history (`flowCache.ts`, kept in memory, read incrementally);
 * - first responses: the first client-visible staff message of each ticket (`comments.firstStaffReplies`);
 * - the calendar and kinds the deadlines count in (`workspaceRules`);
 * - each client's primary account manager (the ticket's "camisa 10");
 * - satisfaction answers (`store.satisfaction`, passed in by the router).
 * Who may see it is the router's business (`trpc/routers/reports.ts`).
 */
import type { BoardId, ClientId, TicketId, UserId } from '@fluxo/shared/ids';
import { type FlowFilter, type FlowMetrics, type SatisfactionAnswer, flowMetrics } from '@fluxo/shared/reports/flowMetrics';
import { type ReportPeriod, periodInstants } from '@fluxo/shared/reports/reportPeriod';
import type { TicketFlow } from '@fluxo/shared/reports/ticketFlow';
import { workspaceRules } from '../deadlines/boardDeadlines.js';
import type { BoardRecord, UserRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import type { FlowCache } from './flowCache.js';

export interface DashboardNames {
  readonly boards: readonly { readonly id: BoardId; readonly name: string }[];
  readonly managers: readonly { readonly id: UserId; readonly name: string }[];
  readonly clients: readonly { readonly id: ClientId; readonly name: string }[];
  readonly kinds: readonly { readonly slug: string; readonly name: string }[];
}

export interface AgencyDashboard {
  readonly period: ReportPeriod;
  readonly computedAt: string;
  readonly timeZone: string;
  readonly names: DashboardNames;
  readonly metrics: FlowMetrics;
}

export interface AgencyDashboardInput {
  readonly store: Store;
  readonly flows: FlowCache;
  readonly viewer: UserRecord;
  /** The boards the viewer may open (already authorized). */
  readonly boards: readonly BoardRecord[];
  readonly period: ReportPeriod;
  readonly filter: FlowFilter;
  readonly now: Date;
  /** The agency's answered satisfaction surveys; none when not given. */
  readonly satisfaction?: readonly SatisfactionAnswer[];
}

export async function agencyDashboard(input: AgencyDashboardInput): Promise<AgencyDashboard> {
  const { store, viewer, boards, now } = input;
  const agencyId = viewer.agencyId;
  const [rules, clients, users, perBoard] = await Promise.all([
    workspaceRules(store, agencyId, now),
    store.clients.listByAgency(agencyId),
    store.users.listByAgency(agencyId),
    Promise.all(
      boards.map(async (board) => {
        const [flows, replies] = await Promise.all([input.flows.flows(board.id), store.comments.firstStaffReplies(board.id)]);
        return { flows, replies };
      }),
    ),
  ]);
  const flows: TicketFlow[] = [];
  const firstResponses = new Map<TicketId, number>();
  for (const { flows: boardFlows, replies } of perBoard) {
    for (const flow of boardFlows) flows.push(flow);
    for (const [ticketId, at] of replies) firstResponses.set(ticketId, Date.parse(at));
  }
  const managers = new Map<ClientId, UserId | null>(clients.map((c) => [c.id, c.primaryManagerId]));
  const metrics = flowMetrics({
    flows,
    period: periodInstants(rules.calendar.timeZone, input.period),
    now: now.getTime(),
    calendar: rules.calendar,
    kinds: rules.kinds,
    managers,
    firstResponses,
    satisfaction: input.satisfaction ?? [],
    filter: input.filter,
  });
  const managerIds = new Set<UserId>(clients.map((c) => c.primaryManagerId));
  return {
    period: input.period,
    computedAt: now.toISOString(),
    timeZone: rules.calendar.timeZone,
    names: {
      boards: boards.map((b) => ({ id: b.id, name: b.name })),
      managers: users.filter((u) => managerIds.has(u.id) || u.role === 'atendimento').map((u) => ({ id: u.id, name: u.name })),
      clients: clients.map((c) => ({ id: c.id, name: c.name })),
      kinds: [...rules.kinds.values()].map((k) => ({ slug: k.slug, name: k.name })),
    },
    metrics,
  };
}
