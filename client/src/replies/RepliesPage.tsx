import type { MessageKey } from '@fluxo/shared/i18n/index';
import { MAX_REPLY_BODY, MAX_REPLY_TITLE, unknownPlaceholders } from '@fluxo/shared/replies/cannedReply';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import { For, Show, createSignal } from 'solid-js';
import ActionOutcome, { type Outcome } from '../admin/ActionOutcome';
import { meQuery } from '../data/auth';
import {
  type CannedReplyItem,
  type SaveReplyInput,
  allRepliesQuery,
  archiveReplyMutation,
  replyClientsQuery,
  saveReplyMutation,
} from '../data/replies';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import SignatureRulesForm from './SignatureRulesForm';
import { replyProblem } from './replyProblem';
import './replies.css';
import QueryList from '../components/QueryList';

const TONE_LABELS: Readonly<Record<CannedReplyItem['tone'], MessageKey>> = {
  support: 'replies.tone.support',
  praise: 'replies.tone.praise',
  plain: 'replies.tone.plain',
};
const TONES = ['support', 'praise', 'plain'] as const;

/**
 * `/respostas` (linked from the header for every staff member): the agency's canned replies.
 * Admins and account managers write, edit, archive and restore them; production reads them
 * (they use them in the composer too). Admins also set the signature rules below
 * (`SignatureRulesForm`). Unknown placeholders are named before anything is sent; the server
 * applies the same rule.
 */
export default function RepliesPage() {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const me = useQuery(() => meQuery(trpc));
  const replies = useQuery(() => allRepliesQuery(trpc));
  const clients = useQuery(() => replyClientsQuery(trpc));
  const save = useMutation(() => saveReplyMutation(trpc, queryClient));
  const archive = useMutation(() => archiveReplyMutation(trpc, queryClient));
  const [outcome, setOutcome] = createSignal<Outcome | null>(null);

  const mayEdit = () => me.data?.role === 'admin' || me.data?.role === 'atendimento';
  const isAdmin = () => me.data?.role === 'admin';

  const [editing, setEditing] = createSignal<CannedReplyItem['id'] | null>(null);
  const [title, setTitle] = createSignal('');
  const [tone, setTone] = createSignal<CannedReplyItem['tone']>('support');
  const [clientId, setClientId] = createSignal('');
  const [body, setBody] = createSignal('');

  const clientName = (id: string | null) =>
    id === null ? i18n.t('replies.client.all') : (clients.data?.find((c) => c.id === id)?.name ?? i18n.t('replies.client.unknown'));

  const reset = () => {
    setEditing(null);
    setTitle('');
    setTone('support');
    setClientId('');
    setBody('');
  };

  const edit = (reply: CannedReplyItem) => {
    setOutcome(null);
    setEditing(reply.id);
    setTitle(reply.title);
    setTone(reply.tone);
    setClientId(reply.clientId ?? '');
    setBody(reply.body);
  };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setOutcome(null);
    const unknown = [...unknownPlaceholders(title()), ...unknownPlaceholders(body())];
    if (unknown.length > 0) {
      setOutcome({ key: 'replies.error.placeholders', params: { names: unknown.join(', ') }, failed: true });
      return;
    }
    const id = editing();
    const input: SaveReplyInput = {
      ...(id === null ? {} : { id }),
      title: title(),
      body: body(),
      tone: tone(),
      clientId: clientId() === '' ? null : (clientId() as NonNullable<SaveReplyInput['clientId']>),
    };
    const saved = title().trim();
    save.mutate(input, {
      onSuccess: () => {
        reset();
        setOutcome({ key: 'replies.saved', params: { title: saved }, failed: false });
      },
      onError: (error) => setOutcome({ key: replyProblem(error), failed: true }),
    });
  };

  const toggleArchived = (reply: CannedReplyItem) => {
    setOutcome(null);
    archive.mutate(
      { id: reply.id, archived: !reply.archived },
      {
        onSuccess: () =>
          setOutcome({ key: reply.archived ? 'replies.restored' : 'replies.archived', params: { title: reply.title }, failed: false }),
        onError: (error) => setOutcome({ key: replyProblem(error), failed: true }),
      },
    );
  };

  return (
    <div class="page replies-page">
      <h1>{i18n.t('replies.title')}</h1>
      <p class="replies-page__intro">{i18n.t('replies.intro')}</p>
      <p class="replies-page__help">{i18n.t('replies.placeholders')}</p>

      <Show when={mayEdit()}>
        <form class="replies-page__form" onSubmit={submit}>
          <h2>{i18n.t(editing() === null ? 'replies.form.new' : 'replies.form.edit')}</h2>
          <label>
            {i18n.t('replies.form.title')}
            <input type="text" required maxLength={MAX_REPLY_TITLE} value={title()} onInput={(e) => setTitle(e.currentTarget.value)} />
          </label>
          <label>
            {i18n.t('replies.form.tone')}
            <select value={tone()} onChange={(e) => setTone(e.currentTarget.value as CannedReplyItem['tone'])}>
              <For each={TONES}>{(t) => <option value={t}>{i18n.t(TONE_LABELS[t])}</option>}</For>
            </select>
          </label>
          <label>
            {i18n.t('replies.form.client')}
            <select value={clientId()} onChange={(e) => setClientId(e.currentTarget.value)}>
              <option value="">{i18n.t('replies.client.all')}</option>
              <For each={clients.data}>{(c) => <option value={c.id}>{c.name}</option>}</For>
            </select>
          </label>
          <label>
            {i18n.t('replies.form.body')}
            <textarea required rows={6} maxLength={MAX_REPLY_BODY} value={body()} onInput={(e) => setBody(e.currentTarget.value)} />
          </label>
          <div class="replies-page__actions">
            <button type="submit" class="button" disabled={save.isPending}>
              {i18n.t(editing() === null ? 'replies.form.create' : 'replies.form.save')}
            </button>
            <Show when={editing() !== null}>
              <button type="button" class="button button--ghost" onClick={reset}>
                {i18n.t('replies.form.cancel')}
              </button>
            </Show>
          </div>
        </form>
      </Show>

      <ActionOutcome outcome={outcome()} class="replies-page__outcome" />

      <h2>{i18n.t('replies.list.title')}</h2>
      <QueryList
        pending={replies.isPending}
        failed={replies.isError}
        rows={replies.data}
        messages={{ loading: 'replies.loading', error: 'replies.loadError', empty: 'replies.empty' }}
      >
        {(rows) => (
          <table class="replies-page__table">
            <thead>
              <tr>
                <th scope="col">{i18n.t('replies.column.title')}</th>
                <th scope="col">{i18n.t('replies.column.tone')}</th>
                <th scope="col">{i18n.t('replies.column.client')}</th>
                <th scope="col">{i18n.t('replies.column.actions')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(reply) => (
                  <tr classList={{ 'replies-page__archived': reply.archived }}>
                    <td>
                      {reply.title}
                      <Show when={reply.archived}> ({i18n.t('replies.archivedMark')})</Show>
                    </td>
                    <td>{i18n.t(TONE_LABELS[reply.tone])}</td>
                    <td>{clientName(reply.clientId)}</td>
                    <td>
                      <Show when={mayEdit()}>
                        <div class="replies-page__actions">
                          <button
                            type="button"
                            class="button button--ghost button--small"
                            aria-label={i18n.t('replies.edit.label', { title: reply.title })}
                            onClick={() => edit(reply)}
                          >
                            {i18n.t('replies.edit')}
                          </button>
                          <button
                            type="button"
                            class="button button--ghost button--small"
                            aria-label={i18n.t(reply.archived ? 'replies.restore.label' : 'replies.archive.label', { title: reply.title })}
                            disabled={archive.isPending && archive.variables?.id === reply.id}
                            onClick={() => toggleArchived(reply)}
                          >
                            {i18n.t(reply.archived ? 'replies.restore' : 'replies.archive')}
                          </button>
                        </div>
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        )}
      </QueryList>

      <Show when={isAdmin()}>
        <SignatureRulesForm clients={clients.data ?? []} />
      </Show>
    </div>
  );
}
