import { deadlineState } from '@fluxo/shared/deadlines/ticketDeadlines';
import { holderOf, type Stage } from '@fluxo/shared/flow/stages';
import { isClosed } from '@fluxo/shared/flow/statuses';
import type { UserId } from '@fluxo/shared/ids';
import { createMemo, For, Show } from 'solid-js';
import { useI18n } from '../i18n/locale';
import Avatar from './Avatar';
import { useBoard } from './boardContext';
import type { TicketDeadlineView } from './boardDeadlines';
import { useBoardDrag } from './boardDragContext';
import { formatDueDay, isOverdue, localToday } from './dueDate';
import MoveMenu from './MoveMenu';

/** Avatars shown on a card before "+N". */
const MAX_AVATARS = 3;

/**
 * One ticket on the board: an `article` named by its title (DESIGN.md §4) with its number,
 * status, client, holder, deadline, assignees and who else is on it; the "Mover…" menu; and a
 * drag source. Clicking it (or Enter while it has focus) opens the drawer.
 *
 * Everything here reads the board store field by field, so a change to one ticket re-renders
 * only its own card, and a drag re-renders only the cards whose drop hint changes.
 *
 * Drag and drop (the board's drag layer, `boardDrag.ts`, listening on the columns): the card is
 * the handle for the pointer and, once focused, for the keyboard (Space picks it up, the arrows
 * go between cards and columns, Space/Enter drops, Escape cancels); while it is dragged it is
 * dimmed (a selector: only this card re-renders). No optimistic re-sorting: the card moves when
 * the move is written to the document, so a refused drop simply stays where it was.
 */
export default function TicketCard(props: { id: string; stage: Stage }) {
  const i18n = useI18n();
  const board = useBoard();
  const ticket = () => board.session.reader.tickets[props.id];

  const drag = useBoardDrag();

  const title = () => ticket()?.title.trim() || i18n.t('drawer.untitled');
  const presence = createMemo(() => board.session.presence.onTicket(props.id));
  const assignees = createMemo(() =>
    (ticket()?.assignees ?? []).map((id: UserId) => ({
      id,
      name: board.memberName(id) ?? i18n.t('board.card.unknownPerson'),
    })),
  );
  const due = () => {
    const t = ticket();
    if (!t?.dueDate) return null;
    const late = !isClosed(t.status) && isOverdue(t.dueDate, localToday());
    const day = formatDueDay(i18n.locale(), t.dueDate);
    return { iso: t.dueDate, late, text: i18n.t(late ? 'board.card.overdue' : 'board.card.due', { date: day }) };
  };

  const timeFormat = createMemo(
    () => new Intl.DateTimeFormat(i18n.locale(), { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }),
  );
  /** One line per deadline ("Primeira resposta: vence qua., 18 nov., 11:00"), for the badge's tooltip. */
  const deadlineDetails = (view: TicketDeadlineView): string => {
    const now = board.deadlines.now();
    const lines = view.deadlines.map((d) => {
      const target = i18n.t(`deadline.target.${d.target}`);
      if (d.dueAt === null) return target;
      const when = timeFormat().format(new Date(d.dueAt));
      return i18n.t(deadlineState(d, now) === 'overdue' ? 'deadline.broke' : 'deadline.due', { target, when });
    });
    if (view.paused) lines.push(i18n.t('deadline.paused'));
    return lines.join('\n');
  };

  const open = (): void => {
    const t = ticket();
    if (t) board.openTicket(t.id);
  };
  const onClick = (event: MouseEvent): void => {
    if (board.justDragged()) return;
    if (event.target instanceof Element && event.target.closest('button, a, input, select, textarea, [role="menu"]')) return;
    open();
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    // A keyboard drag ends with Enter too; the sensor marks that key press as handled.
    if (event.defaultPrevented || event.target !== event.currentTarget || event.key !== 'Enter') return;
    event.preventDefault();
    open();
  };

  return (
    <Show when={ticket()}>
      {(t) => (
        <article
          role="article"
          aria-label={title()}
          aria-roledescription={i18n.t('board.card.roleDescription')}
          aria-describedby={board.instructionsId}
          tabindex="0"
          class="ticket-card"
          data-ticket-id={t().id}
          classList={{
            'ticket-card--drag-source': drag.isSource(props.id),
            'ticket-card--attention': board.attention().has(props.id),
          }}
          data-status={t().status}
          data-drop-hint={board.dropHintFor(props.id) ?? undefined}
          onClick={onClick}
          onKeyDown={onKeyDown}
        >
          <div class="ticket-card__top">
            <Show when={t().number !== null}>
              <span class="ticket-card__number">{i18n.t('ticket.number', { number: t().number ?? '' })}</span>
            </Show>
            <Show when={t().status !== 'open'}>
              <span class="badge badge--status" data-status={t().status}>
                {i18n.t(`status.${t().status}`)}
              </span>
            </Show>
            <Show when={t().priority === 'high' || t().priority === 'urgent'}>
              <span class="badge badge--priority" data-priority={t().priority} title={i18n.t('priority.card', { priority: i18n.t(`priority.${t().priority}`) })}>
                {i18n.t(`priority.${t().priority}`)}
              </span>
            </Show>
            <Show when={board.deadlines.viewOf(props.id)}>
              {(view) => (
                <span class="badge badge--deadline" data-deadline={view().state} title={deadlineDetails(view())}>
                  {i18n.t(`deadline.state.${view().state}`)}
                </span>
              )}
            </Show>
            <Show when={board.approvalOf(props.id)}>
              {(approval) => (
                <span
                  class="badge badge--approval"
                  data-approval={approval().state}
                  title={i18n.t('approval.badge.tooltip', { title: approval().title, version: approval().version })}
                >
                  {i18n.t(`approval.badge.${approval().state}`)}
                </span>
              )}
            </Show>
            <Show when={board.attention().has(props.id)}>
              <span class="badge badge--attention">{i18n.t('board.card.attention')}</span>
            </Show>
            <MoveMenu ticket={t()} />
          </div>
          <p class="ticket-card__title">{title()}</p>
          <Show when={t().clientId}>
            {(clientId) => <p class="ticket-card__client">{board.clientName(clientId()) ?? ''}</p>}
          </Show>
          <div class="ticket-card__meta">
            <span class="ticket-card__holder">{i18n.t(`holder.${holderOf(t().stage)}`)}</span>
            <Show when={due()}>
              {(d) => (
                <time class="ticket-card__due" classList={{ 'ticket-card__due--late': d().late }} datetime={d().iso}>
                  {d().text}
                </time>
              )}
            </Show>
          </div>
          <Show when={assignees().length > 0 || presence().length > 0}>
            <div class="ticket-card__people">
              <Show when={assignees().length > 0}>
                <ul
                  class="avatar-stack"
                  aria-label={i18n.t('board.card.assignees', { names: assignees().map((a) => a.name).join(', ') })}
                >
                  <For each={assignees().slice(0, MAX_AVATARS)}>
                    {(person) => (
                      <li>
                        <Avatar id={person.id} name={person.name} />
                      </li>
                    )}
                  </For>
                  <Show when={assignees().length > MAX_AVATARS}>
                    <li class="avatar avatar--more" aria-hidden="true">
                      +{assignees().length - MAX_AVATARS}
                    </li>
                  </Show>
                </ul>
              </Show>
              <Show when={presence().length > 0}>
                <ul class="ticket-card__presence">
                  <For each={presence()}>
                    {(person) => (
                      <li>
                        <Avatar
                          id={person.id}
                          name={person.name}
                          color={person.color}
                          ring
                          label={i18n.t(
                            person.activity === 'dragging' ? 'board.presence.dragging' : 'board.presence.viewing',
                            { name: person.name },
                          )}
                        />
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </div>
          </Show>
        </article>
      )}
    </Show>
  );
}
