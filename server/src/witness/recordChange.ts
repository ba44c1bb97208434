/**
 * Runs board commands and describes what they did as the sync server hands it to the witness:
 * an `AcceptedChange` with every ticket whose plain state differs, before and after. The demo
 * seed records its replayed flows with it, and tests drive the witness with it.
 *
 * It reads the whole board twice, so it is for seeding and tests, not for the live path (the
 * sync server knows the touched tickets from the transaction).
 */
import { readBoard } from '@fluxo/shared/board/index';
import type * as Y from 'yjs';
import type { AcceptedChange, TicketChange } from './boardChange.js';

export type ChangeMeta = Omit<AcceptedChange, 'tickets'>;

export function recordChange<T>(doc: Y.Doc, meta: ChangeMeta, command: () => T): { result: T; change: AcceptedChange } {
  const before = new Map(readBoard(doc).tickets.map((t) => [t.id, t]));
  const result = command();
  const tickets: TicketChange[] = [];
  for (const after of readBoard(doc).tickets) {
    const previous = before.get(after.id) ?? null;
    if (previous === null || JSON.stringify(previous) !== JSON.stringify(after)) tickets.push({ before: previous, after });
  }
  return { result, change: { ...meta, tickets } };
}
