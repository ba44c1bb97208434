/**
 * The server witness (DESIGN.md §3: "the server is the witness"). The sync server calls
 * `witness(change, doc)` after each accepted update from a signed-in person
 * (`boardChange.ts`); for one board, calls come one at a time, in acceptance order.
 *
 * Each call, in this order:
 * 1. **Numbers.** Every touched ticket still without a number in the live document gets the
 *    agency's next ones (`store.ticketNumbers.next`, one reservation per call), written with
 *    `setTicketNumber(…, serverOrigin('witness'))` once step 2 is durable (a hard stop between
 *    leaves the ticket unnumbered, which the board's next load catches up — `boardRoom.ts` —
 *    never numbered without its `created` entry). The live document is re-read right before
 *    writing, so a ticket is never renumbered — even if a later change was read before this
 *    call's number landed. A reserved number that ends up unused is skipped, never reused.
 * 2. **History.** `historyEntriesFor` with those numbers and the handoff recipients; appended in
 *    one batch — the call resolves once it is durable (and the numbers are written).
 * 3. **Attention.** A handoff marks the ticket for `handoffRecipients` (not the author; an
 *    account manager away on the change's agency day is replaced by whoever covers: the
 *    agency's absences are read for it). Any
 *    change a person makes to a ticket clears *their own* mark on it: acting on it is seeing it.
 * 4. **Notifications** (with a `notifier`): `handed_to_me` for the handoff recipients, `assigned`
 *    for each person the change made an assignee (never the author: `notifier.ts`). A failure
 *    here is logged and does not fail the call — history and attention are already durable.
 *
 * Before step 2, with `promisedDates`: a client ticket's due date set, changed or removed
 * enqueues the client's promised-date emails (`mail/promisedDateOutbox.ts`, sent after a grace
 * delay, coalesced). A failure there is logged; the history is still appended.
 *
 * Errors: numbering a malformed ticket is logged and skipped; a store failure rejects the call
 * (the sync server logs it and goes on — the document change itself is already accepted).
 */
import { readTicket, setTicketNumber } from '@fluxo/shared/board/index';
import type { TicketId, UserId } from '@fluxo/shared/ids';
import { serverOrigin } from '@fluxo/shared/origin';
import type * as Y from 'yjs';
import type { Logger } from '../log.js';
import type { AttentionRecord, BoardRecord, UserRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import type { NotificationEvent, Notifier } from '../notifications/notifier.js';
import type { AcceptedChange, BoardWitness } from './boardChange.js';
import { handoffRecipients } from './handoffRecipients.js';
import { agencyDay } from '../absence/agencyDay.js';
import { handedOffTickets, historyEntriesFor } from './historyEntries.js';
import type { PromisedDateOutbox } from '../mail/promisedDateOutbox.js';

export interface WitnessDeps {
  readonly store: Store;
  readonly logger: Logger;
  /** Sends handoff and assignment notifications; without it, none are sent. */
  readonly notifier?: Notifier;
  /**
   * Enqueues the client's promised-date emails (`mail/promisedDateOutbox.ts`); without it, none.
   * Called before the history is appended: a crash in between may tell the client a date whose
   * history entry is missing rather than record a date nobody tells. An enqueue that fails is
   * logged; the ticket's next promised-date row catches up with the live date.
   */
  readonly promisedDates?: PromisedDateOutbox;
}

const WITNESS = serverOrigin('witness');

/**
 * Gives a number to each of `ticketIds` that has none in `doc`. Returns the number of every
 * listed ticket as the document now holds it.
 */
export async function numberTickets(
  store: Store,
  logger: Logger,
  agencyId: AcceptedChange['agencyId'],
  doc: Y.Doc,
  ticketIds: readonly TicketId[],
): Promise<Map<TicketId, number | null>> {
  const { numbers, reserved } = await reserveTicketNumbers(store, agencyId, doc, ticketIds);
  return writeTicketNumbers(logger, doc, numbers, reserved);
}

/**
 * Reserves the agency's next numbers (one reservation) for each of `ticketIds` that has none in
 * `doc`, writing nothing into it: `numbers` is every listed ticket's number as it will be,
 * `reserved` the new ones.
 */
async function reserveTicketNumbers(
  store: Store,
  agencyId: AcceptedChange['agencyId'],
  doc: Y.Doc,
  ticketIds: readonly TicketId[],
): Promise<{ numbers: Map<TicketId, number | null>; reserved: Map<TicketId, number> }> {
  const numbers = new Map<TicketId, number | null>();
  const unnumbered = ticketIds.filter((id) => {
    const ticket = readTicket(doc, id);
    numbers.set(id, ticket?.number ?? null);
    return ticket !== null && ticket.number === null;
  });
  const reserved = new Map<TicketId, number>();
  if (unnumbered.length === 0) return { numbers, reserved };
  let next = await store.ticketNumbers.next(agencyId, unnumbered.length);
  for (const id of unnumbered) {
    const number = next++;
    reserved.set(id, number);
    numbers.set(id, number);
  }
  return { numbers, reserved };
}

/**
 * Writes `reserved` numbers into `doc`. No await here: the checks and writes see one state of
 * the document, re-read right before writing, so a ticket is never renumbered. Returns the
 * number of every ticket of `numbers` as the document now holds it.
 */
function writeTicketNumbers(
  logger: Logger,
  doc: Y.Doc,
  numbers: Map<TicketId, number | null>,
  reserved: ReadonlyMap<TicketId, number>,
): Map<TicketId, number | null> {
  for (const [id, number] of reserved) {
    const current = readTicket(doc, id);
    if (current === null || current.number !== null) {
      numbers.set(id, current?.number ?? null);
      continue;
    }
    try {
      setTicketNumber(doc, { ticketId: id, number }, WITNESS);
    } catch (error) {
      numbers.set(id, null);
      logger.warn('witness: could not number a ticket', { ticketId: id, error: String(error) });
    }
  }
  return numbers;
}

/** Who became an assignee of which ticket in `change` (before → after). */
function assignments(change: AcceptedChange): { ticketId: TicketId; userId: UserId }[] {
  return change.tickets.flatMap(({ before, after }) =>
    after.assignees.filter((id) => !(before?.assignees ?? []).includes(id)).map((userId) => ({ ticketId: after.id, userId })),
  );
}

/** The `handed_to_me` and `assigned` events of one accepted change. */
function notificationEvents(
  change: AcceptedChange,
  board: BoardRecord,
  numbers: ReadonlyMap<TicketId, number | null>,
  handoffs: ReadonlyMap<TicketId, UserId[]>,
  assigned: readonly { ticketId: TicketId; userId: UserId }[],
): NotificationEvent[] {
  const snapshot = (ticketId: TicketId) => {
    const ticket = change.tickets.find((t) => t.after.id === ticketId)?.after;
    if (!ticket) return null;
    return { id: ticket.id, number: numbers.get(ticket.id) ?? ticket.number, title: ticket.title, clientId: ticket.clientId };
  };
  const common = { actor: { kind: 'staff' as const, userId: change.author }, board, at: change.at };
  const events: NotificationEvent[] = [];
  for (const [ticketId, recipients] of handoffs) {
    const ticket = snapshot(ticketId);
    if (ticket && recipients.length > 0) events.push({ ...common, kind: 'handed_to_me', recipients, ticket });
  }
  const byTicket = new Map<TicketId, UserId[]>();
  for (const { ticketId, userId } of assigned) byTicket.set(ticketId, [...(byTicket.get(ticketId) ?? []), userId]);
  for (const [ticketId, recipients] of byTicket) {
    const ticket = snapshot(ticketId);
    if (ticket) events.push({ ...common, kind: 'assigned', recipients, ticket });
  }
  return events;
}

export function createWitness(deps: WitnessDeps): BoardWitness {
  const { store, logger } = deps;

  async function recipientsFor(
    change: AcceptedChange,
    board: BoardRecord | null,
    handedOff: readonly TicketId[],
  ): Promise<Map<TicketId, UserId[]>> {
    const recipients = new Map<TicketId, UserId[]>();
    if (handedOff.length === 0) return recipients;
    if (board === null) {
      logger.warn('witness: handoff on a board without a record', { boardId: change.boardId });
      return recipients;
    }
    const colleagues: UserRecord[] = await store.users.listByAgency(board.agencyId);
    const attendance = { day: await agencyDay(store, board.agencyId, change.at), absences: await store.absences.listByAgency(board.agencyId) };
    for (const id of handedOff) {
      const ticket = change.tickets.find((t) => t.after.id === id)?.after;
      if (!ticket) continue;
      const client = ticket.clientId ? await store.clients.get(ticket.clientId) : null;
      recipients.set(id, handoffRecipients({ ticket, author: change.author, client, board, colleagues, attendance }));
    }
    return recipients;
  }

  return {
    async witness(change, doc) {
      if (change.tickets.length === 0) return;
      const ticketIds = change.tickets.map((t) => t.after.id);
      // Numbers go into the document only once the history naming them is durable: a hard stop
      // in between leaves a ticket without a number, which the board's next load witnesses
      // (sync/boardRoom.ts), never a numbered ticket without its `created` entry.
      const { numbers, reserved } = await reserveTicketNumbers(store, change.agencyId, doc, ticketIds);

      const handedOff = handedOffTickets(change);
      const assigned = deps.notifier ? assignments(change) : [];
      const board =
        handedOff.length > 0 || assigned.length > 0 ? await store.boards.get(change.boardId) : null;
      const recipients = await recipientsFor(change, board, handedOff);

      if (deps.promisedDates) {
        // A mail problem must not cost the history: logged, and the change is still recorded.
        await deps.promisedDates.enqueue(change).catch((error: unknown) => {
          logger.warn('witness: promised-date emails not enqueued', { boardId: change.boardId, error: String(error) });
        });
      }

      const entries = historyEntriesFor(change, {
        numberOf: (id) => numbers.get(id) ?? null,
        handoffRecipients: (id) => recipients.get(id) ?? [],
      });
      await store.history.append(entries);
      writeTicketNumbers(logger, doc, numbers, reserved);

      const at = change.at.toISOString();
      const marks: AttentionRecord[] = [...recipients].flatMap(([ticketId, users]) =>
        users.map((userId) => ({
          userId,
          boardId: change.boardId,
          ticketId,
          reason: 'handoff' as const,
          by: change.author,
          markedAt: at,
        })),
      );
      if (marks.length > 0) await store.attention.mark(marks);
      for (const ticketId of ticketIds) {
        if (!handedOff.includes(ticketId)) await store.attention.clear(change.author, ticketId);
      }

      if (deps.notifier && board) {
        const events = notificationEvents(change, board, numbers, recipients, assigned);
        if (events.length > 0) {
          await deps.notifier.notify(events).catch((error: unknown) => {
            logger.warn('witness: notifications failed', { boardId: change.boardId, error: String(error) });
          });
        }
      }
    },
  };
}
