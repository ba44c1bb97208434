/**
 * The seam between the sync server (`sync/`) and the witness (`witness/`).
 *
 * The sync server knows which connection — hence which signed-in person — sent each Yjs update.
 * After it has accepted an update, applied it to the live board document and appended it to the
 * board's log, it hands the witness an `AcceptedChange`: the plain state (`readTicket`) of every
 * ticket the update touched, before and after. The witness turns that into history entries
 * (created, stage/status change, handoff, assignment, due date, …) and gives new tickets their
 * human number by writing `setTicketNumber` into the live document with `serverOrigin('witness')`
 * (the sync server persists and broadcasts that like any other change).
 *
 * Calls for one board arrive in the order the updates were accepted; the sync server awaits
 * each call before handing over the next one of that board.
 */
import type { Ticket } from '@fluxo/shared/board/index';
import type { AgencyId, BoardId, UserId } from '@fluxo/shared/ids';
import type * as Y from 'yjs';

export interface TicketChange {
  /** `null` when the update created the ticket. */
  readonly before: Ticket | null;
  readonly after: Ticket;
}

export interface AcceptedChange {
  readonly agencyId: AgencyId;
  readonly boardId: BoardId;
  /** The person whose connection sent the update. */
  readonly author: UserId;
  /** When the server accepted it. */
  readonly at: Date;
  /** Every ticket whose plain state differs before/after, in no particular order. */
  readonly tickets: readonly TicketChange[];
}

export interface BoardWitness {
  /**
   * Records what `change` did. `doc` is the live board document, already holding the change;
   * the witness may write ticket numbers into it (server origin). Resolves when the history is
   * durable. Must not throw for a well-formed change; the sync server logs a rejection and goes on.
   */
  witness(change: AcceptedChange, doc: Y.Doc): Promise<void>;
}
