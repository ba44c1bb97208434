import { type ClientReport, dayOfInstant, lastDayOf } from '@fluxo/shared/reports/clientReport';
import { For, Show, createEffect, createResource, createSignal, createUniqueId, onCleanup } from 'solid-js';
import { useI18n } from '../i18n/locale';
import { formatDay } from '../ticket/ticketDates';
import { fetchShareReport, reportAddress } from './clientReportRequest';
import type { ShareClient } from './shareClient';
import './clientReport.css';

/**
 * "Relatório" on the client timeline (issue 8): the client's report of work done on this link's
 * board for a period — delivered, in progress (stage, status, promised date, overdue), waiting
 * on the client, pending approvals — the same report the client gets by email, read through
 * `share.report` (the link's token only). It is its own address (`?relatorio=1&de=…&ate=…`, the
 * emailed link; the timeline links to it, so a watch-only page still has no button); "Imprimir" prints it alone: while it is open,
 * the page's print stylesheet (`clientReport.css`) hides everything else and every button.
 */
export default function ClientReportView(props: { client: ShareClient; token: string }) {
  const i18n = useI18n();
  const address = reportAddress(typeof window === 'undefined' ? '' : window.location.search);
  /** The report is its own address: the timeline links to it, it links back (no reload of state to lose). */
  const open = () => address.open;
  const [from, setFrom] = createSignal(address.from ?? '');
  const [last, setLast] = createSignal(address.last ?? '');
  /** The days asked for (null: the server's default, the last 7 days). */
  const [asked, setAsked] = createSignal<{ from: string; last: string } | null>(address.from !== null && address.last !== null ? { from: address.from, last: address.last } : null);
  const [report] = createResource(
    () => (open() ? { days: asked() } : false),
    async ({ days }): Promise<ClientReport> => {
      const loaded = await fetchShareReport(props.client, props.token, days);
      setFrom(loaded.period.from);
      setLast(lastDayOf(loaded.period));
      return loaded;
    },
  );
  const headingId = createUniqueId();
  const day = (value: string) => formatDay(i18n.locale(), value);
  const instant = (r: ClientReport, at: string) => day(dayOfInstant(r.timeZone, at));
  const ticket = (item: { number: number | null; title: string }) => (item.number === null ? item.title : `#${item.number} ${item.title}`);
  const validDays = () => from() !== '' && last() !== '' && from() <= last();

  createEffect(() => {
    const shown = open();
    document.body.classList.toggle('share-report-open', shown);
    onCleanup(() => document.body.classList.remove('share-report-open'));
  });

  const show = (event: SubmitEvent) => {
    event.preventDefault();
    if (validDays()) setAsked({ from: from(), last: last() });
  };

  return (
    <section class="client-report" aria-labelledby={headingId}>
      <Show
        when={open()}
        fallback={
          <a class="client-report__toggle" href="?relatorio=1">
            {i18n.t('clientReport.open')}
          </a>
        }
      >
        <h2 id={headingId}>{i18n.t('clientReport.heading')}</h2>
        <form class="client-report__period" onSubmit={show}>
          <label>
            {i18n.t('clientReport.from')}
            <input type="date" value={from()} onInput={(event) => setFrom(event.currentTarget.value)} />
          </label>
          <label>
            {i18n.t('clientReport.to')}
            <input type="date" value={last()} onInput={(event) => setLast(event.currentTarget.value)} />
          </label>
          <button type="submit" disabled={!validDays() || report.loading}>
            {i18n.t('clientReport.show')}
          </button>
          <button type="button" onClick={() => window.print()} disabled={report.state !== 'ready'}>
            {i18n.t('clientReport.print')}
          </button>
          <a href={typeof window === 'undefined' ? '.' : window.location.pathname}>{i18n.t('clientReport.close')}</a>
        </form>
        <Show when={from() !== '' && last() !== '' && !validDays()}>
          <p class="share-notice share-notice--problem">{i18n.t('clientReport.badPeriod')}</p>
        </Show>
        <Show when={report.loading}>
          <p class="share-notice" role="status">
            {i18n.t('clientReport.loading')}
          </p>
        </Show>
        <Show when={report.state === 'errored'}>
          <p class="share-notice share-notice--problem" role="alert">
            {i18n.t('clientReport.loadError')}
          </p>
        </Show>
        <Show when={report.state === 'ready' ? report() : undefined}>
          {(current) => (
            <div class="client-report__body">
              <p class="client-report__period-line">
                <strong>{current().client.name}</strong> · {i18n.t('clientReport.period', { from: day(current().period.from), to: day(lastDayOf(current().period)) })}
              </p>
              <h3>{i18n.t('clientReport.delivered')}</h3>
              <Show when={current().delivered.length > 0} fallback={<p class="client-report__none">{i18n.t('clientReport.deliveredNone')}</p>}>
                <ul>
                  <For each={current().delivered}>
                    {(item) => (
                      <li>
                        {ticket(item)} — {i18n.t('clientReport.deliveredAt', { date: instant(current(), item.deliveredAt) })}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <h3>{i18n.t('clientReport.inProgress')}</h3>
              <Show when={current().inProgress.length > 0} fallback={<p class="client-report__none">{i18n.t('clientReport.inProgressNone')}</p>}>
                <ul>
                  <For each={current().inProgress}>
                    {(item) => (
                      <li>
                        {ticket(item)} — {i18n.t(`share.stage.${item.stage}`)} · {i18n.t(`share.status.${item.status}`)} ·{' '}
                        {item.dueDate === null ? i18n.t('clientReport.noDue') : i18n.t('clientReport.due', { date: day(item.dueDate) })}
                        <Show when={item.overdue}>
                          {' '}
                          <strong class="client-report__overdue">{i18n.t('clientReport.overdue')}</strong>
                        </Show>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <h3>{i18n.t('clientReport.waiting')}</h3>
              <Show when={current().waitingOnClient.length > 0} fallback={<p class="client-report__none">{i18n.t('clientReport.waitingNone')}</p>}>
                <ul>
                  <For each={current().waitingOnClient}>
                    {(item) => (
                      <li>
                        {ticket(item)}
                        <Show when={item.since}>{(since) => <> — {i18n.t('clientReport.since', { date: instant(current(), since()) })}</>}</Show>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <h3>{i18n.t('clientReport.approvals')}</h3>
              <Show when={current().pendingApprovals.length > 0} fallback={<p class="client-report__none">{i18n.t('clientReport.approvalsNone')}</p>}>
                <ul>
                  <For each={current().pendingApprovals}>
                    {(item) => (
                      <li>
                        {i18n.t('clientReport.approvalItem', {
                          title: item.milestoneName === null ? item.title : `${item.milestoneName}: ${item.title}`,
                          version: item.version,
                          ticket: ticket({ number: item.number, title: item.ticketTitle }),
                        })}{' '}
                        — {i18n.t('clientReport.sentAt', { date: instant(current(), item.requestedAt) })}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <p class="client-report__generated">{i18n.t('clientReport.generated', { date: instant(current(), current().generatedAt), agency: current().agencyName })}</p>
            </div>
          )}
        </Show>
      </Show>
    </section>
  );
}
