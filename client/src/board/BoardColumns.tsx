import { judgeMove } from '@fluxo/shared/flow/rules';
import { STAGES, type Stage } from '@fluxo/shared/flow/stages';
import { isClosed } from '@fluxo/shared/flow/statuses';
import type { TicketId } from '@fluxo/shared/ids';
import { createSignal, For, onCleanup, onMount } from 'solid-js';
import StageColumn from '../components/StageColumn';
import { useI18n } from '../i18n/locale';
import { useBoard } from './boardContext';
import { createBoardDrag, type DragMode } from './boardDrag';
import { BoardDragContext, type BoardDragContextValue } from './boardDragContext';
import { dropSide, type DropTarget, placeDrop } from './dropPlacement';
import { createFrameQueue } from './frameDeferred';

/**
 * The five columns and the board's drag and drop (`boardDrag.ts`: pointer and keyboard). A drag
 * publishes the ticket in awareness (`dragging`), shows where the card would land (a line above
 * or below the card under the pointer, or the column's end) and whether the flow accepts that
 * column, and says so to screen readers (picked up, over a card or a column, cancelled); the drop
 * writes one `moveTicket` through `moveCard`, which refuses what the flow refuses (the card never
 * moved, so it is simply still in place) and says why.
 *
 * Per frame of a pointer drag only the ghost's transform and a comparison run; when the target
 * changes, the two cards whose landing line changes and the column verdict re-render. The move
 * itself is written in the frame after the drop's: the drop frame only takes the drag layer down.
 */
export default function BoardColumns(props: { onDragging: (ticketId: TicketId | null) => void; onDrop: () => void }) {
  const i18n = useI18n();
  const board = useBoard();
  const [overStage, setOverStage] = createSignal<{ stage: Stage; ok: boolean } | null>(null);

  const ticketOf = (id: string) => board.session.reader.tickets[id];
  const titleOf = (id: string): string => ticketOf(id)?.title ?? '';

  const showTarget = (sourceId: TicketId, target: DropTarget | null): void => {
    const source = ticketOf(sourceId);
    if (!source || !target) {
      board.setDropHint(null);
      setOverStage(null);
      return;
    }
    const verdict = judgeMove(source.stage, target.stage, source.status);
    const over = overStage();
    if (over?.stage !== target.stage || over.ok !== verdict.ok) setOverStage({ stage: target.stage, ok: verdict.ok });
    if (target.kind === 'card' && target.ticketId !== source.id) {
      const side = dropSide({ ticketId: source.id, stage: source.stage }, target, board.session.reader.column(target.stage));
      board.setDropHint({ ticketId: target.ticketId, side });
    } else {
      board.setDropHint(null);
    }
  };

  const announceTarget = (sourceId: TicketId, target: DropTarget | null): void => {
    if (!target) return;
    const stage = i18n.t(`stage.${target.stage}`);
    if (target.kind === 'column') board.announce(i18n.t('board.drag.overColumn', { stage }));
    else if (target.ticketId !== sourceId) board.announce(i18n.t('board.drag.overCard', { title: titleOf(target.ticketId), stage }));
  };

  /**
   * Runs in the next frame (pointer input is dispatched at the start of a frame, so one animation
   * frame callback would still run in the current one): what a pick-up or a drop does beyond
   * drawing it lands in a frame of its own. Not after the board is gone.
   */
  let gone = false;
  onCleanup(() => {
    gone = true;
  });
  const nextFrame = (callback: () => void): void => {
    const run = () => gone || callback();
    if (typeof requestAnimationFrame === 'undefined') queueMicrotask(run);
    else requestAnimationFrame(() => requestAnimationFrame(run));
  };

  const drop = (sourceId: TicketId, target: DropTarget | null, mode: DragMode): void => {
    const source = ticketOf(sourceId);
    if (!source || !target) return;
    const placement = placeDrop({ ticketId: source.id, stage: source.stage }, target, board.session.reader.column(target.stage));
    if (placement !== null) board.moveCard(source.id, placement);
    // Keyboard drags keep the focus on the card, wherever it ends up.
    if (mode === 'keyboard') board.focusCard(source.id);
  };

  const drag = createBoardDrag({
    draggable: (id) => {
      const ticket = ticketOf(id);
      return ticket === undefined || isClosed(ticket.status) || board.readOnly() ? undefined : { id: ticket.id, stage: ticket.stage };
    },
    displayed: (stage) => board.visible(stage),
    onStart: (source, mode) => {
      board.announce(i18n.t('board.drag.picked', { title: titleOf(source) }));
      // The presence claim and the board's drag state draw nothing of the pick-up: a pointer
      // drag publishes them in the next frame (unless it has already ended).
      if (mode === 'keyboard') props.onDragging(source);
      else nextFrame(() => drag.source() === source && props.onDragging(source));
    },
    onOver: (source, target) => {
      showTarget(source, target);
      announceTarget(source, target);
    },
    onEnd: (source, target, outcome, mode) => {
      showTarget(source, null);
      props.onDrop();
      // A pointer drop's frames: this one takes the layer down, the next writes the move, the
      // one after re-renders the long columns (frameDeferred.ts); the presence claim ends after.
      if (mode === 'keyboard') props.onDragging(null);
      else nextFrame(() => nextFrame(() => drag.source() === null && props.onDragging(null)));
      if (outcome === 'cancel') {
        board.announce(i18n.t('board.drag.cancelled', { title: titleOf(source) }));
        if (mode === 'keyboard') board.focusCard(source);
        return;
      }
      if (mode === 'keyboard') drop(source, target, mode);
      else nextFrame(() => drop(source, target, mode));
    },
  });

  const dragContext: BoardDragContextValue = {
    isSource: drag.isSource,
    registerList: drag.registerList,
    cardHeights: new Map<string, number>(),
    listUpdates: createFrameQueue(),
  };
  let columns: HTMLDivElement | undefined;
  onMount(() => {
    if (columns !== undefined) onCleanup(drag.attach(columns));
  });

  return (
    <BoardDragContext.Provider value={dragContext}>
      <div ref={columns} class="board-columns">
        <For each={STAGES}>
          {(stage) => (
            <StageColumn
              stage={stage}
              verdict={overStage()?.stage === stage ? (overStage()?.ok ? 'allowed' : 'refused') : null}
            />
          )}
        </For>
      </div>
    </BoardDragContext.Provider>
  );
}
