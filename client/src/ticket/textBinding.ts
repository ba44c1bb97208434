/**
 * Binds a text box (`<textarea>` or `<input>`) to a ticket's collaborative `Y.Text`.
 *
 * Invariant: outside an invalid draft (below), the box shows exactly the Y.Text.
 * - Local typing: each `input` event becomes one minimal `editText` splice (placed by the caret,
 *   see textSplice.ts), carrying the session's origin so its undo manager can take it back.
 * - Remote edits (and undo/redo, whose origin is the undo manager): the box gets the new value
 *   and, if it has focus, its selection back — anchored as Yjs relative positions just before the
 *   transaction that changed the text (`beforeTransaction`), resolved just after. The scroll
 *   position is kept too.
 * - Refused edits: a title left blank is kept as a draft (nothing written, the problem reported)
 *   so the person can type the new title; the next valid value replaces the whole title, and
 *   leaving the box with a blank draft puts the title back. Remote edits to the title do not touch
 *   the box while it holds a blank draft. Any other refusal (too long, …) puts the box back to
 *   the Y.Text at once and reports it: what is in the document is never lost.
 * - The caret, as relative positions in JSON, is reported on every selection change while the box
 *   has focus, and null when it loses focus, for presence.
 */
import { InvalidInputError } from '@fluxo/shared/errors';
import type { TicketId } from '@fluxo/shared/ids';
import type { TransactionOrigin } from '@fluxo/shared/origin';
import { editText } from '@fluxo/shared/board/editText';
import { TEXT_MAX_LENGTH, type TextField } from '@fluxo/shared/board/layout';
import { ticketText } from '@fluxo/shared/board/ticketText';
import type * as Y from 'yjs';
import { type CaretJson, type RelativeCaret, anchorCaret, caretToJson, resolveCaret, restoreSelection, selectionOf } from './caret';
import { spliceAtCaret } from './textSplice';

export type TextProblem = 'title_required' | 'too_long' | 'refused';

export interface TextBindingOptions {
  readonly doc: Y.Doc;
  readonly ticketId: TicketId;
  readonly field: TextField;
  readonly element: HTMLTextAreaElement | HTMLInputElement;
  readonly origin: TransactionOrigin;
  /** A local edit was refused (the problem), or the box is valid again (null). */
  readonly onProblem?: (problem: TextProblem | null) => void;
  /** The local caret as relative positions, or null once the box loses focus. */
  readonly onCaret?: (caret: CaretJson | null) => void;
  /** The text the box now agrees with the document on, after any local or remote change. */
  readonly onText?: (text: string) => void;
}

export interface TextBinding {
  dispose(): void;
}

function problemOf(error: unknown, field: TextField, attempted: string): TextProblem {
  if (!(error instanceof InvalidInputError)) return 'refused';
  return attempted.length > TEXT_MAX_LENGTH[field] ? 'too_long' : 'refused';
}

/** Binds `element` to the field's Y.Text; null if the ticket has no such text on this replica. */
export function bindTextField(options: TextBindingOptions): TextBinding | null {
  const { doc, ticketId, field, element, origin } = options;
  const text = ticketText(doc, ticketId, field);
  if (text === null) return null;

  let synced = text.toString();
  let blankDraft = false;
  let captured: RelativeCaret | null = null;
  let publishedCaret = '';

  element.value = synced;
  options.onText?.(synced);

  const focused = (): boolean => element.ownerDocument.activeElement === element;

  const setProblem = (problem: TextProblem | null): void => options.onProblem?.(problem);

  const publishCaret = (): void => {
    if (!focused() || blankDraft || element.value !== synced) return;
    const range = selectionOf(element);
    if (range === null) return;
    const caret = caretToJson(anchorCaret(text, range));
    const key = JSON.stringify(caret);
    if (key === publishedCaret) return;
    publishedCaret = key;
    options.onCaret?.(caret);
  };

  /** Put the box back to the document's text, caret at `index`. */
  const revert = (index: number): void => {
    synced = text.toString();
    element.value = synced;
    if (focused()) restoreSelection(element, { anchor: index, head: index });
    options.onText?.(synced);
  };

  const onInput = (): void => {
    const next = element.value;
    if (field === 'title' && next.trim() === '') {
      blankDraft = true;
      setProblem('title_required');
      return;
    }
    const current = text.toString();
    const splice = spliceAtCaret(current, next, element.selectionEnd);
    try {
      editText(doc, { ticketId, field, ...splice }, origin);
    } catch (error) {
      blankDraft = false;
      setProblem(problemOf(error, field, next));
      revert(splice.index);
      return;
    }
    blankDraft = false;
    setProblem(null);
    synced = text.toString();
    // The document now holds what the box shows; if a rule reshaped it, show the document.
    if (synced !== element.value) revert(splice.index + splice.insert.length);
    else options.onText?.(synced);
    publishCaret();
  };

  const onBlur = (): void => {
    publishedCaret = '';
    options.onCaret?.(null);
    if (blankDraft) {
      blankDraft = false;
      setProblem(null);
      revert(0);
    }
  };

  const beforeTransaction = (): void => {
    captured = null;
    if (!focused() || blankDraft || element.value !== synced) return;
    const range = selectionOf(element);
    if (range !== null) captured = anchorCaret(text, range);
  };

  const observer = (): void => {
    const value = text.toString();
    const caret = captured;
    captured = null;
    if (value === element.value) {
      synced = value;
      options.onText?.(value);
      return;
    }
    if (blankDraft) return;
    const range = caret === null ? null : resolveCaret(doc, text, caret);
    const { scrollTop, scrollLeft } = element;
    synced = value;
    element.value = value;
    element.scrollTop = scrollTop;
    element.scrollLeft = scrollLeft;
    if (range !== null && focused()) restoreSelection(element, range);
    options.onText?.(value);
  };

  const selectionEvents = ['select', 'keyup', 'mouseup', 'focus'] as const;
  element.addEventListener('input', onInput);
  element.addEventListener('blur', onBlur);
  for (const name of selectionEvents) element.addEventListener(name, publishCaret);
  element.ownerDocument.addEventListener('selectionchange', publishCaret);
  doc.on('beforeTransaction', beforeTransaction);
  text.observe(observer);

  return {
    dispose: () => {
      element.removeEventListener('input', onInput);
      element.removeEventListener('blur', onBlur);
      for (const name of selectionEvents) element.removeEventListener(name, publishCaret);
      element.ownerDocument.removeEventListener('selectionchange', publishCaret);
      doc.off('beforeTransaction', beforeTransaction);
      text.unobserve(observer);
    },
  };
}
