import { type CommentId, newCommentId } from '@fluxo/shared/conversation/comment';
import type { BoardId, TicketId, UserId } from '@fluxo/shared/ids';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import { For, Match, Show, Switch, createEffect, createMemo, createSignal, createUniqueId, on, onCleanup } from 'solid-js';
import { createCommentMutation, mentionableQuery, ticketCommentsQuery, watchTicketComments } from '../data/comments';
import type { LiveState } from '../data/liveSubscription';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import CommentComposer from './CommentComposer';
import CommentItem from './CommentItem';
import { groupThreads } from './commentThreads';
import { ConversationContext, type ConversationMe } from './conversationContext';
import './conversation.css';

const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/** How often relative times ("há 5 minutos") are brought up to date. */
const CLOCK_TICK_MS = 30_000;

/**
 * The conversation on one ticket, in the ticket drawer: its threads oldest first, each first
 * comment with its replies, and the composer for a new thread at the bottom.
 *
 * Lifecycle: the list comes from `comments.list`; once it is there, `watchTicketComments`
 * follows `comments.onTicket` from the list's cursor until the drawer closes (cleanup), so a
 * colleague's comment, edit or deletion appears by itself. If the stream is refused for good
 * the section says so and offers to load again.
 */
export default function CommentThread(props: { boardId: BoardId; ticketId: TicketId; me: ConversationMe }) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const headingId = `ticket-conversation-${createUniqueId()}`;
  const thread = useQuery(() => ticketCommentsQuery(trpc, props.boardId, props.ticketId));
  const mentionable = useQuery(() => mentionableQuery(trpc, props.boardId));
  const create = useMutation(() => createCommentMutation(trpc, queryClient, props.boardId, props.ticketId));

  const [live, setLive] = createSignal<LiveState>('connecting');
  let stopLive: (() => void) | null = null;
  const startLive = () => {
    stopLive?.();
    stopLive = watchTicketComments(trpc, queryClient, props.boardId, props.ticketId, setLive);
  };
  createEffect(
    on(
      () => thread.isSuccess,
      (loaded) => {
        if (loaded && stopLive === null) startLive();
      },
    ),
  );
  onCleanup(() => stopLive?.());

  /** Loads the thread afresh (the stream is stopped meanwhile, so nothing it brings is lost). */
  const reload = async () => {
    stopLive?.();
    stopLive = null;
    const result = await thread.refetch();
    if (result.isSuccess) startLive();
  };

  const [now, setNow] = createSignal(Date.now());
  const clock = setInterval(() => setNow(Date.now()), CLOCK_TICK_MS);
  onCleanup(() => clearInterval(clock));

  const people = createMemo(() => mentionable.data ?? []);
  const nameOf = (id: UserId) => people().find((person) => person.id === id)?.name ?? null;
  const threads = createMemo(() => groupThreads(thread.data?.comments ?? []));
  // Rendered by id, not by object: a colleague's new comment must not rebuild the comment
  // someone is editing (nor close a reply box).
  const threadIds = createMemo(() => threads().map((group) => group.root.id), undefined, { equals: sameIds });
  const groupOf = (id: CommentId) => threads().find((group) => group.root.id === id);

  // Each draft has its id from the start, so a retried send writes the comment once.
  let draftId = newCommentId();
  const [replyingTo, setReplyingTo] = createSignal<CommentId | null>(null);
  let replyDraftId = newCommentId();
  const openReply = (id: CommentId) => {
    if (replyingTo() !== id) replyDraftId = newCommentId();
    setReplyingTo(id);
  };

  return (
    <ConversationContext.Provider
      value={{ boardId: props.boardId, ticketId: props.ticketId, me: props.me, people, nameOf, now }}
    >
      <section class="ticket-conversation" aria-labelledby={headingId}>
        <h3 id={headingId}>{i18n.t('comments.title')}</h3>
        <Show when={thread.isSuccess && live() === 'reconnecting'}>
          <p class="notice ticket-conversation__live" role="status">
            {i18n.t('comments.live.reconnecting')}
          </p>
        </Show>
        <Show when={thread.isSuccess && live() === 'ended'}>
          <p class="notice notice--error ticket-conversation__live" role="alert">
            {i18n.t('comments.live.ended')}{' '}
            <button type="button" class="button button--ghost button--small" onClick={() => void reload()}>
              {i18n.t('comments.retry')}
            </button>
          </p>
        </Show>
        <Switch>
          <Match when={thread.isPending}>
            <p class="ticket-section__empty" role="status">
              {i18n.t('comments.loading')}
            </p>
          </Match>
          <Match when={thread.isError}>
            <p class="notice notice--error" role="alert">
              {i18n.t('comments.error')}{' '}
              <button type="button" class="button button--ghost button--small" onClick={() => void reload()}>
                {i18n.t('comments.retry')}
              </button>
            </p>
          </Match>
          <Match when={thread.isSuccess}>
            <Show when={threads().length > 0} fallback={<p class="ticket-section__empty">{i18n.t('comments.empty')}</p>}>
              <ol class="comment-threads">
                <For each={threadIds()}>
                  {(rootId) => (
                    <Show when={groupOf(rootId)}>
                      {(group) => (
                        <li class="comment-thread" data-visibility={group().root.visibility}>
                          <CommentItem comment={group().root} onReply={() => openReply(rootId)} />
                          <Show when={group().replies.length > 0}>
                            <ol class="comment-replies">
                              <For each={group().replies.map((reply) => reply.id)}>
                                {(replyId) => (
                                  <Show when={group().replies.find((reply) => reply.id === replyId)}>
                                    {(reply) => (
                                      <li>
                                        <CommentItem comment={reply()} />
                                      </li>
                                    )}
                                  </Show>
                                )}
                              </For>
                            </ol>
                          </Show>
                          <Show when={replyingTo() === rootId}>
                            <CommentComposer
                              mode="reply"
                              visibility={group().root.visibility}
                              label={i18n.t('comments.reply.label')}
                              autofocus
                              onSubmit={async (body) => {
                                await create.mutateAsync({ id: replyDraftId, body, parentId: rootId });
                                setReplyingTo(null);
                              }}
                              onCancel={() => setReplyingTo(null)}
                            />
                          </Show>
                        </li>
                      )}
                    </Show>
                  )}
                </For>
              </ol>
            </Show>
            <CommentComposer
              mode="thread"
              label={i18n.t('comments.composer.label')}
              onSubmit={async (body, visibility) => {
                await create.mutateAsync({ id: draftId, body, visibility });
                draftId = newCommentId();
              }}
            />
          </Match>
        </Switch>
      </section>
    </ConversationContext.Provider>
  );
}
