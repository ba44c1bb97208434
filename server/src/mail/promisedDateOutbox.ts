/**
 * The promised date (prazo combinado) told to the client by email — issue 7: "the deadline
 * promised at Planning is recorded, told to the client, and every change of it is recorded and
 * told too". The witness records the change (`due_date_changed`); this module makes it an email.
 *
 * **Enqueue** (`promisedDateOutbox(…).enqueue(change)`, called by the witness for every accepted
 * change): a ticket **with a client** that was opened with a due date, whose due date was set,
 * changed or removed, or that moved to another client while it has one, gets one
 * `promised_date` row per client address — the people who wrote to Fluxo about the ticket by
 * email, else the client's addresses on record (as `clientCommentOutbox.ts`), without
 * unsubscribed ones — due `graceMs` after the change (`MAIL_BURST_WINDOW_SECONDS`), carrying the
 * date the change left.
 *
 * **At send time** (`decidePromisedDate`, from `mailComposer.ts`), for one recipient and ticket:
 * 1. The group's newest row speaks, and only if no newer row exists for that recipient and
 *    ticket: otherwise the newer row will say it (an account manager who picks 10/12, then 12/12
 *    a minute later, sends one email). A row that ends like this is `skipped`, not failed.
 * 2. The ticket must still exist, have a client, not be archived nor cancelled, and the address
 *    must still be one that gets the ticket's client emails; otherwise `skipped`.
 * 3. **What the client was last told** is the `dueDate` of the newest `sent` row for that
 *    recipient and ticket (a sent row told exactly its date; the outbox is durable in
 *    `conversation.clog`, so a restart neither repeats nor forgets). Nothing told yet counts as
 *    "no date". The same date as the one told → `skipped` (a change undone within the grace).
 * 4. The live ticket's date must be the newest row's: if the document moved on without a row
 *    (an enqueue that failed), a catch-up row with the live date is enqueued (idempotent: keyed
 *    by the row it replaces) and this group is `skipped` — so a sent row always told its own date.
 *
 * A crash between the SMTP server's `250` and the release resends the same email (the outbox's
 * at-least-once rule, `outboxWorker.ts`); it never loses one.
 */
import { createHash } from 'node:crypto';
import { type Ticket, readTicket } from '@fluxo/shared/board/index';
import { DEFAULT_LOCALE } from '@fluxo/shared/i18n/translate';
import type { AgencyId, BoardId, TicketId } from '@fluxo/shared/ids';
import type { Logger } from '../log.js';
import { type OutboxRecord, type OutboxRecordOf, newOutboxId } from '../store/conversationRecords.js';
import { MAX_OUTBOX_PAGE, type Store } from '../store/store.js';
import type { AcceptedChange, TicketChange } from '../witness/boardChange.js';
import { clientRecipients } from './clientCommentOutbox.js';
import type { BoardDocAccess } from './mailComposer.js';

export type PromisedDateRow = OutboxRecordOf<'promised_date'>;

export interface PromisedDateOutbox {
  /** Enqueues the rows `change` causes; resolves once they are durable. */
  enqueue(change: AcceptedChange): Promise<OutboxRecord[]>;
}

/** Whether this ticket change is news about the promised date for the client. */
export function promisedDateNews({ before, after }: TicketChange): boolean {
  if (after.clientId === null) return false;
  if (before === null) return after.dueDate !== null;
  if (before.dueDate !== after.dueDate) return true;
  return before.clientId !== after.clientId && after.dueDate !== null;
}

const addressKey = (address: string) => createHash('sha256').update(address).digest('hex').slice(0, 16);

function row(
  ref: { agencyId: AgencyId; boardId: BoardId; ticketId: TicketId },
  to: string,
  dueDate: string | null,
  idempotencyKey: string,
  createdAt: Date,
  dueAt: Date,
): PromisedDateRow {
  return {
    id: newOutboxId(),
    idempotencyKey,
    kind: 'promised_date',
    to,
    // Clients have no language of their own yet: the agency default, as every client email.
    locale: DEFAULT_LOCALE,
    agencyId: ref.agencyId,
    boardId: ref.boardId,
    ticketId: ref.ticketId,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: dueAt.toISOString(),
    lastError: null,
    messageId: null,
    createdAt: createdAt.toISOString(),
    sentAt: null,
    payload: { dueDate },
  };
}

export function promisedDateOutbox(deps: { store: Store; graceMs: number }): PromisedDateOutbox {
  const { store } = deps;
  const graceMs = Math.max(0, deps.graceMs);
  return {
    async enqueue(change) {
      const rows: PromisedDateRow[] = [];
      for (const ticketChange of change.tickets) {
        if (!promisedDateNews(ticketChange)) continue;
        const { after } = ticketChange;
        const ref = { agencyId: change.agencyId, boardId: change.boardId, ticketId: after.id };
        const dueAt = new Date(change.at.getTime() + graceMs);
        for (const to of await clientRecipients(store, ref, after)) {
          const key = `promised_date:${change.boardId}:${after.id}:${addressKey(to)}:${change.at.getTime()}:${after.dueDate ?? 'none'}`;
          rows.push(row(ref, to, after.dueDate, key, change.at, dueAt));
        }
      }
      return rows.length === 0 ? [] : store.outbox.enqueue(rows);
    },
  };
}

export type PromisedDateDecision =
  | {
      readonly tell: {
        readonly ticket: Ticket;
        /** The date to tell; `null`: the ticket has no promised date any more. */
        readonly dueDate: string | null;
        /** What the client was last told; `null`: no date yet. */
        readonly previous: string | null;
      };
    }
  | { readonly skip: string };

async function liveTicket(boards: BoardDocAccess, boardId: BoardId, ticketId: TicketId): Promise<Ticket | null> {
  try {
    return await boards.withBoardDoc(boardId, (doc) => readTicket(doc, ticketId));
  } catch {
    return null; // the board is gone
  }
}

/** Newest last: by creation, then id (rows of one change share their creation instant). */
const byAge = (a: OutboxRecord, b: OutboxRecord) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * What one email of `rows` (claimed `promised_date` rows of one recipient and ticket) should
 * say, or why it says nothing — see the module comment.
 */
export async function decidePromisedDate(
  deps: { store: Store; boards: BoardDocAccess; logger?: Logger; now: () => Date },
  rows: readonly PromisedDateRow[],
): Promise<PromisedDateDecision> {
  const { store } = deps;
  const group = [...rows].sort(byAge);
  const teller = group.at(-1);
  if (!teller || teller.boardId === null || teller.ticketId === null) return { skip: 'the row names no ticket' };
  const ref = { agencyId: teller.agencyId, boardId: teller.boardId, ticketId: teller.ticketId };
  if (group.some((r) => r.to !== teller.to || r.boardId !== ref.boardId || r.ticketId !== ref.ticketId)) {
    return { skip: 'the rows are not of one recipient and ticket' };
  }

  // Every row of this recipient and ticket (the ticket's rows, newest first).
  const ids = new Set(group.map((r) => r.id));
  const history = (await store.outbox.list({ agencyId: ref.agencyId, ticketId: ref.ticketId, limit: MAX_OUTBOX_PAGE })).filter(
    (r): r is PromisedDateRow => r.kind === 'promised_date' && r.to === teller.to && r.boardId === ref.boardId && !ids.has(r.id),
  );
  if (history.some((r) => byAge(r, teller) > 0)) return { skip: 'a later change of the date tells the client' };

  const ticket = await liveTicket(deps.boards, ref.boardId, ref.ticketId);
  if (ticket === null) return { skip: 'the ticket no longer exists' };
  if (ticket.clientId === null) return { skip: 'the ticket has no client' };
  if (ticket.archived) return { skip: 'the ticket is archived' };
  if (ticket.status === 'cancelled') return { skip: 'the ticket is cancelled' };
  if (!(await clientRecipients(store, ref, ticket)).includes(teller.to)) {
    return { skip: "the address no longer gets this ticket's client emails" };
  }

  const told = history.filter((r) => r.status === 'sent').sort(byAge).at(-1);
  const previous = told?.payload.dueDate ?? null;

  if (ticket.dueDate !== teller.payload.dueDate) {
    // The document moved on without a row (its enqueue failed): a row with the live date speaks.
    const now = deps.now();
    const catchUp = row(ref, teller.to, ticket.dueDate, `promised_date:catch-up:${teller.id}:${ticket.dueDate ?? 'none'}`, now, now);
    await store.outbox.enqueue([catchUp]);
    deps.logger?.info('mail: promised date caught up with the ticket', { ticketId: ref.ticketId, rowId: teller.id });
    return { skip: 'the date changed again; a newer row tells the client' };
  }
  if (ticket.dueDate === previous) return { skip: 'the client already knows this date' };
  return { tell: { ticket, dueDate: ticket.dueDate, previous } };
}
