import { describe, expect, it } from 'vitest';
import { setTicketNumber } from './setTicketNumber.js';
import { WITNESS, newDoc, open } from './testing/fixtures.js';
import { ticketNumbers } from './ticketNumbers.js';

describe('ticketNumbers', () => {
  it("maps every ticket to its number, null until the witness gives one", () => {
    const doc = newDoc();
    expect(ticketNumbers(doc)).toEqual(new Map());
    const first = open(doc, 1);
    const second = open(doc, 2);
    setTicketNumber(doc, { ticketId: second, number: 42 }, WITNESS);
    expect(ticketNumbers(doc)).toEqual(new Map([[first, null], [second, 42]]));
  });
});
