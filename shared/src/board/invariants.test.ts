import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { checkBoardInvariants, touchedTickets, validateBoard, validateTickets } from './invariants.js';
import { setDueDate } from './setDueDate.js';
import { setStatus } from './setStatus.js';
import { metaMap, ticketsMap } from './layout.js';
import { type Board, readBoard, readTicket } from './readBoard.js';
import { ASANA, newDoc, open, tid } from './testing/fixtures.js';

/** A board with tickets 1–3 in triage and 4 in analysis, and the raw map of ticket 1. */
function setup(): { doc: Y.Doc; entry: Y.Map<unknown> } {
  const doc = newDoc();
  for (let n = 1; n <= 3; n++) open(doc, n);
  open(doc, 4, { stage: 'analysis' });
  const entry = ticketsMap(doc).get(tid(1));
  if (!(entry instanceof Y.Map)) throw new Error('ticket 1 missing');
  return { doc, entry: entry as Y.Map<unknown> };
}

function paths(doc: Y.Doc): string[] {
  return validateBoard(doc).map((v) => v.path);
}

describe('reading a tampered board', () => {
  it.each<[string, (doc: Y.Doc, entry: Y.Map<unknown>) => void, string]>([
    ['an unknown field', (_d, e) => e.set('secret', 1), 'tickets/Ticket0000000001/secret'],
    ['a wrong type', (_d, e) => e.set('archived', 'no'), 'tickets/Ticket0000000001/archived'],
    ['an unknown status', (_d, e) => e.set('status', 'paused'), 'tickets/Ticket0000000001/status'],
    ['a shared type for a plain value', (_d, e) => e.set('channel', new Y.Map()), 'tickets/Ticket0000000001/channel'],
    ['a plain title', (_d, e) => e.set('title', 'plain'), 'tickets/Ticket0000000001/title'],
    ['formatting in a text', (_d, e) => (e.get('summary') as Y.Text).insert(0, 'b', { bold: true }), 'tickets/Ticket0000000001/summary'],
    ['an embed in a text', (_d, e) => (e.get('description') as Y.Text).insertEmbed(0, { img: 1 }), 'tickets/Ticket0000000001/description'],
    ['an id that is not its key', (_d, e) => e.set('id', tid(2)), 'tickets/Ticket0000000001/id'],
    ['a position without rank', (_d, e) => e.set('position', { stage: 'triage' }), 'tickets/Ticket0000000001/position'],
    ['a position with extras', (_d, e) => e.set('position', { stage: 'triage', rank: 'x', more: 1 }), 'tickets/Ticket0000000001/position'],
    ['an unknown stage', (_d, e) => e.set('position', { stage: 'limbo', rank: `a0${tid(1)}V` }), 'tickets/Ticket0000000001/position/stage'],
    ['a rank of another ticket', (_d, e) => e.set('position', { stage: 'triage', rank: `a0${tid(2)}V` }), 'tickets/Ticket0000000001/position/rank'],
    ['a malformed rank', (_d, e) => e.set('position', { stage: 'triage', rank: '!!' }), 'tickets/Ticket0000000001/position/rank'],
    ['an unknown step', (_d, e) => (e.get('steps') as Y.Map<unknown>).set('coffee', false), 'tickets/Ticket0000000001/steps/coffee'],
    ['a step flag that is not boolean', (_d, e) => (e.get('steps') as Y.Map<unknown>).set('copy', 1), 'tickets/Ticket0000000001/steps/copy'],
    ['an invalid assignee', (_d, e) => (e.get('assignees') as Y.Map<unknown>).set('bob', true), 'tickets/Ticket0000000001/assignees/bob'],
    ['an assignee flag that is not true', (_d, e) => (e.get('assignees') as Y.Map<unknown>).set(tid(9), false), `tickets/Ticket0000000001/assignees/${tid(9)}`],
    ['a bad creation time', (_d, e) => e.set('createdAt', 'yesterday'), 'tickets/Ticket0000000001/createdAt'],
    ['a bad number', (_d, e) => e.set('number', -3), 'tickets/Ticket0000000001/number'],
    ['list content in a ticket map', (_d, e) => Y.Array.prototype.insert.call(e as unknown as Y.Array<number>, 0, [1]), 'tickets/Ticket0000000001'],
  ])('skips a ticket with %s and reports it', (_what, tamper, path) => {
    const { doc, entry } = setup();
    tamper(doc, entry);
    const board = readBoard(doc);
    expect(board.malformed).toEqual([tid(1)]);
    expect(board.tickets.map((t) => t.id)).toEqual([tid(2), tid(3), tid(4)]);
    expect(board.byStage.triage.map((t) => t.id)).toEqual([tid(2), tid(3)]);
    expect(readTicket(doc, tid(1))).toBeNull();
    expect(paths(doc)).toContain(path);
  });

  it('reports entries that are not ticket maps, unknown roots and foreign schema versions', () => {
    const { doc } = setup();
    ticketsMap(doc).set(tid(8), 'not a map');
    doc.getArray('sneaky').insert(0, [1]);
    metaMap(doc).set('schemaVersion', 2);
    metaMap(doc).set('owner', 'me');
    expect(paths(doc)).toEqual(
      expect.arrayContaining([`tickets/${tid(8)}`, 'sneaky', 'meta/schemaVersion', 'meta/owner']),
    );
    expect(readBoard(doc).malformed).toEqual([tid(8)]);
  });

  it('reports a root defined as another type without throwing', () => {
    const doc = newDoc();
    doc.getArray('tickets');
    expect(() => readBoard(doc)).not.toThrow();
    expect(paths(doc)).toContain('tickets');
  });

  it('reads an update from a peer that never set up the layout', () => {
    const evil = newDoc(9);
    evil.getMap('tickets').set(tid(1), new Y.Map());
    const doc = newDoc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(evil));
    expect(readBoard(doc).malformed).toEqual([tid(1)]);
    expect(validateBoard(doc).length).toBeGreaterThan(10);
  });

  it('finds nothing wrong with a board made by commands, nor with an empty document', () => {
    expect(validateBoard(setup().doc)).toEqual([]);
    expect(validateBoard(newDoc())).toEqual([]);
    expect(checkBoardInvariants(readBoard(setup().doc))).toEqual([]);
  });

  it('returns copies: mutating what was read does not touch the document', () => {
    const { doc } = setup();
    const board = readBoard(doc);
    const first = board.tickets[0];
    if (first === undefined) throw new Error('empty');
    first.stage = 'delivery';
    first.steps.push({ step: 'copy', done: true });
    expect(readTicket(doc, first.id)?.stage).toBe('triage');
    expect(readTicket(doc, first.id)?.steps).toEqual([]);
  });
});

describe('fields whose new value has not arrived', () => {
  it('holds back a ticket whose overwritten field waits for an earlier update, then shows it', () => {
    const a = newDoc(1);
    open(a, 1);
    const c = newDoc(3);
    Y.applyUpdate(c, Y.encodeStateAsUpdate(a));
    const updates: Uint8Array[] = [];
    a.on('update', (u: Uint8Array) => updates.push(u));
    setDueDate(a, { ticketId: tid(1), dueDate: '2024-07-01' }, ASANA);
    setStatus(a, { ticketId: tid(1), status: 'waiting_client' }, ASANA);
    const [first, second] = updates;
    if (!first || !second) throw new Error('expected two updates');
    // The second arrives first: its new status waits for the first, its deletion applies now.
    Y.applyUpdate(c, second);
    const board = readBoard(c);
    expect(board.pending).toEqual([tid(1)]);
    expect(board.tickets.map((t) => t.id)).toEqual([]);
    expect(board.malformed).toEqual([]);
    expect(validateBoard(c)).toEqual([]);
    expect(validateBoard(c, { strict: true })).toEqual([]);
    Y.applyUpdate(c, first);
    expect(readBoard(c).pending).toEqual([]);
    expect(readTicket(c, tid(1))).toMatchObject({ status: 'waiting_client', dueDate: '2024-07-01' });
  });

  it('is lenient with a deletion that has no replacement in sight, except when strict', () => {
    const { doc, entry } = setup();
    entry.delete('status');
    expect(readBoard(doc).pending).toEqual([tid(1)]);
    expect(validateBoard(doc)).toEqual([]);
    expect(paths(doc)).toEqual([]);
    expect(validateBoard(doc, { strict: true }).map((v) => v.path)).toEqual(['tickets/Ticket0000000001/status']);
  });

  it('reports a deleted ticket: tickets are archived, never deleted', () => {
    const { doc } = setup();
    ticketsMap(doc).delete(tid(2));
    expect(validateBoard(doc)).toEqual([
      { path: `tickets/${tid(2)}`, message: 'ticket deleted; tickets are archived, never deleted' },
    ]);
  });
});

describe('validating only what an update touched', () => {
  it('finds the tickets a transaction changed, however deep the change', () => {
    const { doc, entry } = setup();
    const seen: Set<string>[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => seen.push(touchedTickets(tr)));
    (entry.get('title') as Y.Text).insert(0, 'x');
    setStatus(doc, { ticketId: tid(3), status: 'done' }, ASANA);
    open(doc, 5);
    metaMap(doc).set('schemaVersion', 1);
    expect(seen).toEqual([new Set([tid(1)]), new Set([tid(3)]), new Set([tid(5)]), new Set()]);
  });

  it('reports the same violations for the touched tickets as a full scan', () => {
    const { doc } = setup();
    const evil = newDoc(9);
    Y.applyUpdate(evil, Y.encodeStateAsUpdate(doc));
    const update: Uint8Array[] = [];
    evil.on('update', (u: Uint8Array) => update.push(u));
    const target = ticketsMap(evil).get(tid(2));
    if (!(target instanceof Y.Map)) throw new Error('ticket 2 missing');
    evil.transact(() => {
      target.set('status', 'paused');
      metaMap(evil).set('owner', 'me');
    });
    let touched = new Set<string>();
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      touched = touchedTickets(tr);
    });
    for (const u of update) Y.applyUpdate(doc, u);
    expect(touched).toEqual(new Set([tid(2)]));
    expect(validateTickets(doc, touched)).toEqual(validateBoard(doc));
    expect(validateTickets(doc, touched).map((v) => v.path)).toEqual(['meta/owner', `tickets/${tid(2)}/status`]);
  });
});

describe('checkBoardInvariants on a plain board', () => {
  function tamper(change: (board: Board) => void): string[] {
    const board = readBoard(setup().doc);
    change(board);
    return checkBoardInvariants(board).map((v) => v.message);
  }

  it('catches a column out of rank order', () => {
    expect(tamper((b) => b.byStage.triage.reverse())).toContain('column triage is not strictly ordered by rank');
  });

  it('catches a ticket listed in the wrong column, twice, or while archived', () => {
    expect(tamper((b) => b.byStage.analysis.push(...b.byStage.triage.splice(0, 1)))).toEqual(
      expect.arrayContaining(['listed in column analysis but its stage is triage']),
    );
    expect(tamper((b) => b.byStage.triage.splice(0, 1))).toContain('listed in 0 columns, expected 1');
    expect(
      tamper((b) => {
        const t = b.byStage.triage[0];
        if (t) t.archived = true;
      }),
    ).toContain('archived ticket listed in a column');
  });

  it('catches duplicated tickets, shared ranks and invalid tickets', () => {
    expect(
      tamper((b) => {
        const t = b.tickets[0];
        if (t) b.tickets.push(t);
      }),
    ).toContain('ticket listed twice');
    expect(
      tamper((b) => {
        const [x, y] = b.byStage.triage;
        if (x && y) y.rank = x.rank;
      }),
    ).toEqual(expect.arrayContaining(["rank does not end with the ticket's own suffix"]));
    expect(
      tamper((b) => {
        b.schemaVersion = 3;
        b.malformed.push('junk');
      }),
    ).toEqual(expect.arrayContaining(['unsupported schema version 3', 'malformed ticket entry']));
  });
});
