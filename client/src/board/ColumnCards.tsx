import type { Stage } from '@fluxo/shared/flow/stages';
import { createVirtualizer, defaultRangeExtractor, type Range } from '@tanstack/solid-virtual';
import { createMemo, For, onCleanup, Show } from 'solid-js';
import { useBoard } from './boardContext';
import TicketCard from './TicketCard';
import './columnCards.css';

/** Columns with more cards than this render only the visible ones. */
export const VIRTUALIZE_ABOVE = 60;
/** A card's height before it is measured (px). */
const ESTIMATED_CARD_HEIGHT = 150;
const CARD_GAP = 8;
/**
 * Cards rendered beyond each edge of a long column's window. Kept small: picking a card up makes
 * the drag library lay out the whole page twice, and every rendered card is part of that.
 */
export const OVERSCAN = 2;

/**
 * The cards of one column, in order, inside the column's scroll box. Short columns render every
 * card; long ones (`VIRTUALIZE_ABOVE`) only those in view plus a few around them
 * (`@tanstack/solid-virtual`), so a 10,000-ticket board stays fast. Either way cards are keyed by
 * ticket id (a card survives reordering) and sit in an ordered list whose items carry
 * `aria-setsize`/`aria-posinset`, so assistive technology still hears "12 of 2,000" when only a
 * window of the list exists. The card being dragged is always rendered.
 */
export default function ColumnCards(props: { stage: Stage; ids: readonly string[] }) {
  return (
    <Show when={props.ids.length > VIRTUALIZE_ABOVE} fallback={<PlainList stage={props.stage} ids={props.ids} />}>
      <VirtualList stage={props.stage} ids={props.ids} />
    </Show>
  );
}

function PlainList(props: { stage: Stage; ids: readonly string[] }) {
  return (
    <div class="card-list-scroller">
      <ol class="card-list">
        <For each={props.ids}>
          {(id, index) => (
            <li class="card-list__item" aria-setsize={props.ids.length} aria-posinset={index() + 1}>
              <TicketCard id={id} index={index()} stage={props.stage} />
            </li>
          )}
        </For>
      </ol>
    </div>
  );
}

function VirtualList(props: { stage: Stage; ids: readonly string[] }) {
  const board = useBoard();
  let scroller: HTMLDivElement | undefined;

  const draggingIndex = createMemo(() => {
    const id = board.dragging();
    return id === null ? -1 : props.ids.indexOf(id);
  });

  const virtualizer = createVirtualizer({
    get count() {
      return props.ids.length;
    },
    getScrollElement: () => scroller ?? null,
    estimateSize: () => ESTIMATED_CARD_HEIGHT,
    getItemKey: (index: number) => props.ids[index] ?? index,
    overscan: OVERSCAN,
    gap: CARD_GAP,
    rangeExtractor: (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      const dragged = draggingIndex();
      if (dragged >= 0 && !indexes.includes(dragged)) indexes.push(dragged);
      return indexes.sort((a, b) => a - b);
    },
  });

  onCleanup(
    board.registerScroller(props.stage, (index) => {
      if (index >= 0) virtualizer.scrollToIndex(index, { align: 'center' });
    }),
  );

  const rows = createMemo(() => {
    const byId = new Map<string, { index: number; start: number }>();
    for (const item of virtualizer.getVirtualItems()) {
      const id = props.ids[item.index];
      if (id !== undefined) byId.set(id, { index: item.index, start: item.start });
    }
    return byId;
  });
  const rowIds = createMemo(() => [...rows().keys()]);

  return (
    <div ref={scroller} class="card-list-scroller">
      <ol class="card-list card-list--virtual" style={{ height: `${virtualizer.getTotalSize()}px` }}>
        <For each={rowIds()}>
          {(id) => {
            const row = () => rows().get(id);
            return (
              <li
                ref={(el) => queueMicrotask(() => el.isConnected && virtualizer.measureElement(el))}
                class="card-list__item card-list__item--virtual"
                data-index={row()?.index ?? 0}
                aria-setsize={props.ids.length}
                aria-posinset={(row()?.index ?? 0) + 1}
                style={{ top: `${row()?.start ?? 0}px` }}
              >
                <TicketCard id={id} index={row()?.index ?? 0} stage={props.stage} />
              </li>
            );
          }}
        </For>
      </ol>
    </div>
  );
}
