/**
 * The client projection: from what staff hold (a ticket of the board document, its witnessed
 * history, its comments) to what a client may see (`timeline.ts`). An allow-list: every output
 * object is built field by field from named inputs, never by spreading a record, so a field
 * added to a ticket, a history entry or a comment later reaches no client until it is named here.
 *
 * Left out by construction: the internal description, assignees, rank, kind, channel, steps,
 * internal comments, deleted comments, comment revisions, staff ids and addresses, history
 * authors, a handoff's recipients, archived tickets, other clients' tickets.
 */
import type { Ticket } from '../board/ticket.js';
import type { CommentAuthor, CommentId, CommentVisibility } from '../conversation/comment.js';
import type { HistoryEntry } from '../history/historyEntry.js';
import type { ClientId, UserId } from '../ids.js';
import { isClosed } from '../flow/statuses.js';
import type { ShareApproval } from '../approvals/approval.js';
import type { ShareAuthor, ShareComment, ShareScope, ShareStep, ShareTicket, ShareTimeline } from './timeline.js';

/** A comment as the projection needs it (the server maps its stored comments to this). */
export interface ProjectableComment {
  readonly id: CommentId;
  readonly parentId: CommentId | null;
  readonly visibility: CommentVisibility;
  readonly author: CommentAuthor;
  /** The current body (the last revision). */
  readonly body: string;
  readonly createdAt: string;
  /** When the current body was written, if the comment was edited. */
  readonly editedAt: string | null;
  readonly deleted: boolean;
}

/** Names a client may read: staff by their name only, never their address or id. */
export interface ProjectionNames {
  staffName(userId: UserId): string | null;
  /** How the agency signs when a staff name is unknown (someone who left) or the server wrote. */
  readonly agencyName: string;
}

const MENTION_TOKEN = /<@([0-9A-Za-z]{16})>/g;

/** A body with every `<@USERID>` mention turned into `@Name` (no staff id leaves). */
export function plainMentions(body: string, names: ProjectionNames): string {
  return body.replace(MENTION_TOKEN, (_, id: string) => `@${names.staffName(id as UserId) ?? names.agencyName}`);
}

function shareAuthor(author: CommentAuthor, names: ProjectionNames): ShareAuthor {
  switch (author.kind) {
    case 'staff':
      return { kind: 'agency', name: names.staffName(author.userId) ?? names.agencyName };
    case 'client':
      return { kind: 'client', name: author.name };
    case 'system':
      return { kind: 'agency', name: names.agencyName };
  }
}

/** The client-visible, not deleted comments, oldest first; `null` for one a client may not see. */
export function shareComment(comment: ProjectableComment, names: ProjectionNames): ShareComment | null {
  if (comment.visibility !== 'client' || comment.deleted) return null;
  return {
    id: comment.id,
    parentId: comment.parentId,
    author: shareAuthor(comment.author, names),
    body: plainMentions(comment.body, names),
    createdAt: comment.createdAt,
    editedAt: comment.editedAt,
  };
}

/** The steps a client sees, oldest first: opening, stage and status changes, deadlines. */
export function shareSteps(history: readonly HistoryEntry[]): ShareStep[] {
  const steps: ShareStep[] = [];
  for (const entry of history) {
    switch (entry.kind) {
      case 'created':
        steps.push({ kind: 'opened', at: entry.at, stage: entry.stage });
        break;
      case 'moved':
        steps.push({ kind: 'stage', at: entry.at, from: entry.from, to: entry.to });
        break;
      case 'handoff':
        // Produção → Entrega, recorded as a handoff for staff: for the client, the work arrived
        // at delivery. Who was asked to look (`to`) is staff matters.
        steps.push({ kind: 'stage', at: entry.at, from: 'production', to: 'delivery' });
        break;
      case 'status_changed':
        steps.push({ kind: 'status', at: entry.at, from: entry.from, to: entry.to });
        break;
      case 'due_date_changed':
        steps.push({ kind: 'deadline', at: entry.at, from: entry.from, to: entry.to });
        break;
      default:
        // Assignment, steps, archive, client/channel/kind changes: staff matters.
        break;
    }
  }
  return steps.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

function lastAt(steps: readonly ShareStep[], matches: (step: ShareStep) => boolean): string | null {
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i] as ShareStep;
    if (matches(step)) return step.at;
  }
  return null;
}

/** One ticket as its client sees it. */
export function shareTicket(
  ticket: Ticket,
  history: readonly HistoryEntry[],
  comments: readonly ProjectableComment[],
  names: ProjectionNames,
  approvals: readonly ShareApproval[] = [],
): ShareTicket {
  const steps = shareSteps(history);
  const closed = isClosed(ticket.status);
  const deliveredAt =
    ticket.stage === 'delivery' || closed ? lastAt(steps, (s) => s.kind === 'stage' && s.to === 'delivery') : null;
  const closedAt = closed ? lastAt(steps, (s) => s.kind === 'status' && s.to === ticket.status) : null;
  const shown: ShareComment[] = [];
  for (const comment of comments) {
    const projected = shareComment(comment, names);
    if (projected !== null) shown.push(projected);
  }
  shown.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  return {
    id: ticket.id,
    number: ticket.number,
    title: ticket.title,
    summary: ticket.summary,
    stage: ticket.stage,
    status: ticket.status,
    openedAt: ticket.createdAt,
    dueDate: ticket.dueDate,
    deliveredAt,
    closedAt,
    steps,
    comments: shown,
    approvals: [...approvals],
  };
}

/** Whether a ticket of the board belongs on a client's timeline. */
export function onClientTimeline(ticket: Ticket, clientId: ClientId): boolean {
  return ticket.clientId === clientId && !ticket.archived;
}

export interface TimelineInput {
  readonly agencyName: string;
  readonly client: { readonly id: ClientId; readonly name: string };
  readonly scope: ShareScope;
  readonly expiresAt: string;
  /** Every ticket of the board: the projection keeps the client's, not archived. */
  readonly tickets: readonly Ticket[];
  historyOf(ticketId: Ticket['id']): readonly HistoryEntry[];
  commentsOf(ticketId: Ticket['id']): readonly ProjectableComment[];
  /** The ticket's approvals as the client sees them (`shareApprovals`); none when absent. */
  approvalsOf?(ticketId: Ticket['id']): readonly ShareApproval[];
  readonly names: ProjectionNames;
}

/** The whole page: the client's tickets, newest first. */
export function shareTimeline(input: TimelineInput): ShareTimeline {
  const tickets = input.tickets
    .filter((ticket) => onClientTimeline(ticket, input.client.id))
    .map((ticket) =>
      shareTicket(ticket, input.historyOf(ticket.id), input.commentsOf(ticket.id), input.names, input.approvalsOf?.(ticket.id) ?? []),
    )
    .sort((a, b) => (a.openedAt < b.openedAt ? 1 : a.openedAt > b.openedAt ? -1 : 0));
  return {
    agencyName: input.agencyName,
    client: { id: input.client.id, name: input.client.name },
    scope: input.scope,
    expiresAt: input.expiresAt,
    tickets,
  };
}
