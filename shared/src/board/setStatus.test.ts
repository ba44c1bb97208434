import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidStatusError, NotFoundError } from '../errors.js';
import { readTicket } from './readBoard.js';
import { setStatus } from './setStatus.js';
import { ASANA, newDoc, open, tid, updateProbe } from './testing/fixtures.js';

describe('setStatus', () => {
  it('waits on the client, comes back, closes and reopens', () => {
    const doc = newDoc();
    open(doc, 1);
    for (const status of ['waiting_client', 'open', 'done', 'open', 'cancelled'] as const) {
      const probe = updateProbe(doc);
      setStatus(doc, { ticketId: tid(1), status }, ASANA);
      expect(probe.written()).toBe(1);
      expect(readTicket(doc, tid(1))?.status).toBe(status);
    }
  });

  it('writes nothing when the status is unchanged', () => {
    const doc = newDoc();
    open(doc, 1);
    const probe = updateProbe(doc);
    setStatus(doc, { ticketId: tid(1), status: 'open' }, ASANA);
    expect(probe.unchanged()).toBe(true);
  });

  it('only reopens a closed ticket', () => {
    const doc = newDoc();
    open(doc, 1);
    setStatus(doc, { ticketId: tid(1), status: 'done' }, ASANA);
    const probe = updateProbe(doc);
    expect(() => setStatus(doc, { ticketId: tid(1), status: 'waiting_client' }, ASANA)).toThrow(InvalidStatusError);
    expect(() => setStatus(doc, { ticketId: tid(1), status: 'cancelled' }, ASANA)).toThrow(InvalidStatusError);
    expect(probe.unchanged()).toBe(true);
  });

  it('refuses unknown tickets and statuses', () => {
    const doc = newDoc();
    open(doc, 1);
    expect(() => setStatus(doc, { ticketId: tid(2), status: 'done' }, ASANA)).toThrow(NotFoundError);
    const untyped = { ticketId: tid(1), status: 'paused' } as unknown as Parameters<typeof setStatus>[1];
    expect(() => setStatus(doc, untyped, ASANA)).toThrow(InvalidInputError);
  });
});
