/**
 * Open a ticket. It lands at the end of a column (triage unless a stage is given, for seeding
 * and imports), open, unarchived, without a number: the server witness numbers it when it sees
 * the update. The author is the origin's user; the server (email, portal, seed) may name one.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { ConflictError, InvalidInputError } from '../errors.js';
import { clientIdSchema, newTicketId, ticketIdSchema, userIdSchema, type TicketId } from '../ids.js';
import type { TransactionOrigin } from '../origin.js';
import { channelSchema } from '../flow/channels.js';
import { prioritySchema } from '../flow/priorities.js';
import { orderSteps, productionStepSchema } from '../flow/productionSteps.js';
import { stageSchema } from '../flow/stages.js';
import { assertCommandOrigin, columnEntries, lastRank, parseInput } from './command.js';
import { rankBetween } from './fractionalIndex.js';
import {
  DESCRIPTION_MAX_LENGTH,
  MAX_ASSIGNEES,
  SUMMARY_MAX_LENGTH,
  TITLE_MAX_LENGTH,
  type Position,
  ensureSchemaVersion,
  ticketsMap,
} from './layout.js';
import { dueDateSchema, isoDateTimeSchema, kindSchema } from './ticket.js';

export const createTicketInputSchema = z.strictObject({
  /** Preset id (imports, seeds, tests); a fresh random one otherwise. */
  id: ticketIdSchema.optional(),
  title: z.string().trim().min(1, 'title is required').max(TITLE_MAX_LENGTH),
  channel: channelSchema,
  clientId: clientIdSchema.nullish(),
  kind: kindSchema.nullish(),
  /** Left out: the key is not written and the ticket reads as `normal`. */
  priority: prioritySchema.optional(),
  summary: z.string().max(SUMMARY_MAX_LENGTH).optional(),
  description: z.string().max(DESCRIPTION_MAX_LENGTH).optional(),
  steps: z.array(productionStepSchema).optional(),
  dueDate: dueDateSchema.nullish(),
  assignees: z.array(userIdSchema).max(MAX_ASSIGNEES).optional(),
  stage: stageSchema.optional(),
  /** For seeding and imports; now otherwise. */
  createdAt: isoDateTimeSchema.optional(),
  /** Only the server may open a ticket on someone's behalf; a user is always its own author. */
  createdBy: userIdSchema.nullish(),
});
export type CreateTicketInput = z.input<typeof createTicketInputSchema>;

export function createTicket(doc: Y.Doc, input: CreateTicketInput, origin: TransactionOrigin): TicketId {
  assertCommandOrigin(origin, 'createTicket');
  const data = parseInput(createTicketInputSchema, input, 'createTicket');
  let createdBy = data.createdBy ?? null;
  if (origin.source === 'user') {
    if (createdBy !== null && createdBy !== origin.userId) {
      throw new InvalidInputError('createTicket: createdBy: a user can only open tickets as themself');
    }
    createdBy = origin.userId;
  }
  const id = data.id ?? newTicketId();
  const tickets = ticketsMap(doc);
  if (tickets.has(id)) throw new ConflictError(`ticket ${id} already exists`);
  const stage = data.stage ?? 'triage';
  const position: Position = { stage, rank: rankBetween(lastRank(columnEntries(doc, stage, null)), null, id) };
  const createdAt = data.createdAt ?? new Date().toISOString();

  doc.transact(() => {
    ensureSchemaVersion(doc);
    const entry = new Y.Map<unknown>();
    tickets.set(id, entry);
    entry.set('id', id);
    entry.set('createdAt', createdAt);
    entry.set('createdBy', createdBy);
    entry.set('channel', data.channel);
    entry.set('clientId', data.clientId ?? null);
    entry.set('kind', data.kind ?? null);
    if (data.priority !== undefined) entry.set('priority', data.priority);
    entry.set('position', position);
    entry.set('status', 'open');
    entry.set('dueDate', data.dueDate ?? null);
    entry.set('archived', false);
    entry.set('number', null);
    entry.set('title', new Y.Text(data.title));
    entry.set('summary', new Y.Text(data.summary ?? ''));
    entry.set('description', new Y.Text(data.description ?? ''));
    const steps = new Y.Map<boolean>();
    entry.set('steps', steps);
    for (const step of orderSteps(data.steps ?? [])) steps.set(step, false);
    const assignees = new Y.Map<true>();
    entry.set('assignees', assignees);
    for (const userId of new Set(data.assignees ?? [])) assignees.set(userId, true);
  }, origin);
  return id;
}
