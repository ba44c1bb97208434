import { setDueDate } from '@fluxo/shared/board/setDueDate';
import { setTicketDetails } from '@fluxo/shared/board/setTicketDetails';
import { kindSchema, type Ticket } from '@fluxo/shared/board/ticket';
import { CHANNELS, channelSchema } from '@fluxo/shared/flow/channels';
import type { TransactionOrigin } from '@fluxo/shared/origin';
import { For, Show, createSignal, createUniqueId } from 'solid-js';
import type * as Y from 'yjs';
import { useI18n } from '../i18n/locale';
import type { BoardClient, RunCommand } from './drawerTypes';

/**
 * The ticket's plain details: deadline (native date input; empty clears it), channel, client
 * (from the agency's clients; a client id this list does not know is shown as such, not
 * dropped) and kind (a lowercase slug, checked before it is written).
 */
export default function TicketDetailsFields(props: {
  doc: Y.Doc;
  origin: TransactionOrigin;
  ticket: Ticket;
  clients: readonly BoardClient[];
  run: RunCommand;
}) {
  const i18n = useI18n();
  const base = `ticket-details-${createUniqueId()}`;
  const [kindInvalid, setKindInvalid] = createSignal(false);
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

  const onKind = (event: Event & { currentTarget: HTMLInputElement }) => {
    const input = event.currentTarget;
    const raw = input.value.trim();
    if (raw === '') {
      setKindInvalid(false);
      const ticketId = props.ticket.id;
      props.run(() => setTicketDetails(props.doc, { ticketId, kind: null }, props.origin));
      return;
    }
    const kind = kindSchema.safeParse(raw);
    // Keep what was typed so it can be corrected; nothing is written until it is a valid slug.
    setKindInvalid(!kind.success);
    if (!kind.success) return;
    const ticketId = props.ticket.id;
    props.run(() => setTicketDetails(props.doc, { ticketId, kind: kind.data }, props.origin));
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
        <input
          id={`${base}-kind`}
          type="text"
          value={props.ticket.kind ?? ''}
          onChange={onKind}
          maxLength={64}
          autocomplete="off"
          spellcheck={false}
          aria-invalid={kindInvalid() ? 'true' : undefined}
          aria-describedby={`${base}-kind-hint`}
        />
        <p class="ticket-field__hint" id={`${base}-kind-hint`} role={kindInvalid() ? 'alert' : undefined}>
          {kindInvalid() ? i18n.t('drawer.kind.invalid') : i18n.t('drawer.kind.hint')}
        </p>
      </div>
    </section>
  );
}
