/**
 * `mail.*`: the outbox, for the agency's admins (diretoria). Other staff get FORBIDDEN (the
 * screen is no secret); a row of another agency, or none, is NOT_FOUND. Without `SMTP_URL`
 * this is where waiting mail shows.
 *
 * - `mail.outbox {status?, limit?}` → `OutboxItem[]`: the agency's emails, newest first
 *   (`limit` ≤ 200, default 50): who to, what kind, `pending` / `sending` / `sent` / `failed` /
 *   `skipped` (nothing left to tell, e.g. a promised date changed back within the grace),
 *   attempts, the next attempt, the last error, the Message-ID. What the email says is not
 *   here: it is rendered when sent, from what the recipient may see then.
 * - `mail.retry {id}` → `OutboxItem`: a `failed` (or still `pending`) email is due again now,
 *   its attempts counted afresh; the worker picks it up at its next poll. An email being sent
 *   or already sent is CONFLICT.
 */
import { NotFoundError } from '@fluxo/shared/errors';
import { boardIdSchema, ticketIdSchema } from '@fluxo/shared/ids';
import { z } from 'zod';
import { type OutboxRecord, outboxIdSchema, outboxStatusSchema } from '../../store/conversationRecords.js';
import { localeSchema } from '../../store/records.js';
import { adminProcedure, router } from '../trpc.js';

export const MAX_OUTBOX_ITEMS = 200;

export const outboxItemSchema = z.object({
  id: outboxIdSchema,
  kind: z.enum(['notification', 'client_comment', 'ticket_received', 'promised_date', 'satisfaction_survey', 'client_report']),
  to: z.string(),
  locale: localeSchema,
  status: outboxStatusSchema,
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: z.iso.datetime().nullable(),
  lastError: z.string().nullable(),
  messageId: z.string().nullable(),
  boardId: boardIdSchema.nullable(),
  ticketId: ticketIdSchema.nullable(),
  createdAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
});
export type OutboxItem = z.infer<typeof outboxItemSchema>;

function item(row: OutboxRecord): OutboxItem {
  return {
    id: row.id,
    kind: row.kind,
    to: row.to,
    locale: row.locale,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    lastError: row.lastError,
    messageId: row.messageId,
    boardId: row.boardId,
    ticketId: row.ticketId,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
  };
}

export const mailRouter = router({
  outbox: adminProcedure
    .input(
      z
        .object({
          status: outboxStatusSchema.optional(),
          limit: z.number().int().min(1).max(MAX_OUTBOX_ITEMS).optional(),
        })
        .optional(),
    )
    .output(z.array(outboxItemSchema))
    .query(async ({ ctx, input }) => {
      const rows = await ctx.store.outbox.list({
        agencyId: ctx.user.agencyId,
        limit: input?.limit ?? 50,
        ...(input?.status === undefined ? {} : { status: input.status }),
      });
      return rows.map(item);
    }),

  retry: adminProcedure
    .input(z.object({ id: outboxIdSchema }))
    .output(outboxItemSchema)
    .mutation(async ({ ctx, input }) => {
      const row = await ctx.store.outbox.get(input.id);
      if (!row || row.agencyId !== ctx.user.agencyId) throw new NotFoundError('email');
      return item(await ctx.store.outbox.requeue(row.id, new Date()));
    }),
});
