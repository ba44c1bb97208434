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
import { readBoard, readTicket } from '@fluxo/shared/board/index';
import type { Ticket } from '@fluxo/shared/board/ticket';
import type { BoardId, TicketId } from '@fluxo/shared/ids';
import * as Y from 'yjs';
import type { Store } from '../store/store.js';

export interface TicketDirectory {
  /** The ticket as the board's document holds it; `null` when the board has no such ticket. */
  ticket(boardId: BoardId, ticketId: TicketId): Promise<Ticket | null>;
  /** Every ticket of the board (the client timeline filters them); `[]` for a board without a document. */
  boardTickets(boardId: BoardId): Promise<Ticket[]>;
}

/** What `liveTicketDirectory` needs of the sync server. */
export interface LiveBoards {
  withBoardDoc<T>(boardId: BoardId, use: (doc: Y.Doc) => T | Promise<T>): Promise<T>;
}

export function liveTicketDirectory(boards: LiveBoards): TicketDirectory {
  return {
    ticket: (boardId, ticketId) => boards.withBoardDoc(boardId, (doc) => readTicket(doc, ticketId)),
    boardTickets: (boardId) => boards.withBoardDoc(boardId, (doc) => readBoard(doc).tickets),
  };
}

export function storedTicketDirectory(store: Store): TicketDirectory {
  const read = async <T>(boardId: BoardId, empty: T, use: (doc: Y.Doc) => T): Promise<T> => {
    const state = await store.boardDocs.load(boardId);
    if (state === null) return empty;
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, state);
      return use(doc);
    } finally {
      doc.destroy();
    }
  };
  return {
    ticket: (boardId, ticketId) => read<Ticket | null>(boardId, null, (doc) => readTicket(doc, ticketId)),
    boardTickets: (boardId) => read<Ticket[]>(boardId, [], (doc) => readBoard(doc).tickets),
  };
}

/**
 * Board documents read and written through the store, without a live room (tests and tools,
 * where no sync server runs): each call loads the document, runs `use`, and appends what `use`
 * changed. The server passes the sync server instead (`withBoardDoc` on the live room).
 */
export function storedBoards(store: Store): LiveBoards {
  return {
    async withBoardDoc(boardId, use) {
      const doc = new Y.Doc();
      try {
        const state = await store.boardDocs.load(boardId);
        if (state !== null) Y.applyUpdate(doc, state);
        const before = Y.encodeStateVector(doc);
        const result = await use(doc);
        const changed = Y.encodeStateAsUpdate(doc, before);
        // An update that changes nothing still holds its (empty) struct and delete sections.
        if (changed.length > 2) await store.boardDocs.append(boardId, changed);
        return result;
      } finally {
        doc.destroy();
      }
    },
  };
}
