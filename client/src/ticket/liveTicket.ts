/**
 * One ticket of the board document as Solid state: read (validated) through `readTicket`, and
 * read again after each transaction that touched it — local commands, remote updates and undo
 * alike — then merged with `reconcile`, so only the fields that changed notify their readers
 * (typing in the description does not re-render the checklist). One read per transaction, not
 * per Yjs event.
 *
 * `current` is null while this replica cannot show the ticket: not arrived yet, or malformed /
 * pending (see `readTicketEntry`); it becomes readable when the missing updates arrive.
 *
 * `recorded` is a key of the fields the server keeps history for (stage, status, steps, people,
 * dates, details, archive — not the texts nor the rank, see `shared/src/history/`): it changes
 * exactly when a change the server will record happened, which is when the history is worth
 * fetching again.
 */
import { readTicket } from '@fluxo/shared/board/readBoard';
import { touchedTickets } from '@fluxo/shared/board/invariants';
import type { Ticket } from '@fluxo/shared/board/ticket';
import type { TicketId } from '@fluxo/shared/ids';
import { createMemo, onCleanup } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import type * as Y from 'yjs';

export interface LiveTicket {
  /** The ticket now, or null while it cannot be read. Reactive. */
  readonly current: () => Ticket | null;
  /** Changes whenever a field the server records history for changes. Reactive. */
  readonly recorded: () => string;
}

function recordedKey(ticket: Ticket | null): string {
  if (ticket === null) return '';
  const { stage, status, steps, assignees, dueDate, archived, channel, clientId, kind } = ticket;
  return JSON.stringify([stage, status, steps, assignees, dueDate, archived, channel, clientId, kind]);
}

/** Must run under a Solid owner: it stops listening when the owner is disposed. */
export function createLiveTicket(doc: Y.Doc, ticketId: TicketId): LiveTicket {
  const [state, setState] = createStore<{ ticket: Ticket | null }>({ ticket: readTicket(doc, ticketId) });
  const afterTransaction = (transaction: Y.Transaction): void => {
    if (!touchedTickets(transaction).has(ticketId)) return;
    const next = readTicket(doc, ticketId);
    setState('ticket', next === null ? null : reconcile(next));
  };
  doc.on('afterTransaction', afterTransaction);
  onCleanup(() => doc.off('afterTransaction', afterTransaction));
  const recorded = createMemo(() => recordedKey(state.ticket));
  return { current: () => state.ticket, recorded };
}
