import { useQuery } from '@tanstack/solid-query';
import type { BoardId, TicketId } from '@fluxo/shared/ids';
import { Match, Show, Switch } from 'solid-js';
import { ticketSatisfactionQuery } from '../data/satisfaction';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import { formatMoment } from './ticketDates';

/**
 * The drawer's "Satisfação do cliente" (issue 8), for staff only: once the delivered ticket's
 * client was asked, when; once answered, the rating (a low one marked), the comment as text and
 * when it came. Nothing at all for a ticket never asked (not delivered, or without a client).
 * Read afresh when the ticket becomes done (a delivery asks), until its survey exists.
 */
export default function TicketSatisfaction(props: { boardId: BoardId; ticketId: TicketId; status: string }) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const satisfaction = useQuery(() => ticketSatisfactionQuery(trpc, props.boardId, props.ticketId, props.status === 'done'));
  const headingId = `ticket-satisfaction-${props.ticketId}`;
  const moment = (iso: string) => formatMoment(i18n.locale(), iso);
  return (
    <Switch>
      <Match when={satisfaction.isError}>
        <p class="notice notice--error" role="alert">
          {i18n.t('satisfaction.drawer.failed')}
        </p>
      </Match>
      <Match when={satisfaction.data}>
        {(shown) => (
          <section class="ticket-satisfaction" aria-labelledby={headingId}>
            <h3 id={headingId}>{i18n.t('satisfaction.drawer.heading')}</h3>
            <Show when={shown().answer} fallback={<p>{i18n.t('satisfaction.drawer.waiting', { date: moment(shown().askedAt) })}</p>}>
              {(answer) => (
                <>
                  <p class="ticket-satisfaction__rating" data-low={shown().low ? 'true' : 'false'}>
                    <strong>{i18n.t('satisfaction.drawer.rating', { rating: answer().rating })}</strong>
                    <Show when={shown().low}>
                      {' '}
                      <span class="badge badge--attention">{i18n.t('satisfaction.drawer.low')}</span>
                    </Show>
                  </p>
                  <Show when={answer().comment} fallback={<p class="empty-state">{i18n.t('satisfaction.drawer.noComment')}</p>}>
                    {(comment) => <blockquote class="ticket-satisfaction__comment">{comment()}</blockquote>}
                  </Show>
                  <p class="ticket-satisfaction__when">
                    <time datetime={answer().answeredAt}>{i18n.t('satisfaction.drawer.answeredAt', { date: moment(answer().answeredAt) })}</time>
                  </p>
                </>
              )}
            </Show>
          </section>
        )}
      </Match>
    </Switch>
  );
}
