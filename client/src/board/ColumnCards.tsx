import type { Stage } from '@fluxo/shared/flow/stages';
import { createVirtualizer, defaultRangeExtractor, type Range, type Virtualizer } from '@tanstack/solid-virtual';
import { createComputed, createMemo, For, onCleanup, Show } from 'solid-js';
import { useBoard } from './boardContext';
import { useBoardDrag } from './boardDragContext';
import { createFrameDeferred } from './frameDeferred';
import TicketCard from './TicketCard';
import './columnCards.css';

/** Columns with more cards than this render only the visible ones. */
export const VIRTUALIZE_ABOVE = 60;
/** A card's height before it is measured (px). */
const ESTIMATED_CARD_HEIGHT = 150;
const CARD_GAP = 8;
/**
 * Cards rendered beyond each edge of a long column's window. Kept small: every rendered card is
 * laid out, and measured when a drag picks a card up (boardDrag.ts).
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
              <TicketCard id={id} stage={props.stage} />
            </li>
          )}
        </For>
      </ol>
    </div>
  );
}

function VirtualList(props: { stage: Stage; ids: readonly string[] }) {
  const board = useBoard();
  const drag = useBoardDrag();
  let scroller: HTMLDivElement | undefined;
  // The window follows the column a frame late, one column per frame: a drop's write and the
  // re-render of each of its two columns land in frames of their own (frameDeferred.ts).
  // Everything below reads these ids, so the window is consistent.
  const ids = createFrameDeferred(() => props.ids, drag.listUpdates);
  // The same ids as a plain array for the virtualizer's per-item callbacks: it asks for every
  // item's key when the count changes (2,000 on a long column), and 2,000 tracked signal reads
  // would each subscribe its computation again. Created first, so it is current before it.
  let current: readonly string[] = [];
  createComputed(() => {
    current = ids();
  });

  const draggingIndex = createMemo(() => {
    const id = board.dragging();
    return id === null ? -1 : ids().indexOf(id);
  });

  const virtualizer = createVirtualizer({
    get count() {
      return ids().length;
    },
    getScrollElement: () => scroller ?? null,
    // A card seen before (in this column or another: a moved card keeps its height) is placed at
    // its real height at once; measuring it again would force a layout in the drop's frame.
    estimateSize: (index: number) => drag.cardHeights.get(current[index] ?? '') ?? ESTIMATED_CARD_HEIGHT,
    measureElement: (element: Element, entry: ResizeObserverEntry | undefined, instance: Virtualizer<HTMLDivElement, Element>) => {
      const id = current[Number(element.getAttribute('data-index'))];
      const box = entry?.borderBoxSize[0];
      let size: number;
      if (box !== undefined) size = Math.round(box.blockSize);
      else {
        // First sight of a card (no resize observer entry yet). A known height is trusted. A card
        // out of view (the overscan) keeps its estimate: the resize observer measures it after
        // layout, in the next frame (`useAnimationFrameWithResizeObserver`), instead of a forced
        // layout and a re-measure of the whole column now — which a drop's frame could not afford.
        const known = id === undefined ? undefined : drag.cardHeights.get(id);
        if (known !== undefined) return known;
        const start = id === undefined ? undefined : rows().get(id)?.start;
        const top = instance.scrollOffset ?? 0;
        const height = instance.scrollRect?.height ?? 0;
        if (start !== undefined && height > 0 && (start >= top + height || start + ESTIMATED_CARD_HEIGHT <= top)) {
          return ESTIMATED_CARD_HEIGHT;
        }
        size = (element as HTMLElement).offsetHeight;
      }
      if (id !== undefined) drag.cardHeights.set(id, size);
      return size;
    },
    useAnimationFrameWithResizeObserver: true,
    // A new key function per ids array: the virtualizer keeps its measurements until one of its
    // options changes, and a reorder keeps the count.
    get getItemKey() {
      const list = ids();
      return (index: number) => list[index] ?? index;
    },
    overscan: OVERSCAN,
    gap: CARD_GAP,
    rangeExtractor: (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      const dragged = draggingIndex();
      if (dragged >= 0 && !indexes.includes(dragged)) indexes.push(dragged);
      return indexes.sort((a, b) => a - b);
    },
  });

  const scrollTo = (index: number): void => {
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'center' });
  };
  onCleanup(board.registerScroller(props.stage, scrollTo));
  // A keyboard drag's target may be a card this window has not rendered.
  onCleanup(drag.registerList(props.stage, scrollTo));

  const rows = createMemo(() => {
    const byId = new Map<string, { index: number; start: number }>();
    for (const item of virtualizer.getVirtualItems()) {
      const id = ids()[item.index];
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
                aria-setsize={ids().length}
                aria-posinset={(row()?.index ?? 0) + 1}
                style={{ top: `${row()?.start ?? 0}px` }}
              >
                <TicketCard id={id} stage={props.stage} />
              </li>
            );
          }}
        </For>
      </ol>
    </div>
  );
}
