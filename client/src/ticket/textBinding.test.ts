import { createTicket } from '@fluxo/shared/board/createTicket';
import { editText } from '@fluxo/shared/board/editText';
import { readTicket } from '@fluxo/shared/board/readBoard';
import type { TicketId, UserId } from '@fluxo/shared/ids';
import { REMOTE_ORIGIN, type TransactionOrigin, userOrigin } from '@fluxo/shared/origin';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type TextBinding, type TextProblem, bindTextField } from './textBinding';
import type { CaretJson } from './caret';

const ANA = 'AnaAtendimento01' as UserId;
const PAULO = 'PauloProducao001' as UserId;
const TICKET = 'Ticket0000000001' as TicketId;

/** Two replicas, each update delivered to the other at once (as the sync server would). */
function twoReplicas() {
  const ana = new Y.Doc();
  const paulo = new Y.Doc();
  ana.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== REMOTE_ORIGIN) Y.applyUpdate(paulo, update, REMOTE_ORIGIN);
  });
  paulo.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== REMOTE_ORIGIN) Y.applyUpdate(ana, update, REMOTE_ORIGIN);
  });
  createTicket(
    ana,
    { id: TICKET, title: 'Banner da campanha', channel: 'email', description: 'Banner para a home', summary: '' },
    userOrigin(ANA),
  );
  return { ana, paulo };
}

const bindings: TextBinding[] = [];
afterEach(() => {
  for (const binding of bindings.splice(0)) binding.dispose();
  document.body.replaceChildren();
});

function bind(
  doc: Y.Doc,
  field: 'title' | 'summary' | 'description',
  origin: TransactionOrigin,
  element: HTMLTextAreaElement | HTMLInputElement = document.createElement('textarea'),
) {
  document.body.append(element);
  const problems: (TextProblem | null)[] = [];
  const carets: (CaretJson | null)[] = [];
  const binding = bindTextField({
    doc,
    ticketId: TICKET,
    field,
    element,
    origin,
    onProblem: (p) => problems.push(p),
    onCaret: (c) => carets.push(c),
  });
  if (binding === null) throw new Error('no text to bind');
  bindings.push(binding);
  return { element, problems, carets };
}

/** What a browser does when someone types: the value changes, the caret moves, `input` fires. */
function typeAt(element: HTMLTextAreaElement | HTMLInputElement, index: number, insert: string, deleteCount = 0) {
  element.focus();
  const value = element.value;
  element.value = value.slice(0, index) + insert + value.slice(index + deleteCount);
  element.setSelectionRange(index + insert.length, index + insert.length);
  element.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('bindTextField', () => {
  it('shows the text and turns local typing into edits of the Y.Text, seen by the other replica', () => {
    const { ana, paulo } = twoReplicas();
    const anaBox = bind(ana, 'description', userOrigin(ANA));
    const pauloBox = bind(paulo, 'description', userOrigin(PAULO));
    expect(anaBox.element.value).toBe('Banner para a home');
    typeAt(anaBox.element, 6, ' grande');
    expect(readTicket(ana, TICKET)?.description).toBe('Banner grande para a home');
    expect(pauloBox.element.value).toBe('Banner grande para a home');
  });

  it("keeps the local caret on its character when someone else types before or after it", () => {
    const { ana, paulo } = twoReplicas();
    const pauloBox = bind(paulo, 'description', userOrigin(PAULO));
    pauloBox.element.focus();
    pauloBox.element.setSelectionRange(6, 6); // "Banner|"
    editText(ana, { ticketId: TICKET, field: 'description', index: 18, insert: ' e blog' }, userOrigin(ANA));
    expect(pauloBox.element.value).toBe('Banner para a home e blog');
    expect([pauloBox.element.selectionStart, pauloBox.element.selectionEnd]).toEqual([6, 6]);
    editText(ana, { ticketId: TICKET, field: 'description', index: 0, insert: 'Novo ' }, userOrigin(ANA));
    expect(pauloBox.element.value).toBe('Novo Banner para a home e blog');
    expect([pauloBox.element.selectionStart, pauloBox.element.selectionEnd]).toEqual([11, 11]);
  });

  it('keeps a selection around the same words, and its direction', () => {
    const { ana, paulo } = twoReplicas();
    const pauloBox = bind(paulo, 'description', userOrigin(PAULO));
    pauloBox.element.focus();
    pauloBox.element.setSelectionRange(7, 11, 'backward'); // "para"
    editText(ana, { ticketId: TICKET, field: 'description', index: 0, insert: '>> ' }, userOrigin(ANA));
    const { selectionStart, selectionEnd, selectionDirection, value } = pauloBox.element;
    expect(value.slice(selectionStart ?? 0, selectionEnd ?? 0)).toBe('para');
    expect(selectionDirection).toBe('backward');
  });

  it('publishes the caret as relative positions and clears it on blur', () => {
    const { paulo } = twoReplicas();
    const pauloBox = bind(paulo, 'description', userOrigin(PAULO));
    pauloBox.element.focus();
    pauloBox.element.setSelectionRange(3, 3);
    pauloBox.element.dispatchEvent(new Event('select'));
    const caret = pauloBox.carets.at(-1);
    expect(caret).toBeTruthy();
    const position = Y.createRelativePositionFromJSON(caret?.head);
    expect(Y.createAbsolutePositionFromRelativePosition(position, paulo)?.index).toBe(3);
    pauloBox.element.blur();
    expect(pauloBox.carets.at(-1)).toBeNull();
  });

  it('keeps a blank title as a draft, writes the next valid title whole, and restores it on blur', () => {
    const { ana, paulo } = twoReplicas();
    const anaBox = bind(ana, 'title', userOrigin(ANA), document.createElement('input'));
    const pauloBox = bind(paulo, 'title', userOrigin(PAULO), document.createElement('input'));
    typeAt(anaBox.element, 0, '', anaBox.element.value.length);
    expect(anaBox.problems.at(-1)).toBe('title_required');
    expect(anaBox.element.value).toBe('');
    expect(readTicket(ana, TICKET)?.title).toBe('Banner da campanha');
    expect(pauloBox.element.value).toBe('Banner da campanha');
    typeAt(anaBox.element, 0, 'Landing page');
    expect(anaBox.problems.at(-1)).toBeNull();
    expect(readTicket(paulo, TICKET)?.title).toBe('Landing page');
    typeAt(anaBox.element, 0, '', anaBox.element.value.length);
    anaBox.element.blur();
    expect(anaBox.element.value).toBe('Landing page');
    expect(anaBox.problems.at(-1)).toBeNull();
  });

  it('puts the box back to the document when an edit is refused', () => {
    const { ana } = twoReplicas();
    const anaBox = bind(ana, 'title', userOrigin(ANA), document.createElement('input'));
    typeAt(anaBox.element, 6, 'x'.repeat(300));
    expect(anaBox.problems.at(-1)).toBe('too_long');
    expect(anaBox.element.value).toBe('Banner da campanha');
    expect(readTicket(ana, TICKET)?.title).toBe('Banner da campanha');
  });

  it("carries the session's origin, so its undo manager undoes the typing and the box follows", () => {
    const { ana, paulo } = twoReplicas();
    const origin = userOrigin(ANA);
    const undo = new Y.UndoManager(ana.getMap('tickets'), { trackedOrigins: new Set([origin]), captureTimeout: 0 });
    const anaBox = bind(ana, 'description', origin);
    const pauloBox = bind(paulo, 'description', userOrigin(PAULO));
    typeAt(anaBox.element, 18, '!');
    expect(pauloBox.element.value).toBe('Banner para a home!');
    undo.undo();
    expect(anaBox.element.value).toBe('Banner para a home');
    expect(pauloBox.element.value).toBe('Banner para a home');
    undo.destroy();
  });
});
