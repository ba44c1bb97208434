/**
 * `comments.*`: the conversation on a ticket (server/src/trpc/routers/comments.ts).
 *
 * One cache entry per ticket holds `{comments, cursor}` as `comments.list` answered it, then
 * kept current **by the live stream, not by refetching**: `watchTicketComments` subscribes to
 * `comments.onTicket` from the entry's `cursor` (so nothing between the list and the stream is
 * missed) and merges each event into the entry, moving the cursor forward. A refetch could
 * replace the list with an answer older than an event already applied, so the entry never goes
 * stale by itself (`staleTime: Infinity`, no refetch on focus).
 *
 * Mutations merge the server's answer at once (the stream brings the same version a moment
 * later; merging is idempotent and never goes back to an older version — `mergeComment`).
 * A new comment carries an id made by the composer once per draft, so a retried submit
 * writes it once (`comments.create` returns the stored one).
 *
 * Every event from the stream is checked with the shared `commentViewSchema` before it enters
 * the cache: the stream is an input to this app like any other.
 */
import {
  type CommentId,
  type CommentView,
  type CommentVisibility,
  commentViewSchema,
} from '@fluxo/shared/conversation/comment';
import type { BoardId, TicketId } from '@fluxo/shared/ids';
import { mutationOptions, queryOptions, type QueryClient } from '@tanstack/solid-query';
import { type LiveState, startLiveSubscription } from './liveSubscription';
import type { TrpcClient } from './trpc';

export type { CommentView };
export type CommentThreadData = Awaited<ReturnType<TrpcClient['comments']['list']['query']>>;
export type MentionablePerson = Awaited<ReturnType<TrpcClient['comments']['mentionable']['query']>>[number];

export const commentKeys = {
  all: ['comments'] as const,
  thread: (boardId: BoardId, ticketId: TicketId) => ['comments', 'thread', boardId, ticketId] as const,
  mentionable: (boardId: BoardId) => ['comments', 'mentionable', boardId] as const,
};

export function ticketCommentsQuery(trpc: TrpcClient, boardId: BoardId, ticketId: TicketId) {
  return queryOptions({
    queryKey: commentKeys.thread(boardId, ticketId),
    queryFn: (): Promise<CommentThreadData> => trpc.comments.list.query({ boardId, ticketId }),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
}

export function mentionableQuery(trpc: TrpcClient, boardId: BoardId) {
  return queryOptions({
    queryKey: commentKeys.mentionable(boardId),
    queryFn: () => trpc.comments.mentionable.query({ boardId }),
    staleTime: 5 * 60_000,
  });
}

/** Is `incoming` at least as new as `known` (same comment)? Versions only grow; deletion is final. */
function isNewer(incoming: CommentView, known: CommentView): boolean {
  if (incoming.revision !== known.revision) return incoming.revision > known.revision;
  return incoming.deletedAt !== null || known.deletedAt === null;
}

/**
 * The thread with `view` in it: replaces the comment it updates (unless `view` is older than
 * what is there), or adds it in creation order. Returns the same object when nothing changes.
 */
export function mergeComment(comments: readonly CommentView[], view: CommentView): readonly CommentView[] {
  const index = comments.findIndex((c) => c.id === view.id);
  if (index >= 0) {
    const known = comments[index] as CommentView;
    if (!isNewer(view, known)) return comments;
    const next = [...comments];
    next[index] = view;
    return next;
  }
  // Oldest first; a comment created at the same moment as others goes after them.
  let at = comments.length;
  while (at > 0 && (comments[at - 1] as CommentView).createdAt > view.createdAt) at--;
  return [...comments.slice(0, at), view, ...comments.slice(at)];
}

/** The later of two decimal cursors (the store's sequence numbers). */
export function laterCursor(a: string, b: string): string {
  return BigInt(a) >= BigInt(b) ? a : b;
}

function putComment(queryClient: QueryClient, view: CommentView, cursor?: string): void {
  queryClient.setQueryData<CommentThreadData>(commentKeys.thread(view.boardId, view.ticketId), (thread) => {
    if (!thread) return thread;
    const comments = mergeComment(thread.comments, view);
    const nextCursor = cursor === undefined ? thread.cursor : laterCursor(thread.cursor, cursor);
    if (comments === thread.comments && nextCursor === thread.cursor) return thread;
    return { comments: [...comments], cursor: nextCursor };
  });
}

const CURSOR = /^\d{1,15}$/;

/**
 * Keeps the ticket's cached thread live: loads it if needed, then follows `comments.onTicket`
 * from its cursor. Returns the function that stops it (call it on cleanup).
 */
export function watchTicketComments(
  trpc: TrpcClient,
  queryClient: QueryClient,
  boardId: BoardId,
  ticketId: TicketId,
  onState?: (state: LiveState) => void,
): () => void {
  let stop: (() => void) | null = null;
  let cancelled = false;
  const key = commentKeys.thread(boardId, ticketId);

  void queryClient
    .ensureQueryData(ticketCommentsQuery(trpc, boardId, ticketId))
    .then(() => {
      if (cancelled) return;
      stop = startLiveSubscription<CommentView>({
        open: (lastEventId, callbacks) =>
          trpc.comments.onTicket.subscribe({ boardId, ticketId, lastEventId }, callbacks),
        cursor: () => queryClient.getQueryData<CommentThreadData>(key)?.cursor ?? null,
        onEvent: (event) => {
          const parsed = commentViewSchema.safeParse(event.data);
          if (!CURSOR.test(event.id) || !parsed.success) return;
          if (parsed.data.boardId !== boardId || parsed.data.ticketId !== ticketId) return;
          putComment(queryClient, parsed.data, event.id);
        },
        ...(onState ? { onState } : {}),
      });
    })
    .catch(() => {
      // The thread could not be loaded: the page shows the query's error and offers a retry,
      // which remounts the watcher.
      if (!cancelled) onState?.('ended');
    });

  return () => {
    cancelled = true;
    stop?.();
  };
}

export interface CreateCommentInput {
  /** Made once per draft (`newCommentId()`), so a retried submit writes once. */
  readonly id: CommentId;
  readonly body: string;
  /** Required for a new thread; left out for a reply (it has its thread's visibility). */
  readonly visibility?: CommentVisibility;
  readonly parentId?: CommentId;
}

export function createCommentMutation(trpc: TrpcClient, queryClient: QueryClient, boardId: BoardId, ticketId: TicketId) {
  return mutationOptions({
    mutationKey: ['comments', 'create', boardId, ticketId],
    mutationFn: (input: CreateCommentInput) =>
      trpc.comments.create.mutate({
        boardId,
        ticketId,
        id: input.id,
        body: input.body,
        ...(input.visibility ? { visibility: input.visibility } : {}),
        ...(input.parentId ? { parentId: input.parentId } : {}),
      }),
    onSuccess: (view) => putComment(queryClient, view),
  });
}

export interface EditCommentInput {
  readonly commentId: CommentId;
  readonly body: string;
  /** The version being edited: a colleague's concurrent edit makes the server answer CONFLICT. */
  readonly revision: number;
}

export function editCommentMutation(trpc: TrpcClient, queryClient: QueryClient, boardId: BoardId, ticketId: TicketId) {
  return mutationOptions({
    mutationKey: ['comments', 'edit', boardId, ticketId],
    mutationFn: (input: EditCommentInput) =>
      trpc.comments.edit.mutate({ boardId, ticketId, commentId: input.commentId, body: input.body, revision: input.revision }),
    onSuccess: (view) => putComment(queryClient, view),
  });
}

export function deleteCommentMutation(trpc: TrpcClient, queryClient: QueryClient, boardId: BoardId, ticketId: TicketId) {
  return mutationOptions({
    mutationKey: ['comments', 'delete', boardId, ticketId],
    mutationFn: (commentId: CommentId) => trpc.comments.delete.mutate({ boardId, ticketId, commentId }),
    onSuccess: (view) => putComment(queryClient, view),
  });
}
