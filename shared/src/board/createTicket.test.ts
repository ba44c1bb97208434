import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidInputError } from '../errors.js';
import { REMOTE_ORIGIN, serverOrigin } from '../origin.js';
import { createTicket } from './createTicket.js';
import { validateBoard } from './invariants.js';
import { metaMap } from './layout.js';
import { readBoard, readTicket } from './readBoard.js';
import { ANA, ASANA, DORA, PAULO, newDoc, open, tid, updateProbe } from './testing/fixtures.js';

describe('createTicket', () => {
  it('opens a ticket in triage, open, unnumbered, authored by the user, in one update', () => {
    const doc = newDoc();
    const probe = updateProbe(doc);
    const id = createTicket(
      doc,
      {
        title: '  Preciso de um banner no site  ',
        channel: 'whatsapp',
        summary: 'Banner da campanha de desconto',
        description: 'Banner 1200x400 na home',
        kind: 'banner',
        steps: ['review', 'concept', 'concept'],
        dueDate: '2024-06-10',
        assignees: [PAULO, PAULO],
      },
      ASANA,
    );
    expect(probe.written()).toBe(1);
    const ticket = readTicket(doc, id);
    expect(ticket).toMatchObject({
      id,
      number: null,
      createdBy: ANA,
      channel: 'whatsapp',
      clientId: null,
      kind: 'banner',
      stage: 'triage',
      status: 'open',
      dueDate: '2024-06-10',
      archived: false,
      title: 'Preciso de um banner no site',
      summary: 'Banner da campanha de desconto',
      description: 'Banner 1200x400 na home',
      steps: [
        { step: 'concept', done: false },
        { step: 'review', done: false },
      ],
      assignees: [PAULO],
    });
    expect(id).toMatch(/^[0-9A-Za-z]{16}$/);
    expect(Date.parse(ticket?.createdAt ?? '')).not.toBeNaN();
    expect(metaMap(doc).get('schemaVersion')).toBe(1);
    expect(validateBoard(doc)).toEqual([]);
  });

  it('appends to the end of the column, or of the stage given', () => {
    const doc = newDoc();
    open(doc, 1);
    open(doc, 2);
    open(doc, 3, { stage: 'production' });
    open(doc, 4);
    const board = readBoard(doc);
    expect(board.byStage.triage.map((t) => t.id)).toEqual([tid(1), tid(2), tid(4)]);
    expect(board.byStage.production.map((t) => t.id)).toEqual([tid(3)]);
  });

  it('keeps preset ids and creation times for seeding, and refuses an id already taken', () => {
    const doc = newDoc();
    open(doc, 1, { createdAt: '2023-01-01T09:30:00.000Z' });
    expect(readTicket(doc, tid(1))?.createdAt).toBe('2023-01-01T09:30:00.000Z');
    const probe = updateProbe(doc);
    expect(() => open(doc, 1, { title: 'again' })).toThrow(ConflictError);
    expect(probe.unchanged()).toBe(true);
    expect(readTicket(doc, tid(1))?.title).toBe('Ticket 1');
  });

  it('lets only the server open a ticket on behalf of someone', () => {
    const doc = newDoc();
    const id = createTicket(doc, { title: 'Pelo e-mail', channel: 'email', createdBy: DORA }, serverOrigin('email'));
    expect(readTicket(doc, id)?.createdBy).toBe(DORA);
    const byServer = createTicket(doc, { title: 'Sem autor', channel: 'email' }, serverOrigin('email'));
    expect(readTicket(doc, byServer)?.createdBy).toBeNull();
    expect(() => createTicket(doc, { title: 'x', channel: 'email', createdBy: DORA }, ASANA)).toThrow(InvalidInputError);
    expect(readTicket(doc, createTicket(doc, { title: 'y', channel: 'email', createdBy: ANA }, ASANA))?.createdBy).toBe(ANA);
  });

  it.each([
    [{ title: '   ', channel: 'email' }, /title: title is required/],
    [{ title: 'x'.repeat(201), channel: 'email' }, /title/],
    [{ title: 'ok', channel: 'fax' }, /channel/],
    [{ title: 'ok', channel: 'email', kind: 'Landing Page' }, /kind/],
    [{ title: 'ok', channel: 'email', dueDate: '2024-02-30' }, /dueDate/],
    [{ title: 'ok', channel: 'email', steps: ['coffee'] }, /steps/],
    [{ title: 'ok', channel: 'email', assignees: ['nope'] }, /assignees/],
    [{ title: 'ok', channel: 'email', id: 'short' }, /id/],
    [{ title: 'ok', channel: 'email', stage: 'done' }, /stage/],
    [{ title: 'ok', channel: 'email', colour: 'red' }, /colour/],
  ])('refuses bad input %j without writing', (input, message) => {
    const doc = newDoc();
    const probe = updateProbe(doc);
    // Untrusted input arrives untyped; the command validates it at run time.
    const untyped = input as unknown as Parameters<typeof createTicket>[1];
    expect(() => createTicket(doc, untyped, ASANA)).toThrow(InvalidInputError);
    expect(() => createTicket(doc, untyped, ASANA)).toThrow(message);
    expect(probe.unchanged()).toBe(true);
  });

  it('refuses a remote origin: commands are made by a person or the server', () => {
    const doc = newDoc();
    expect(() => createTicket(doc, { title: 'x', channel: 'email' }, REMOTE_ORIGIN)).toThrow(InvalidInputError);
  });
});
