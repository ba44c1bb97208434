import { useSearchParams } from '@solidjs/router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import { TRPCClientError } from '@trpc/client';
import { For, Show, createSignal } from 'solid-js';
import { meQuery } from '../data/auth';
import { OUTBOX_STATUSES, type OutboxItem, type OutboxStatus, canRetry, isOutboxStatus, outboxQuery, retryEmailMutation } from '../data/mail';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import { formatMoment } from '../ticket/ticketDates';
import ActionOutcome, { type Outcome } from './ActionOutcome';
import './admin.css';
import QueryList from '../components/QueryList';


const isConflict = (error: unknown) =>
  error instanceof TRPCClientError && ((error as TRPCClientError<never>).data as { code?: unknown } | undefined)?.code === 'CONFLICT';

/**
 * `/admin/mail` (admins only — the server refuses others too): the agency's email outbox, newest
 * first, filtered by status (`?status=failed`, kept in the URL): who each email goes to, its
 * kind, status, attempts, next attempt or when it was sent, the last error, and "Tentar de
 * novo" for a failed or waiting email. The list refreshes by itself every 15 s.
 */
export default function MailOutboxPage() {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const me = useQuery(() => meQuery(trpc));
  const isAdmin = () => me.data?.role === 'admin';
  const [params, setParams] = useSearchParams();
  const status = (): OutboxStatus | null => (isOutboxStatus(params.status) ? params.status : null);
  const outbox = useQuery(() => ({ ...outboxQuery(trpc, status()), enabled: isAdmin() }));
  const retry = useMutation(() => retryEmailMutation(trpc, queryClient));
  const [outcome, setOutcome] = createSignal<Outcome | null>(null);

  const retryRow = (item: OutboxItem) => {
    setOutcome(null);
    retry.mutate(item.id, {
      onSuccess: () => setOutcome({ key: 'mail.retried', params: { to: item.to }, failed: false }),
      onError: (error) => setOutcome({ key: isConflict(error) ? 'mail.retry.conflict' : 'mail.retry.error', failed: true }),
    });
  };

  const moment = (iso: string | null) => (iso ? formatMoment(i18n.locale(), iso) : '');

  return (
    <div class="page mail-outbox">
      <h1>{i18n.t('mail.title')}</h1>
      <Show
        when={isAdmin()}
        fallback={
          <Show when={me.data}>
            <p class="notice" role="alert">
              {i18n.t('mail.forbidden')}
            </p>
          </Show>
        }
      >
        <p class="mail-outbox__intro">{i18n.t('mail.intro')}</p>
        <div class="mail-outbox__toolbar">
          <label class="mail-outbox__filter">
            {i18n.t('mail.filter')}
            <select
              value={status() ?? ''}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setParams({ status: isOutboxStatus(value) ? value : undefined }, { replace: true });
              }}
            >
              <option value="">{i18n.t('mail.filter.all')}</option>
              <For each={OUTBOX_STATUSES}>{(choice) => <option value={choice}>{i18n.t(`mail.status.${choice}`)}</option>}</For>
            </select>
          </label>
          <button type="button" class="button button--ghost button--small" disabled={outbox.isFetching} onClick={() => void outbox.refetch()}>
            {i18n.t('mail.refresh')}
          </button>
        </div>
        <ActionOutcome outcome={outcome()} class="mail-outbox__outcome" />
        <QueryList
          pending={outbox.isPending}
          failed={outbox.isError}
          rows={outbox.data}
          messages={{ loading: 'mail.loading', error: 'mail.error', empty: 'mail.empty' }}
        >
          {(rows) => (
            <div class="mail-outbox__scroll">
              <table class="mail-outbox__table">
                <thead>
                  <tr>
                    <th scope="col">{i18n.t('mail.column.created')}</th>
                    <th scope="col">{i18n.t('mail.column.to')}</th>
                    <th scope="col">{i18n.t('mail.column.kind')}</th>
                    <th scope="col">{i18n.t('mail.column.status')}</th>
                    <th scope="col">{i18n.t('mail.column.attempts')}</th>
                    <th scope="col">{i18n.t('mail.column.next')}</th>
                    <th scope="col">{i18n.t('mail.column.error')}</th>
                    <th scope="col">{i18n.t('mail.column.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={rows()}>
                    {(item) => (
                      <tr data-status={item.status}>
                        <td>
                          <time datetime={item.createdAt}>{moment(item.createdAt)}</time>
                        </td>
                        <td class="mail-outbox__to">{item.to}</td>
                        <td>{i18n.t(`mail.kind.${item.kind}`)}</td>
                        <td>
                          <span class="mail-status" data-status={item.status}>
                            {i18n.t(`mail.status.${item.status}`)}
                          </span>
                        </td>
                        <td>{item.attempts}</td>
                        <td>
                          <Show
                            when={item.sentAt}
                            fallback={<Show when={item.status !== 'failed' && item.nextAttemptAt}>{(next) => i18n.t('mail.nextAt', { date: moment(next()) })}</Show>}
                          >
                            {(sent) => i18n.t('mail.sentAt', { date: moment(sent()) })}
                          </Show>
                        </td>
                        <td class="mail-outbox__error">{item.lastError ?? ''}</td>
                        <td>
                          <Show when={canRetry(item)}>
                            <button
                              type="button"
                              class="button button--ghost button--small"
                              aria-label={i18n.t('mail.retry.label', { to: item.to })}
                              disabled={retry.isPending && retry.variables === item.id}
                              onClick={() => retryRow(item)}
                            >
                              {i18n.t('mail.retry')}
                            </button>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          )}
        </QueryList>
      </Show>
    </div>
  );
}
