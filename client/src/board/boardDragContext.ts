/**
 * What the columns and cards need from the board's drag layer (`boardDrag.ts`), provided by
 * `BoardColumns`: whether a card is the one being dragged, a way for a virtualized column to
 * scroll a keyboard drag's target into its window, the cards' known heights and the queue
 * that spreads the long columns' re-renders over frames.
 */
import type { Stage } from '@fluxo/shared/flow/stages';
import { createContext, useContext } from 'solid-js';
import type { FrameQueue } from './frameDeferred';

export interface BoardDragContextValue {
  isSource(ticketId: string): boolean;
  registerList(stage: Stage, scrollToRow: (row: number) => void): () => void;
  /**
   * Card heights measured by the long columns, by ticket id, shared by all columns: a card
   * dropped in another column is placed at its height without being measured again.
   */
  readonly cardHeights: Map<string, number>;
  /** The long columns' windows follow their ids through this queue: one column per frame. */
  readonly listUpdates: FrameQueue;
}

export const BoardDragContext = createContext<BoardDragContextValue>();

export function useBoardDrag(): BoardDragContextValue {
  const drag = useContext(BoardDragContext);
  if (!drag) throw new Error('useBoardDrag() outside <BoardColumns>');
  return drag;
}
