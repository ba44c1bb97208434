/**
 * Reading a client's report (issue 8): the client's timeline on each board — the client
 * projection, exactly what its share link's page receives (`share/clientTimeline.ts`) — then
 * `buildClientReport` (`shared/src/reports/clientReport.ts`). Nothing else is read: no raw
 * ticket, history entry or comment reaches the report except through the projection.
 *
 * **Which boards**: the email report covers every board of the client's agency on which the
 * client has a ticket that shows on a timeline (its own, not archived) — a client served from
 * two boards gets one report. The report on a share link covers that link's board only, as
 * the link's timeline does: a link never shows more than it was made for.
 *
 * Days are the agency's (its business calendar's time zone, São Paulo by default).
 */
import { DEFAULT_TIME_ZONE } from '@fluxo/shared/deadlines/businessCalendar';
import { NotFoundError } from '@fluxo/shared/errors';
import type { AgencyId, BoardId, ClientId } from '@fluxo/shared/ids';
import { type ClientReport, type ClientReportPeriod, buildClientReport } from '@fluxo/shared/reports/clientReport';
import type { ShareTimeline } from '@fluxo/shared/share/timeline';
import type { TicketDirectory } from '../conversation/ticketDirectory.js';
import { readClientTimeline } from '../share/clientTimeline.js';
import type { Store } from '../store/store.js';

export interface ClientReportSource {
  readonly store: Store;
  readonly tickets: TicketDirectory;
}

/** The agency's time zone (its business calendar's), where report days are counted. */
export async function reportTimeZone(store: Store, agencyId: AgencyId): Promise<string> {
  const settings = await store.workspaceSettings.get(agencyId);
  return settings?.calendar?.timeZone ?? DEFAULT_TIME_ZONE;
}

export interface ReadClientReport {
  readonly agencyId: AgencyId;
  readonly clientId: ClientId;
  readonly period: ClientReportPeriod;
  readonly now: Date;
  /** Only these boards (the share link's); default: every board of the agency. */
  readonly boardIds?: readonly BoardId[];
}

/** The client's report; `NotFoundError` for a client that is not the agency's. */
export async function readClientReport(source: ClientReportSource, input: ReadClientReport): Promise<ClientReport> {
  const { store, tickets } = source;
  const [agency, client] = await Promise.all([store.agencies.get(input.agencyId), store.clients.get(input.clientId)]);
  if (client === null || client.agencyId !== input.agencyId) throw new NotFoundError('client');
  const boardIds = input.boardIds ?? (await store.boards.listByAgency(input.agencyId)).map((b) => b.id);
  const timelines: ShareTimeline[] = [];
  for (const boardId of boardIds) {
    const timeline = await readClientTimeline(store, tickets, {
      agencyId: input.agencyId,
      boardId,
      clientId: input.clientId,
      scope: 'view',
      expiresAt: input.now.toISOString(),
    });
    if (timeline.tickets.length > 0) timelines.push(timeline);
  }
  return buildClientReport({
    agencyName: agency?.name ?? '',
    client: { id: client.id, name: client.name },
    period: input.period,
    timeZone: await reportTimeZone(store, input.agencyId),
    now: input.now,
    timelines,
  });
}
