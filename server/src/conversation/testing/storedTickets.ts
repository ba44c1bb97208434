/**
 * Test support: tickets written straight into a board's stored document, where
 * `storedTicketDirectory` (the conversation's ticket reader in tests) finds them.
 */
import { type CreateTicketInput, createTicket, setTicketNumber } from '@fluxo/shared/board/index';
import type { BoardId, TicketId } from '@fluxo/shared/ids';
import { serverOrigin } from '@fluxo/shared/origin';
import * as Y from 'yjs';
import type { Store } from '../../store/store.js';

/** Creates a ticket on the stored board (numbered `number` when given) and returns its id. */
export async function addStoredTicket(
  store: Store,
  boardId: BoardId,
  input: CreateTicketInput,
  number?: number,
): Promise<TicketId> {
  const doc = new Y.Doc();
  const stored = await store.boardDocs.load(boardId);
  if (stored) Y.applyUpdate(doc, stored);
  const before = Y.encodeStateVector(doc);
  const id = createTicket(doc, input, serverOrigin('seed'));
  if (number !== undefined) setTicketNumber(doc, { ticketId: id, number }, serverOrigin('witness'));
  await store.boardDocs.append(boardId, Y.encodeStateAsUpdate(doc, before));
  doc.destroy();
  return id;
}
