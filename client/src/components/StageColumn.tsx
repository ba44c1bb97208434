import { useDroppable } from '@dnd-kit/solid';
import type { Stage } from '@fluxo/shared/flow/stages';
import { holderOf } from '@fluxo/shared/flow/stages';
import { createEffect, Match, Show, Switch } from 'solid-js';
import { useBoard } from '../board/boardContext';
import ColumnCards from '../board/ColumnCards';
import QuickAdd from '../board/QuickAdd';
import { useI18n } from '../i18n/locale';

/** `CollisionPriority.Lowest` / `.Normal` of @dnd-kit/abstract. */
const COLLISION_LOWEST = 0;
const COLLISION_NORMAL = 2;

/** The droppable id of a column (cards use their ticket id). */
export const columnDropId = (stage: Stage): string => `column:${stage}`;

/**
 * One board column (etapa): a `region` named by its stage label — the accessible contract the
 * browser tests rely on — with its holder, how many tickets it holds and its WIP limit (work in
 * progress counts tickets not closed; over the limit the header says so and turns red), the
 * quick add in Triagem, and the cards. The whole column is a drop target: a card dropped on its
 * empty space goes to the end.
 */
export default function StageColumn(props: { stage: Stage; verdict: 'allowed' | 'refused' | null }) {
  const i18n = useI18n();
  const board = useBoard();
  const label = () => i18n.t(`stage.${props.stage}`);
  const droppable = useDroppable({
    get id() {
      return columnDropId(props.stage);
    },
    type: 'column',
    accept: 'ticket',
  });

  const ids = () => board.session.reader.column(props.stage);
  const shown = () => board.visible(props.stage);
  // Kept by the reader from its placements: counting here would walk every card's store entry.
  const inProgress = () => board.session.reader.openCount(props.stage);
  // Over a card, the card wins (its place is more precise); an empty column must win against the
  // cards of farther columns, or the arrow keys of a keyboard drag would jump over it.
  createEffect(() => {
    droppable.droppable.collisionPriority = shown().length === 0 ? COLLISION_NORMAL : COLLISION_LOWEST;
  });
  const limit = () => board.wipLimit(props.stage);
  const overLimit = () => {
    const max = limit();
    return max !== undefined && inProgress() > max;
  };

  return (
    <section
      ref={droppable.ref}
      role="region"
      aria-label={label()}
      class="stage-column"
      classList={{ 'stage-column--over-limit': overLimit(), 'stage-column--drop-target': droppable.isDropTarget() }}
      data-stage={props.stage}
      data-drop={props.verdict ?? undefined}
    >
      <header class="stage-column__header">
        <div class="stage-column__heading">
          <h2>{label()}</h2>
          <span class="stage-column__count">
            <Show when={board.filtering()} fallback={i18n.t('ticket.count', { count: ids().length })}>
              {i18n.t('board.column.filtered', { shown: shown().length, total: ids().length })}
            </Show>
          </span>
        </div>
        <span class="stage-column__holder">{i18n.t(`holder.${holderOf(props.stage)}`)}</span>
        <Show when={limit()}>
          {(max) => (
            <span class="stage-column__wip" classList={{ 'stage-column__wip--over': overLimit() }}>
              {overLimit() ? i18n.t('board.column.overLimit', { limit: max() }) : i18n.t('board.column.wip', { limit: max() })}
            </span>
          )}
        </Show>
      </header>
      <Show when={props.stage === 'triage'}>
        <QuickAdd />
      </Show>
      <Switch fallback={<ColumnCards stage={props.stage} ids={shown()} />}>
        <Match when={!board.session.loaded() && ids().length === 0}>
          <p class="stage-column__empty" aria-busy="true">
            {i18n.t('board.loading')}
          </p>
        </Match>
        <Match when={ids().length === 0}>
          <p class="stage-column__empty">{i18n.t('board.column.empty')}</p>
        </Match>
        <Match when={shown().length === 0}>
          <p class="stage-column__empty">{i18n.t('board.column.noMatch')}</p>
        </Match>
      </Switch>
    </section>
  );
}
