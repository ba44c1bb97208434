/**
 * History entries: what happened to a ticket, by whom and when — "everything is recorded"
 * (seed 004). The server witness derives them from the Yjs updates it accepts (it knows which
 * signed-in person sent each one), so the browser never writes its own history.
 *
 * One entry per fact, a discriminated union on `kind`. Every entry carries `boardId`,
 * `ticketId`, `ticketNumber` (the human #123, `null` only if numbering failed), `at` (when the
 * server accepted the change, ISO UTC) and `author` (the person, or `null` for the server: a
 * ticket opened from an email, an import).
 *
 * Decisions:
 * - **Texts are not history.** Title, client summary and description are collaborative
 *   `Y.Text`s edited per keystroke; recording each edit would bury the facts that matter. The
 *   text is in the document; history records the flow (stage, status, people, dates, steps).
 * - **A handoff is a move.** Produção → Entrega is recorded as one `handoff` entry (not a
 *   `moved` plus a `handoff`), with `to`: the account managers whose attention it asks for.
 * - **Several facts of one update share `at`**, in the order of `HISTORY_KIND_ORDER` (created
 *   first, then details, stage, status, steps, people, dates, archive), so a timeline reads
 *   naturally. Stored lists keep append order ("newest last").
 * - An offline batch that moved a ticket triage → analysis → planning reaches the server as one
 *   update: the witness sees, and records, triage → planning.
 */
import { z } from 'zod';
import { boardIdSchema, clientIdSchema, newId, ticketIdSchema, userIdSchema } from '../ids.js';
import { channelSchema } from '../flow/channels.js';
import { prioritySchema } from '../flow/priorities.js';
import { productionStepSchema } from '../flow/productionSteps.js';
import { stageSchema } from '../flow/stages.js';
import { statusSchema } from '../flow/statuses.js';
import { dueDateSchema, isoDateTimeSchema, kindSchema, ticketNumberSchema } from '../board/ticket.js';

export const historyEntryIdSchema = z
  .string()
  .regex(/^[0-9A-Za-z]{16}$/, 'invalid id')
  .brand<'HistoryEntryId'>();
export type HistoryEntryId = z.infer<typeof historyEntryIdSchema>;
export const newHistoryEntryId = (): HistoryEntryId => newId() as HistoryEntryId;

const base = {
  id: historyEntryIdSchema,
  boardId: boardIdSchema,
  ticketId: ticketIdSchema,
  ticketNumber: ticketNumberSchema.nullable(),
  at: isoDateTimeSchema,
  /** The person whose change this was; `null` when the server itself made it. */
  author: userIdSchema.nullable(),
};

const stepsSchema = z.array(productionStepSchema).max(16);

export const historyEntrySchema = z.discriminatedUnion('kind', [
  /** The ticket was opened, in this stage and status, from this channel. */
  z.strictObject({
    ...base,
    kind: z.literal('created'),
    stage: stageSchema,
    status: statusSchema,
    channel: channelSchema,
    clientId: clientIdSchema.nullable(),
  }),
  z.strictObject({ ...base, kind: z.literal('moved'), from: stageSchema, to: stageSchema }),
  /** Produção → Entrega: the work is back with atendimento; `to` are asked to look at it. */
  z.strictObject({ ...base, kind: z.literal('handoff'), to: z.array(userIdSchema) }),
  z.strictObject({ ...base, kind: z.literal('status_changed'), from: statusSchema, to: statusSchema }),
  z.strictObject({ ...base, kind: z.literal('assigned'), userId: userIdSchema }),
  z.strictObject({ ...base, kind: z.literal('unassigned'), userId: userIdSchema }),
  z.strictObject({
    ...base,
    kind: z.literal('due_date_changed'),
    from: dueDateSchema.nullable(),
    to: dueDateSchema.nullable(),
  }),
  /** The chosen production steps changed (which steps, not their progress). */
  z.strictObject({ ...base, kind: z.literal('steps_changed'), from: stepsSchema, to: stepsSchema }),
  z.strictObject({ ...base, kind: z.literal('step_done'), step: productionStepSchema }),
  z.strictObject({ ...base, kind: z.literal('step_undone'), step: productionStepSchema }),
  z.strictObject({ ...base, kind: z.literal('archived') }),
  z.strictObject({ ...base, kind: z.literal('restored') }),
  z.strictObject({
    ...base,
    kind: z.literal('client_changed'),
    from: clientIdSchema.nullable(),
    to: clientIdSchema.nullable(),
  }),
  z.strictObject({ ...base, kind: z.literal('channel_changed'), from: channelSchema, to: channelSchema }),
  z.strictObject({
    ...base,
    kind: z.literal('kind_changed'),
    from: kindSchema.nullable(),
    to: kindSchema.nullable(),
  }),
  /** How urgent the ticket is (staff only: a client never sees a priority). */
  z.strictObject({ ...base, kind: z.literal('priority_changed'), from: prioritySchema, to: prioritySchema }),
]);
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export type HistoryEntryKind = HistoryEntry['kind'];
export type HistoryEntryOf<K extends HistoryEntryKind> = Extract<HistoryEntry, { kind: K }>;

/** Every kind, in the order facts of one update are recorded. */
export const HISTORY_KIND_ORDER = [
  'created',
  'client_changed',
  'channel_changed',
  'kind_changed',
  'priority_changed',
  'moved',
  'handoff',
  'status_changed',
  'steps_changed',
  'step_done',
  'step_undone',
  'assigned',
  'unassigned',
  'due_date_changed',
  'archived',
  'restored',
] as const satisfies readonly HistoryEntryKind[];

/**
 * The kinds a client may later see on the share timeline (the client projection of a later
 * issue): where the ticket is in the flow and the dates promised. Even for these, the
 * projection shows only kind, time and the stage/status/date fields — never `author` ids nor a
 * handoff's `to` (staff).
 */
export const CLIENT_VISIBLE_HISTORY_KINDS = [
  'created',
  'moved',
  'handoff',
  'status_changed',
  'due_date_changed',
] as const satisfies readonly HistoryEntryKind[];
export type ClientVisibleHistoryKind = (typeof CLIENT_VISIBLE_HISTORY_KINDS)[number];

export function isClientVisibleHistoryKind(kind: HistoryEntryKind): kind is ClientVisibleHistoryKind {
  return (CLIENT_VISIBLE_HISTORY_KINDS as readonly string[]).includes(kind);
}

/** At most this many entries in one `append` call / one tRPC answer page. */
export const MAX_HISTORY_BATCH = 10_000;
