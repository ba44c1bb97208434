/**
 * A share link's timeline, read from where each part lives: the tickets from the board's
 * document (the live room when there is one), their history and comments from the store, names
 * from the agency's records, approvals of the link's client from the store — then through the client projection (`shared/src/share/projection.ts`),
 * the only way anything reaches a client.
 */
import { type Approval, shareApprovals } from '@fluxo/shared/approvals/approval';
import type { Ticket } from '@fluxo/shared/board/ticket';
import type { HistoryEntry } from '@fluxo/shared/history/historyEntry';
import type { UserId } from '@fluxo/shared/ids';
import { type ProjectableComment, onClientTimeline, shareTimeline } from '@fluxo/shared/share/projection';
import type { ShareTimeline } from '@fluxo/shared/share/timeline';
import type { TicketDirectory } from '../conversation/ticketDirectory.js';
import type { StoredComment } from '../store/conversationRecords.js';
import type { ShareLinkRecord } from '../store/shareLinkRecords.js';
import type { Store } from '../store/store.js';

export function projectableComment(comment: StoredComment): ProjectableComment {
  const current = comment.revisions[comment.revisions.length - 1];
  return {
    id: comment.id,
    parentId: comment.parentId,
    visibility: comment.visibility,
    author: comment.author,
    body: current?.body ?? '',
    createdAt: comment.createdAt,
    editedAt: comment.revisions.length > 1 ? (current?.at ?? null) : null,
    deleted: comment.deletedAt !== null,
  };
}

/**
 * Whose timeline on which board: a share link, or (the client report, `reports/clientReportReading.ts`)
 * the same facts for a board where the client has no link.
 */
export type TimelineScope = Pick<ShareLinkRecord, 'agencyId' | 'boardId' | 'clientId' | 'scope' | 'expiresAt'>;

export async function readClientTimeline(store: Store, tickets: TicketDirectory, link: TimelineScope): Promise<ShareTimeline> {
  const [agency, client, boardTickets, colleagues] = await Promise.all([
    store.agencies.get(link.agencyId),
    store.clients.get(link.clientId),
    tickets.boardTickets(link.boardId),
    store.users.listByAgency(link.agencyId),
  ]);
  const agencyName = agency?.name ?? '';
  const shown: Ticket[] = boardTickets.filter((ticket) => onClientTimeline(ticket, link.clientId));
  const wanted = new Set<string>(shown.map((ticket) => ticket.id));
  const history = new Map<string, HistoryEntry[]>();
  if (shown.length > 0) {
    for (const entry of await store.history.listForBoard(link.boardId)) {
      if (!wanted.has(entry.ticketId)) continue;
      const list = history.get(entry.ticketId) ?? [];
      list.push(entry);
      history.set(entry.ticketId, list);
    }
  }
  const comments = new Map<string, ProjectableComment[]>(
    await Promise.all(
      shown.map(async (ticket) => [ticket.id, (await store.comments.listForTicket(link.boardId, ticket.id)).map(projectableComment)] as const),
    ),
  );
  const names = new Map<UserId, string>(colleagues.map((user) => [user.id, user.name]));
  const approvals = new Map<string, Approval[]>();
  if (shown.length > 0) {
    for (const approval of await store.approvals.listForBoard(link.boardId)) {
      if (!wanted.has(approval.ticketId) || approval.clientId !== link.clientId) continue;
      const list = approvals.get(approval.ticketId) ?? [];
      list.push(approval);
      approvals.set(approval.ticketId, list);
    }
  }
  const staffName = (id: UserId) => names.get(id) ?? null;
  return shareTimeline({
    agencyName,
    client: { id: link.clientId, name: client?.name ?? '' },
    scope: link.scope,
    expiresAt: link.expiresAt,
    tickets: shown,
    historyOf: (id) => history.get(id) ?? [],
    commentsOf: (id) => comments.get(id) ?? [],
    approvalsOf: (id) => shareApprovals(approvals.get(id) ?? [], staffName),
    names: { agencyName, staffName },
  });
}
