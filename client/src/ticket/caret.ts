/**
 * Carets anchored to the collaborative text. A plain index goes stale as soon as someone else
 * types before it; a Yjs relative position names the character the caret sits next to, so it
 * can be turned back into an index after any concurrent edit. That is how the local caret keeps
 * its place when remote typing replaces the text box's value, and how other people's carets
 * (published in awareness as JSON, `PresenceState.cursor`) are drawn on this replica's text.
 *
 * A collapsed caret sticks to the character on its left (`assoc` -1): if someone inserts exactly
 * where I am typing, my caret stays before their text and my next keystroke goes where I expect.
 * A selection keeps its start attached to the right and its end to the left, so text inserted
 * at its edges stays outside it.
 */
import * as Y from 'yjs';

/** A selection as the text box holds it: `anchor` where it started, `head` where the caret is. */
export interface CaretRange {
  anchor: number;
  head: number;
}

export interface RelativeCaret {
  anchor: Y.RelativePosition;
  head: Y.RelativePosition;
}

/** A relative position in its JSON form (what awareness carries); plain data, no class instances. */
export type RelativePositionJson = { [key: string]: unknown };

export interface CaretJson {
  anchor: RelativePositionJson;
  head: RelativePositionJson;
}

/** The selection of a text box, as anchor and head. */
export function selectionOf(element: HTMLTextAreaElement | HTMLInputElement): CaretRange | null {
  const start = element.selectionStart;
  const end = element.selectionEnd;
  if (start === null || end === null) return null;
  return element.selectionDirection === 'backward' ? { anchor: end, head: start } : { anchor: start, head: end };
}

/** Put a selection back into a text box, clamped to its value. */
export function restoreSelection(element: HTMLTextAreaElement | HTMLInputElement, range: CaretRange): void {
  const length = element.value.length;
  const anchor = Math.min(Math.max(0, range.anchor), length);
  const head = Math.min(Math.max(0, range.head), length);
  const backward = head < anchor;
  element.setSelectionRange(Math.min(anchor, head), Math.max(anchor, head), backward ? 'backward' : 'forward');
}

/** Anchor a selection (indexes into `text` as it is now) to the text's characters. */
export function anchorCaret(text: Y.Text, range: CaretRange): RelativeCaret {
  if (range.anchor === range.head) {
    const position = Y.createRelativePositionFromTypeIndex(text, range.anchor, -1);
    return { anchor: position, head: position };
  }
  const startAssoc = 0;
  const endAssoc = -1;
  const forward = range.anchor < range.head;
  return {
    anchor: Y.createRelativePositionFromTypeIndex(text, range.anchor, forward ? startAssoc : endAssoc),
    head: Y.createRelativePositionFromTypeIndex(text, range.head, forward ? endAssoc : startAssoc),
  };
}

/** The index a relative position stands for now in `text`, or null if it is not in `text`. */
export function indexOf(doc: Y.Doc, text: Y.Text, position: Y.RelativePosition): number | null {
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
  if (absolute === null || absolute.type !== text) return null;
  return absolute.index;
}

/** The indexes a relative caret stands for now, or null if it does not point into `text`. */
export function resolveCaret(doc: Y.Doc, text: Y.Text, caret: RelativeCaret): CaretRange | null {
  const anchor = indexOf(doc, text, caret.anchor);
  const head = indexOf(doc, text, caret.head);
  return anchor === null || head === null ? null : { anchor, head };
}

export function caretToJson(caret: RelativeCaret): CaretJson {
  // relativePositionToJSON keeps Yjs `ID` instances; awareness wants plain JSON.
  const plain = (position: Y.RelativePosition): RelativePositionJson =>
    JSON.parse(JSON.stringify(Y.relativePositionToJSON(position))) as RelativePositionJson;
  return { anchor: plain(caret.anchor), head: plain(caret.head) };
}

const isIdJson = (value: unknown): value is { client: number; clock: number } =>
  typeof value === 'object' &&
  value !== null &&
  Number.isSafeInteger((value as { client?: unknown }).client) &&
  Number.isSafeInteger((value as { clock?: unknown }).clock);

/**
 * A relative position from JSON received over the network, or null if it is not one. Only the
 * shapes Yjs writes are accepted (an item id or a type id, an `assoc` number); a `tname` names a
 * root type, which a ticket's text never is.
 */
export function relativePositionFromJson(json: unknown): Y.RelativePosition | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const { item, type, tname, assoc } = json as Record<string, unknown>;
  if (tname !== undefined) return null;
  if (item !== undefined && !isIdJson(item)) return null;
  if (type !== undefined && !isIdJson(type)) return null;
  if (item === undefined && type === undefined) return null;
  if (assoc !== undefined && (typeof assoc !== 'number' || !Number.isInteger(assoc))) return null;
  return Y.createRelativePositionFromJSON(json);
}
