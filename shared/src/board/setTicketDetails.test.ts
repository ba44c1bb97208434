import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, NotFoundError } from '../errors.js';
import type { ClientId } from '../ids.js';
import { REMOTE_ORIGIN } from '../origin.js';
import { validateBoard } from './invariants.js';
import { readTicket } from './readBoard.js';
import { type SetTicketDetailsInput, setTicketDetails } from './setTicketDetails.js';
import { ASANA, ASPAULO, newDoc, open, tid, updateProbe } from './testing/fixtures.js';

const ACME = 'AcmeClient000001' as ClientId;
const BETA = 'BetaClient000001' as ClientId;

describe('setTicketDetails', () => {
  it('changes channel, client and kind, each only when given', () => {
    const doc = newDoc();
    open(doc, 1, { channel: 'email' });
    setTicketDetails(doc, { ticketId: tid(1), channel: 'whatsapp' }, ASANA);
    expect(readTicket(doc, tid(1))).toMatchObject({ channel: 'whatsapp', clientId: null, kind: null });
    setTicketDetails(doc, { ticketId: tid(1), clientId: ACME, kind: 'landing-page' }, ASANA);
    expect(readTicket(doc, tid(1))).toMatchObject({ channel: 'whatsapp', clientId: ACME, kind: 'landing-page' });
    setTicketDetails(doc, { ticketId: tid(1), kind: null }, ASANA);
    expect(readTicket(doc, tid(1))).toMatchObject({ channel: 'whatsapp', clientId: ACME, kind: null });
    setTicketDetails(doc, { ticketId: tid(1), clientId: null }, ASANA);
    expect(readTicket(doc, tid(1))?.clientId).toBeNull();
    expect(validateBoard(doc)).toEqual([]);
  });

  it('sets the priority: a ticket never given one is normal, and setting normal on it writes nothing', () => {
    const doc = newDoc();
    open(doc, 1);
    const entry = (): Y.Map<unknown> => doc.getMap('tickets').get(tid(1)) as Y.Map<unknown>;
    expect(readTicket(doc, tid(1))?.priority).toBe('normal');
    expect(entry().has('priority')).toBe(false);
    const probe = updateProbe(doc);
    setTicketDetails(doc, { ticketId: tid(1), priority: 'normal' }, ASANA);
    expect(probe.unchanged()).toBe(true);
    setTicketDetails(doc, { ticketId: tid(1), priority: 'urgent' }, ASANA);
    expect(readTicket(doc, tid(1))?.priority).toBe('urgent');
    setTicketDetails(doc, { ticketId: tid(1), priority: 'normal' }, ASANA);
    expect(readTicket(doc, tid(1))?.priority).toBe('normal');
    expect(entry().get('priority')).toBe('normal'); // written back, never deleted
    expect(validateBoard(doc)).toEqual([]);
  });

  it('is one update, and none when nothing changes', () => {
    const doc = newDoc();
    open(doc, 1, { channel: 'phone', clientId: ACME, kind: 'banner' });
    let probe = updateProbe(doc);
    setTicketDetails(doc, { ticketId: tid(1), channel: 'phone', clientId: ACME, kind: 'banner' }, ASANA);
    expect(probe.unchanged()).toBe(true);
    probe = updateProbe(doc);
    setTicketDetails(doc, { ticketId: tid(1), channel: 'meeting', clientId: BETA, kind: 'logo_file' }, ASANA);
    expect(probe.written()).toBe(1);
  });

  it('refuses bad input and writes nothing', () => {
    const doc = newDoc();
    open(doc, 1);
    const probe = updateProbe(doc);
    const bad: unknown[] = [
      { ticketId: tid(1) },
      { ticketId: tid(1), channel: 'fax' },
      { ticketId: tid(1), channel: null },
      { ticketId: tid(1), clientId: 'acme' },
      { ticketId: tid(1), kind: 'Landing Page' },
      { ticketId: tid(1), priority: 'critical' },
      { ticketId: tid(1), priority: null },
      { ticketId: tid(1), kind: 'banner', title: 'sneaked in' },
    ];
    for (const input of bad) {
      expect(() => setTicketDetails(doc, input as SetTicketDetailsInput, ASANA), JSON.stringify(input)).toThrow(
        InvalidInputError,
      );
    }
    expect(() => setTicketDetails(doc, { ticketId: tid(1), kind: 'banner' }, REMOTE_ORIGIN)).toThrow(InvalidInputError);
    expect(probe.unchanged()).toBe(true);
    expect(() => setTicketDetails(doc, { ticketId: tid(2), kind: 'banner' }, ASANA)).toThrow(NotFoundError);
  });

  it('merges concurrent changes of different fields; the same field resolves to one value', () => {
    const a = newDoc(1);
    const b = newDoc(2);
    open(a, 1);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    setTicketDetails(a, { ticketId: tid(1), channel: 'phone', kind: 'banner' }, ASANA);
    setTicketDetails(b, { ticketId: tid(1), clientId: ACME, kind: 'landing-page' }, ASPAULO);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const merged = readTicket(a, tid(1));
    expect(merged).toEqual(readTicket(b, tid(1)));
    expect(merged).toMatchObject({ channel: 'phone', clientId: ACME });
    expect(['banner', 'landing-page']).toContain(merged?.kind);
    expect(validateBoard(a)).toEqual([]);
  });
});
