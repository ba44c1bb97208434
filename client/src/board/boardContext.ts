/**
 * What the pieces of an open board share: the session, the board's people and clients, the
 * filters, the drag state and the message area. Provided by `LiveBoard`, read with `useBoard()`.
 */
import type { DeadlineBoard } from './boardDeadlines';
import type { Stage } from '@fluxo/shared/flow/stages';
import type { ClientId, TicketId, UserId } from '@fluxo/shared/ids';
import type { Role } from '@fluxo/shared/roles';
import type { BoardCard } from '@fluxo/shared/board/index';
import { type Accessor, createContext, useContext } from 'solid-js';
import type { BoardSummary } from '../data/boards';
import type { BoardFilters } from './boardFilters';
import type { BoardSession } from './boardSession';
import type { DropPlacement } from './dropPlacement';
import type { TicketApprovalSummary } from '@fluxo/shared/approvals/approval';

export interface BoardUser {
  readonly id: UserId;
  readonly name: string;
  readonly role: Role;
}

/** A card being dragged over: which card and which side the moved one would land on. */
export interface DropHint {
  readonly ticketId: string;
  readonly side: 'above' | 'below';
}

export interface BoardContextValue {
  readonly session: BoardSession;
  /**
   * The board shows the server's first cards while its document loads: nothing may change it
   * yet (drag, "Mover…", quick add are disabled; the sync status says "Carregando…").
   */
  readonly readOnly: Accessor<boolean>;
  readonly board: BoardSummary;
  readonly me: BoardUser;
  memberName(id: UserId): string | undefined;
  clientName(id: ClientId): string | undefined;
  readonly wipLimit: (stage: Stage) => number | undefined;
  /** Tickets handed back to me that I have not opened yet. */
  readonly attention: Accessor<ReadonlySet<string>>;
  /** Each ticket's deadline state ("No prazo / Em risco / Atrasado") and deadlines (`boardDeadlines.ts`). */
  readonly deadlines: DeadlineBoard;
  /** Each ticket's client-approval summary (`approvals.board`), if it has approvals. */
  approvalOf(ticketId: string): TicketApprovalSummary | undefined;
  readonly filters: Accessor<BoardFilters>;
  setFilters(change: Partial<BoardFilters>): void;
  readonly filtering: Accessor<boolean>;
  readonly matches: Accessor<(ticket: BoardCard) => boolean>;
  /** The ids a column shows: its tickets in order, filtered. Reactive. */
  visible(stage: Stage): readonly string[];
  openTicket(id: TicketId): void;
  /** Move a card where the person asked, if the flow allows it; says what happened. */
  moveCard(ticketId: TicketId, placement: DropPlacement): boolean;
  /** A polite announcement (screen readers) or, with `error`, a visible alert. */
  announce(message: string, tone?: 'info' | 'error'): void;
  /** The ticket this tab is dragging. */
  readonly dragging: Accessor<string | null>;
  /** Where a drop would land, for the card under the pointer only. */
  dropHintFor(ticketId: string): DropHint['side'] | null;
  setDropHint(hint: DropHint | null): void;
  /** True for a short while after a drag ended, so the click that ends it opens nothing. */
  justDragged(): boolean;
  /** Put the focus on a card (after a keyboard move re-created it elsewhere), scrolling to it. */
  focusCard(ticketId: string): void;
  /** A long column lets `focusCard` scroll to a card it has not rendered; returns the undo. */
  registerScroller(stage: Stage, scrollToIndex: (index: number) => void): () => void;
  /** Id of the hidden element explaining how to move a card with the keyboard. */
  readonly instructionsId: string;
}

export const BoardContext = createContext<BoardContextValue>();

export function useBoard(): BoardContextValue {
  const board = useContext(BoardContext);
  if (!board) throw new Error('useBoard() outside <LiveBoard>');
  return board;
}
