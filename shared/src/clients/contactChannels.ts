/**
 * How a client's contact is reached: office phone, mobile, email, WhatsApp (a WhatsApp is a phone
 * number). Values are stored **normalised**, so equal numbers compare equal and links can be
 * built from them:
 *
 * - a phone keeps its digits and an optional leading `+`: "(11) 3456-7890" → `1134567890`,
 *   "+55 11 91234-5678" → `+5511912345678`. Accepted separators are blanks, `()`, `-`, `.` and
 *   `/`; anything else (letters, a `+` inside) is refused. 8 to 15 digits (E.164's most); no
 *   country code is guessed when none was typed.
 * - an email is trimmed and lower-cased, one `@`, a dotted domain, at most 254 characters.
 *
 * `normaliseChannelValue` returns `null` for a value it refuses; the zod schemas turn that into a
 * message naming the kind. Pure: the browser validates the form with the same rules the server
 * stores by.
 */
import { z } from 'zod';

export const CONTACT_CHANNEL_KINDS = ['office_phone', 'mobile', 'email', 'whatsapp'] as const;
export const contactChannelKindSchema = z.enum(CONTACT_CHANNEL_KINDS);
export type ContactChannelKind = z.infer<typeof contactChannelKindSchema>;

export const MIN_PHONE_DIGITS = 8;
export const MAX_PHONE_DIGITS = 15;
export const MAX_EMAIL_LENGTH = 254;
/** The longest value accepted as typed (before normalising). */
export const MAX_CHANNEL_INPUT = 320;

const PHONE_TYPED = /^\+?[\d\s().\-/]+$/;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

export function isPhoneKind(kind: ContactChannelKind): boolean {
  return kind !== 'email';
}

/** A phone number as stored (`+5511912345678`, `1134567890`), or `null` if it is not one. */
export function normalisePhone(raw: string): string | null {
  const typed = raw.trim();
  if (typed.length > MAX_CHANNEL_INPUT || !PHONE_TYPED.test(typed)) return null;
  const digits = typed.replace(/\D/g, '');
  if (digits.length < MIN_PHONE_DIGITS || digits.length > MAX_PHONE_DIGITS) return null;
  return typed.startsWith('+') ? `+${digits}` : digits;
}

/** An email as stored (trimmed, lower-case), or `null` if it is not one. */
export function normaliseContactEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  if (email.length > MAX_EMAIL_LENGTH || !EMAIL.test(email)) return null;
  return email;
}

/** `value` as stored for `kind`, or `null` if it is not a valid one. */
export function normaliseChannelValue(kind: ContactChannelKind, value: string): string | null {
  return isPhoneKind(kind) ? normalisePhone(value) : normaliseContactEmail(value);
}

/** Why `value` is refused for `kind` (English, for errors and logs; the UI translates by kind). */
export function channelValueProblem(kind: ContactChannelKind): string {
  return isPhoneKind(kind)
    ? `invalid phone number for ${kind}: digits with an optional leading +, ${MIN_PHONE_DIGITS} to ${MAX_PHONE_DIGITS} of them, e.g. (11) 3456-7890 or +55 11 91234-5678`
    : 'invalid email address, e.g. nome@empresa.com.br';
}

/** A channel as the person typed it: normalised, or refused with a message naming the kind. */
export const contactChannelInputSchema = z
  .object({ kind: contactChannelKindSchema, value: z.string().max(MAX_CHANNEL_INPUT) })
  .transform((channel, ctx) => {
    const value = normaliseChannelValue(channel.kind, channel.value);
    if (value === null) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: channelValueProblem(channel.kind), input: channel.value });
      return z.NEVER;
    }
    return { kind: channel.kind, value };
  });
export type ContactChannelInput = z.input<typeof contactChannelInputSchema>;

/** A channel as stored: its value already normalised. */
export const contactChannelSchema = z
  .object({ kind: contactChannelKindSchema, value: z.string() })
  .superRefine((channel, ctx) => {
    if (normaliseChannelValue(channel.kind, channel.value) !== channel.value)
      ctx.addIssue({ code: 'custom', path: ['value'], message: channelValueProblem(channel.kind) });
  });
export type ContactChannel = z.infer<typeof contactChannelSchema>;

/**
 * A stored phone as Brazilians write it, for display: `(11) 3456-7890`, `(11) 91234-5678`,
 * `+55 11 91234-5678`; any other number as stored.
 */
export function formatPhone(stored: string): string {
  const national = (d: string) => `${d.slice(2, d.length - 4)}-${d.slice(-4)}`;
  const br = /^\+55(\d{10,11})$/.exec(stored);
  if (br?.[1]) return `+55 ${br[1].slice(0, 2)} ${national(br[1])}`;
  if (/^\d{10,11}$/.test(stored)) return `(${stored.slice(0, 2)}) ${national(stored)}`;
  return stored;
}

/**
 * The `https://wa.me/<number>` address of a stored WhatsApp number: WhatsApp needs the country
 * code, so a number typed without one that looks Brazilian (10 or 11 digits: area code and
 * number) gets 55; any other number without `+` has no link (`null`).
 */
export function whatsappUrl(stored: string): string | null {
  if (stored.startsWith('+')) return `https://wa.me/${stored.slice(1)}`;
  if (/^\d{10,11}$/.test(stored)) return `https://wa.me/55${stored}`;
  return null;
}
