import type { BoardId, TicketId } from '@fluxo/shared/ids';
import { useQuery, useQueryClient } from '@tanstack/solid-query';
import { For, Match, Switch, createEffect, createSignal, createUniqueId, on, onCleanup } from 'solid-js';
import { invalidateTicketHistory, ticketHistoryQuery } from '../data/tickets';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import type { BoardClient, BoardMember } from './drawerTypes';
import { historyAction, historyAuthor } from './historyText';
import { formatMoment, formatRelative } from './ticketDates';

/** How long the ticket must stay quiet before its history is asked for again. */
export const HISTORY_REFETCH_DELAY_MS = 1_500;
/** How often relative times ("5 minutes ago") are brought up to date. */
const CLOCK_TICK_MS = 30_000;

/**
 * The ticket's history as the server witnessed it, newest first: who did what, when (relative,
 * and the absolute moment beside it). The server records entries as it
 * accepts updates, so after a recorded field of the ticket changes in the document (`recorded`,
 * see liveTicket.ts) the list is fetched again once things are quiet for
 * `HISTORY_REFETCH_DELAY_MS` — a burst of clicks is one request, and typing is none.
 */
export default function HistoryTimeline(props: {
  boardId: BoardId;
  ticketId: TicketId;
  /** Changes when the ticket changes in a way the server records. */
  recorded: string;
  members: readonly BoardMember[];
  clients: readonly BoardClient[];
}) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const headingId = `ticket-history-${createUniqueId()}`;
  const history = useQuery(() => ticketHistoryQuery(trpc, props.boardId, props.ticketId));
  const entries = () => [...(history.data ?? [])].reverse();

  const [now, setNow] = createSignal(Date.now());
  const clock = setInterval(() => setNow(Date.now()), CLOCK_TICK_MS);
  onCleanup(() => clearInterval(clock));

  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(
    on(
      () => props.recorded,
      () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          setNow(Date.now());
          void invalidateTicketHistory(queryClient, props.boardId, props.ticketId);
        }, HISTORY_REFETCH_DELAY_MS);
      },
      { defer: true },
    ),
  );
  onCleanup(() => clearTimeout(timer));

  return (
    <section class="ticket-history" aria-labelledby={headingId}>
      <h3 id={headingId}>{i18n.t('drawer.history')}</h3>
      <Switch>
        <Match when={history.isPending}>
          <p class="ticket-section__empty" role="status">
            {i18n.t('drawer.history.loading')}
          </p>
        </Match>
        <Match when={history.isError}>
          <p class="notice notice--error" role="alert">
            {i18n.t('drawer.history.error')}{' '}
            <button type="button" class="button button--ghost button--small" onClick={() => void history.refetch()}>
              {i18n.t('drawer.history.retry')}
            </button>
          </p>
        </Match>
        <Match when={entries().length === 0}>
          <p class="ticket-section__empty">{i18n.t('drawer.history.empty')}</p>
        </Match>
        <Match when={entries().length > 0}>
          <ol class="ticket-history__list">
            <For each={entries()}>
              {(entry) => (
                <li class="ticket-history__entry" data-kind={entry.kind}>
                  <time class="ticket-history__when" datetime={entry.at}>
                    <span>{formatRelative(i18n.locale(), entry.at, now())}</span>
                    <span class="ticket-history__moment">{formatMoment(i18n.locale(), entry.at)}</span>
                  </time>
                  <span class="ticket-history__text">
                    <strong>{historyAuthor(i18n, entry)}</strong>{' '}
                    {historyAction(i18n, entry, { members: props.members, clients: props.clients })}
                  </span>
                </li>
              )}
            </For>
          </ol>
        </Match>
      </Switch>
    </section>
  );
}
