import type { Locale } from '@fluxo/shared/i18n/index';
import { LOCALE_NAMES, LOCALES, isLocale } from '@fluxo/shared/i18n/index';
import type { ShareStep, ShareTicket, ShareTimeline } from '@fluxo/shared/share/timeline';
import { shareTimelineSchema } from '@fluxo/shared/share/timeline';
import { TRPCClientError } from '@trpc/client';
import { For, Match, Show, Switch, createEffect, createSignal, createUniqueId, onCleanup } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import CommentBody from '../conversation/CommentBody';
import { type LiveState, startLiveSubscription } from '../data/liveSubscription';
import { useI18n } from '../i18n/locale';
import { formatDay, formatMoment } from '../ticket/ticketDates';
import type { ShareClient } from './shareClient';
import './share.css';

const liveLabel = (state: LiveState) =>
  state === 'live' ? 'share.state.live' : state === 'connecting' ? 'share.state.connecting' : 'share.state.reconnecting';

const isThrottled = (error: unknown) =>
  error instanceof TRPCClientError && ((error as TRPCClientError<never>).data as { code?: unknown } | undefined)?.code === 'TOO_MANY_REQUESTS';

/**
 * The client timeline (`/share/<token>`): the client's tickets, newest first, each with its
 * summary, stage and status in the client's words, the dates that matter, its steps and the
 * messages meant for the client. One live stream (`share.watch`) brings the whole timeline,
 * then a fresh one at every change; the page re-renders without a reload and says so politely.
 * A link that does not open (unknown, expired, revoked — one answer) shows only that; a
 * link revoked while open drops what it showed. With a `respond` link each ticket has a reply
 * box (`share.reply`); with a `view` link there is no form at all.
 */
export default function SharePage(props: { client: ShareClient; token: string | null }) {
  const i18n = useI18n();
  // A store reconciled by id: a live update changes what changed, and each ticket keeps its
  // section (and the text a client is typing in it).
  const [view, setView] = createStore<{ timeline: ShareTimeline | null }>({ timeline: null });
  const timeline = () => view.timeline;
  const setTimeline = (next: ShareTimeline | null) => setView('timeline', next === null ? null : reconcile(next, { key: 'id' }));
  const [state, setState] = createSignal<LiveState>('connecting');
  const [throttled, setThrottled] = createSignal(false);
  const [announcement, setAnnouncement] = createSignal('');
  let updates = 0;

  if (props.token !== null) {
    const token = props.token;
    const stop = startLiveSubscription<ShareTimeline>({
      cursor: () => null,
      open: (_, callbacks) =>
        props.client.share.watch.subscribe(
          { token },
          {
            onStarted: callbacks.onStarted,
            onData: (data) => callbacks.onData({ id: '', data: shareTimelineSchema.parse(data) }),
            onError: (error) => {
              setThrottled(isThrottled(error));
              callbacks.onError(error);
            },
            onComplete: callbacks.onComplete,
          },
        ),
      onEvent: ({ data }) => {
        setThrottled(false);
        setTimeline(data);
        if (updates++ > 0) setAnnouncement(i18n.t('share.updated'));
      },
      onState: (next) => {
        setState(next);
        // A link that stopped opening shows nothing of what it showed.
        if (next === 'ended') setTimeline(null);
      },
    });
    onCleanup(stop);
  }

  createEffect(() => {
    const current = timeline();
    document.title = current ? i18n.t('share.title', { client: current.client.name }) : i18n.t('share.invalid.title');
  });

  const invalid = () => props.token === null || state() === 'ended';

  return (
    <div class="share-page">
      <header class="share-header">
        <div>
          <Show when={timeline()}>
            {(current) => (
              <>
                <h1>{i18n.t('share.heading', { client: current().client.name })}</h1>
                <p class="share-header__agency">{i18n.t('share.by', { agency: current().agencyName })}</p>
              </>
            )}
          </Show>
        </div>
        <div class="share-header__side">
          <Show when={!invalid()}>
            <span class="share-live" data-state={state()}>
              {i18n.t(liveLabel(state()))}
            </span>
          </Show>
          <LocaleSelect />
        </div>
      </header>
      <div class="visually-hidden" aria-live="polite">
        {announcement()}
      </div>
      <main class="share-main">
        <Switch>
          <Match when={invalid()}>
            <section class="share-invalid" role="alert">
              <h1>{i18n.t('share.invalid.title')}</h1>
              <p>{i18n.t('share.invalid.body')}</p>
            </section>
          </Match>
          <Match when={throttled() && timeline() === null}>
            <p class="share-notice" role="status">
              {i18n.t('share.throttled')}
            </p>
          </Match>
          <Match when={timeline()}>
            {(current) => (
              <>
              <Show when={current().scope === 'respond' && props.token !== null ? requestWith(props.client, props.token ?? '') : null}>
                {(send) => <RequestForm send={send()} />}
              </Show>
              <Show when={current().tickets.length > 0} fallback={<p class="share-notice">{i18n.t('share.empty')}</p>}>
                <For each={current().tickets}>
                  {(ticket) => (
                    <TicketSection
                      ticket={ticket}
                      reply={current().scope === 'respond' && props.token !== null ? replyWith(props.client, props.token) : null}
                    />
                  )}
                </For>
              </Show>
              </>
            )}
          </Match>
          <Match when={timeline() === null}>
            <p class="share-notice" role="status">
              {i18n.t('share.state.connecting')}
            </p>
          </Match>
        </Switch>
      </main>
    </div>
  );
}

function LocaleSelect() {
  const i18n = useI18n();
  const id = createUniqueId();
  return (
    <label class="share-locale" for={id}>
      <span>{i18n.t('share.language')}</span>
      <select
        id={id}
        value={i18n.locale()}
        onChange={(event) => {
          const value = event.currentTarget.value;
          if (isLocale(value)) i18n.setLocale(value as Locale);
        }}
      >
        <For each={LOCALES}>{(locale) => <option value={locale}>{LOCALE_NAMES[locale]}</option>}</For>
      </select>
    </label>
  );
}

/** Sends a new request (respond scope); resolves with its number. */
type SendRequest = (title: string, body: string) => Promise<number | null>;

const requestWith =
  (client: ShareClient, token: string): SendRequest =>
  async (title, body) =>
    (await client.share.request.mutate({ token, title, body })).number;

/** "Novo pedido": a title and details; the text stays until the server has it. */
function RequestForm(props: { send: SendRequest }) {
  const i18n = useI18n();
  const titleId = createUniqueId();
  const detailsId = createUniqueId();
  const headingId = createUniqueId();
  const [title, setTitle] = createSignal('');
  const [details, setDetails] = createSignal('');
  const [state, setState] = createSignal<{ kind: 'idle' | 'sending' | 'failed' } | { kind: 'sent'; number: number | null }>({ kind: 'idle' });
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (title().trim() === '' || state().kind === 'sending') return;
    setState({ kind: 'sending' });
    try {
      const number = await props.send(title().trim(), details().trim());
      setTitle('');
      setDetails('');
      setState({ kind: 'sent', number });
    } catch {
      setState({ kind: 'failed' });
    }
  };
  const sent = () => {
    const current = state();
    return current.kind === 'sent' ? current : null;
  };
  return (
    <section class="share-request" aria-labelledby={headingId}>
      <h2 id={headingId}>{i18n.t('share.request.title')}</h2>
      <form class="share-reply" onSubmit={(event) => void submit(event)}>
        <label for={titleId}>{i18n.t('share.request.name')}</label>
        <input id={titleId} type="text" maxLength={200} value={title()} onInput={(event) => setTitle(event.currentTarget.value)} />
        <label for={detailsId}>{i18n.t('share.request.details')}</label>
        <textarea id={detailsId} rows={3} maxLength={5_000} value={details()} onInput={(event) => setDetails(event.currentTarget.value)} />
        <button type="submit" disabled={state().kind === 'sending' || title().trim() === ''}>
          {i18n.t('share.request.send')}
        </button>
        <Show when={sent()}>
          {(done) => (
            <p role="status">
              {done().number === null ? i18n.t('share.request.sentNoNumber') : i18n.t('share.request.sent', { number: done().number ?? 0 })}
            </p>
          )}
        </Show>
        <Show when={state().kind === 'failed'}>
          <p role="alert" class="share-reply__error">
            {i18n.t('share.request.error')}
          </p>
        </Show>
      </form>
    </section>
  );
}

/** Sends the client's message on a ticket (respond scope); rejects when it was not taken. */
type Reply = (ticketId: ShareTicket['id'], body: string) => Promise<void>;

const replyWith =
  (client: ShareClient, token: string): Reply =>
  async (ticketId, body) => {
    await client.share.reply.mutate({ token, ticketId, body });
  };

/** The reply box of one ticket: the text stays until the server has it. */
function ReplyForm(props: { ticket: ShareTicket; reply: Reply }) {
  const i18n = useI18n();
  const id = createUniqueId();
  const [text, setText] = createSignal('');
  const [state, setState] = createSignal<'idle' | 'sending' | 'sent' | 'failed'>('idle');
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const body = text().trim();
    if (body === '' || state() === 'sending') return;
    setState('sending');
    try {
      await props.reply(props.ticket.id, body);
      setText('');
      setState('sent');
    } catch {
      setState('failed');
    }
  };
  return (
    <form class="share-reply" onSubmit={(event) => void submit(event)}>
      <Show when={props.ticket.status === 'waiting_client'}>
        <p class="share-reply__waiting">{i18n.t('share.reply.waiting')}</p>
      </Show>
      <label for={id}>{i18n.t('share.reply.label')}</label>
      <textarea id={id} rows={3} maxLength={20_000} value={text()} onInput={(event) => setText(event.currentTarget.value)} />
      <button type="submit" disabled={state() === 'sending' || text().trim() === ''}>
        {i18n.t('share.reply.send')}
      </button>
      <Show when={state() === 'sent'}>
        <p role="status">{i18n.t('share.reply.sent')}</p>
      </Show>
      <Show when={state() === 'failed'}>
        <p role="alert" class="share-reply__error">
          {i18n.t('share.reply.error')}
        </p>
      </Show>
    </form>
  );
}

function TicketSection(props: { ticket: ShareTicket; reply: Reply | null }) {
  const i18n = useI18n();
  const titleId = createUniqueId();
  const day = (date: string) => formatDay(i18n.locale(), date);
  const moment = (iso: string) => formatMoment(i18n.locale(), iso);
  const stage = (value: ShareTicket['stage']) => i18n.t(`share.stage.${value}`);
  const stepText = (step: ShareStep): string => {
    switch (step.kind) {
      case 'opened':
        return i18n.t('share.step.opened', { stage: stage(step.stage) });
      case 'stage':
        return i18n.t('share.step.stage', { stage: stage(step.to) });
      case 'status':
        return i18n.t('share.step.status', { status: i18n.t(`share.status.${step.to}`) });
      case 'deadline':
        return step.to === null ? i18n.t('share.step.deadlineRemoved') : i18n.t('share.step.deadline', { date: day(step.to) });
    }
  };
  return (
    <article class="share-ticket" aria-labelledby={titleId} data-status={props.ticket.status}>
      <header class="share-ticket__header">
        <h2 id={titleId}>{props.ticket.title}</h2>
        <Show when={props.ticket.number}>{(number) => <span class="share-ticket__number">#{number()}</span>}</Show>
      </header>
      <p class="share-ticket__badges">
        <span class="share-badge">{stage(props.ticket.stage)}</span>
        <span class="share-badge share-badge--status" data-status={props.ticket.status}>
          {i18n.t(`share.status.${props.ticket.status}`)}
        </span>
      </p>
      <Show when={props.ticket.summary}>
        <p class="share-ticket__summary">{props.ticket.summary}</p>
      </Show>
      <dl class="share-ticket__dates" aria-label={i18n.t('share.dates')}>
        <div>
          <dt>{i18n.t('share.date.opened')}</dt>
          <dd>
            <time datetime={props.ticket.openedAt}>{moment(props.ticket.openedAt)}</time>
          </dd>
        </div>
        <Show when={props.ticket.dueDate}>
          {(due) => (
            <div>
              <dt>{i18n.t('share.date.due')}</dt>
              <dd>
                <time datetime={due()}>{day(due())}</time>
              </dd>
            </div>
          )}
        </Show>
        <Show when={props.ticket.deliveredAt}>
          {(at) => (
            <div>
              <dt>{i18n.t('share.date.delivered')}</dt>
              <dd>
                <time datetime={at()}>{moment(at())}</time>
              </dd>
            </div>
          )}
        </Show>
        <Show when={props.ticket.closedAt}>
          {(at) => (
            <div>
              <dt>{i18n.t('share.date.closed')}</dt>
              <dd>
                <time datetime={at()}>{moment(at())}</time>
              </dd>
            </div>
          )}
        </Show>
      </dl>
      <Show when={props.ticket.steps.length > 0}>
        <details class="share-ticket__steps" open>
          <summary>{i18n.t('share.steps')}</summary>
          <ol>
            <For each={props.ticket.steps}>
              {(step) => (
                <li>
                  <time datetime={step.at}>{moment(step.at)}</time> — {stepText(step)}
                </li>
              )}
            </For>
          </ol>
        </details>
      </Show>
      <section class="share-ticket__comments" aria-label={i18n.t('share.comments')}>
        <h3>{i18n.t('share.comments')}</h3>
        <Show when={props.ticket.comments.length > 0} fallback={<p class="share-notice">{i18n.t('share.noComments')}</p>}>
          <ol>
            <For each={props.ticket.comments}>
              {(comment) => (
                <li class="share-comment" data-author={comment.author.kind}>
                  <p class="share-comment__meta">
                    <strong>{comment.author.kind === 'agency' ? comment.author.name : (comment.author.name ?? i18n.t('share.author.client'))}</strong>{' '}
                    <time datetime={comment.createdAt}>{moment(comment.createdAt)}</time>
                    <Show when={comment.editedAt}> {i18n.t('share.edited')}</Show>
                  </p>
                  <CommentBody body={comment.body} mentionName={() => null} />
                </li>
              )}
            </For>
          </ol>
        </Show>
        <Show when={props.reply}>{(reply) => <ReplyForm ticket={props.ticket} reply={reply()} />}</Show>
      </section>
    </article>
  );
}
