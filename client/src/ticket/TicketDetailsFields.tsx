import { setDueDate } from '@fluxo/shared/board/setDueDate';
import { setSteps } from '@fluxo/shared/board/setSteps';
import { setTicketDetails } from '@fluxo/shared/board/setTicketDetails';
import type { Ticket } from '@fluxo/shared/board/ticket';
import type { TicketKind } from '@fluxo/shared/kinds/ticketKind';
import { CHANNELS, channelSchema } from '@fluxo/shared/flow/channels';
import { PRIORITIES, prioritySchema } from '@fluxo/shared/flow/priorities';
import type { TransactionOrigin } from '@fluxo/shared/origin';
import { For, Show, createUniqueId } from 'solid-js';
import type * as Y from 'yjs';
import { useI18n } from '../i18n/locale';
import type { BoardClient, RunCommand } from './drawerTypes';

/**
 * The ticket's plain details: deadline (native date input; empty clears it), channel, client
 * (from the agency's clients; a client id this list does not know is shown as such, not
 * dropped), priority (with the kind, it sets the SLA targets; staff only) and kind — one of the agency's kinds (`workspace.kinds`; archived ones are not
 * offered, but a ticket of one, or of a kind this list does not know, shows it as such). Choosing a
 * kind for a ticket without production steps gives it the kind's steps.
 */
export default function TicketDetailsFields(props: {
  doc: Y.Doc;
  origin: TransactionOrigin;
  ticket: Ticket;
  clients: readonly BoardClient[];
  kinds: readonly TicketKind[];
  run: RunCommand;
}) {
  const i18n = useI18n();
  const base = `ticket-details-${createUniqueId()}`;
  const offeredKinds = () => props.kinds.filter((k) => !k.archived);
  const currentKindOffered = () => props.ticket.kind === null || offeredKinds().some((k) => k.slug === props.ticket.kind);
  const currentKindName = () => props.kinds.find((k) => k.slug === props.ticket.kind)?.name ?? props.ticket.kind ?? '';
  const knownClient = () => props.ticket.clientId === null || props.clients.some((c) => c.id === props.ticket.clientId);

  const onDueDate = (event: Event & { currentTarget: HTMLInputElement }) => {
    const input = event.currentTarget;
    const dueDate = input.value === '' ? null : input.value;
    const ticketId = props.ticket.id;
    if (!props.run(() => setDueDate(props.doc, { ticketId, dueDate }, props.origin))) input.value = props.ticket.dueDate ?? '';
  };

  const clearDueDate = () => {
    const ticketId = props.ticket.id;
    props.run(() => setDueDate(props.doc, { ticketId, dueDate: null }, props.origin));
  };

  const onChannel = (event: Event & { currentTarget: HTMLSelectElement }) => {
    const select = event.currentTarget;
    const channel = channelSchema.safeParse(select.value);
    const ticketId = props.ticket.id;
    const ok = channel.success && props.run(() => setTicketDetails(props.doc, { ticketId, channel: channel.data }, props.origin));
    if (!ok) select.value = props.ticket.channel;
  };

  const onPriority = (event: Event & { currentTarget: HTMLSelectElement }) => {
    const select = event.currentTarget;
    const priority = prioritySchema.safeParse(select.value);
    const ticketId = props.ticket.id;
    const ok = priority.success && props.run(() => setTicketDetails(props.doc, { ticketId, priority: priority.data }, props.origin));
    if (!ok) select.value = props.ticket.priority;
  };

  const onClient = (event: Event & { currentTarget: HTMLSelectElement }) => {
    const select = event.currentTarget;
    const client = props.clients.find((c) => c.id === select.value);
    if (select.value !== '' && !client) {
      select.value = props.ticket.clientId ?? '';
      return;
    }
    const ticketId = props.ticket.id;
    const clientId = client?.id ?? null;
    if (!props.run(() => setTicketDetails(props.doc, { ticketId, clientId }, props.origin))) {
      select.value = props.ticket.clientId ?? '';
    }
  };

  const onKind = (event: Event & { currentTarget: HTMLSelectElement }) => {
    const select = event.currentTarget;
    const ticketId = props.ticket.id;
    const kind = offeredKinds().find((k) => k.slug === select.value) ?? null;
    if (select.value !== '' && kind === null) {
      select.value = props.ticket.kind ?? '';
      return;
    }
    if (!props.run(() => setTicketDetails(props.doc, { ticketId, kind: kind?.slug ?? null }, props.origin))) {
      select.value = props.ticket.kind ?? '';
      return;
    }
    if (kind !== null && kind.steps.length > 0 && props.ticket.steps.length === 0) {
      props.run(() => setSteps(props.doc, { ticketId, steps: [...kind.steps] }, props.origin));
    }
  };

  return (
    <section class="ticket-details">
      <div class="ticket-field">
        <label for={`${base}-due`}>{i18n.t('ticket.dueDate')}</label>
        <div class="ticket-field__row">
          <input id={`${base}-due`} type="date" value={props.ticket.dueDate ?? ''} onChange={onDueDate} />
          <Show when={props.ticket.dueDate !== null}>
            <button type="button" class="button button--ghost button--small" onClick={clearDueDate}>
              {i18n.t('drawer.dueDate.clear')}
            </button>
          </Show>
        </div>
      </div>
      <div class="ticket-field">
        <label for={`${base}-priority`}>{i18n.t('priority.label')}</label>
        <select
          id={`${base}-priority`}
          value={props.ticket.priority}
          onChange={onPriority}
          classList={{ [`priority-select--${props.ticket.priority}`]: true }}
        >
          <For each={PRIORITIES}>{(priority) => <option value={priority}>{i18n.t(`priority.${priority}`)}</option>}</For>
        </select>
      </div>
      <div class="ticket-field">
        <label for={`${base}-channel`}>{i18n.t('ticket.channel')}</label>
        <select id={`${base}-channel`} value={props.ticket.channel} onChange={onChannel}>
          <For each={CHANNELS}>{(channel) => <option value={channel}>{i18n.t(`channel.${channel}`)}</option>}</For>
        </select>
      </div>
      <div class="ticket-field">
        <label for={`${base}-client`}>{i18n.t('ticket.client')}</label>
        <select id={`${base}-client`} value={props.ticket.clientId ?? ''} onChange={onClient}>
          <option value="">{i18n.t('drawer.client.none')}</option>
          <Show when={!knownClient()}>
            <option value={props.ticket.clientId ?? ''} disabled>
              {i18n.t('drawer.client.unknown')}
            </option>
          </Show>
          <For each={props.clients}>{(client) => <option value={client.id}>{client.name}</option>}</For>
        </select>
      </div>
      <div class="ticket-field">
        <label for={`${base}-kind`}>{i18n.t('drawer.kind')}</label>
        <select id={`${base}-kind`} value={props.ticket.kind ?? ''} onChange={onKind}>
          <option value="">{i18n.t('drawer.kind.none')}</option>
          <Show when={!currentKindOffered()}>
            <option value={props.ticket.kind ?? ''} disabled>
              {currentKindName()}
            </option>
          </Show>
          <For each={offeredKinds()}>{(kind) => <option value={kind.slug}>{kind.name}</option>}</For>
        </select>
      </div>
    </section>
  );
}
