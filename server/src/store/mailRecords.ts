/**
 * The mail-only records (`server/src/mail/`), part of `fluxo.json` like the other low-churn
 * records (see `records.ts`; each list is `default([])` there, so older files still load).
 *
 * - `mailMessages`: every Message-ID Fluxo sent or accepted, with the ticket it belongs to.
 *   Inbound ids are the dedup key (a message seen twice is ignored); both directions thread
 *   replies (`In-Reply-To` / `References` → ticket).
 * - `ticketAddresses`: a ticket's reply address `t+<token>@<INBOUND_DOMAIN>`, one per ticket.
 * - `mailRecipients`: per (agency, address), the one-click unsubscribe token and whether the
 *   person unsubscribed. One token per address, not per email: the store does not grow with
 *   every message sent. Tokens are kept as they are (not hashed): each one only lets its
 *   holder stop mail to one address, and the emails themselves carry it in the clear.
 * - `attachments`: metadata of files that came with inbound mail; the bytes are stored
 *   content-addressed under `DATA_DIR/attachments/<sha256>` (`mail/attachmentFiles.ts`), so a
 *   file name from a stranger never becomes a path.
 *
 * Volume: one `mailMessages` row per email in or out. At a few hundred emails a day an agency
 * adds ~100k rows a year to `fluxo.json`, which the whole-file commits of `recordState.ts`
 * handle but do not love; the PostgreSQL adapter is the answer at that size (DESIGN.md §3).
 */
import { ID_ALPHABET, agencyIdSchema, boardIdSchema, ticketIdSchema } from '@fluxo/shared/ids';
import { z } from 'zod';

const isoDate = z.iso.datetime();

/** Length of a reply-address token: 20 base36 characters ≈ 103 bits. */
export const REPLY_TOKEN_LENGTH = 20;
/** Length of an unsubscribe token: 32 base62 characters ≈ 190 bits. */
export const UNSUBSCRIBE_TOKEN_LENGTH = 32;

/** `length` characters of `alphabet`, uniformly from the CSPRNG (rejection sampling). */
function randomToken(alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length);
  const bytes = new Uint8Array(length * 2);
  let out = '';
  while (out.length < length) {
    globalThis.crypto.getRandomValues(bytes);
    for (const b of bytes) if (b < limit && out.length < length) out += alphabet[b % alphabet.length];
  }
  return out;
}

/**
 * A fresh reply-address token: lower-case base36, so an MTA that lower-cases the local part of
 * `t+<token>@…` does not break it.
 */
export const newReplyToken = (): string => randomToken('0123456789abcdefghijklmnopqrstuvwxyz', REPLY_TOKEN_LENGTH);
export const newUnsubscribeToken = (): string => randomToken(ID_ALPHABET, UNSUBSCRIBE_TOKEN_LENGTH);

/** A Message-ID as stored: without angle brackets (`mail/mailAddress.ts#normaliseMessageId`). */
export const storedMessageIdSchema = z
  .string()
  .min(1)
  .max(998)
  .regex(/^[^\s<>]+$/, 'a Message-ID without brackets or blanks');

export const mailMessageRecordSchema = z.object({
  messageId: storedMessageIdSchema,
  direction: z.enum(['in', 'out']),
  agencyId: agencyIdSchema,
  boardId: boardIdSchema,
  ticketId: ticketIdSchema,
  /** Inbound: the sender's normalised address (who to answer); outbound: `null`. */
  from: z.string().min(3).max(320).nullable(),
  at: isoDate,
});
export type MailMessageRecord = z.infer<typeof mailMessageRecordSchema>;

export const ticketAddressRecordSchema = z.object({
  /** 20 lower-case base36 characters (`mail/mailAddress.ts#newReplyToken`). */
  token: z.string().regex(/^[0-9a-z]{20}$/),
  agencyId: agencyIdSchema,
  boardId: boardIdSchema,
  ticketId: ticketIdSchema,
  createdAt: isoDate,
});
export type TicketAddressRecord = z.infer<typeof ticketAddressRecordSchema>;

export const mailRecipientRecordSchema = z.object({
  agencyId: agencyIdSchema,
  /** Normalised (`normaliseEmail`). */
  email: z.string().min(3).max(320),
  /** The one-click unsubscribe token: 32 base62 characters. */
  unsubscribeToken: z.string().regex(/^[0-9A-Za-z]{32}$/),
  /** When the person unsubscribed; `null` while they receive mail. */
  unsubscribedAt: isoDate.nullable(),
  createdAt: isoDate,
});
export type MailRecipientRecord = z.infer<typeof mailRecipientRecordSchema>;

export const attachmentRecordSchema = z.object({
  id: z.string().regex(/^[0-9A-Za-z]{16}$/),
  agencyId: agencyIdSchema,
  boardId: boardIdSchema,
  ticketId: ticketIdSchema,
  /** The comment the file came with; `null` when it came with the email that opened the ticket. */
  commentId: z.string().min(1).max(64).nullable(),
  /** The inbound email it came in. */
  messageId: storedMessageIdSchema,
  /** As the sender named it (display only; never a path). */
  fileName: z.string().min(1).max(255),
  mimeType: z.string().min(1).max(255),
  size: z.number().int().nonnegative(),
  /** Lower-case hex SHA-256 of the bytes; also their file name under `attachments/`. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: isoDate,
});
export type AttachmentRecord = z.infer<typeof attachmentRecordSchema>;
