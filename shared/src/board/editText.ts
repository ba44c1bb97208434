/**
 * Edit a ticket's title, client-facing summary or internal description. The texts are `Y.Text`,
 * so an edit is a splice (`index`, `deleteCount`, `insert`, in UTF-16 code units as JS strings
 * count them) that merges with concurrent typing instead of replacing the whole text.
 *
 * One edit must leave a one-line, non-blank title and stay within the field's length limit.
 * Concurrent edits may still merge past the limit; an edit that does not lengthen an
 * over-long text is then allowed, so the text can always be shortened again.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { ConflictError, InvalidInputError } from '../errors.js';
import { ticketIdSchema } from '../ids.js';
import type { TransactionOrigin } from '../origin.js';
import { assertCommandOrigin, loadTicket, parseInput } from './command.js';
import { TEXT_FIELDS, TEXT_MAX_LENGTH, type TextField } from './layout.js';

const textFieldSchema = z.enum(TEXT_FIELDS);

export const editTextInputSchema = z.strictObject({
  ticketId: ticketIdSchema,
  field: textFieldSchema,
  index: z.number().int().min(0),
  deleteCount: z.number().int().min(0).default(0),
  insert: z.string().default(''),
});
export type EditTextInput = z.input<typeof editTextInputSchema>;

export const replaceTextInputSchema = z.strictObject({
  ticketId: ticketIdSchema,
  field: textFieldSchema,
  text: z.string(),
});
export type ReplaceTextInput = z.input<typeof replaceTextInputSchema>;

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** Whether `index` falls inside a surrogate pair (splitting one would corrupt the character). */
function splitsPair(text: string, index: number): boolean {
  return index > 0 && index < text.length && isHighSurrogate(text.charCodeAt(index - 1)) && isLowSurrogate(text.charCodeAt(index));
}

function textOf(entry: Y.Map<unknown>, field: TextField): Y.Text {
  const text = entry.get(field);
  if (!(text instanceof Y.Text)) throw new ConflictError(`ticket has no ${field} text`);
  return text;
}

interface Splice {
  index: number;
  deleteCount: number;
  insert: string;
}

/** Check a splice against the current text and the field's rules; returns nothing, throws why not. */
function assertSplice(command: string, field: TextField, current: string, splice: Splice): void {
  const { index, deleteCount, insert } = splice;
  if (index > current.length || index + deleteCount > current.length) {
    throw new InvalidInputError(`${command}: range ${index}+${deleteCount} is outside the ${field} (length ${current.length})`);
  }
  if (splitsPair(current, index) || splitsPair(current, index + deleteCount)) {
    throw new InvalidInputError(`${command}: the range splits a character`);
  }
  const next = current.slice(0, index) + insert + current.slice(index + deleteCount);
  const max = TEXT_MAX_LENGTH[field];
  if (next.length > max && next.length > current.length) {
    throw new InvalidInputError(`${command}: ${field} is limited to ${max} characters`);
  }
  if (field === 'title') {
    if (next.trim() === '') throw new InvalidInputError(`${command}: title is required`);
    if (/[\r\n]/.test(insert)) throw new InvalidInputError(`${command}: title must be one line`);
  }
}

function applySplice(text: Y.Text, splice: Splice): void {
  if (splice.deleteCount > 0) text.delete(splice.index, splice.deleteCount);
  if (splice.insert !== '') text.insert(splice.index, splice.insert);
}

export function editText(doc: Y.Doc, input: EditTextInput, origin: TransactionOrigin): void {
  assertCommandOrigin(origin, 'editText');
  const { ticketId, field, ...splice } = parseInput(editTextInputSchema, input, 'editText');
  const { entry } = loadTicket(doc, ticketId);
  const text = textOf(entry, field);
  assertSplice('editText', field, text.toString(), splice);
  doc.transact(() => applySplice(text, splice), origin);
}

/**
 * The smallest splice turning `current` into `next`: common prefix and suffix are kept, so a
 * concurrent edit elsewhere in the text survives. Never cuts through a surrogate pair.
 */
export function diffText(current: string, next: string): Splice {
  let start = 0;
  const shortest = Math.min(current.length, next.length);
  while (start < shortest && current.charCodeAt(start) === next.charCodeAt(start)) start++;
  if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start--;
  let end = 0;
  while (
    end < shortest - start &&
    current.charCodeAt(current.length - 1 - end) === next.charCodeAt(next.length - 1 - end)
  ) {
    end++;
  }
  if (end > 0 && isLowSurrogate(current.charCodeAt(current.length - end))) end--;
  return { index: start, deleteCount: current.length - start - end, insert: next.slice(start, next.length - end) };
}

/** Set a text to `text` through the smallest splice; nothing is written if it is unchanged. */
export function replaceText(doc: Y.Doc, input: ReplaceTextInput, origin: TransactionOrigin): void {
  assertCommandOrigin(origin, 'replaceText');
  const { ticketId, field, text: next } = parseInput(replaceTextInputSchema, input, 'replaceText');
  const { entry } = loadTicket(doc, ticketId);
  const text = textOf(entry, field);
  const current = text.toString();
  const splice = diffText(current, next);
  assertSplice('replaceText', field, current, splice);
  doc.transact(() => applySplice(text, splice), origin);
}
