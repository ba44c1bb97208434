import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { editText } from './editText.js';
import { ticketsMap } from './layout.js';
import { ticketText } from './ticketText.js';
import { ASANA, newDoc, open, tid } from './testing/fixtures.js';

describe('ticketText', () => {
  it('is the live Y.Text of the field, which editText writes', () => {
    const doc = newDoc();
    open(doc, 1, { summary: 'Banner da campanha' });
    const summary = ticketText(doc, tid(1), 'summary');
    expect(summary).toBeInstanceOf(Y.Text);
    editText(doc, { ticketId: tid(1), field: 'summary', index: 0, insert: 'Novo ' }, ASANA);
    expect(summary?.toString()).toBe('Novo Banner da campanha');
    expect(ticketText(doc, tid(1), 'title')?.toString()).toBe('Ticket 1');
  });

  it('is null for an unknown ticket or a field that is not text', () => {
    const doc = newDoc();
    expect(ticketText(doc, tid(1), 'title')).toBeNull();
    doc.transact(() => {
      const entry = new Y.Map<unknown>();
      ticketsMap(doc).set(tid(2), entry);
      entry.set('title', 'plain string');
    });
    expect(ticketText(doc, tid(2), 'title')).toBeNull();
    expect(ticketText(doc, tid(2), 'summary')).toBeNull();
  });
});
