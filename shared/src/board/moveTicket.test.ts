import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidMoveError, NotFoundError, TicketClosedError } from '../errors.js';
import { archiveTicket } from './archiveTicket.js';
import { validateBoard } from './invariants.js';
import { moveTicket } from './moveTicket.js';
import { readBoard, readTicket } from './readBoard.js';
import { setStatus } from './setStatus.js';
import { ASANA, ASPAULO, newDoc, open, tid, updateProbe } from './testing/fixtures.js';

function column(doc: ReturnType<typeof newDoc>, stage: 'triage' | 'analysis'): string[] {
  return readBoard(doc).byStage[stage].map((t) => t.id);
}

/** Triage holds tickets 1..4 in order; analysis holds 5..7 in order. */
function board(): ReturnType<typeof newDoc> {
  const doc = newDoc();
  for (let n = 1; n <= 4; n++) open(doc, n);
  for (let n = 5; n <= 7; n++) open(doc, n, { stage: 'analysis' });
  return doc;
}

describe('moveTicket', () => {
  it('moves a ticket one stage forward, to the end of the column, in one update', () => {
    const doc = board();
    const probe = updateProbe(doc);
    moveTicket(doc, { ticketId: tid(1), toStage: 'analysis' }, ASANA);
    expect(probe.written()).toBe(1);
    expect(column(doc, 'triage')).toEqual([tid(2), tid(3), tid(4)]);
    expect(column(doc, 'analysis')).toEqual([tid(5), tid(6), tid(7), tid(1)]);
    expect(validateBoard(doc)).toEqual([]);
  });

  it('puts the ticket between its new neighbours', () => {
    const doc = board();
    moveTicket(doc, { ticketId: tid(1), toStage: 'analysis', before: tid(5), after: tid(6) }, ASANA);
    expect(column(doc, 'analysis')).toEqual([tid(5), tid(1), tid(6), tid(7)]);
  });

  it('puts the ticket right after `before`, or right before `after`, when only one is given', () => {
    const doc = board();
    moveTicket(doc, { ticketId: tid(1), toStage: 'analysis', before: tid(6) }, ASANA);
    expect(column(doc, 'analysis')).toEqual([tid(5), tid(6), tid(1), tid(7)]);
    moveTicket(doc, { ticketId: tid(2), toStage: 'analysis', after: tid(5) }, ASANA);
    expect(column(doc, 'analysis')).toEqual([tid(2), tid(5), tid(6), tid(1), tid(7)]);
    moveTicket(doc, { ticketId: tid(3), toStage: 'analysis', before: tid(7) }, ASANA);
    expect(column(doc, 'analysis')).toEqual([tid(2), tid(5), tid(6), tid(1), tid(7), tid(3)]);
  });

  it('reorders inside a stage, up and down', () => {
    const doc = board();
    moveTicket(doc, { ticketId: tid(4), toStage: 'triage', after: tid(1) }, ASANA);
    expect(column(doc, 'triage')).toEqual([tid(4), tid(1), tid(2), tid(3)]);
    moveTicket(doc, { ticketId: tid(4), toStage: 'triage', before: tid(2), after: tid(3) }, ASANA);
    expect(column(doc, 'triage')).toEqual([tid(1), tid(2), tid(4), tid(3)]);
    moveTicket(doc, { ticketId: tid(1), toStage: 'triage' }, ASANA);
    expect(column(doc, 'triage')).toEqual([tid(2), tid(4), tid(3), tid(1)]);
  });

  it('goes back to an earlier stage for rework', () => {
    const doc = board();
    moveTicket(doc, { ticketId: tid(6), toStage: 'triage', before: tid(1), after: tid(2) }, ASPAULO);
    expect(column(doc, 'triage')).toEqual([tid(1), tid(6), tid(2), tid(3), tid(4)]);
  });

  it('ignores archived tickets when placing, and does not move an archived ticket', () => {
    const doc = board();
    archiveTicket(doc, { ticketId: tid(7) }, ASANA);
    moveTicket(doc, { ticketId: tid(1), toStage: 'analysis', before: tid(6) }, ASANA);
    expect(column(doc, 'analysis')).toEqual([tid(5), tid(6), tid(1)]);
    expect(() => moveTicket(doc, { ticketId: tid(2), toStage: 'analysis', before: tid(7) }, ASANA)).toThrow(
      InvalidInputError,
    );
    expect(() => moveTicket(doc, { ticketId: tid(7), toStage: 'analysis' }, ASANA)).toThrow(InvalidMoveError);
  });

  it('applies the flow rules: no skipping stages, a closed ticket does not move', () => {
    const doc = board();
    const probe = updateProbe(doc);
    expect(() => moveTicket(doc, { ticketId: tid(1), toStage: 'planning' }, ASANA)).toThrow(InvalidMoveError);
    expect(probe.unchanged()).toBe(true);
    setStatus(doc, { ticketId: tid(5), status: 'done' }, ASANA);
    const afterDone = updateProbe(doc);
    expect(() => moveTicket(doc, { ticketId: tid(5), toStage: 'planning' }, ASANA)).toThrow(TicketClosedError);
    expect(() => moveTicket(doc, { ticketId: tid(5), toStage: 'analysis', after: tid(6) }, ASANA)).toThrow(
      TicketClosedError,
    );
    expect(afterDone.unchanged()).toBe(true);
  });

  it.each([
    ['an unknown ticket', { ticketId: tid(99), toStage: 'analysis' }, NotFoundError],
    ['an unknown neighbour', { ticketId: tid(1), toStage: 'analysis', before: tid(99) }, NotFoundError],
    ['a neighbour in another stage', { ticketId: tid(1), toStage: 'analysis', before: tid(2) }, InvalidInputError],
    ['the ticket as its own neighbour', { ticketId: tid(5), toStage: 'analysis', after: tid(5) }, InvalidInputError],
    [
      'neighbours in the wrong order',
      { ticketId: tid(1), toStage: 'analysis', before: tid(7), after: tid(5) },
      InvalidInputError,
    ],
    [
      'both neighbours, one unknown',
      { ticketId: tid(1), toStage: 'analysis', before: tid(5), after: tid(99) },
      NotFoundError,
    ],
    [
      'both neighbours, one in another stage',
      { ticketId: tid(1), toStage: 'analysis', before: tid(2), after: tid(6) },
      InvalidInputError,
    ],
    ['an unknown stage', { ticketId: tid(1), toStage: 'limbo' }, InvalidInputError],
    ['a malformed id', { ticketId: 'x', toStage: 'analysis' }, InvalidInputError],
  ])('refuses %s without writing', (_what, input, error) => {
    const doc = board();
    const before = readTicket(doc, tid(1));
    const probe = updateProbe(doc);
    const untyped = input as unknown as Parameters<typeof moveTicket>[1];
    expect(() => moveTicket(doc, untyped, ASANA)).toThrow(error);
    expect(probe.unchanged()).toBe(true);
    expect(readTicket(doc, tid(1))).toEqual(before);
  });

  it('writes the stage and the rank as one value', () => {
    const doc = board();
    moveTicket(doc, { ticketId: tid(1), toStage: 'analysis', after: tid(5) }, ASANA);
    const ticket = readTicket(doc, tid(1));
    expect(ticket?.stage).toBe('analysis');
    expect(ticket?.rank.endsWith(`${tid(1)}V`)).toBe(true);
  });
});
