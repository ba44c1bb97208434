/**
 * Addresses and Message-IDs as Fluxo writes and reads them.
 *
 * - **Outgoing Message-IDs** are derived from the outbox row id: `<fluxo.<rowId>@<domain>>`.
 *   The same row always gets the same id — across retries, restarts and a crash between
 *   "sent" and "marked sent" — so a receiver that deduplicates by Message-ID shows it once,
 *   and a reply's `In-Reply-To` leads back to the row (and so to the ticket).
 * - **Inbound addresses** at `INBOUND_DOMAIN`: `atendimento@` opens tickets; `t+<token>@` is a
 *   ticket's own reply address. Tokens are lower-case base36, so an MTA that lower-cases the
 *   local part does not break them.
 * - Message-IDs are stored without angle brackets; comparing them is exact (RFC 5322 ids are
 *   case-sensitive), after trimming.
 */
import { z } from 'zod';
import { REPLY_TOKEN_LENGTH } from '../store/mailRecords.js';

/** The local part that opens tickets: `atendimento@<INBOUND_DOMAIN>`. */
export const INTAKE_LOCAL_PART = 'atendimento';
/** Prefix of a ticket's reply address: `t+<token>@<INBOUND_DOMAIN>`. */
export const TICKET_ADDRESS_PREFIX = 't+';

export const replyTokenSchema = z.string().regex(new RegExp(`^[0-9a-z]{${REPLY_TOKEN_LENGTH}}$`), 'invalid reply token');

const addressPattern = /^([^\s@<>"]+)@([^\s@<>"]+\.[^\s@<>"]+)$/;

/** `name@domain` split, lower-cased domain; `null` when it is not a plain address. */
export function splitAddress(address: string): { local: string; domain: string } | null {
  const match = addressPattern.exec(address.trim());
  if (!match || match[1] === undefined || match[2] === undefined) return null;
  return { local: match[1], domain: match[2].toLowerCase() };
}

/** The bare address inside `MAIL_FROM` (`Equipe <equipe@x.com>` → `equipe@x.com`). */
export function bareAddress(mailbox: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(mailbox.trim());
  return (angle?.[1] ?? mailbox).trim();
}

export type InboundRecipient =
  | { readonly kind: 'intake' }
  | { readonly kind: 'ticket'; readonly token: string };

/**
 * What an envelope recipient means to Fluxo, or `null` when it is not one of ours: another
 * domain, another local part, a malformed token.
 */
export function parseInboundRecipient(address: string, inboundDomain: string): InboundRecipient | null {
  const parts = splitAddress(address);
  if (parts === null || parts.domain !== inboundDomain.toLowerCase()) return null;
  const local = parts.local.toLowerCase();
  if (local === INTAKE_LOCAL_PART) return { kind: 'intake' };
  if (local.startsWith(TICKET_ADDRESS_PREFIX)) {
    const token = local.slice(TICKET_ADDRESS_PREFIX.length);
    return replyTokenSchema.safeParse(token).success ? { kind: 'ticket', token } : null;
  }
  return null;
}

export function ticketReplyAddress(token: string, inboundDomain: string): string {
  return `${TICKET_ADDRESS_PREFIX}${token}@${inboundDomain}`;
}

/** The Message-ID of the email made from outbox row `rowId`, without angle brackets. */
export function outboundMessageId(rowId: string, domain: string): string {
  return `fluxo.${rowId}@${domain}`;
}

/** A Message-ID as stored: no angle brackets, no surrounding blanks; `null` if empty or absurd. */
export function normaliseMessageId(raw: string): string | null {
  const inner = raw.trim().replace(/^<+/, '').replace(/>+$/, '').trim();
  if (inner === '' || inner.length > 998 || /[\s<>]/.test(inner)) return null;
  return inner;
}

/** The ids of an `In-Reply-To` or `References` header, in order, normalised. */
export function parseMessageIdList(header: string | undefined): string[] {
  if (header === undefined) return [];
  const ids: string[] = [];
  for (const match of header.matchAll(/<([^<>\s]+)>/g)) {
    const id = match[1] === undefined ? null : normaliseMessageId(match[1]);
    if (id !== null && !ids.includes(id)) ids.push(id);
  }
  if (ids.length === 0) {
    // Some clients omit the brackets: a single bare id.
    const bare = normaliseMessageId(header);
    if (bare !== null && bare.includes('@')) ids.push(bare);
  }
  return ids;
}

/**
 * The domain Fluxo's Message-IDs are made in: the `MAIL_FROM` domain, else the inbound
 * domain, else the public URL's host.
 */
export function messageIdDomain(options: {
  readonly mailFrom: string | null;
  readonly inboundDomain: string | null;
  readonly publicUrl: string;
}): string {
  const from = options.mailFrom === null ? null : splitAddress(bareAddress(options.mailFrom));
  if (from !== null) return from.domain;
  if (options.inboundDomain !== null) return options.inboundDomain;
  return new URL(options.publicUrl).hostname;
}
