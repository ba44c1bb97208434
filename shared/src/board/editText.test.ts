import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { diffText, editText, replaceText } from './editText.js';
import { ticketsMap } from './layout.js';
import { readTicket } from './readBoard.js';
import { ASANA, ASPAULO, newDoc, open, tid, updateProbe } from './testing/fixtures.js';

describe('editText', () => {
  it('splices the title, summary and description', () => {
    const doc = newDoc();
    open(doc, 1, { title: 'Banner', summary: '', description: 'interno' });
    editText(doc, { ticketId: tid(1), field: 'title', index: 6, insert: ' da campanha' }, ASANA);
    editText(doc, { ticketId: tid(1), field: 'summary', index: 0, insert: 'Resumo' }, ASANA);
    editText(doc, { ticketId: tid(1), field: 'description', index: 0, deleteCount: 2, insert: 'ex' }, ASANA);
    expect(readTicket(doc, tid(1))).toMatchObject({
      title: 'Banner da campanha',
      summary: 'Resumo',
      description: 'externo',
    });
  });

  it('merges concurrent typing in one text', () => {
    const a = newDoc(1);
    open(a, 1, { title: 'Banner' });
    const b = newDoc(2);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    editText(a, { ticketId: tid(1), field: 'title', index: 0, insert: 'Novo ' }, ASANA);
    editText(b, { ticketId: tid(1), field: 'title', index: 6, insert: ' azul' }, ASPAULO);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readTicket(a, tid(1))?.title).toBe('Novo Banner azul');
    expect(readTicket(b, tid(1))).toEqual(readTicket(a, tid(1)));
  });

  it.each([
    ['a range past the end', { field: 'title', index: 7, insert: 'x' }],
    ['a deletion past the end', { field: 'title', index: 2, deleteCount: 5 }],
    ['a negative index', { field: 'title', index: -1, insert: 'x' }],
    ['a blank title', { field: 'title', index: 0, deleteCount: 6, insert: '  ' }],
    ['a line break in the title', { field: 'title', index: 0, insert: 'a\nb' }],
    ['a title past 200 characters', { field: 'title', index: 0, insert: 'x'.repeat(195) }],
    ['an unknown field', { field: 'notes', index: 0, insert: 'x' }],
    ['a split surrogate pair', { field: 'summary', index: 1, insert: 'x' }],
  ])('refuses %s without writing', (_what, edit) => {
    const doc = newDoc();
    open(doc, 1, { title: 'Banner', summary: '😀' });
    const probe = updateProbe(doc);
    const untyped = { ticketId: tid(1), ...edit } as unknown as Parameters<typeof editText>[1];
    expect(() => editText(doc, untyped, ASANA)).toThrow(InvalidInputError);
    expect(probe.unchanged()).toBe(true);
  });

  it('lets an over-long text, the result of a merge, be shortened', () => {
    const doc = newDoc();
    open(doc, 1, { title: 'x'.repeat(200) });
    const title = ticketsMap(doc).get(tid(1));
    if (!(title instanceof Y.Map)) throw new Error('no ticket');
    const text = title.get('title');
    if (!(text instanceof Y.Text)) throw new Error('no title');
    text.insert(0, 'y'.repeat(50));
    editText(doc, { ticketId: tid(1), field: 'title', index: 0, deleteCount: 10 }, ASANA);
    expect(readTicket(doc, tid(1))?.title).toHaveLength(240);
  });

  it('refuses an unknown ticket', () => {
    expect(() => editText(newDoc(), { ticketId: tid(1), field: 'title', index: 0 }, ASANA)).toThrow(NotFoundError);
  });
});

describe('replaceText', () => {
  it('writes the smallest splice, so concurrent edits elsewhere survive', () => {
    const a = newDoc(1);
    open(a, 1, { description: 'Banner para a campanha de maio' });
    const b = newDoc(2);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    replaceText(a, { ticketId: tid(1), field: 'description', text: 'Banner para a campanha de junho' }, ASANA);
    replaceText(b, { ticketId: tid(1), field: 'description', text: 'Banner azul para a campanha de maio' }, ASPAULO);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(readTicket(a, tid(1))?.description).toBe('Banner azul para a campanha de junho');
  });

  it('writes nothing when the text is unchanged, and validates like editText', () => {
    const doc = newDoc();
    open(doc, 1, { title: 'Banner' });
    const probe = updateProbe(doc);
    replaceText(doc, { ticketId: tid(1), field: 'title', text: 'Banner' }, ASANA);
    expect(() => replaceText(doc, { ticketId: tid(1), field: 'title', text: ' ' }, ASANA)).toThrow(InvalidInputError);
    expect(probe.unchanged()).toBe(true);
  });

  it('diffs without cutting a character in two', () => {
    expect(diffText('a😀b', 'a😃b')).toEqual({ index: 1, deleteCount: 2, insert: '😃' });
    expect(diffText('abc', 'abc')).toEqual({ index: 3, deleteCount: 0, insert: '' });
    expect(diffText('aaa', 'aaaa')).toEqual({ index: 3, deleteCount: 0, insert: 'a' });
    expect(diffText('abcd', 'ad')).toEqual({ index: 1, deleteCount: 2, insert: '' });
  });
});
