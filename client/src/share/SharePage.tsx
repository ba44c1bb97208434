import type { MessageKey } from '@fluxo/shared/i18n/index';
import { type ShareTimeline, shareTimelineSchema } from '@fluxo/shared/share/timeline';
import { For, Match, Show, Switch, createEffect, createSignal, createUniqueId, onCleanup } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { type LiveState, startLiveSubscription } from '../data/liveSubscription';
import { describeRequestError } from '../data/requestError';
import { useI18n } from '../i18n/locale';
import type { Reply } from './ReplyForm';
import type { Decide } from './ApprovalCard';
import { type ShareApproval, shareApprovalFilePath } from '@fluxo/shared/approvals/approval';
import RequestForm, { type SendRequest } from './RequestForm';
import ShareLocaleSelect from './ShareLocaleSelect';
import ClientReportView from './ClientReportView';
import type { ShareClient } from './shareClient';
import TicketSection, { ticketAnchor } from './TicketSection';
import { createShareSurveys } from './satisfactionSurveys';
import { type TimelineChange, timelineChanges } from './timelineChanges';
import './share.css';

/** What the header says about the live stream; also its `data-state` for the stylesheet. */
type Connection = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'throttled';

const CONNECTION_KEYS: Record<Connection, MessageKey> = {
  connecting: 'share.state.connecting',
  live: 'share.state.live',
  reconnecting: 'share.state.reconnecting',
  offline: 'share.state.offline',
  throttled: 'share.state.throttled',
};

/** The browser's idea of being online, kept current by its `online` / `offline` events. */
function createOnline(): () => boolean {
  const [online, setOnline] = createSignal(typeof navigator === 'undefined' ? true : navigator.onLine !== false);
  const up = () => setOnline(true);
  const down = () => setOnline(false);
  window.addEventListener('online', up);
  window.addEventListener('offline', down);
  onCleanup(() => {
    window.removeEventListener('online', up);
    window.removeEventListener('offline', down);
  });
  return online;
}

/**
 * The client timeline (`/share/<token>`): the client's tickets, newest first, each with its
 * summary, stage and status in the client's words, the dates that matter, its steps and the
 * messages meant for the client. One live stream (`share.watch`) brings the whole timeline,
 * then a fresh one at every change; the page re-renders without a reload and says what changed
 * in a polite live region. The header tells whether the page is live, reconnecting (the
 * connection dropped; the browser or `liveSubscription` reconnects), offline, or throttled.
 * A link that does not open (unknown, expired, revoked — one answer) shows only that; a link
 * revoked while open drops what it showed. With a `respond` link each ticket has a reply box
 * (`share.reply`), each version awaiting approval its approve / ask-for-changes buttons
 * (`share.decide`), and the page a "Novo pedido" form (`share.request`); with a `view` link
 * there is no form at all.
 */
export default function SharePage(props: { client: ShareClient; token: string | null }) {
  const i18n = useI18n();
  // A store reconciled by id: a live update changes what changed, and each ticket keeps its
  // section (and the text a client is typing in it).
  const [view, setView] = createStore<{ timeline: ShareTimeline | null }>({ timeline: null });
  const timeline = () => view.timeline;
  /**
   * The last timeline applied, as received (what the next one is compared with). The store gets
   * a copy: `reconcile` adopts the first object it is given and mutates it on later updates.
   */
  let previous: ShareTimeline | null = null;
  const setTimeline = (next: ShareTimeline | null) => {
    previous = next;
    setView('timeline', next === null ? null : reconcile(structuredClone(next), { key: 'id' }));
  };
  const [state, setState] = createSignal<LiveState>('connecting');
  /** The connection dropped under an open stream; the browser's `EventSource` is reconnecting. */
  const [dropped, setDropped] = createSignal(false);
  const [throttled, setThrottled] = createSignal(false);
  const online = createOnline();
  const [announcement, setAnnouncement] = createSignal('');

  const announce = (text: string) => {
    // Emptied first, so the same words said twice are said again.
    setAnnouncement('');
    queueMicrotask(() => setAnnouncement(text));
  };
  const changeText = (change: TimelineChange): string => {
    switch (change.kind) {
      case 'added':
        return i18n.t('share.announce.added', { title: change.title });
      case 'moved':
        return i18n.t('share.announce.moved', {
          title: change.title,
          stage: i18n.t(`share.stage.${change.stage}`),
          status: i18n.t(`share.status.${change.status}`),
        });
      case 'message':
        return i18n.t('share.announce.message', { title: change.title });
    }
  };
  const apply = (next: ShareTimeline) => {
    const before = previous;
    if (before !== null && JSON.stringify(before) === JSON.stringify(next)) return;
    setTimeline(next);
    if (before === null) return;
    const changes = timelineChanges(before, next);
    const [only] = changes;
    announce(changes.length > 1 ? i18n.t('share.announce.many', { count: changes.length }) : only ? changeText(only) : i18n.t('share.updated'));
  };

  if (props.token !== null) {
    const token = props.token;
    const stop = startLiveSubscription<ShareTimeline>({
      // Every event is the whole timeline: a new stream starts from the current one.
      cursor: () => null,
      open: (_, callbacks) =>
        props.client.share.watch.subscribe(
          { token },
          {
            onStarted: () => {
              setDropped(false);
              callbacks.onStarted();
            },
            onData: (data) => {
              // The server checks its answers against the same schema; a timeline that does
              // not match it (an older or foreign server) is not shown rather than half-shown.
              const parsed = shareTimelineSchema.safeParse(data);
              if (parsed.success) callbacks.onData({ id: '', data: parsed.data });
            },
            onError: (error) => {
              setThrottled(describeRequestError(error).kind === 'throttled');
              callbacks.onError(error);
            },
            onComplete: callbacks.onComplete,
            onConnectionStateChange: (connection) => {
              if (connection.state === 'connecting' && connection.error !== null) setDropped(true);
              if (connection.state === 'pending') setDropped(false);
            },
          },
        ),
      onEvent: ({ data }) => {
        setThrottled(false);
        apply(data);
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
  const connection = (): Connection => {
    if (!online()) return 'offline';
    if (throttled()) return 'throttled';
    const current = state();
    if (current === 'reconnecting' || (current === 'live' && dropped())) return 'reconnecting';
    return current === 'live' ? 'live' : 'connecting';
  };
  const respond = () => timeline()?.scope === 'respond' && props.token !== null;
  const waiting = () => timeline()?.tickets.filter((ticket) => ticket.status === 'waiting_client') ?? [];
  const waitingId = createUniqueId();

  const reply: Reply = async (ticketId, body) => {
    if (props.token === null) throw new Error('no link');
    await props.client.share.reply.mutate({ token: props.token, ticketId, parentId: null, body });
  };
  const decide: Decide = async (approval, outcome, note) => {
    if (props.token === null) throw new Error('no link');
    await props.client.share.decide.mutate({ token: props.token, approvalId: approval.id, outcome, contentHash: approval.contentHash, note });
  };
  // Issue 8: "Como foi a entrega?" under each delivered ticket that has a survey.
  const surveys = createShareSurveys(props.client, () => props.token, timeline);
  const fileHref = (approval: ShareApproval) => (props.token === null ? '#' : shareApprovalFilePath(props.token, approval.id));
  const sendRequest: SendRequest = async (title, body) => {
    if (props.token === null) throw new Error('no link');
    return (await props.client.share.request.mutate({ token: props.token, title, body })).number;
  };

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
            <span class="share-live" role="status" data-state={connection()}>
              {i18n.t(CONNECTION_KEYS[connection()])}
            </span>
          </Show>
          <ShareLocaleSelect />
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
          <Match when={timeline()}>
            {(current) => (
              <>
                <Show when={props.token}>{(token) => <ClientReportView client={props.client} token={token()} />}</Show>
                <Show when={waiting().length > 0}>
                  <section class="share-waiting" aria-labelledby={waitingId}>
                    <h2 id={waitingId}>{i18n.t('share.waitingBadge')}</h2>
                    <ul>
                      <For each={waiting()}>
                        {(ticket) => (
                          <li>
                            <a href={`#${ticketAnchor(ticket.id)}`}>{ticket.title}</a>
                          </li>
                        )}
                      </For>
                    </ul>
                  </section>
                </Show>
                <Show when={respond()}>
                  <RequestForm send={sendRequest} />
                </Show>
                <Show when={current().tickets.length > 0} fallback={<p class="share-notice">{i18n.t('share.empty')}</p>}>
                  <For each={current().tickets}>{(ticket) => <TicketSection ticket={ticket} reply={respond() ? reply : null} decide={respond() ? decide : null} fileHref={fileHref} survey={surveys.surveyFor(ticket.id)} rate={respond() ? surveys.rate : null} />}</For>
                </Show>
              </>
            )}
          </Match>
          <Match when={throttled()}>
            <p class="share-notice share-notice--problem">{i18n.t('share.throttled')}</p>
          </Match>
          <Match when={true}>
            <p class="share-notice">{i18n.t(CONNECTION_KEYS[connection()])}</p>
          </Match>
        </Switch>
      </main>
    </div>
  );
}
