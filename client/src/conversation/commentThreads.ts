/**
 * The ticket's comments as threads. Threads are one level deep (shared/src/conversation/
 * comment.ts): a first comment and its replies, in creation order. A reply whose first comment
 * is not in the list (it should not happen; the store keeps every comment) is shown as a thread
 * of its own rather than hidden.
 */
import type { CommentId, CommentView } from '@fluxo/shared/conversation/comment';

export interface CommentThreadGroup {
  readonly root: CommentView;
  readonly replies: readonly CommentView[];
}

export function groupThreads(comments: readonly CommentView[]): CommentThreadGroup[] {
  const ids = new Set<CommentId>(comments.map((c) => c.id));
  const replies = new Map<CommentId, CommentView[]>();
  const roots: CommentView[] = [];
  for (const comment of comments) {
    if (comment.parentId !== null && ids.has(comment.parentId)) {
      const list = replies.get(comment.parentId) ?? [];
      list.push(comment);
      replies.set(comment.parentId, list);
    } else {
      roots.push(comment);
    }
  }
  return roots.map((root) => ({ root, replies: replies.get(root.id) ?? [] }));
}
