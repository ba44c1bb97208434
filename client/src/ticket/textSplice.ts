/**
 * Turning what a text box now holds into one splice of the collaborative text.
 *
 * `diffText` (shared) finds the smallest splice from the common prefix and suffix, which is
 * ambiguous when the edit sits inside a run of equal characters: typing "a" inside "aa" reads as
 * an insertion at the end. The text is the same, but with concurrent typing the place matters
 * (someone else's insertion between the two "a"s would end up on the wrong side). The caret
 * resolves it: after typing, pasting or deleting, the edited range of the new value ends at the
 * caret, so the unchanged suffix can be no longer than what follows the caret.
 */
import { diffText } from '@fluxo/shared/board/editText';

export interface Splice {
  index: number;
  deleteCount: number;
  insert: string;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * The splice turning `current` into `next`, where `caret` is the caret in `next` right after the
 * edit (null when unknown: then it is `diffText`'s answer). Never cuts a surrogate pair.
 */
export function spliceAtCaret(current: string, next: string, caret: number | null): Splice {
  if (caret === null || caret < 0 || caret > next.length) return diffText(current, next);
  const shortest = Math.min(current.length, next.length);
  let end = 0;
  const maxEnd = Math.min(shortest, next.length - caret);
  while (end < maxEnd && current.charCodeAt(current.length - 1 - end) === next.charCodeAt(next.length - 1 - end)) end++;
  if (end > 0 && isLowSurrogate(current.charCodeAt(current.length - end))) end--;
  let start = 0;
  const maxStart = shortest - end;
  while (start < maxStart && current.charCodeAt(start) === next.charCodeAt(start)) start++;
  if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start--;
  return { index: start, deleteCount: current.length - start - end, insert: next.slice(start, next.length - end) };
}

/** `text` with the splice applied. */
export function applySplice(text: string, splice: Splice): string {
  return text.slice(0, splice.index) + splice.insert + text.slice(splice.index + splice.deleteCount);
}
