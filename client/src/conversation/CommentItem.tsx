import type { CommentView } from '@fluxo/shared/conversation/comment';
import type { UserId } from '@fluxo/shared/ids';
import { useMutation, useQueryClient } from '@tanstack/solid-query';
import { For, Show, createSignal, createUniqueId } from 'solid-js';
import { deleteCommentMutation, editCommentMutation } from '../data/comments';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import { formatMoment, formatRelative } from '../ticket/ticketDates';
import CommentBody from './CommentBody';
import CommentComposer from './CommentComposer';
import CommentIcon from './CommentIcon';
import { commentAuthorName } from './commentAuthor';
import { commentProblem } from './commentProblem';
import { useConversation } from './conversationContext';
import { type MentionPerson, displayMentions } from './mentionText';

/**
 * One comment: who wrote it (a client, by email, marked as such), whom it reaches (an internal
 * note and a client-visible message look different), when, the body (`CommentBody`, the only
 * HTML path), "editado" with every version for staff, "comentário excluído" once deleted (its
 * versions stay behind "Ver histórico"), and the actions this person may take: reply (first
 * comment of a thread), edit (the author), delete (the author or an admin).
 */
export default function CommentItem(props: { comment: CommentView; onReply?: () => void }) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const conversation = useConversation();
  const edit = useMutation(() => editCommentMutation(trpc, queryClient, conversation.boardId, conversation.ticketId));
  const remove = useMutation(() => deleteCommentMutation(trpc, queryClient, conversation.boardId, conversation.ticketId));
  const [editing, setEditing] = createSignal(false);
  const [confirming, setConfirming] = createSignal(false);
  const [deleteProblem, setDeleteProblem] = createSignal<ReturnType<typeof commentProblem> | null>(null);
  const confirmId = `comment-delete-${createUniqueId()}`;

  const deleted = () => props.comment.deletedAt !== null;
  const mine = () => props.comment.author.kind === 'staff' && props.comment.author.userId === conversation.me.id;
  const canEdit = () => mine() && !deleted();
  const canDelete = () => !deleted() && (mine() || conversation.me.role === 'admin');

  const mentionName = (id: UserId) =>
    props.comment.mentions.find((mention) => mention.userId === id)?.name ?? conversation.nameOf(id);

  // Editing shows `@Name`; the people named in this body come first so saving names them again.
  const editPeople = (): MentionPerson[] => [
    ...props.comment.mentions.flatMap((mention) => (mention.name ? [{ id: mention.userId, name: mention.name }] : [])),
    ...conversation.people(),
  ];
  const editText = () => displayMentions(props.comment.body ?? '', mentionName, conversation.people());

  const saveEdit = async (body: string) => {
    const revision = props.comment.revision;
    await edit.mutateAsync({ commentId: props.comment.id, body, revision });
    setEditing(false);
  };

  const confirmDelete = async () => {
    setDeleteProblem(null);
    try {
      await remove.mutateAsync(props.comment.id);
      setConfirming(false);
    } catch (error) {
      setDeleteProblem(commentProblem(error));
    }
  };

  const when = (iso: string) => formatRelative(i18n.locale(), iso, conversation.now());

  return (
    <article
      class="comment"
      classList={{ 'comment--deleted': deleted(), 'comment--client-author': props.comment.author.kind === 'client' }}
      data-visibility={props.comment.visibility}
      aria-label={commentAuthorName(i18n, props.comment.author)}
    >
      <header class="comment__header">
        <span class="comment__author">{commentAuthorName(i18n, props.comment.author)}</span>
        <Show when={props.comment.author.kind === 'client'}>
          <span class="comment__tag comment__tag--client-author">{i18n.t('comments.author.client')}</span>
        </Show>
        <Show when={props.comment.source === 'email'}>
          <span class="comment__tag comment__tag--email">
            <CommentIcon kind="mail" />
            {i18n.t('comments.source.email')}
          </span>
        </Show>
        <span class="comment__visibility" data-visibility={props.comment.visibility}>
          <CommentIcon kind={props.comment.visibility === 'internal' ? 'lock' : 'eye'} />
          {i18n.t(props.comment.visibility === 'internal' ? 'comments.badge.internal' : 'comments.badge.client')}
        </span>
        <time class="comment__time" datetime={props.comment.createdAt} title={formatMoment(i18n.locale(), props.comment.createdAt)}>
          {when(props.comment.createdAt)}
        </time>
      </header>

      <Show
        when={!deleted()}
        fallback={
          <p class="comment__deleted">
            {props.comment.deletedBy
              ? i18n.t('comments.deleted.by', { name: commentAuthorName(i18n, props.comment.deletedBy) })
              : i18n.t('comments.deleted')}
          </p>
        }
      >
        <Show
          when={editing()}
          fallback={<CommentBody body={props.comment.body ?? ''} mentionName={mentionName} />}
        >
          <CommentComposer
            mode="edit"
            visibility={props.comment.visibility}
            label={i18n.t('comments.edit.label')}
            initial={editText()}
            mentionPeople={editPeople()}
            autofocus
            onSubmit={saveEdit}
            onCancel={() => setEditing(false)}
            problemOf={(error) => {
              const key = commentProblem(error);
              // The colleague's version (or the deletion) arrives through the live stream.
              return key === 'comments.error.conflict' && deleted() ? 'comments.error.deleted' : key;
            }}
          />
        </Show>
      </Show>

      <Show when={props.comment.revisions.length > 1 || (deleted() && props.comment.revisions.length > 0)}>
        <details class="comment__revisions">
          <summary>
            {deleted() ? i18n.t('comments.history') : i18n.t('comments.edited')}
            {' · '}
            {i18n.t('comments.revisions', { count: props.comment.revisions.length })}
          </summary>
          <ol class="comment__revision-list">
            <For each={props.comment.revisions}>
              {(revision) => (
                <li class="comment__revision">
                  <p class="comment__revision-by">
                    {i18n.t('comments.revision.by', {
                      name: commentAuthorName(i18n, revision.by),
                      date: formatMoment(i18n.locale(), revision.at),
                    })}
                  </p>
                  <CommentBody body={revision.body} mentionName={conversation.nameOf} />
                </li>
              )}
            </For>
          </ol>
        </details>
      </Show>

      <Show when={!editing() && (props.onReply || canEdit() || canDelete())}>
        <div class="comment__actions">
          <Show when={props.onReply}>
            {(reply) => (
              <button type="button" class="button button--ghost button--small" onClick={() => reply()()}>
                {i18n.t('comments.reply')}
              </button>
            )}
          </Show>
          <Show when={canEdit()}>
            <button type="button" class="button button--ghost button--small" onClick={() => setEditing(true)}>
              {i18n.t('comments.edit')}
            </button>
          </Show>
          <Show when={canDelete()}>
            <button
              type="button"
              class="button button--ghost button--small"
              aria-expanded={confirming()}
              aria-controls={confirming() ? confirmId : undefined}
              onClick={() => setConfirming((open) => !open)}
            >
              {i18n.t('comments.delete')}
            </button>
          </Show>
        </div>
      </Show>

      <Show when={confirming() && !deleted()}>
        <div id={confirmId} class="comment__confirm" role="alertdialog" aria-label={i18n.t('comments.delete')}>
          <p>{i18n.t('comments.delete.confirm')}</p>
          <Show when={deleteProblem()}>
            {(key) => (
              <p class="notice notice--error" role="alert">
                {i18n.t(key())}
              </p>
            )}
          </Show>
          <div class="comment__confirm-actions">
            <button type="button" class="button button--ghost button--small" onClick={() => setConfirming(false)}>
              {i18n.t('comments.cancel')}
            </button>
            <button type="button" class="button button--danger button--small" disabled={remove.isPending} onClick={() => void confirmDelete()}>
              {i18n.t('comments.delete.yes')}
            </button>
          </div>
        </div>
      </Show>
    </article>
  );
}
