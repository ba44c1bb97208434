/**
 * The board's drag and drop in numbers, without the DOM: where a pointer drop lands from the
 * rectangles measured when the card was picked up, where the ghost is drawn, how fast a column
 * scrolls near its edges, and where the arrow keys take a keyboard drag.
 *
 * The drag layer (`boardDrag.ts`) measures once at pick-up — each column's box, its list's visible
 * box and the cards its window has rendered — and again only when a list scrolls; every pointer
 * move is then a comparison against these numbers, never a layout.
 */
import { STAGES, type Stage } from '@fluxo/shared/flow/stages';
import type { TicketId } from '@fluxo/shared/ids';
import type { DropTarget } from './dropPlacement';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A rendered card's vertical span in the viewport (px). */
export interface CardSpan {
  readonly ticketId: TicketId;
  readonly top: number;
  readonly bottom: number;
}

/** One column as measured at pick-up (viewport px). */
export interface ColumnLayout {
  readonly stage: Stage;
  /** The whole column region: header, quick add and list. */
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  /** The part of the card list in view (its scroll box); null when the column shows no list. */
  readonly list: { readonly top: number; readonly bottom: number } | null;
  /** Its rendered cards, top to bottom. */
  readonly cards: readonly CardSpan[];
}

/**
 * The drop target under a point: over a column's list, the nearest card in view (a gap between
 * two cards still means one of them, never "the end of the column"), with the pointer's side of
 * its middle; over the rest of the column (its header, an empty list), the column itself;
 * outside every column, nothing.
 */
export function targetAtPoint(point: Point, columns: readonly ColumnLayout[]): DropTarget | null {
  const column = columns.find((c) => point.x >= c.left && point.x <= c.right && point.y >= c.top && point.y <= c.bottom);
  if (column === undefined) return null;
  const list = column.list;
  if (list === null || point.y < list.top || point.y > list.bottom) return { kind: 'column', stage: column.stage };
  let best: CardSpan | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const card of column.cards) {
    // Only what the person can see: a card scrolled out of the list's box is not a target.
    if (card.bottom <= list.top || card.top >= list.bottom) continue;
    const distance = point.y < card.top ? card.top - point.y : point.y > card.bottom ? point.y - card.bottom : 0;
    if (distance < bestDistance) {
      best = card;
      bestDistance = distance;
    }
  }
  if (best === null) return { kind: 'column', stage: column.stage };
  return {
    kind: 'card',
    stage: column.stage,
    ticketId: best.ticketId,
    pointer: { y: point.y, middle: (best.top + best.bottom) / 2 },
  };
}

/** Two targets that show the same thing (same card and side, or same column). */
export function sameTarget(a: DropTarget | null, b: DropTarget | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind === 'column' || b.kind === 'column') return a.kind === b.kind && a.stage === b.stage;
  const side = (t: typeof a) => (t.pointer === null ? null : t.pointer.y < t.pointer.middle);
  return a.ticketId === b.ticketId && side(a) === side(b);
}

/** The ghost's offset from where the card was picked up: it follows the pointer exactly. */
export function ghostOffset(pickedAt: Point, pointer: Point): Point {
  return { x: pointer.x - pickedAt.x, y: pointer.y - pickedAt.y };
}

/** Distance from a list's top or bottom edge within which a drag scrolls it (px). */
export const AUTO_SCROLL_EDGE = 48;
/** Fastest auto-scroll, at the very edge (px per frame). */
export const AUTO_SCROLL_MAX = 16;

/**
 * How far a list scrolls this frame while the pointer is near one of its edges: negative up,
 * positive down, faster closer to the edge; 0 elsewhere.
 */
export function autoScrollStep(y: number, list: { readonly top: number; readonly bottom: number }): number {
  if (y < list.top || y > list.bottom) return 0;
  const edge = Math.min(AUTO_SCROLL_EDGE, (list.bottom - list.top) / 3);
  if (edge <= 0) return 0;
  if (y < list.top + edge) return -Math.ceil(AUTO_SCROLL_MAX * (1 - (y - list.top) / edge));
  if (y > list.bottom - edge) return Math.ceil(AUTO_SCROLL_MAX * (1 - (list.bottom - y) / edge));
  return 0;
}

/**
 * Where a keyboard drag points: a row of a column's displayed cards. `row` equal to the number of
 * cards means the column itself (its end; the only target of an empty column).
 */
export interface KeyboardSpot {
  readonly stage: Stage;
  readonly row: number;
}

export type ArrowKey = 'up' | 'down' | 'left' | 'right';

/**
 * The arrows of a keyboard drag, as in a sortable list: up and down go from card to card (below
 * the last card is the column's end), left and right go to the neighbouring column at the same
 * row, or its last card when it is shorter (its end when it is empty). At a border nothing moves.
 */
export function moveSpot(spot: KeyboardSpot, key: ArrowKey, columns: (stage: Stage) => readonly string[]): KeyboardSpot {
  const length = columns(spot.stage).length;
  switch (key) {
    case 'up':
      return spot.row > 0 ? { stage: spot.stage, row: Math.min(spot.row, length) - 1 } : spot;
    case 'down':
      return spot.row < length ? { stage: spot.stage, row: spot.row + 1 } : spot;
    case 'left':
    case 'right': {
      const next = STAGES[STAGES.indexOf(spot.stage) + (key === 'left' ? -1 : 1)];
      if (next === undefined) return spot;
      const nextLength = columns(next).length;
      return { stage: next, row: nextLength === 0 ? 0 : Math.min(spot.row, nextLength - 1) };
    }
  }
}

/** The drop target a keyboard spot names. */
export function spotTarget(spot: KeyboardSpot, columns: (stage: Stage) => readonly string[]): DropTarget {
  const id = columns(spot.stage)[spot.row];
  return id === undefined
    ? { kind: 'column', stage: spot.stage }
    : { kind: 'card', stage: spot.stage, ticketId: id as TicketId, pointer: null };
}
