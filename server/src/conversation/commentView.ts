/**
 * A stored comment as staff see it (`CommentView` of `@fluxo/shared/conversation/comment`):
 * staff authors and mentions carry their current names, a deleted comment has no `body` but
 * keeps its `revisions`, and the store's bookkeeping (`seq`, agency, Message-ID) stays here.
 */
import type { CommentAuthor, CommentAuthorView, CommentView } from '@fluxo/shared/conversation/comment';
import type { UserId } from '@fluxo/shared/ids';
import type { StoredComment } from '../store/conversationRecords.js';

/** Colleagues' names by id (`null` for someone no longer in the agency). */
export type NameOf = (userId: UserId) => string | null;

function authorView(author: CommentAuthor, nameOf: NameOf): CommentAuthorView {
  return author.kind === 'staff' ? { kind: 'staff', userId: author.userId, name: nameOf(author.userId) } : author;
}

export function commentView(comment: StoredComment, nameOf: NameOf): CommentView {
  const current = comment.revisions[comment.revisions.length - 1];
  const edited = comment.revisions.length > 1 ? (current?.at ?? null) : null;
  return {
    id: comment.id,
    boardId: comment.boardId,
    ticketId: comment.ticketId,
    parentId: comment.parentId,
    visibility: comment.visibility,
    source: comment.source,
    author: authorView(comment.author, nameOf),
    body: comment.deletedAt === null ? (current?.body ?? '') : null,
    mentions: comment.deletedAt === null ? comment.mentions.map((userId) => ({ userId, name: nameOf(userId) })) : [],
    createdAt: comment.createdAt,
    editedAt: edited,
    deletedAt: comment.deletedAt,
    deletedBy: comment.deletedBy === null ? null : authorView(comment.deletedBy, nameOf),
    revision: comment.revisions.length,
    revisions: comment.revisions.map((r) => ({ body: r.body, at: r.at, by: authorView(r.by, nameOf) })),
  };
}
