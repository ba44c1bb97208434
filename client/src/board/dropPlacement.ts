/**
 * Where a dropped card goes, as `moveTicket` input. `before` is the ticket that ends up just
 * above the moved one and `after` the one just below (shared/board/moveTicket.ts); giving one
 * neighbour is enough (`moveTicket` finds the other from the document), but when the person saw a
 * card on each side both are given, so the rank lands between exactly those two and `moveTicket`
 * reads two entries instead of the whole board.
 *
 * - Dropped on a column (its empty space): the end of that column.
 * - Dropped on a card, with a pointer: above it if the pointer is in its upper half, else below.
 * - Dropped on a card, with the keyboard (no pointer): the card's place, as in a sortable list —
 *   below it when moving down within the same column, above it otherwise.
 */
import type { Stage } from '@fluxo/shared/flow/stages';
import type { TicketId } from '@fluxo/shared/ids';

export type DropTarget =
  | { readonly kind: 'column'; readonly stage: Stage }
  | {
      readonly kind: 'card';
      readonly stage: Stage;
      readonly ticketId: TicketId;
      /** Pointer y and the target card's vertical middle; null for a keyboard drop. */
      readonly pointer: { readonly y: number; readonly middle: number } | null;
    };

export interface DropPlacement {
  readonly toStage: Stage;
  readonly before?: TicketId;
  readonly after?: TicketId;
}

/** Which side of the target card the moved one lands on. */
export function dropSide(
  source: { readonly ticketId: TicketId; readonly stage: Stage },
  target: Extract<DropTarget, { kind: 'card' }>,
  column: readonly string[],
): 'above' | 'below' {
  if (target.pointer !== null) return target.pointer.y < target.pointer.middle ? 'above' : 'below';
  if (source.stage !== target.stage) return 'above';
  const from = column.indexOf(source.ticketId);
  const to = column.indexOf(target.ticketId);
  return from !== -1 && from < to ? 'below' : 'above';
}

/**
 * The move for a drop, or null when the card would stay where it is (dropped on itself, or on
 * the neighbour it already touches on that side).
 */
export function placeDrop(
  source: { readonly ticketId: TicketId; readonly stage: Stage },
  target: DropTarget,
  /** The target column's ids in order, as displayed (the source included if it is there). */
  column: readonly string[],
): DropPlacement | null {
  if (target.kind === 'column') {
    if (target.stage === source.stage && column[column.length - 1] === source.ticketId) return null;
    return { toStage: target.stage };
  }
  if (target.ticketId === source.ticketId) return null;
  const side = dropSide(source, target, column);
  if (target.stage === source.stage) {
    const from = column.indexOf(source.ticketId);
    const to = column.indexOf(target.ticketId);
    if (from !== -1 && ((side === 'above' && from === to - 1) || (side === 'below' && from === to + 1))) return null;
  }
  // Name both cards the person saw around the drop spot when there are two: `moveTicket` then
  // reads just those two entries instead of scanning the board for the missing neighbour.
  // (The column without the moved card, read in place: no copy of a 2,000-id column per drop.)
  const at = column.indexOf(target.ticketId);
  const neighbour = (step: -1 | 1): TicketId | undefined => {
    if (at === -1) return undefined;
    let index = at + step;
    if (column[index] === source.ticketId) index += step;
    return column[index] as TicketId | undefined;
  };
  if (side === 'above') {
    const before = neighbour(-1);
    return before === undefined
      ? { toStage: target.stage, after: target.ticketId }
      : { toStage: target.stage, before, after: target.ticketId };
  }
  const after = neighbour(1);
  return after === undefined
    ? { toStage: target.stage, before: target.ticketId }
    : { toStage: target.stage, before: target.ticketId, after };
}
