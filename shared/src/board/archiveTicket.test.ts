import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../errors.js';
import { archiveTicket, restoreTicket } from './archiveTicket.js';
import { validateBoard } from './invariants.js';
import { readBoard } from './readBoard.js';
import { ASANA, newDoc, open, tid, updateProbe } from './testing/fixtures.js';

describe('archiveTicket / restoreTicket', () => {
  it('hides a ticket from its column and puts it back where it was', () => {
    const doc = newDoc();
    for (let n = 1; n <= 3; n++) open(doc, n);
    archiveTicket(doc, { ticketId: tid(2) }, ASANA);
    let board = readBoard(doc);
    expect(board.byStage.triage.map((t) => t.id)).toEqual([tid(1), tid(3)]);
    expect(board.tickets.find((t) => t.id === tid(2))?.archived).toBe(true);
    const probe = updateProbe(doc);
    archiveTicket(doc, { ticketId: tid(2) }, ASANA);
    expect(probe.unchanged()).toBe(true);
    restoreTicket(doc, { ticketId: tid(2) }, ASANA);
    board = readBoard(doc);
    expect(board.byStage.triage.map((t) => t.id)).toEqual([tid(1), tid(2), tid(3)]);
    expect(validateBoard(doc)).toEqual([]);
  });

  it('refuses an unknown ticket', () => {
    expect(() => archiveTicket(newDoc(), { ticketId: tid(1) }, ASANA)).toThrow(NotFoundError);
    expect(() => restoreTicket(newDoc(), { ticketId: tid(1) }, ASANA)).toThrow(NotFoundError);
  });
});
