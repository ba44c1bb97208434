import type { Stage } from '@fluxo/shared/flow/stages';
import { holderOf } from '@fluxo/shared/flow/stages';
import { Match, Show, Switch } from 'solid-js';
import { useBoard } from '../board/boardContext';
import ColumnCards from '../board/ColumnCards';
import QuickAdd from '../board/QuickAdd';
import { useI18n } from '../i18n/locale';

/**
 * One board column (etapa): a `region` named by its stage label — the accessible contract the
 * browser tests rely on — with its holder, how many tickets it holds and its WIP limit (work in
 * progress counts tickets not closed; over the limit the header says so and turns red), the
 * quick add in Triagem, and the cards. The whole column is a drop target: a card dropped on its
 * header or an empty list goes to the end (the board's drag layer, `board/boardDrag.ts`, finds
 * it by `data-stage`; `verdict` is what the flow says of the card being dragged over it).
 */
export default function StageColumn(props: { stage: Stage; verdict: 'allowed' | 'refused' | null }) {
  const i18n = useI18n();
  const board = useBoard();
  const label = () => i18n.t(`stage.${props.stage}`);
  const ids = () => board.session.reader.column(props.stage);
  // The column's size: its ids, or while the server's first cards show, the server's count.
  const size = () => board.session.reader.size(props.stage);
  const shown = () => board.visible(props.stage);
  // Kept by the reader from its placements: counting here would walk every card's store entry.
  const inProgress = () => board.session.reader.openCount(props.stage);
  const limit = () => board.wipLimit(props.stage);
  const overLimit = () => {
    const max = limit();
    return max !== undefined && inProgress() > max;
  };

  return (
    <section
      role="region"
      aria-label={label()}
      class="stage-column"
      classList={{ 'stage-column--over-limit': overLimit(), 'stage-column--drop-target': props.verdict !== null }}
      data-stage={props.stage}
      data-drop={props.verdict ?? undefined}
    >
      <header class="stage-column__header">
        <div class="stage-column__heading">
          <h2>{label()}</h2>
          <span class="stage-column__count">
            <Show when={board.filtering()} fallback={i18n.t('ticket.count', { count: size() })}>
              {i18n.t('board.column.filtered', { shown: shown().length, total: size() })}
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
