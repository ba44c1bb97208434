/**
 * Canned replies ("respostas prontas", issue 7) and the signature rules that sign them.
 *
 * Seed 002: the agency's client is the **expert** (the infoproducer). Support answers are signed
 * as the expert's support team ("Equipe de Suporte de <expert>") — a legal recommendation: the
 * expert speaks only as themself —, while praise and social proof are answered more warmly in
 * the expert's own name. Each agency sets these rules with its experts, so the signatures are
 * templates kept per agency, with an optional per-client expert name (a clinic's expert is
 * "Dra. Helena", not "Clínica Sorriso").
 *
 * Semantics:
 * - A reply's `tone` chooses its signature: `support` and `praise` use the agency's template of
 *   that name, `plain` is never signed. An empty template means "no signature".
 * - Templates (reply bodies and signatures) may use only the placeholders in `PLACEHOLDERS`:
 *   `{especialista}` (the client's expert name override, else the client's name), `{cliente}`
 *   (the client's name), `{atendente}` (the staff member writing), `{ticket}` (`#123`). Any other
 *   `{word}` is refused when saving, naming it (`unknownPlaceholders`), so a typo never reaches
 *   a client as `{especialsta}`. Braces around blanks or nothing (`{ }`, `{}`) are plain text.
 * - Values are inserted **as plain text**: the comment body is the restricted markdown of
 *   `conversation/commentMarkdown.ts`, so a value's markdown characters are backslash-escaped
 *   (a client called `*Top*` shows the stars) and its line breaks become spaces. Expansion is
 *   one pass: a value that reads `{cliente}` stays that text.
 * - A ticket without a client is answered by the agency itself: `{especialista}` and
 *   `{cliente}` become the agency's name. A ticket not numbered yet leaves `{ticket}` empty.
 * - `clientId: null` means the reply is offered on every client's tickets; otherwise only on
 *   that client's. Archived replies are kept (and may be restored) but never offered.
 */
import { z } from 'zod';
import { clientIdSchema, newId } from '../ids.js';

export const cannedReplyIdSchema = z
  .string()
  .regex(/^[0-9A-Za-z]{16}$/, 'invalid canned reply id')
  .brand<'CannedReplyId'>();
export type CannedReplyId = z.infer<typeof cannedReplyIdSchema>;
export const newCannedReplyId = (): CannedReplyId => newId() as CannedReplyId;

export const MAX_REPLY_TITLE = 120;
export const MAX_REPLY_BODY = 5_000;
export const MAX_SIGNATURE = 300;
export const MAX_EXPERT_NAME = 200;
/** Most per-client expert names one agency keeps. */
export const MAX_EXPERTS = 1_000;

export const REPLY_TONES = ['support', 'praise', 'plain'] as const;
export const replyToneSchema = z.enum(REPLY_TONES);
export type ReplyTone = z.infer<typeof replyToneSchema>;

export const PLACEHOLDERS = ['especialista', 'cliente', 'atendente', 'ticket'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** `{name}`: what a template means as a placeholder (no blanks or braces inside). */
const PLACEHOLDER = /\{([^{}\s]{1,60})\}/g;
const isPlaceholder = (name: string): name is Placeholder => (PLACEHOLDERS as readonly string[]).includes(name);

/** The distinct unknown placeholders of a template, as written (`{Especialista}`), in order. */
export function unknownPlaceholders(template: string): string[] {
  const found: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] as string;
    if (!isPlaceholder(name) && !found.includes(match[0])) found.push(match[0]);
  }
  return found;
}

const KNOWN = PLACEHOLDERS.map((p) => `{${p}}`).join(', ');

/** The message for a template with unknown placeholders (the server and the page show it). */
export function unknownPlaceholderMessage(unknown: readonly string[]): string {
  return `unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: use ${KNOWN}`;
}

/**
 * A template as people submit it: line endings normalised, C0 controls (but tab and newline)
 * dropped — as comment bodies —, outer blanks trimmed, at most `max` characters, and only known
 * placeholders.
 */
function templateSchema(max: number, what: string) {
  return z
    .string()
    .max(max * 2)
    .transform((text) =>
      text
        .replace(/\r\n?/g, '\n')
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
        .trim(),
    )
    .pipe(
      z
        .string()
        .max(max, `${what} has at most ${max} characters`)
        .superRefine((text, ctx) => {
          const unknown = unknownPlaceholders(text);
          if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: unknownPlaceholderMessage(unknown) });
        }),
    );
}

export const replyTitleSchema = z
  .string()
  .trim()
  .min(1, 'a canned reply needs a title')
  .max(MAX_REPLY_TITLE, `a title has at most ${MAX_REPLY_TITLE} characters`);
export const replyBodySchema = templateSchema(MAX_REPLY_BODY, 'a canned reply').refine((body) => body.length > 0, 'a canned reply cannot be empty');
export const signatureTemplateSchema = templateSchema(MAX_SIGNATURE, 'a signature');

/** A canned reply, as the store keeps it and the API answers it (minus the server's bookkeeping). */
export const cannedReplySchema = z.object({
  id: cannedReplyIdSchema,
  title: replyTitleSchema,
  body: replyBodySchema,
  tone: replyToneSchema,
  /** `null`: offered on every client's tickets. */
  clientId: clientIdSchema.nullable(),
  archived: z.boolean(),
});
export type CannedReply = z.infer<typeof cannedReplySchema>;

/** What a person saves: a new reply (no `id`) or a new version of one (its `id`). */
export const cannedReplyDraftSchema = cannedReplySchema.omit({ id: true, archived: true }).extend({ id: cannedReplyIdSchema.optional() });
export type CannedReplyDraft = z.infer<typeof cannedReplyDraftSchema>;

export const expertNameSchema = z.object({
  clientId: clientIdSchema,
  /** How the client's expert signs: "Dra. Helena Prado". */
  name: z
    .string()
    .trim()
    .min(1, 'an expert name cannot be empty')
    .max(MAX_EXPERT_NAME, `an expert name has at most ${MAX_EXPERT_NAME} characters`),
});
export type ExpertName = z.infer<typeof expertNameSchema>;

/** An agency's signature rules. `plain` replies are never signed, so it has no template. */
export const signatureRulesSchema = z.object({
  /** Signs `support` replies; `''` = no signature. */
  support: signatureTemplateSchema,
  /** Signs `praise` replies; `''` = no signature. */
  praise: signatureTemplateSchema,
  /** Per-client expert names for `{especialista}` (one per client). */
  experts: z
    .array(expertNameSchema)
    .max(MAX_EXPERTS, `at most ${MAX_EXPERTS} expert names`)
    .refine((experts) => new Set(experts.map((e) => e.clientId)).size === experts.length, 'one expert name per client'),
});
export type SignatureRules = z.infer<typeof signatureRulesSchema>;

/** The rules until an agency sets its own (seed 002). */
export const DEFAULT_SIGNATURE_RULES: SignatureRules = Object.freeze({
  support: 'Equipe de Suporte de {especialista}',
  praise: '{especialista}',
  experts: [],
}) as SignatureRules;

/** Who and what a reply is rendered for. */
export interface ReplyContext {
  readonly rules: SignatureRules;
  /** The ticket's client; `null`: the agency answers as itself. */
  readonly client: { readonly id: string; readonly name: string } | null;
  readonly agencyName: string;
  /** The staff member writing. */
  readonly staffName: string;
  /** The ticket's number, `null` until the server gives one. */
  readonly ticketNumber: number | null;
}

/** The expert a client's replies speak for: its override, else the client's name. */
export function expertNameFor(rules: SignatureRules, client: ReplyContext['client'], agencyName: string): string {
  if (client === null) return agencyName;
  return rules.experts.find((e) => e.clientId === client.id)?.name ?? client.name;
}

const MARKDOWN_CHARACTERS = /[\\`*_[\]<~]/g;

/**
 * `value` as plain text inside a comment body: one line (blanks collapsed), markdown characters
 * backslash-escaped, and a leading list marker (`- `, `+ `, `1. `) escaped so it is not a list.
 */
export function plainTextValue(value: string): string {
  return value
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(MARKDOWN_CHARACTERS, (c) => `\\${c}`)
    .replace(/^([-+])(?= )/, '\\$1')
    .replace(/^(\d{1,9})([.)])(?= )/, '$1\\$2');
}

/** Fills a template's known placeholders with `values` (plain text), in one pass. */
export function fillTemplate(template: string, values: Readonly<Record<Placeholder, string>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (isPlaceholder(name) ? plainTextValue(values[name]) : whole));
}

/** The placeholders' values for a context. */
export function placeholderValues(context: ReplyContext): Record<Placeholder, string> {
  return {
    especialista: expertNameFor(context.rules, context.client, context.agencyName),
    cliente: context.client?.name ?? context.agencyName,
    atendente: context.staffName,
    ticket: context.ticketNumber === null ? '' : `#${context.ticketNumber}`,
  };
}

/** The signature a tone gets under these rules, filled; `''` for none. */
export function renderSignature(tone: ReplyTone, context: ReplyContext): string {
  if (tone === 'plain') return '';
  return fillTemplate(context.rules[tone], placeholderValues(context)).trim();
}

/**
 * The text a canned reply puts in the composer: its body filled in, then — after a blank line —
 * its tone's signature, if any.
 */
export function renderCannedReply(reply: Pick<CannedReply, 'body' | 'tone'>, context: ReplyContext): string {
  const body = fillTemplate(reply.body, placeholderValues(context)).trim();
  const signature = renderSignature(reply.tone, context);
  return signature === '' ? body : `${body}\n\n${signature}`;
}
