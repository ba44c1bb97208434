import type { ClientId } from '@fluxo/shared/ids';
import type { MessageKey, MessageParams } from '@fluxo/shared/i18n/index';
import { DEFAULT_SHARE_LINK_DAYS, MAX_SHARE_LINK_DAYS, type ShareScope } from '@fluxo/shared/share/timeline';
import { A, useParams } from '@solidjs/router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import { For, Match, Show, Switch, createSignal } from 'solid-js';
import { meQuery } from '../data/auth';
import { boardQuery } from '../data/boards';
import {
  type IssuedShareLink,
  type ShareLinkView,
  createShareLinkMutation,
  linkState,
  revokeShareLinkMutation,
  rotateShareLinkMutation,
  shareLinksQuery,
} from '../data/shareLinks';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import { formatMoment } from '../ticket/ticketDates';
import './shareLinks.css';

interface Outcome {
  readonly key: MessageKey;
  readonly params?: MessageParams;
}

/** Who may manage a board's client links (the server checks it again). */
const MANAGERS = new Set(['admin', 'atendimento']);

/**
 * `/boards/:boardId/links`: the links through which each client of the agency follows its
 * tickets on this board. Per client: its links (scope, created, expiry, last use, state) with
 * "Revogar" and "Novo endereço" (rotate: the old address stops working at once), and a form to
 * create one (only watch, or watch and answer; validity in days). The address of a new or
 * rotated link is shown once, with a copy button: the server keeps only its hash.
 */
export default function ShareLinksPage() {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const params = useParams<{ boardId: string }>();
  const boardId = () => params.boardId as Parameters<typeof boardQuery>[1];
  const me = useQuery(() => meQuery(trpc));
  const canManage = () => MANAGERS.has(me.data?.role ?? '');
  const board = useQuery(() => boardQuery(trpc, boardId()));
  const links = useQuery(() => ({ ...shareLinksQuery(trpc, boardId()), enabled: canManage() }));
  const create = useMutation(() => createShareLinkMutation(trpc, queryClient));
  const revoke = useMutation(() => revokeShareLinkMutation(trpc, queryClient));
  const rotate = useMutation(() => rotateShareLinkMutation(trpc, queryClient));
  const [issued, setIssued] = createSignal<(IssuedShareLink & { clientName: string }) | null>(null);
  const [failure, setFailure] = createSignal<Outcome | null>(null);
  const [done, setDone] = createSignal<Outcome | null>(null);

  const linksOf = (clientId: ClientId): ShareLinkView[] => (links.data ?? []).filter((link) => link.clientId === clientId);
  const moment = (iso: string | null) => (iso ? formatMoment(i18n.locale(), iso) : '');
  const clientName = (clientId: ClientId) => board.data?.clients.find((c) => c.id === clientId)?.name ?? '';

  const start = () => {
    setFailure(null);
    setDone(null);
  };

  const onCreate = (clientId: ClientId, scope: ShareScope, days: number) => {
    start();
    create.mutate(
      { boardId: boardId(), clientId, scope, expiresInDays: days },
      {
        onSuccess: (answer) => setIssued({ ...answer, clientName: clientName(clientId) }),
        onError: () => setFailure({ key: 'shareLinks.create.error' }),
      },
    );
  };
  const onRevoke = (link: ShareLinkView) => {
    start();
    revoke.mutate(link.id, {
      onSuccess: () => {
        if (issued()?.link.id === link.id) setIssued(null);
        setDone({ key: 'shareLinks.revoked', params: { client: clientName(link.clientId) } });
      },
      onError: () => setFailure({ key: 'shareLinks.revoke.error' }),
    });
  };
  const onRotate = (link: ShareLinkView) => {
    start();
    rotate.mutate(link.id, {
      onSuccess: (answer) => setIssued({ ...answer, clientName: clientName(link.clientId) }),
      onError: () => setFailure({ key: 'shareLinks.rotate.error' }),
    });
  };

  return (
    <div class="page share-links">
      <p class="share-links__back">
        <A href={`/boards/${encodeURIComponent(params.boardId)}`}>← {board.data?.name ?? i18n.t('shareLinks.backToBoard')}</A>
      </p>
      <h1>{i18n.t('shareLinks.title')}</h1>
      <p class="share-links__intro">{i18n.t('shareLinks.intro')}</p>
      <Show
        when={canManage()}
        fallback={
          <Show when={me.data}>
            <p class="notice" role="alert">
              {i18n.t('shareLinks.forbidden')}
            </p>
          </Show>
        }
      >
        <div role="status" class="share-links__outcome">
          <Show when={done()}>{(outcome) => i18n.t(outcome().key, outcome().params)}</Show>
        </div>
        <Show when={failure()}>
          {(outcome) => (
            <p class="notice notice--error" role="alert">
              {i18n.t(outcome().key, outcome().params)}
            </p>
          )}
        </Show>
        <Show when={issued()}>{(link) => <IssuedAddress url={link().url} clientName={link().clientName} onDone={() => setIssued(null)} />}</Show>
        <Switch>
          <Match when={board.isPending || links.isPending}>
            <p class="notice" role="status">
              {i18n.t('shareLinks.loading')}
            </p>
          </Match>
          <Match when={board.isError || links.isError}>
            <p class="notice notice--error" role="alert">
              {i18n.t('shareLinks.error')}
            </p>
          </Match>
          <Match when={board.data?.clients.length === 0}>
            <p class="empty-state">{i18n.t('shareLinks.noClients')}</p>
          </Match>
          <Match when={board.data}>
            {(summary) => (
              <For each={summary().clients}>
                {(client) => (
                  <section class="share-links__client" aria-labelledby={`client-${client.id}`}>
                    <h2 id={`client-${client.id}`}>{client.name}</h2>
                    <Show when={linksOf(client.id).length > 0} fallback={<p class="share-links__none">{i18n.t('shareLinks.none')}</p>}>
                      <ul class="share-links__list">
                        <For each={linksOf(client.id)}>
                          {(link) => {
                            const state = () => linkState(link, Date.now());
                            return (
                              <li class="share-link" data-state={state()}>
                                <span class="share-link__scope">{i18n.t(`shareLinks.scope.${link.scope}`)}</span>
                                <span class="share-link__state" data-state={state()}>
                                  {i18n.t(`shareLinks.state.${state()}`)}
                                </span>
                                <span class="share-link__dates">
                                  {i18n.t('shareLinks.created', { date: moment(link.createdAt) })} ·{' '}
                                  {state() === 'revoked'
                                    ? i18n.t('shareLinks.revokedAt', { date: moment(link.revokedAt) })
                                    : i18n.t('shareLinks.expires', { date: moment(link.expiresAt) })}
                                  <Show when={link.lastUsedAt}>{(used) => <> · {i18n.t('shareLinks.lastUsed', { date: moment(used()) })}</>}</Show>
                                </span>
                                <Show when={state() === 'active'}>
                                  <span class="share-link__actions">
                                    <button
                                      type="button"
                                      class="button button--ghost button--small"
                                      aria-label={i18n.t('shareLinks.rotate.label', { client: client.name })}
                                      disabled={rotate.isPending}
                                      onClick={() => onRotate(link)}
                                    >
                                      {i18n.t('shareLinks.rotate')}
                                    </button>
                                    <button
                                      type="button"
                                      class="button button--ghost button--small"
                                      aria-label={i18n.t('shareLinks.revoke.label', { client: client.name })}
                                      disabled={revoke.isPending}
                                      onClick={() => onRevoke(link)}
                                    >
                                      {i18n.t('shareLinks.revoke')}
                                    </button>
                                  </span>
                                </Show>
                              </li>
                            );
                          }}
                        </For>
                      </ul>
                    </Show>
                    <NewLinkForm clientName={client.name} busy={create.isPending} onCreate={(scope, days) => onCreate(client.id, scope, days)} />
                  </section>
                )}
              </For>
            )}
          </Match>
        </Switch>
      </Show>
    </div>
  );
}

/** The address of a link just made: shown once, selectable, with a copy button. */
function IssuedAddress(props: { url: string; clientName: string; onDone: () => void }) {
  const i18n = useI18n();
  const [copied, setCopied] = createSignal(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <section class="share-links__issued" aria-labelledby="issued-title">
      <h2 id="issued-title">{i18n.t('shareLinks.issued.title', { client: props.clientName })}</h2>
      <p>{i18n.t('shareLinks.issued.once')}</p>
      <label class="share-links__address">
        <span>{i18n.t('shareLinks.issued.address')}</span>
        <input type="text" readOnly value={props.url} onFocus={(event) => event.currentTarget.select()} />
      </label>
      <p class="share-links__issued-actions">
        <button type="button" class="button button--small" onClick={() => void copy()}>
          {i18n.t(copied() ? 'shareLinks.issued.copied' : 'shareLinks.issued.copy')}
        </button>
        <button type="button" class="button button--ghost button--small" onClick={() => props.onDone()}>
          {i18n.t('shareLinks.issued.done')}
        </button>
      </p>
    </section>
  );
}

/** Creates a link for one client: its scope and for how many days it opens. */
function NewLinkForm(props: { clientName: string; busy: boolean; onCreate: (scope: ShareScope, days: number) => void }) {
  const i18n = useI18n();
  const [scope, setScope] = createSignal<ShareScope>('view');
  const [days, setDays] = createSignal(String(DEFAULT_SHARE_LINK_DAYS));
  const [invalid, setInvalid] = createSignal(false);
  const name = `scope-${Math.random().toString(36).slice(2)}`;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const value = Number(days());
    if (!Number.isInteger(value) || value < 1 || value > MAX_SHARE_LINK_DAYS) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    props.onCreate(scope(), value);
  };
  return (
    <form class="share-links__form" noValidate onSubmit={submit} aria-label={i18n.t('shareLinks.form.label', { client: props.clientName })}>
      <fieldset>
        <legend>{i18n.t('shareLinks.form.scope')}</legend>
        <label>
          <input type="radio" name={name} value="view" checked={scope() === 'view'} onChange={() => setScope('view')} />
          {i18n.t('shareLinks.scope.view')}
        </label>
        <label>
          <input type="radio" name={name} value="respond" checked={scope() === 'respond'} onChange={() => setScope('respond')} />
          {i18n.t('shareLinks.scope.respond')}
        </label>
      </fieldset>
      <label class="share-links__days">
        {i18n.t('shareLinks.form.days')}
        <input
          type="number"
          min="1"
          max={MAX_SHARE_LINK_DAYS}
          inputMode="numeric"
          value={days()}
          aria-invalid={invalid()}
          onInput={(event) => setDays(event.currentTarget.value)}
        />
      </label>
      <Show when={invalid()}>
        <p class="notice notice--error" role="alert">
          {i18n.t('shareLinks.form.daysInvalid', { max: MAX_SHARE_LINK_DAYS })}
        </p>
      </Show>
      <button type="submit" class="button button--small" disabled={props.busy}>
        {i18n.t('shareLinks.form.create')}
      </button>
    </form>
  );
}
