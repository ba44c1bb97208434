import { describe, expect, it } from 'vitest';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { readTicket } from './readBoard.js';
import { setSteps, toggleStep } from './setSteps.js';
import { ASPAULO, newDoc, open, tid, updateProbe } from './testing/fixtures.js';

describe('setSteps / toggleStep', () => {
  it('chooses steps in flow order and keeps the done flag of steps that stay', () => {
    const doc = newDoc();
    open(doc, 1);
    setSteps(doc, { ticketId: tid(1), steps: ['review', 'design', 'concept'] }, ASPAULO);
    toggleStep(doc, { ticketId: tid(1), step: 'concept' }, ASPAULO);
    setSteps(doc, { ticketId: tid(1), steps: ['concept', 'copy', 'design'] }, ASPAULO);
    expect(readTicket(doc, tid(1))?.steps).toEqual([
      { step: 'concept', done: true },
      { step: 'copy', done: false },
      { step: 'design', done: false },
    ]);
  });

  it('flips a step, or sets it as asked, writing nothing when unchanged', () => {
    const doc = newDoc();
    open(doc, 1, { steps: ['design'] });
    toggleStep(doc, { ticketId: tid(1), step: 'design' }, ASPAULO);
    expect(readTicket(doc, tid(1))?.steps).toEqual([{ step: 'design', done: true }]);
    const probe = updateProbe(doc);
    toggleStep(doc, { ticketId: tid(1), step: 'design', done: true }, ASPAULO);
    expect(probe.unchanged()).toBe(true);
    toggleStep(doc, { ticketId: tid(1), step: 'design' }, ASPAULO);
    expect(readTicket(doc, tid(1))?.steps).toEqual([{ step: 'design', done: false }]);
  });

  it('refuses a step not chosen, unknown steps and unknown tickets', () => {
    const doc = newDoc();
    open(doc, 1, { steps: ['design'] });
    const probe = updateProbe(doc);
    expect(() => toggleStep(doc, { ticketId: tid(1), step: 'copy' }, ASPAULO)).toThrow(InvalidInputError);
    const untyped = { ticketId: tid(1), steps: ['design', 'coffee'] } as unknown as Parameters<typeof setSteps>[1];
    expect(() => setSteps(doc, untyped, ASPAULO)).toThrow(InvalidInputError);
    expect(() => setSteps(doc, { ticketId: tid(2), steps: [] }, ASPAULO)).toThrow(NotFoundError);
    expect(probe.unchanged()).toBe(true);
  });
});
