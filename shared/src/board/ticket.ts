/**
 * The plain, validated shape of a ticket as `readBoard` returns it: what the UI renders, what the
 * server projects and records. The Yjs layout it is read from is described in `layout.ts`.
 *
 * This schema states what any merge of valid commands can produce, not what one command accepts:
 * a title may be empty or longer than 200 characters after concurrent edits, so those limits live
 * in the commands (`TITLE_MAX_LENGTH`…), not here.
 */
import { z } from 'zod';
import { clientIdSchema, ticketIdSchema, userIdSchema } from '../ids.js';
import { channelSchema } from '../flow/channels.js';
import { prioritySchema } from '../flow/priorities.js';
import { PRODUCTION_STEPS, productionStepSchema } from '../flow/productionSteps.js';
import { stageSchema } from '../flow/stages.js';
import { statusSchema } from '../flow/statuses.js';
import { isRankOf, isWellFormedRank } from './fractionalIndex.js';

/** A moment, as `Date.prototype.toISOString` writes it (UTC, `Z`). */
export const isoDateTimeSchema = z.iso.datetime();
/** A calendar day, 'YYYY-MM-DD' (a real date: no February 30th). */
export const dueDateSchema = z.iso.date();
/** A ticket kind: a free lowercase slug for now ('banner', 'landing-page', 'logo_file'). */
export const kindSchema = z
  .string()
  .max(64)
  .regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, 'kind must be a lowercase slug (a-z, 0-9, - and _)');
/** The human number (#123) the server witness assigns. */
export const ticketNumberSchema = z.number().int().positive();
export const rankSchema = z.string().refine(isWellFormedRank, 'malformed rank');

export const ticketStepSchema = z.strictObject({
  step: productionStepSchema,
  done: z.boolean(),
});
export type TicketStep = z.infer<typeof ticketStepSchema>;

export const ticketSchema = z
  .strictObject({
    id: ticketIdSchema,
    number: ticketNumberSchema.nullable(),
    createdAt: isoDateTimeSchema,
    createdBy: userIdSchema.nullable(),
    channel: channelSchema,
    clientId: clientIdSchema.nullable(),
    kind: kindSchema.nullable(),
    /** How urgent it is; `normal` when never set. Staff-only: a client never sees it. */
    priority: prioritySchema,
    stage: stageSchema,
    rank: rankSchema,
    status: statusSchema,
    dueDate: dueDateSchema.nullable(),
    archived: z.boolean(),
    title: z.string(),
    summary: z.string(),
    description: z.string(),
    /** The chosen production steps, in flow order (`PRODUCTION_STEPS`). */
    steps: z.array(ticketStepSchema),
    /** Sorted, without duplicates. */
    assignees: z.array(userIdSchema),
  })
  .superRefine((ticket, ctx) => {
    if (!isRankOf(ticket.rank, ticket.id)) {
      ctx.addIssue({ code: 'custom', path: ['rank'], message: "rank does not end with the ticket's own suffix" });
    }
    for (let i = 1; i < ticket.steps.length; i++) {
      const prev = ticket.steps[i - 1];
      const cur = ticket.steps[i];
      if (prev && cur && PRODUCTION_STEPS.indexOf(prev.step) >= PRODUCTION_STEPS.indexOf(cur.step)) {
        ctx.addIssue({ code: 'custom', path: ['steps', i], message: 'steps must be unique and in flow order' });
      }
    }
    for (let i = 1; i < ticket.assignees.length; i++) {
      const prev = ticket.assignees[i - 1];
      const cur = ticket.assignees[i];
      if (prev !== undefined && cur !== undefined && prev >= cur) {
        ctx.addIssue({ code: 'custom', path: ['assignees', i], message: 'assignees must be unique and sorted' });
      }
    }
  });
export type Ticket = z.infer<typeof ticketSchema>;
