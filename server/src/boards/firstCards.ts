/**
 * The first cards of a board's columns (`readFirstCards` in shared/board), for `boards.firstCards`.
 *
 * Reading them walks every ticket entry of the document (~10–25 ms at 10,000 tickets), so the
 * result is kept per document — computed once at the widest bound (`FIRST_CARDS_MAX` per stage)
 * and cut to what each caller asks — until the document's next transaction: people opening a
 * board one after the other, with nobody editing in between, cost one walk. The document is the
 * sync server's live one (a `WeakMap` key: an unloaded room's entry goes with it); the first
 * transaction that changes it after a read drops the entry (one listener per cached document,
 * removed then). Transactions that change nothing do not count: every browser that connects
 * sends its handshake update, which on a first visit holds nothing and is applied all the same.
 */
import { FIRST_CARDS_MAX, type FirstCards, readFirstCards } from '@fluxo/shared/board/firstCards';
import { STAGES, type Stage } from '@fluxo/shared/flow/stages';
import type * as Y from 'yjs';

/** Whether a transaction changed the document (added content or deleted some). */
const changedAnything = (transaction: Y.Transaction): boolean =>
  transaction.changed.size > 0 || transaction.deleteSet.clients.size > 0;

const widest = new WeakMap<Y.Doc, FirstCards>();

/** How many walks `firstCardsOf` made (tests check the cache). */
export const firstCardsStats = { reads: 0 };

export function firstCardsOf(doc: Y.Doc, perStage: number): FirstCards {
  let all = widest.get(doc);
  if (all === undefined) {
    all = readFirstCards(doc, FIRST_CARDS_MAX);
    firstCardsStats.reads++;
    widest.set(doc, all);
    const forget = (transaction: Y.Transaction): void => {
      if (!changedAnything(transaction)) return;
      widest.delete(doc);
      doc.off('afterTransaction', forget);
    };
    doc.on('afterTransaction', forget);
  }
  const columns = {} as Record<Stage, FirstCards['columns'][Stage]>;
  for (const stage of STAGES) {
    const column = all.columns[stage];
    columns[stage] = { total: column.total, open: column.open, cards: column.cards.slice(0, perStage) };
  }
  return { columns };
}
