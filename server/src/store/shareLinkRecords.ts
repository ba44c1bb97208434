/**
 * Share links (the client timeline, issue 5): how a client without an account reaches its
 * tickets on one board. Like sessions, a link is stored only as the SHA-256 of its token
 * (`tokenHash`, hex): whoever reads `fluxo.json` cannot open anyone's timeline.
 */
import { SHARE_SCOPES } from '@fluxo/shared/share/timeline';
import { agencyIdSchema, boardIdSchema, clientIdSchema, userIdSchema } from '@fluxo/shared/ids';
import { z } from 'zod';

const isoDate = z.iso.datetime();

export const shareLinkIdSchema = z
  .string()
  .regex(/^[0-9A-Za-z]{16}$/, 'invalid share link id')
  .brand<'ShareLinkId'>();
export type ShareLinkId = z.infer<typeof shareLinkIdSchema>;

export const shareLinkRecordSchema = z.object({
  id: shareLinkIdSchema,
  agencyId: agencyIdSchema,
  boardId: boardIdSchema,
  clientId: clientIdSchema,
  scope: z.enum(SHARE_SCOPES),
  /** SHA-256 of the token, 64 lower-case hex digits; unique. */
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/, 'tokenHash must be a SHA-256 in hex'),
  createdAt: isoDate,
  /** Who made it; `null` when the server did (the demo link, the auto-answer to an email). */
  createdBy: userIdSchema.nullable(),
  expiresAt: isoDate,
  revokedAt: isoDate.nullable(),
  /** When the address last changed (`rotate`); `null` if never. */
  rotatedAt: isoDate.nullable(),
  lastUsedAt: isoDate.nullable(),
  /** Why the server made it (`demo`, `email`), or `null` for a link staff made. */
  origin: z.enum(['demo', 'email']).nullable(),
});
export type ShareLinkRecord = z.infer<typeof shareLinkRecordSchema>;
