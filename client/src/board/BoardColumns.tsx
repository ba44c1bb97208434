import { Accessibility, Cursor, Feedback, KeyboardSensor, PointerSensor, PreventSelection } from '@dnd-kit/dom';
import { DragDropProvider, type DragDropProviderProps } from '@dnd-kit/solid';
import { judgeMove } from '@fluxo/shared/flow/rules';
import { STAGES, stageSchema, type Stage } from '@fluxo/shared/flow/stages';
import { ticketIdSchema, type TicketId } from '@fluxo/shared/ids';
import { createSignal, For } from 'solid-js';
import StageColumn from '../components/StageColumn';
import { useI18n } from '../i18n/locale';
import { useBoard } from './boardContext';
import { dropSide, type DropTarget, placeDrop } from './dropPlacement';
import { SteadyFeedback } from './steadyDragStyles';

type DragStartHandler = NonNullable<DragDropProviderProps['onDragStart']>;
type DragEndHandler = NonNullable<DragDropProviderProps['onDragEnd']>;
type DragOverHandler = NonNullable<DragDropProviderProps['onDragOver']>;
type Operation = Parameters<DragEndHandler>[0]['operation'];

const COLUMN_PREFIX = 'column:';

/** Space picks a card up; Enter is left to open it. */
const keyboardSensor = KeyboardSensor.configure({
  keyboardCodes: {
    start: ['Space'],
    cancel: ['Escape'],
    end: ['Space', 'Enter', 'Tab'],
    up: ['ArrowUp'],
    down: ['ArrowDown'],
    left: ['ArrowLeft'],
    right: ['ArrowRight'],
  },
});

/**
 * The five columns inside one drag-and-drop context. A drag publishes the ticket in awareness
 * (`dragging`), shows where the card would land (a line above or below the card under the
 * pointer, or the column's end) and whether the flow accepts that column; the drop writes one
 * `moveTicket` through `moveCard`, which refuses what the flow refuses (the card never moved,
 * so it is simply still in place) and says why.
 *
 * Per frame of a pointer drag only a comparison runs and, when the landing side changes, two
 * cards re-render; columns and other cards do not.
 */
export default function BoardColumns(props: { onDragging: (ticketId: TicketId | null) => void; onDrop: () => void }) {
  const i18n = useI18n();
  const board = useBoard();
  const [overStage, setOverStage] = createSignal<{ stage: Stage; ok: boolean } | null>(null);

  const ticketOf = (id: unknown) => {
    const parsed = ticketIdSchema.safeParse(id);
    return parsed.success ? board.session.reader.tickets[parsed.data] : undefined;
  };
  const isKeyboard = (operation: Operation): boolean =>
    typeof KeyboardEvent !== 'undefined' && operation.activatorEvent instanceof KeyboardEvent;

  /** The drop target of an operation, in board terms. */
  const targetOf = (operation: Operation): DropTarget | null => {
    const target = operation.target;
    if (!target) return null;
    const id = String(target.id);
    if (id.startsWith(COLUMN_PREFIX)) {
      const stage = stageSchema.safeParse(id.slice(COLUMN_PREFIX.length));
      return stage.success ? { kind: 'column', stage: stage.data } : null;
    }
    const ticket = ticketOf(id);
    if (!ticket) return null;
    const middle = target.shape?.center.y;
    const pointer = isKeyboard(operation) || middle === undefined ? null : { y: operation.position.current.y, middle };
    return { kind: 'card', stage: ticket.stage, ticketId: ticket.id, pointer };
  };

  const updateHint = (operation: Operation): void => {
    const source = ticketOf(operation.source?.id);
    const target = targetOf(operation);
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

  const titleOf = (id: unknown): string => ticketOf(id)?.title ?? '';
  const accessibility = Accessibility.configure({
    announcements: {
      dragstart: ({ operation }: Parameters<DragStartHandler>[0]) => i18n.t('board.drag.picked', { title: titleOf(operation.source?.id) }),
      dragover: ({ operation }: Parameters<DragOverHandler>[0]) => {
        const target = targetOf(operation);
        if (!target) return undefined;
        const stage = i18n.t(`stage.${target.stage}`);
        if (target.kind === 'column') return i18n.t('board.drag.overColumn', { stage });
        if (target.ticketId === operation.source?.id) return undefined;
        return i18n.t('board.drag.overCard', { title: titleOf(target.ticketId), stage });
      },
      dragend: ({ operation, canceled }: Parameters<DragEndHandler>[0]) =>
        canceled ? i18n.t('board.drag.cancelled', { title: titleOf(operation.source?.id) }) : undefined,
    },
  });

  const onDragStart: DragStartHandler = (event) => {
    const source = ticketOf(event.operation.source?.id);
    props.onDragging(source?.id ?? null);
  };
  const onDragEnd: DragEndHandler = (event) => {
    const { operation } = event;
    const source = ticketOf(operation.source?.id);
    const target = targetOf(operation);
    board.setDropHint(null);
    setOverStage(null);
    props.onDragging(null);
    props.onDrop();
    // Keyboard drags keep the focus on the card, wherever it ends up.
    if (source && isKeyboard(operation)) board.focusCard(source.id);
    if (event.canceled || !source || !target) return;
    const placement = placeDrop({ ticketId: source.id, stage: source.stage }, target, board.session.reader.column(target.stage));
    if (placement !== null) board.moveCard(source.id, placement);
  };

  // Not the default `Cursor` and `PreventSelection` plugins: each injects a page-wide `* { … }`
  // stylesheet when a drag starts and removes it at the drop, and both times Chromium restyles
  // every element of the board (≈1,000 on a 10,000-ticket board, about 10 ms each on the
  // benchmark machine: bench/src/browser/CONTEXT.md). The dragged card sits under the pointer and
  // has the grabbing cursor itself, and cards do not start text selections (styles.css). For the
  // same reason `Feedback` is replaced by `SteadyFeedback`, whose stylesheet stays in the page.
  const replaced = new Set<unknown>([Accessibility, Feedback, Cursor, PreventSelection]);
  return (
    <DragDropProvider
      sensors={[PointerSensor, keyboardSensor]}
      plugins={(defaults) => [
        ...defaults.filter((plugin) => !replaced.has(plugin)),
        accessibility,
        // The library's feedback with its stylesheet kept in the page between drags (steadyDragStyles.ts).
        SteadyFeedback.configure({ dropAnimation: null }),
      ]}
      onDragStart={onDragStart}
      onDragOver={(event) => updateHint(event.operation)}
      onDragMove={(event) => updateHint(event.operation)}
      onDragEnd={onDragEnd}
    >
      <div class="board-columns">
        <For each={STAGES}>
          {(stage) => (
            <StageColumn
              stage={stage}
              verdict={overStage()?.stage === stage ? (overStage()?.ok ? 'allowed' : 'refused') : null}
            />
          )}
        </For>
      </div>
    </DragDropProvider>
  );
}

