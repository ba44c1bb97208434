import type { Ticket } from '@fluxo/shared/board/ticket';
import { setStatus } from '@fluxo/shared/board/setStatus';
import { canSetStatus } from '@fluxo/shared/flow/rules';
import { holderOf } from '@fluxo/shared/flow/stages';
import { STATUSES, isClosed, statusSchema } from '@fluxo/shared/flow/statuses';
import type { TransactionOrigin } from '@fluxo/shared/origin';
import { For, Show, createUniqueId } from 'solid-js';
import type * as Y from 'yjs';
import { useI18n } from '../i18n/locale';
import type { BoardMember, RunCommand } from './drawerTypes';
import { formatMoment } from './ticketDates';

/**
 * Where the ticket is and who opened it: status (editable under the flow rules: a closed ticket
 * can only be reopened, so the other choices are disabled; "done" also waits for the client's
 * approval when the ticket's kind requires it, and says what is missing), the stage and its holder (read-only
 * here: stages change by moving the card), the human number and the creation.
 */
export default function TicketFacts(props: {
  doc: Y.Doc;
  origin: TransactionOrigin;
  ticket: Ticket;
  members: readonly BoardMember[];
  run: RunCommand;
  /** What the client must still approve before "done" (the kind's rule); empty: nothing holds it. */
  doneBlockedBy?: readonly string[];
}) {
  const i18n = useI18n();
  const statusId = `ticket-status-${createUniqueId()}`;
  const hintId = `${statusId}-hint`;
  const gateId = `${statusId}-gate`;
  const blocked = () => (props.ticket.status === 'done' ? [] : (props.doneBlockedBy ?? []));

  const onStatus = (event: Event & { currentTarget: HTMLSelectElement }) => {
    const select = event.currentTarget;
    const parsed = statusSchema.safeParse(select.value);
    const ticketId = props.ticket.id;
    const held = parsed.success && parsed.data === 'done' && blocked().length > 0;
    const ok = parsed.success && !held && props.run(() => setStatus(props.doc, { ticketId, status: parsed.data }, props.origin));
    if (!ok) select.value = props.ticket.status;
  };

  const creator = () => props.members.find((m) => m.id === props.ticket.createdBy);
  const created = () => {
    const date = formatMoment(i18n.locale(), props.ticket.createdAt);
    if (props.ticket.createdBy === null) return i18n.t('drawer.created.bySystem', { date });
    return i18n.t('drawer.created.by', { date, name: creator()?.name ?? i18n.t('drawer.person.unknown') });
  };

  return (
    <section class="ticket-facts" aria-label={i18n.t('drawer.facts')}>
      <div class="ticket-field">
        <label for={statusId}>{i18n.t('ticket.status')}</label>
        <select
          id={statusId}
          value={props.ticket.status}
          onChange={onStatus}
          aria-describedby={isClosed(props.ticket.status) ? hintId : blocked().length > 0 ? gateId : undefined}
          classList={{ [`status-select--${props.ticket.status}`]: true }}
        >
          <For each={STATUSES}>
            {(status) => (
              <option value={status} disabled={!canSetStatus(props.ticket.status, status) || (status === 'done' && blocked().length > 0)}>
                {i18n.t(`status.${status}`)}
              </option>
            )}
          </For>
        </select>
        <Show when={blocked().length > 0}>
          <p class="ticket-field__hint" id={gateId} data-gate="missing">
            {i18n.t('drawer.status.doneNeedsApproval', { items: new Intl.ListFormat(i18n.locale(), { type: 'conjunction' }).format(blocked()) })}
          </p>
        </Show>
        <Show when={isClosed(props.ticket.status)}>
          <p class="ticket-field__hint" id={hintId}>
            {i18n.t('drawer.status.closedHint')}
          </p>
        </Show>
      </div>
      <dl class="ticket-facts__list">
        <div>
          <dt>{i18n.t('ticket.stage')}</dt>
          <dd data-testid="ticket-stage">{i18n.t(`stage.${props.ticket.stage}`)}</dd>
        </div>
        <div>
          <dt>{i18n.t('drawer.holder')}</dt>
          <dd>{i18n.t(`holder.${holderOf(props.ticket.stage)}`)}</dd>
        </div>
        <div>
          <dt>{i18n.t('drawer.number')}</dt>
          <dd>
            {props.ticket.number === null
              ? i18n.t('drawer.number.pending')
              : i18n.t('ticket.number', { number: props.ticket.number })}
          </dd>
        </div>
        <div>
          <dt>{i18n.t('drawer.created')}</dt>
          <dd>
            <time datetime={props.ticket.createdAt}>{created()}</time>
          </dd>
        </div>
      </dl>
    </section>
  );
}
