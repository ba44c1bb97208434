/**
 * The first cards of each column, read on the server for a browser that has no copy of the board
 * yet (`boards.firstCards`): it paints them while the whole document (megabytes on a large board)
 * is still on its way, then switches to the live document without a card moving.
 *
 * - `BoardCard`: what a card on the board shows and how it is placed — number, title, client,
 *   status, priority, due date, assignees, stage, rank (the holder follows from the stage). A `Ticket` is a
 *   `BoardCard`; the texts, steps and the rest stay in the document (the drawer's business).
 * - `FirstCards`: per stage, its first `perStage` cards **in column order** (`compareInStage`, the
 *   order `readBoard` and the browser's reader use), how many tickets the column holds and how
 *   many of them are not closed (work in progress). The schema checks that order, so a server
 *   bug cannot make the cards jump when the live board replaces them.
 * - `readFirstCards(doc, perStage)`: one walk over the tickets map reading only each entry's
 *   `position`, `archived` and `status` (no texts), a sort of each column's placements, then
 *   `readTicketEntry` (the full reading, as the browser's) for the cards returned. Entries whose
 *   placement does not read are left out, like the browser leaves them out; an entry unreadable
 *   elsewhere is counted but never shown (the sync server refuses updates that would make one,
 *   so a live board has none). Cost for 10,000 tickets on the 2-core benchmark machine: ~10–25 ms
 *   (walk ~8–20, sorts ~5), against ~20–90 ms for `readBoard`; the server caches the result per
 *   live document until its next transaction (`server/src/boards/firstCards.ts`).
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { STAGES, type Stage, stageSchema } from '../flow/stages.js';
import { isClosed, STATUSES, statusSchema } from '../flow/statuses.js';
import { prioritySchema } from '../flow/priorities.js';
import { boardIdSchema, clientIdSchema, ticketIdSchema, userIdSchema } from '../ids.js';
import { isRankOf } from './fractionalIndex.js';
import { TICKETS_MAP } from './layout.js';
import { compareInStage, plainField, readTicketEntry } from './readBoard.js';
import { dueDateSchema, rankSchema, ticketNumberSchema, type Ticket } from './ticket.js';

/** Bounds of `perStage`: a screenful of cards is what the projection is for, not the board. */
export const FIRST_CARDS_MIN = 1;
export const FIRST_CARDS_MAX = 50;
export const FIRST_CARDS_DEFAULT = 25;

export const boardCardSchema = z
  .strictObject({
    id: ticketIdSchema,
    number: ticketNumberSchema.nullable(),
    clientId: clientIdSchema.nullable(),
    stage: stageSchema,
    rank: rankSchema,
    status: statusSchema,
    priority: prioritySchema,
    dueDate: dueDateSchema.nullable(),
    archived: z.boolean(),
    title: z.string(),
    /** Sorted, without duplicates (as in `Ticket`). */
    assignees: z.array(userIdSchema),
  })
  .refine((card) => isRankOf(card.rank, card.id), { path: ['rank'], message: "rank does not end with the ticket's own suffix" });
export type BoardCard = z.infer<typeof boardCardSchema>;

export const firstCardsColumnSchema = z
  .strictObject({
    /** Tickets in the column (not archived). */
    total: z.number().int().nonnegative(),
    /** Of those, the ones not closed (done/cancelled): what takes WIP capacity. */
    open: z.number().int().nonnegative(),
    /** The column's first cards, in column order. */
    cards: z.array(boardCardSchema).max(FIRST_CARDS_MAX),
  })
  .refine((column) => column.open <= column.total && column.cards.length <= column.total, {
    message: 'a column holds at least its open tickets and its cards',
  });
export type FirstCardsColumn = z.infer<typeof firstCardsColumnSchema>;

export const firstCardsSchema = z
  .strictObject({ columns: z.record(stageSchema, firstCardsColumnSchema) })
  .superRefine((value, ctx) => {
    for (const stage of STAGES) {
      const cards = value.columns[stage].cards;
      cards.forEach((card, index) => {
        if (card.stage !== stage || card.archived) {
          ctx.addIssue({ code: 'custom', path: ['columns', stage, 'cards', index], message: `not a card of the ${stage} column` });
        }
        const previous = cards[index - 1];
        if (previous !== undefined && compareInStage(previous, card) >= 0) {
          ctx.addIssue({ code: 'custom', path: ['columns', stage, 'cards', index], message: 'cards out of column order' });
        }
      });
    }
  });
export type FirstCards = z.infer<typeof firstCardsSchema>;

export const firstCardsInputSchema = z.object({
  boardId: boardIdSchema,
  perStage: z.number().int().min(FIRST_CARDS_MIN).max(FIRST_CARDS_MAX).default(FIRST_CARDS_DEFAULT),
});

/** The card facts of a ticket (a fresh object: nothing else of the ticket travels). */
export function boardCardOf(ticket: Ticket): BoardCard {
  return {
    id: ticket.id,
    number: ticket.number,
    clientId: ticket.clientId,
    stage: ticket.stage,
    rank: ticket.rank,
    status: ticket.status,
    priority: ticket.priority,
    dueDate: ticket.dueDate,
    archived: ticket.archived,
    title: ticket.title,
    assignees: [...ticket.assignees],
  };
}

interface Placed {
  readonly id: string;
  readonly rank: string;
  readonly entry: Y.Map<unknown>;
}

const STAGE_SET: ReadonlySet<unknown> = new Set<unknown>(STAGES);
const STATUS_SET: ReadonlySet<unknown> = new Set<unknown>(STATUSES);

/** The first `perStage` cards of every column of `doc` (see the module comment). */
export function readFirstCards(doc: Y.Doc, perStage: number): FirstCards {
  if (!Number.isInteger(perStage) || perStage < FIRST_CARDS_MIN || perStage > FIRST_CARDS_MAX) {
    throw new RangeError(`perStage must be an integer from ${FIRST_CARDS_MIN} to ${FIRST_CARDS_MAX}`);
  }
  const placed = {} as Record<Stage, Placed[]>;
  const open = {} as Record<Stage, number>;
  for (const stage of STAGES) {
    placed[stage] = [];
    open[stage] = 0;
  }
  let tickets: Y.Map<unknown> | null = null;
  try {
    tickets = doc.getMap<unknown>(TICKETS_MAP);
  } catch {
    // Not a board document's layout: no columns to show.
  }
  if (tickets !== null) {
    for (const [id, item] of tickets._map) {
      if (item.deleted || !(item.content instanceof Y.ContentType) || !(item.content.type instanceof Y.Map)) continue;
      const entry = item.content.type as Y.Map<unknown>;
      const position = plainField(entry._map, 'position');
      if (typeof position !== 'object' || position === null) continue;
      const { stage, rank } = position as { stage?: unknown; rank?: unknown };
      const status = plainField(entry._map, 'status');
      const archived = plainField(entry._map, 'archived');
      if (!STAGE_SET.has(stage) || typeof rank !== 'string') continue;
      if (!STATUS_SET.has(status) || typeof archived !== 'boolean' || archived) continue;
      placed[stage as Stage].push({ id, rank, entry });
      if (!isClosed(status as Ticket['status'])) open[stage as Stage]++;
    }
  }
  const columns = {} as Record<Stage, FirstCardsColumn>;
  for (const stage of STAGES) {
    const column = placed[stage].sort(compareInStage);
    const cards: BoardCard[] = [];
    for (const candidate of column) {
      if (cards.length === perStage) break;
      const read = readTicketEntry(candidate.id, candidate.entry);
      if (read.ok && read.ticket.stage === stage && !read.ticket.archived) cards.push(boardCardOf(read.ticket));
    }
    columns[stage] = { total: column.length, open: open[stage], cards };
  }
  return { columns };
}
