import { describe, expect, it } from 'vitest';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { serverOrigin } from '../origin.js';
import { readTicket } from './readBoard.js';
import { setTicketNumber } from './setTicketNumber.js';
import { ASANA, WITNESS, newDoc, open, tid, updateProbe } from './testing/fixtures.js';

describe('setTicketNumber', () => {
  it('is written by the server witness or the seed', () => {
    const doc = newDoc();
    open(doc, 1);
    open(doc, 2);
    setTicketNumber(doc, { ticketId: tid(1), number: 123 }, WITNESS);
    setTicketNumber(doc, { ticketId: tid(2), number: 124 }, serverOrigin('seed'));
    expect(readTicket(doc, tid(1))?.number).toBe(123);
    expect(readTicket(doc, tid(2))?.number).toBe(124);
  });

  it('refuses a person, a bad number and an unknown ticket', () => {
    const doc = newDoc();
    open(doc, 1);
    const probe = updateProbe(doc);
    expect(() => setTicketNumber(doc, { ticketId: tid(1), number: 5 }, ASANA)).toThrow(InvalidInputError);
    for (const number of [0, -1, 1.5, Number.NaN]) {
      expect(() => setTicketNumber(doc, { ticketId: tid(1), number }, WITNESS)).toThrow(InvalidInputError);
    }
    expect(() => setTicketNumber(doc, { ticketId: tid(2), number: 1 }, WITNESS)).toThrow(NotFoundError);
    expect(probe.unchanged()).toBe(true);
  });
});
