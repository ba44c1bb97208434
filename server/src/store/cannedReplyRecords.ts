/**
 * Canned replies and the agencies' signature rules in `fluxo.json` (issue 7; the domain rules
 * and rendering live in `@fluxo/shared/replies/cannedReply`).
 *
 * - `cannedReplies`: one record per reply — the shared `CannedReply` plus its agency and who
 *   wrote and last changed it. Replies are never deleted, only archived (a reply in use by a
 *   colleague's open composer must still render; an archived one can be restored).
 * - `signatureRules`: at most one record per agency; none means `DEFAULT_SIGNATURE_RULES`.
 *   An expert name belongs to a client of the same agency (the router checks it).
 *
 * The schemas apply the shared template rules (known placeholders, lengths) on every write and
 * at start-up, so a stored template always renders.
 */
import { cannedReplySchema, signatureRulesSchema } from '@fluxo/shared/replies/cannedReply';
import { agencyIdSchema, userIdSchema } from '@fluxo/shared/ids';
import { z } from 'zod';

export const cannedReplyRecordSchema = cannedReplySchema.extend({
  agencyId: agencyIdSchema,
  createdBy: userIdSchema,
  createdAt: z.iso.datetime(),
  updatedBy: userIdSchema,
  updatedAt: z.iso.datetime(),
});
export type CannedReplyRecord = z.infer<typeof cannedReplyRecordSchema>;

export const signatureRulesRecordSchema = signatureRulesSchema.extend({
  agencyId: agencyIdSchema,
  updatedBy: userIdSchema,
  updatedAt: z.iso.datetime(),
});
export type SignatureRulesRecord = z.infer<typeof signatureRulesRecordSchema>;
