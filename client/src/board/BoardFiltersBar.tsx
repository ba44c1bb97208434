import { DEADLINE_STATES } from '@fluxo/shared/deadlines/ticketDeadlines';
import { PRIORITIES, prioritySchema } from '@fluxo/shared/flow/priorities';
import { STATUSES, statusSchema } from '@fluxo/shared/flow/statuses';
import { clientIdSchema, userIdSchema } from '@fluxo/shared/ids';
import { createUniqueId, For, Show } from 'solid-js';
import { useI18n } from '../i18n/locale';
import { readDeadlineState } from './boardDeadlines';
import { FILTER_TEXT_MAX_LENGTH } from './boardFilters';
import { useBoard } from './boardContext';

/**
 * The filter controls. They only write the URL (`setFilters` → search params); the board reads
 * the filters back from it, so reload, back/forward and shared links show the same board.
 */
export default function BoardFiltersBar(props: { matching: number }) {
  const i18n = useI18n();
  const board = useBoard();
  const id = createUniqueId();
  const f = () => board.filters();

  return (
    <form class="board-filters" role="search" aria-label={i18n.t('board.filters')} onSubmit={(e) => e.preventDefault()}>
      <div class="board-filters__field board-filters__field--text">
        <label for={`${id}-q`}>{i18n.t('board.filters.text')}</label>
        <input
          id={`${id}-q`}
          type="search"
          maxLength={FILTER_TEXT_MAX_LENGTH}
          placeholder={i18n.t('board.filters.textHint')}
          value={f().text}
          onInput={(e) => board.setFilters({ text: e.currentTarget.value })}
        />
      </div>
      <div class="board-filters__field">
        <label for={`${id}-client`}>{i18n.t('ticket.client')}</label>
        <select
          id={`${id}-client`}
          value={f().client ?? ''}
          onChange={(e) => {
            const parsed = clientIdSchema.safeParse(e.currentTarget.value);
            board.setFilters({ client: parsed.success ? parsed.data : null });
          }}
        >
          <option value="">{i18n.t('board.filters.any')}</option>
          <For each={board.board.clients ?? []}>{(client) => <option value={client.id}>{client.name}</option>}</For>
        </select>
      </div>
      <div class="board-filters__field">
        <label for={`${id}-assignee`}>{i18n.t('board.filters.assignee')}</label>
        <select
          id={`${id}-assignee`}
          value={f().assignee ?? ''}
          onChange={(e) => {
            const parsed = userIdSchema.safeParse(e.currentTarget.value);
            board.setFilters({ assignee: parsed.success ? parsed.data : null });
          }}
        >
          <option value="">{i18n.t('board.filters.any')}</option>
          <For each={board.board.members ?? []}>{(member) => <option value={member.id}>{member.name}</option>}</For>
        </select>
      </div>
      <div class="board-filters__field">
        <label for={`${id}-status`}>{i18n.t('ticket.status')}</label>
        <select
          id={`${id}-status`}
          value={f().status ?? ''}
          onChange={(e) => {
            const parsed = statusSchema.safeParse(e.currentTarget.value);
            board.setFilters({ status: parsed.success ? parsed.data : null });
          }}
        >
          <option value="">{i18n.t('board.filters.any')}</option>
          <For each={STATUSES}>{(status) => <option value={status}>{i18n.t(`status.${status}`)}</option>}</For>
        </select>
      </div>
      <div class="board-filters__field">
        <label for={`${id}-deadline`}>{i18n.t('board.filters.deadline')}</label>
        <select
          id={`${id}-deadline`}
          value={f().deadline ?? ''}
          onChange={(e) => board.setFilters({ deadline: readDeadlineState(e.currentTarget.value) })}
        >
          <option value="">{i18n.t('board.filters.any')}</option>
          <For each={DEADLINE_STATES}>{(state) => <option value={state}>{i18n.t(`deadline.state.${state}`)}</option>}</For>
        </select>
      </div>
      <div class="board-filters__field">
        <label for={`${id}-priority`}>{i18n.t('priority.label')}</label>
        <select
          id={`${id}-priority`}
          value={f().priority ?? ''}
          onChange={(e) => {
            const priority = prioritySchema.safeParse(e.currentTarget.value);
            board.setFilters({ priority: priority.success ? priority.data : null });
          }}
        >
          <option value="">{i18n.t('board.filters.any')}</option>
          <For each={PRIORITIES}>{(priority) => <option value={priority}>{i18n.t(`priority.${priority}`)}</option>}</For>
        </select>
      </div>
      <div class="board-filters__field">
        <label for={`${id}-sort`}>{i18n.t('board.filters.sort')}</label>
        <select
          id={`${id}-sort`}
          value={f().sortByDeadline ? 'deadline' : 'manual'}
          onChange={(e) => board.setFilters({ sortByDeadline: e.currentTarget.value === 'deadline' })}
        >
          <option value="manual">{i18n.t('board.filters.sort.manual')}</option>
          <option value="deadline">{i18n.t('board.filters.sort.deadline')}</option>
        </select>
      </div>
      <label class="board-filters__check">
        <input type="checkbox" checked={f().mine} onChange={(e) => board.setFilters({ mine: e.currentTarget.checked })} />
        {i18n.t('board.filters.mine')}
      </label>
      <Show when={board.filtering()}>
        <p class="board-filters__count">{i18n.t('board.filters.count', { count: props.matching })}</p>
        <button
          type="button"
          class="button button--ghost button--small"
          onClick={() => board.setFilters({ client: null, assignee: null, status: null, mine: false, text: '', deadline: null, priority: null })}
        >
          {i18n.t('board.filters.clear')}
        </button>
      </Show>
    </form>
  );
}
