/**
 * What each kind of item puts into the index, and under which key. A key says what the entry is
 * and whose it is, so a source can list (`SearchIndex.keysWithPrefix`) and diff what it owns:
 *
 * - ticket   `t:<boardId>/<ticketId>` — title (title field), summary + description (body), number;
 * - comment  `c:<boardId>/<ticketId>/<commentId>` — the current body as plain text (mentions by
 *   name), internal notes included (search is staff-only); a deleted comment has no entry;
 * - another source (documents) `<source>:<boardId>/<its id>` (`SearchSource` in `workspaceSearch.ts`).
 */
import type { Ticket } from '@fluxo/shared/board/index';
import { commentPlainText } from '@fluxo/shared/conversation/commentPlainText';
import type { BoardId, TicketId, UserId } from '@fluxo/shared/ids';
import type { StoredComment } from '../store/conversationRecords.js';
import { type SearchEntry, ticketEntryKey } from './searchIndex.js';

export { ticketEntryKey };

export const boardTicketsPrefix = (boardId: BoardId): string => `t:${boardId}/`;
export const ticketCommentsPrefix = (boardId: BoardId, ticketId: TicketId): string => `c:${boardId}/${ticketId}/`;
export const commentEntryKey = (comment: Pick<StoredComment, 'boardId' | 'ticketId' | 'id'>): string =>
  `${ticketCommentsPrefix(comment.boardId, comment.ticketId)}${comment.id}`;
export const sourceBoardPrefix = (source: string, boardId: BoardId): string => `${source}:${boardId}/`;

export function ticketEntry(boardId: BoardId, ticket: Ticket): SearchEntry {
  const body = ticket.description.length === 0 ? ticket.summary : ticket.summary.length === 0 ? ticket.description : `${ticket.summary}\n\n${ticket.description}`;
  return {
    key: ticketEntryKey(boardId, ticket.id),
    type: 'ticket',
    boardId,
    ticketId: ticket.id,
    commentId: null,
    documentId: null,
    ticketNumber: ticket.number,
    title: ticket.title,
    fields: [
      { field: 'title', text: ticket.title },
      { field: 'body', text: body },
    ],
    at: Date.parse(ticket.createdAt),
    archived: ticket.archived,
  };
}

/** The comment's entry; null for a deleted comment (it leaves the index). */
export function commentEntry(comment: StoredComment, mentionName: (userId: UserId) => string | null | undefined): SearchEntry | null {
  if (comment.deletedAt !== null) return null;
  const current = comment.revisions[comment.revisions.length - 1];
  if (current === undefined) return null;
  return {
    key: commentEntryKey(comment),
    type: 'comment',
    boardId: comment.boardId,
    ticketId: comment.ticketId,
    commentId: comment.id,
    documentId: null,
    ticketNumber: null,
    title: '', // shown with its ticket's current title (the index looks it up)
    fields: [{ field: 'comment', text: commentPlainText(current.body, { mentionName }) }],
    at: Date.parse(current.at),
    archived: false,
  };
}
