/**
 * Each board's ticket flows (`@fluxo/shared/reports/ticketFlow`), kept in memory and brought up to
 * date from the history store on each read with only the entries appended since
 * (`listForBoard(boardId, { skip })`): the dashboard over a 50,000-ticket workspace re-reads
 * nothing it already has. One per process (on the `Conversation`); history is append-only, so
 * the cache is never stale after a read and never needs invalidating.
 */
import type { BoardId } from '@fluxo/shared/ids';
import { type TicketFlow, TicketFlowBook } from '@fluxo/shared/reports/ticketFlow';
import type { Store } from '../store/store.js';

interface BoardFlows {
  readonly book: TicketFlowBook;
  read: number;
  /** Reads of one board run one after another, so no slice is added twice. */
  queue: Promise<unknown>;
}

export class FlowCache {
  readonly #store: Store;
  readonly #boards = new Map<BoardId, BoardFlows>();

  constructor(store: Store) {
    this.#store = store;
  }

  /** The board's flows, including every entry appended before the call. */
  flows(boardId: BoardId): Promise<readonly TicketFlow[]> {
    let board = this.#boards.get(boardId);
    if (board === undefined) {
      board = { book: new TicketFlowBook(), read: 0, queue: Promise.resolve() };
      this.#boards.set(boardId, board);
    }
    const current = board;
    const run = current.queue.then(async () => {
      const entries = await this.#store.history.listForBoard(boardId, { skip: current.read });
      current.book.add(entries);
      current.read += entries.length;
      return current.book.flows();
    });
    current.queue = run.catch(() => undefined);
    return run;
  }
}
