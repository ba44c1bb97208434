import { describe, expect, it } from 'vitest';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { readTicket } from './readBoard.js';
import { setDueDate } from './setDueDate.js';
import { ASPAULO, newDoc, open, tid, updateProbe } from './testing/fixtures.js';

describe('setDueDate', () => {
  it('sets and clears the deadline', () => {
    const doc = newDoc();
    open(doc, 1);
    setDueDate(doc, { ticketId: tid(1), dueDate: '2024-02-29' }, ASPAULO);
    expect(readTicket(doc, tid(1))?.dueDate).toBe('2024-02-29');
    setDueDate(doc, { ticketId: tid(1), dueDate: null }, ASPAULO);
    expect(readTicket(doc, tid(1))?.dueDate).toBeNull();
  });

  it.each(['2023-02-29', '2024-13-01', '10/06/2024', '2024-06-10T00:00:00Z'])('refuses %s', (dueDate) => {
    const doc = newDoc();
    open(doc, 1);
    const probe = updateProbe(doc);
    expect(() => setDueDate(doc, { ticketId: tid(1), dueDate }, ASPAULO)).toThrow(InvalidInputError);
    expect(probe.unchanged()).toBe(true);
  });

  it('refuses an unknown ticket', () => {
    expect(() => setDueDate(newDoc(), { ticketId: tid(1), dueDate: null }, ASPAULO)).toThrow(NotFoundError);
  });
});
