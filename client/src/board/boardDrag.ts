/**
 * The board's own drag layer: pointer and keyboard drags of ticket cards, with nothing measured
 * or re-rendered per frame but the ghost's `transform`.
 *
 * Why not a drag library: `@dnd-kit` made the pick-up and the drop the heaviest frames of the
 * board (bench/src/browser/CONTEXT.md): at activation it measured every registered droppable,
 * cloned a placeholder into the list, lifted the card into the top layer, read the document's
 * animations and ran its signals; every move asked `elementFromPoint` and re-ran collision
 * detection; every rendered card registered a sortable. Here:
 *
 * - **Pick-up** (pointer moved 5 px with the button down; touch: held 250 ms): one read of the
 *   columns' boxes and of the cards the virtualized windows have rendered (`dragGeometry.ts`), a
 *   copy of the card (inert, hidden from assistive technology, no ids) in a fixed layer over the
 *   page that also carries the grabbing cursor, and the source card marked through a selector (one
 *   card re-renders). The list is not touched: the card stays where it is, dimmed.
 * - **Move**: the ghost's `transform` and a comparison against the cached rectangles; the caller
 *   hears about a new target only when it changes. Wheel over the layer scrolls the column under
 *   the pointer; a list near its edge scrolls by itself; a scrolled list is measured again.
 * - **Drop / cancel**: the layer is removed and the caller gets the target (`onEnd`).
 * - **Keyboard**: Space on a focused card picks it up; the arrows move a spot over the displayed
 *   ids (`moveSpot`), scrolling a long column to it; Space, Enter or Tab drop; Escape cancels.
 */
import type { Stage } from '@fluxo/shared/flow/stages';
import type { TicketId } from '@fluxo/shared/ids';
import { type Accessor, createSelector, createSignal } from 'solid-js';
import {
  type ArrowKey,
  autoScrollStep,
  type CardSpan,
  type ColumnLayout,
  ghostOffset,
  type KeyboardSpot,
  moveSpot,
  type Point,
  sameTarget,
  spotTarget,
  targetAtPoint,
} from './dragGeometry';
import type { DropTarget } from './dropPlacement';
import './boardDrag.css';

/** Pointer travel that turns a press into a drag (px). */
export const ACTIVATION_DISTANCE = 5;
/** A touch becomes a drag when held this long without moving more than the distance (ms). */
export const TOUCH_HOLD_MS = 250;
/** Lines of a line-based wheel event, in px. */
const WHEEL_LINE = 16;
const NOT_A_HANDLE = 'button, a, input, select, textarea, [role="menu"]';

export type DragMode = 'pointer' | 'keyboard';

export interface BoardDragOptions {
  /** A ticket that may be dragged (closed tickets stay put), or undefined. */
  draggable(ticketId: string): { readonly id: TicketId; readonly stage: Stage } | undefined;
  /** A column's ids as displayed (filtered), for the arrows of a keyboard drag. */
  displayed(stage: Stage): readonly string[];
  onStart(source: TicketId, mode: DragMode): void;
  /** The target changed (null: over nothing). */
  onOver(source: TicketId, target: DropTarget | null, mode: DragMode): void;
  onEnd(source: TicketId, target: DropTarget | null, outcome: 'drop' | 'cancel', mode: DragMode): void;
}

export interface BoardDrag {
  /** The ticket being dragged. */
  readonly source: Accessor<TicketId | null>;
  /** Whether this card is the one being dragged (a selector: one card re-renders). */
  isSource(ticketId: string): boolean;
  /** Listens on the board's columns; returns the undo. */
  attach(container: HTMLElement): () => void;
  /** A virtualized column lets a keyboard drag scroll to a row it has not rendered. */
  registerList(stage: Stage, scrollToRow: (row: number) => void): () => void;
  /** Ends any drag, as cancelled. */
  cancel(): void;
}

interface PointerPending {
  readonly pointerId: number;
  readonly start: Point;
  readonly card: HTMLElement;
  readonly ticketId: TicketId;
  readonly touch: boolean;
  holdTimer: ReturnType<typeof setTimeout> | undefined;
}

interface PointerDrag {
  readonly mode: 'pointer';
  readonly pointerId: number;
  readonly ticketId: TicketId;
  readonly pickedAt: Point;
  point: Point;
  readonly layer: HTMLElement;
  readonly ghost: HTMLElement;
  columns: ColumnLayout[];
  readonly scrollers: Map<Stage, HTMLElement>;
  target: DropTarget | null;
  frame: number | undefined;
  remeasure: boolean;
}

interface KeyboardDrag {
  readonly mode: 'keyboard';
  readonly ticketId: TicketId;
  spot: KeyboardSpot;
  target: DropTarget | null;
}

const pointOf = (event: { clientX: number; clientY: number }): Point => ({ x: event.clientX, y: event.clientY });

function measureColumns(container: HTMLElement): { columns: ColumnLayout[]; scrollers: Map<Stage, HTMLElement> } {
  const columns: ColumnLayout[] = [];
  const scrollers = new Map<Stage, HTMLElement>();
  for (const section of container.querySelectorAll<HTMLElement>('section[data-stage]')) {
    const stage = section.dataset.stage as Stage;
    const box = section.getBoundingClientRect();
    const scroller = section.querySelector<HTMLElement>('.card-list-scroller');
    if (scroller !== null) scrollers.set(stage, scroller);
    columns.push({ stage, left: box.left, right: box.right, top: box.top, bottom: box.bottom, ...measureList(scroller) });
  }
  return { columns, scrollers };
}

function measureList(scroller: HTMLElement | null): Pick<ColumnLayout, 'list' | 'cards'> {
  if (scroller === null) return { list: null, cards: [] };
  const box = scroller.getBoundingClientRect();
  const cards: CardSpan[] = [];
  for (const card of scroller.querySelectorAll<HTMLElement>('article[data-ticket-id]')) {
    const rect = card.getBoundingClientRect();
    cards.push({ ticketId: card.dataset.ticketId as TicketId, top: rect.top, bottom: rect.bottom });
  }
  cards.sort((a, b) => a.top - b.top);
  return { list: { top: box.top, bottom: box.bottom }, cards };
}

/** A copy of the card for the drag layer: looks the same, is nothing to the page. */
function makeGhost(card: HTMLElement, box: DOMRect): HTMLElement {
  const ghost = card.cloneNode(true) as HTMLElement;
  for (const attribute of ['id', 'data-ticket-id', 'role', 'aria-label', 'aria-roledescription', 'aria-describedby', 'tabindex', 'data-drop-hint']) {
    ghost.removeAttribute(attribute);
  }
  for (const element of ghost.querySelectorAll('[id]')) element.removeAttribute('id');
  ghost.classList.remove('ticket-card--drag-source');
  ghost.classList.add('ticket-card--dragging', 'board-drag-ghost');
  ghost.style.left = `${box.left}px`;
  ghost.style.top = `${box.top}px`;
  ghost.style.width = `${box.width}px`;
  ghost.style.height = `${box.height}px`;
  return ghost;
}

export function createBoardDrag(options: BoardDragOptions): BoardDrag {
  const [source, setSource] = createSignal<TicketId | null>(null);
  const isSource = createSelector<TicketId | null, string>(source);
  const lists = new Map<Stage, (row: number) => void>();
  let container: HTMLElement | null = null;
  let pending: PointerPending | null = null;
  let drag: PointerDrag | KeyboardDrag | null = null;

  const setTarget = (target: DropTarget | null): void => {
    if (drag === null || sameTarget(drag.target, target)) return;
    drag.target = target;
    options.onOver(drag.ticketId, target, drag.mode);
  };

  // ---- pointer ------------------------------------------------------------------------------

  const clearPending = (): void => {
    if (pending === null) return;
    clearTimeout(pending.holdTimer);
    pending = null;
    window.removeEventListener('pointermove', onPendingMove, true);
    window.removeEventListener('pointerup', clearPending, true);
    window.removeEventListener('pointercancel', clearPending, true);
  };

  const onPointerDown = (event: PointerEvent): void => {
    if (drag !== null) {
      // A press during a keyboard drag ends it where it was.
      if (drag.mode === 'keyboard') finish('cancel');
      return;
    }
    if (event.button !== 0 || !event.isPrimary || !(event.target instanceof Element)) return;
    if (event.target.closest(NOT_A_HANDLE) !== null) return;
    const card = event.target.closest<HTMLElement>('article[data-ticket-id]');
    const ticket = card === null ? undefined : options.draggable(card.dataset.ticketId ?? '');
    if (card === null || ticket === undefined) return;
    clearPending();
    const touch = event.pointerType === 'touch';
    pending = { pointerId: event.pointerId, start: pointOf(event), card, ticketId: ticket.id, touch, holdTimer: undefined };
    if (touch) {
      const held = pending;
      held.holdTimer = setTimeout(() => {
        if (pending === held) activatePointer(held, held.start);
      }, TOUCH_HOLD_MS);
    }
    window.addEventListener('pointermove', onPendingMove, true);
    window.addEventListener('pointerup', clearPending, true);
    window.addEventListener('pointercancel', clearPending, true);
  };

  function onPendingMove(event: PointerEvent): void {
    if (pending === null || event.pointerId !== pending.pointerId) return;
    const moved = Math.hypot(event.clientX - pending.start.x, event.clientY - pending.start.y);
    if (moved < ACTIVATION_DISTANCE) return;
    // A touch that moves before it is held is a scroll, not a drag.
    if (pending.touch) clearPending();
    else activatePointer(pending, pointOf(event));
  }

  function activatePointer(from: PointerPending, point: Point): void {
    clearPending();
    if (container === null || !from.card.isConnected) return;
    // The only layout read of the pick-up: the columns, their lists and rendered cards, the card.
    const { columns, scrollers } = measureColumns(container);
    const box = from.card.getBoundingClientRect();
    const layer = document.createElement('div');
    layer.className = 'board-drag-layer';
    layer.setAttribute('aria-hidden', 'true');
    layer.inert = true;
    const ghost = makeGhost(from.card, box);
    layer.append(ghost);
    drag = {
      mode: 'pointer',
      pointerId: from.pointerId,
      ticketId: from.ticketId,
      pickedAt: from.start,
      point,
      layer,
      ghost,
      columns,
      scrollers,
      target: null,
      frame: undefined,
      remeasure: false,
    };
    moveGhost(drag);
    document.body.append(layer);
    window.addEventListener('pointermove', onDragMove, true);
    window.addEventListener('pointerup', onDragUp, true);
    window.addEventListener('pointercancel', onDragCancel, true);
    window.addEventListener('keydown', onPointerDragKey, true);
    window.addEventListener('blur', onDragCancel);
    window.addEventListener('touchmove', preventTouchScroll, { capture: true, passive: false });
    layer.addEventListener('wheel', onWheel, { passive: false });
    container.addEventListener('scroll', onListScroll, true);
    setSource(from.ticketId);
    options.onStart(from.ticketId, 'pointer');
    setTarget(targetAtPoint(point, columns));
    tick();
  }

  const moveGhost = (current: PointerDrag): void => {
    const offset = ghostOffset(current.pickedAt, current.point);
    current.ghost.style.transform = `translate3d(${offset.x}px, ${offset.y}px, 0)`;
  };

  function onDragMove(event: PointerEvent): void {
    if (drag?.mode !== 'pointer' || event.pointerId !== drag.pointerId) return;
    drag.point = pointOf(event);
    moveGhost(drag);
    setTarget(targetAtPoint(drag.point, drag.columns));
  }

  /** Once per frame while a pointer drag lasts: auto-scroll near a list's edge, re-measure a scrolled list. */
  function tick(): void {
    if (drag?.mode !== 'pointer') return;
    const current = drag;
    current.frame = requestAnimationFrame(() => {
      if (drag !== current) return;
      const column = current.columns.find((c) => current.point.x >= c.left && current.point.x <= c.right);
      const step = column?.list ? autoScrollStep(current.point.y, column.list) : 0;
      const scroller = column === undefined ? undefined : current.scrollers.get(column.stage);
      if (step !== 0 && scroller !== undefined) scroller.scrollTop += step;
      if (current.remeasure) {
        current.remeasure = false;
        current.columns = current.columns.map((c) => ({ ...c, ...measureList(current.scrollers.get(c.stage) ?? null) }));
        setTarget(targetAtPoint(current.point, current.columns));
      }
      tick();
    });
  }

  function onListScroll(): void {
    if (drag?.mode === 'pointer') drag.remeasure = true;
  }

  function onWheel(event: WheelEvent): void {
    if (drag?.mode !== 'pointer') return;
    const point = pointOf(event);
    const column = drag.columns.find((c) => point.x >= c.left && point.x <= c.right);
    const scroller = column === undefined ? undefined : drag.scrollers.get(column.stage);
    if (scroller === undefined) return;
    event.preventDefault();
    const scale = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? WHEEL_LINE : event.deltaMode === WheelEvent.DOM_DELTA_PAGE ? scroller.clientHeight : 1;
    scroller.scrollTop += event.deltaY * scale;
  }

  function onDragUp(event: PointerEvent): void {
    if (drag?.mode !== 'pointer' || event.pointerId !== drag.pointerId) return;
    drag.point = pointOf(event);
    setTarget(targetAtPoint(drag.point, drag.columns));
    finish('drop');
  }

  function onDragCancel(): void {
    finish('cancel');
  }

  function onPointerDragKey(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    finish('cancel');
  }

  function preventTouchScroll(event: TouchEvent): void {
    if (drag?.mode === 'pointer') event.preventDefault();
  }

  // ---- keyboard -----------------------------------------------------------------------------

  const onKeyDown = (event: KeyboardEvent): void => {
    if (drag !== null || event.key !== ' ' || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const card = event.target instanceof HTMLElement && event.target.matches('article[data-ticket-id]') ? event.target : null;
    const ticket = card === null ? undefined : options.draggable(card.dataset.ticketId ?? '');
    if (ticket === undefined) return;
    event.preventDefault();
    clearPending();
    const row = options.displayed(ticket.stage).indexOf(ticket.id);
    drag = { mode: 'keyboard', ticketId: ticket.id, spot: { stage: ticket.stage, row: Math.max(row, 0) }, target: null };
    window.addEventListener('keydown', onKeyboardDragKey, true);
    setSource(ticket.id);
    options.onStart(ticket.id, 'keyboard');
    setTarget(spotTarget(drag.spot, options.displayed));
  };

  const ARROWS: Readonly<Record<string, ArrowKey>> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };

  function onKeyboardDragKey(event: KeyboardEvent): void {
    if (drag?.mode !== 'keyboard') return;
    const arrow = ARROWS[event.key];
    const ends = event.key === ' ' || event.key === 'Enter' || event.key === 'Tab' ? 'drop' : event.key === 'Escape' ? 'cancel' : null;
    if (arrow === undefined && ends === null) return;
    // The card's own Enter (open) and the page's Space (scroll) must not see these keys.
    event.preventDefault();
    event.stopPropagation();
    if (ends !== null) {
      finish(ends);
      return;
    }
    if (arrow === undefined) return;
    drag.spot = moveSpot(drag.spot, arrow, options.displayed);
    const target = spotTarget(drag.spot, options.displayed);
    setTarget(target);
    revealSpot(drag.spot, target);
  }

  /** Brings a keyboard drag's target into view (a long column may not have rendered it yet). */
  function revealSpot(spot: KeyboardSpot, target: DropTarget): void {
    if (container === null) return;
    const selector = target.kind === 'card' ? `article[data-ticket-id="${target.ticketId}"]` : null;
    const column = container.querySelector(`section[data-stage="${spot.stage}"]`);
    const element = selector === null ? column : (column?.querySelector(selector) ?? null);
    if (element instanceof HTMLElement) element.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    else lists.get(spot.stage)?.(spot.row);
  }

  // ---- end ----------------------------------------------------------------------------------

  function finish(outcome: 'drop' | 'cancel'): void {
    clearPending();
    const ended = drag;
    if (ended === null) return;
    drag = null;
    if (ended.mode === 'pointer') {
      if (ended.frame !== undefined) cancelAnimationFrame(ended.frame);
      ended.layer.remove();
      window.removeEventListener('pointermove', onDragMove, true);
      window.removeEventListener('pointerup', onDragUp, true);
      window.removeEventListener('pointercancel', onDragCancel, true);
      window.removeEventListener('keydown', onPointerDragKey, true);
      window.removeEventListener('blur', onDragCancel);
      window.removeEventListener('touchmove', preventTouchScroll, true);
      container?.removeEventListener('scroll', onListScroll, true);
    } else {
      window.removeEventListener('keydown', onKeyboardDragKey, true);
    }
    setSource(null);
    options.onEnd(ended.ticketId, ended.target, outcome, ended.mode);
  }

  return {
    source,
    isSource,
    attach(element) {
      container = element;
      element.addEventListener('pointerdown', onPointerDown);
      element.addEventListener('keydown', onKeyDown);
      return () => {
        finish('cancel');
        element.removeEventListener('pointerdown', onPointerDown);
        element.removeEventListener('keydown', onKeyDown);
        if (container === element) container = null;
      };
    },
    registerList(stage, scrollToRow) {
      lists.set(stage, scrollToRow);
      return () => {
        if (lists.get(stage) === scrollToRow) lists.delete(stage);
      };
    },
    cancel: () => finish('cancel'),
  };
}
