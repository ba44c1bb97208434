/**
 * Where the conversation reads a ticket's current state (does it exist on this board, its
 * number, title, client, assignees): the board's Yjs document. Comments and notifications live
 * in the store; the ticket itself lives only in the document.
 *
 * - `liveTicketDirectory(sync)`: through the sync server's live room (`withBoardDoc`) — the
 *   production path: the same document people are editing, loaded if nobody has it open.
 * - `storedTicketDirectory(store)`: from the stored updates, without a live room (tests and
 *   tools, where no sync server runs). Costs a document load per call.
 */
import { readTicket } from '@fluxo/shared/board/index';
import type { Ticket } from '@fluxo/shared/board/ticket';
import type { BoardId, TicketId } from '@fluxo/shared/ids';
import * as Y from 'yjs';
import type { Store } from '../store/store.js';

export interface TicketDirectory {
  /** The ticket as the board's document holds it; `null` when the board has no such ticket. */
  ticket(boardId: BoardId, ticketId: TicketId): Promise<Ticket | null>;
}

/** What `liveTicketDirectory` needs of the sync server. */
export interface LiveBoards {
  withBoardDoc<T>(boardId: BoardId, use: (doc: Y.Doc) => T | Promise<T>): Promise<T>;
}

export function liveTicketDirectory(boards: LiveBoards): TicketDirectory {
  return {
    ticket: (boardId, ticketId) => boards.withBoardDoc(boardId, (doc) => readTicket(doc, ticketId)),
  };
}

export function storedTicketDirectory(store: Store): TicketDirectory {
  return {
    async ticket(boardId, ticketId) {
      const state = await store.boardDocs.load(boardId);
      if (state === null) return null;
      const doc = new Y.Doc();
      try {
        Y.applyUpdate(doc, state);
        return readTicket(doc, ticketId);
      } finally {
        doc.destroy();
      }
    },
  };
}
