import { assignTicket, unassignTicket } from '@fluxo/shared/board/assignTicket';
import type { Ticket } from '@fluxo/shared/board/ticket';
import type { UserId } from '@fluxo/shared/ids';
import type { TransactionOrigin } from '@fluxo/shared/origin';
import { For, Show, createUniqueId } from 'solid-js';
import type * as Y from 'yjs';
import { useI18n } from '../i18n/locale';
import type { BoardMember, RunCommand } from './drawerTypes';

/**
 * Who works on the ticket: the assignees with a remove button each, and a picker of the board's
 * other members. Someone assigned who is no longer on the board is still listed (and removable),
 * named as such: the assignment is a fact of the document, not of the member list.
 */
export default function AssigneesField(props: {
  doc: Y.Doc;
  origin: TransactionOrigin;
  ticket: Ticket;
  members: readonly BoardMember[];
  run: RunCommand;
}) {
  const i18n = useI18n();
  const headingId = `ticket-assignees-${createUniqueId()}`;
  const pickerId = `${headingId}-add`;
  const nameOf = (userId: UserId) => props.members.find((m) => m.id === userId)?.name ?? i18n.t('drawer.person.unknown');
  const roleOf = (userId: UserId) => props.members.find((m) => m.id === userId)?.role;
  const available = () => props.members.filter((m) => !props.ticket.assignees.includes(m.id));

  const onAdd = (event: Event & { currentTarget: HTMLSelectElement }) => {
    const select = event.currentTarget;
    const member = props.members.find((m) => m.id === select.value);
    select.value = '';
    if (!member) return;
    const ticketId = props.ticket.id;
    props.run(() => assignTicket(props.doc, { ticketId, userId: member.id }, props.origin));
  };

  const remove = (userId: UserId) => {
    const ticketId = props.ticket.id;
    props.run(() => unassignTicket(props.doc, { ticketId, userId }, props.origin));
  };

  return (
    <section class="ticket-assignees" aria-labelledby={headingId}>
      <h3 id={headingId}>{i18n.t('ticket.assignees')}</h3>
      <Show
        when={props.ticket.assignees.length > 0}
        fallback={<p class="ticket-section__empty">{i18n.t('drawer.assignees.empty')}</p>}
      >
        <ul class="ticket-assignees__list">
          <For each={props.ticket.assignees}>
            {(userId) => (
              <li>
                <span class="ticket-assignees__name">{nameOf(userId)}</span>
                <Show when={roleOf(userId)}>
                  {(role) => <span class="ticket-assignees__role">{i18n.t(`role.${role()}`)}</span>}
                </Show>
                <button
                  type="button"
                  class="button button--ghost button--small"
                  aria-label={i18n.t('drawer.assignees.remove', { name: nameOf(userId) })}
                  onClick={() => remove(userId)}
                >
                  ×
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={available().length > 0}>
        <div class="ticket-field">
          <label for={pickerId}>{i18n.t('drawer.assignees.add')}</label>
          <select id={pickerId} value="" onChange={onAdd}>
            <option value="">{i18n.t('drawer.assignees.choose')}</option>
            <For each={available()}>
              {(member) => (
                <option value={member.id}>
                  {member.name} — {i18n.t(`role.${member.role}`)}
                </option>
              )}
            </For>
          </select>
        </div>
      </Show>
    </section>
  );
}
