import { describe, expect, it } from 'vitest';
import { InvalidInputError, NotFoundError } from '../errors.js';
import type { UserId } from '../ids.js';
import { assignTicket, unassignTicket } from './assignTicket.js';
import { MAX_ASSIGNEES } from './layout.js';
import { readTicket } from './readBoard.js';
import { ANA, ASANA, DORA, PAULO, newDoc, open, tid, updateProbe } from './testing/fixtures.js';

describe('assignTicket / unassignTicket', () => {
  it('keeps a sorted set of people', () => {
    const doc = newDoc();
    open(doc, 1);
    assignTicket(doc, { ticketId: tid(1), userId: PAULO }, ASANA);
    assignTicket(doc, { ticketId: tid(1), userId: ANA }, ASANA);
    const probe = updateProbe(doc);
    assignTicket(doc, { ticketId: tid(1), userId: PAULO }, ASANA);
    expect(probe.unchanged()).toBe(true);
    expect(readTicket(doc, tid(1))?.assignees).toEqual([ANA, PAULO]);
    unassignTicket(doc, { ticketId: tid(1), userId: ANA }, ASANA);
    unassignTicket(doc, { ticketId: tid(1), userId: DORA }, ASANA);
    expect(readTicket(doc, tid(1))?.assignees).toEqual([PAULO]);
  });

  it('refuses unknown tickets, malformed user ids and too many people', () => {
    const doc = newDoc();
    open(doc, 1);
    expect(() => assignTicket(doc, { ticketId: tid(2), userId: ANA }, ASANA)).toThrow(NotFoundError);
    expect(() => unassignTicket(doc, { ticketId: tid(2), userId: ANA }, ASANA)).toThrow(NotFoundError);
    expect(() => assignTicket(doc, { ticketId: tid(1), userId: 'ana' }, ASANA)).toThrow(InvalidInputError);
    for (let i = 0; i < MAX_ASSIGNEES; i++) {
      assignTicket(doc, { ticketId: tid(1), userId: `User${String(i).padStart(12, '0')}` as UserId }, ASANA);
    }
    const probe = updateProbe(doc);
    expect(() => assignTicket(doc, { ticketId: tid(1), userId: DORA }, ASANA)).toThrow(InvalidInputError);
    expect(probe.unchanged()).toBe(true);
  });
});
