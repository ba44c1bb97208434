/**
 * The update gate: every update the board commands can produce — alone, concurrent, offline,
 * relayed — is accepted and judged exactly as the live document then reads; everything that
 * breaks the layout, the invariants or the server's fields is refused with the live document
 * untouched; and the work is per ticket, not per board.
 */
import {
  archiveTicket,
  assignTicket,
  createTicket,
  editText,
  moveTicket,
  readBoard,
  readTicket,
  restoreTicket,
  setDueDate,
  setStatus,
  setSteps,
  setTicketNumber,
  unassignTicket,
  validateBoard,
} from '@fluxo/shared/board/index';
import { Prng } from '@fluxo/shared/board/testing/prng';
import { isDomainError } from '@fluxo/shared/errors';
import { CHANNELS } from '@fluxo/shared/flow/channels';
import { PRODUCTION_STEPS } from '@fluxo/shared/flow/productionSteps';
import { STAGES } from '@fluxo/shared/flow/stages';
import { STATUSES } from '@fluxo/shared/flow/statuses';
import type { TicketId, UserId } from '@fluxo/shared/ids';
import { REMOTE_ORIGIN, serverOrigin, userOrigin } from '@fluxo/shared/origin';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DeletedRanges } from './deletedRanges.js';
import { type GateOptions, type GateVerdict, MAX_CLOCK, judgeUpdate } from './updateGate.js';
import { encodeUpdate } from './updateRewrite.js';

const ANA = 'AnaAtendimento01' as UserId;
const PAULO = 'PauloProducao001' as UserId;
const SEED = serverOrigin('seed');

function tid(n: number): TicketId {
  return `Ticket${String(n).padStart(10, '0')}` as TicketId;
}

/** A server document with `count` tickets spread over the stages. */
function serverBoard(count: number): Y.Doc {
  const doc = new Y.Doc();
  doc.getMap('meta');
  doc.getMap('tickets');
  for (let i = 0; i < count; i++) {
    createTicket(
      doc,
      { id: tid(i), title: `Ticket ${i}`, channel: 'email', stage: STAGES[i % STAGES.length], createdAt: '2025-01-02T10:00:00.000Z' },
      SEED,
    );
  }
  return doc;
}

/** A browser replica synced with `server`. */
function replicaOf(server: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
  return doc;
}

/** The update `change` makes on `doc`. */
function updateOf(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const record = (update: Uint8Array) => updates.push(update);
  doc.on('update', record);
  change(doc);
  doc.off('update', record);
  return Y.mergeUpdates(updates);
}

function snapshot(doc: Y.Doc): Uint8Array {
  return Y.encodeStateAsUpdate(doc);
}

function expectRefused(verdict: GateVerdict, reason: string): void {
  expect(verdict.accepted ? 'accepted' : verdict.reason).toBe(reason);
}

/**
 * The verdict of the scratch copy for what `verdict` accepted: itself, or — when the typing path
 * accepted it without a copy — the copy's own verdict, which must accept it too, on the same
 * tickets. Call before applying.
 */
function judgedOnCopy(server: Y.Doc, update: Uint8Array, verdict: GateVerdict, author: UserId, options: GateOptions = {}): GateVerdict {
  if (!verdict.accepted) throw new Error(`refused (${verdict.reason}): ${verdict.detail}`);
  if (verdict.judged === 'copy') return verdict;
  const reference = judgeUpdate(server, update, author, { ...options, typingPath: false });
  if (!reference.accepted) throw new Error(`typed, but the copy refuses it (${reference.reason}): ${reference.detail}`);
  expect([...verdict.tickets.keys()].sort()).toEqual([...reference.tickets.keys()].sort());
  expect(reference.update).toEqual(verdict.update);
  return reference;
}

/** Applies an accepted update to `server` and checks the verdict read what the server now holds. */
function applyAccepted(server: Y.Doc, update: Uint8Array, verdict: GateVerdict, author: UserId = ANA): void {
  const judged = judgedOnCopy(server, update, verdict, author);
  Y.applyUpdate(server, update, REMOTE_ORIGIN);
  if (!judged.accepted) return;
  for (const [key, { after }] of judged.tickets) expect(readTicket(server, key)).toEqual(after);
}

describe('judgeUpdate', () => {
  it('accepts each board command and reads the tickets it touched before and after', () => {
    const server = serverBoard(12);
    const browser = replicaOf(server);
    const as = userOrigin(ANA);
    const commands: [string, (doc: Y.Doc) => void][] = [
      ['create', (d) => createTicket(d, { id: tid(100), title: 'Banner da campanha', channel: 'whatsapp' }, as)],
      ['move', (d) => moveTicket(d, { ticketId: tid(100), toStage: 'analysis' }, as)],
      ['status', (d) => setStatus(d, { ticketId: tid(100), status: 'waiting_client' }, as)],
      ['text', (d) => editText(d, { ticketId: tid(100), field: 'description', index: 0, deleteCount: 0, insert: 'Formato 1920×600' }, as)],
      ['assign', (d) => assignTicket(d, { ticketId: tid(3), userId: PAULO }, as)],
      ['unassign', (d) => unassignTicket(d, { ticketId: tid(3), userId: PAULO }, as)],
      ['due date', (d) => setDueDate(d, { ticketId: tid(4), dueDate: '2025-03-01' }, as)],
      ['steps', (d) => setSteps(d, { ticketId: tid(5), steps: ['concept', 'design'] }, as)],
      ['archive', (d) => archiveTicket(d, { ticketId: tid(6) }, as)],
      ['restore', (d) => restoreTicket(d, { ticketId: tid(6) }, as)],
    ];
    for (const [name, command] of commands) {
      const before = readBoard(server);
      const update = updateOf(browser, command);
      const verdict = judgeUpdate(server, update, ANA);
      expect(verdict.accepted, name).toBe(true);
      if (!verdict.accepted) continue;
      expect(verdict.tickets.size, name).toBe(1);
      for (const [key, change] of verdict.tickets) {
        expect(change.before, name).toEqual(before.tickets.find((t) => t.id === key) ?? null);
      }
      applyAccepted(server, update, verdict);
    }
    expect(readTicket(server, tid(100))).toMatchObject({ stage: 'analysis', status: 'waiting_client', description: 'Formato 1920×600' });
    expect(validateBoard(server, { strict: true })).toEqual([]);
  });

  it('copies only the touched ticket, however large the board', () => {
    const server = serverBoard(300);
    const browser = replicaOf(server);
    const update = updateOf(browser, (d) => moveTicket(d, { ticketId: tid(7), toStage: 'production' }, userOrigin(ANA)));
    const verdict = judgeUpdate(server, update, ANA);
    expect(verdict.accepted && verdict.copiedTickets).toBe(1);
    applyAccepted(server, update, verdict);
    const creation = updateOf(browser, (d) => createTicket(d, { title: 'Novo', channel: 'email' }, userOrigin(ANA)));
    const created = judgeUpdate(server, creation, ANA);
    expect(created.accepted && created.copiedTickets).toBe(0);
  });

  it('accepts an offline session sent as one sync step 2, and duplicates of what it has', () => {
    const server = serverBoard(8);
    const browser = replicaOf(server);
    const as = userOrigin(PAULO);
    createTicket(browser, { id: tid(50), title: 'Landing page', channel: 'meeting', steps: ['concept', 'build'] }, as);
    moveTicket(browser, { ticketId: tid(50), toStage: 'analysis' }, as);
    moveTicket(browser, { ticketId: tid(1), toStage: 'triage' }, as);
    editText(browser, { ticketId: tid(2), field: 'title', index: 0, deleteCount: 6, insert: 'Arte' }, as);
    const step2 = Y.encodeStateAsUpdate(browser, Y.encodeStateVector(server));
    const verdict = judgeUpdate(server, step2, PAULO);
    applyAccepted(server, step2, verdict);
    expect(verdict.accepted && [...verdict.tickets.keys()].sort()).toEqual([tid(1), tid(2), tid(50)].sort());
    // Everything again: nothing new, still fine.
    const again = judgeUpdate(server, Y.encodeStateAsUpdate(browser), PAULO);
    expect(again.accepted).toBe(true);
    expect(again.accepted && again.tickets.size).toBe(0);
  });

  it('accepts an update sent again (a reconnect re-sends what was in flight), as nothing new', () => {
    const server = serverBoard(4);
    const paulo = replicaOf(server);
    const first = updateOf(paulo, (d) => editText(d, { ticketId: tid(1), field: 'title', index: 0, deleteCount: 0, insert: 'Arte ' }, userOrigin(PAULO)));
    applyAccepted(server, first, judgeUpdate(server, first, PAULO));
    // Ana types right after Paulo's text: her item refers to his.
    const ana = replicaOf(server);
    const update = updateOf(ana, (d) => editText(d, { ticketId: tid(1), field: 'title', index: 5, deleteCount: 0, insert: 'final ' }, userOrigin(ANA)));
    applyAccepted(server, update, judgeUpdate(server, update, ANA));
    const before = snapshot(server);
    const again = judgeUpdate(server, update, ANA);
    expect(again.accepted ? again.tickets.size : again.reason).toBe(0);
    expect(snapshot(server)).toEqual(before);
  });

  it('accepts typing — inserts and erasures in a ticket\'s texts — without copying the ticket, however long its text', () => {
    const server = serverBoard(5);
    const browser = replicaOf(server);
    const as = userOrigin(ANA);
    // A much-edited description: every keystroke at its start is an item of its own.
    for (let i = 0; i < 300; i++) {
      const update = updateOf(browser, (d) => editText(d, { ticketId: tid(2), field: 'description', index: 0, insert: 'x' }, as));
      const verdict = judgeUpdate(server, update, ANA);
      expect(verdict.accepted && verdict.judged).toBe('typing');
      applyAccepted(server, update, verdict);
    }
    const edits: [string, (d: Y.Doc) => void][] = [
      ['insert in the middle', (d) => editText(d, { ticketId: tid(2), field: 'description', index: 150, insert: 'meio' }, as)],
      ['backspace', (d) => editText(d, { ticketId: tid(2), field: 'description', index: 10, deleteCount: 1, insert: '' }, as)],
      ['replace a selection', (d) => editText(d, { ticketId: tid(2), field: 'description', index: 0, deleteCount: 40, insert: 'Novo texto' }, as)],
      ['type into an empty summary', (d) => editText(d, { ticketId: tid(3), field: 'summary', index: 0, insert: 'Resumo para o cliente' }, as)],
      ['rename', (d) => editText(d, { ticketId: tid(3), field: 'title', index: 0, deleteCount: 6, insert: 'Banner' }, as)],
      ['two tickets at once', (d) => d.transact(() => {
        editText(d, { ticketId: tid(1), field: 'title', index: 0, insert: 'A ' }, as);
        editText(d, { ticketId: tid(4), field: 'description', index: 0, insert: 'B' }, as);
      })],
    ];
    for (const [name, edit] of edits) {
      const update = updateOf(browser, edit);
      const verdict = judgeUpdate(server, update, ANA);
      expect(verdict.accepted && verdict.judged, name).toBe('typing');
      expect(verdict.accepted && verdict.copiedTickets, name).toBe(0);
      applyAccepted(server, update, verdict);
    }
    expect(readTicket(server, tid(3))).toMatchObject({ title: 'Banner 3', summary: 'Resumo para o cliente' });
    expect(readBoard(server)).toEqual(readBoard(browser));
    expect(validateBoard(server, { strict: true })).toEqual([]);
  });

  it('sends what is not only plain typing into a live ticket text to the copy: formatting, embeds, mixed changes, a replaced text', () => {
    const server = serverBoard(4);
    const as = userOrigin(ANA);
    const textOf = (d: Y.Doc, n: number, field: string) => (d.getMap('tickets').get(tid(n)) as Y.Map<unknown>).get(field) as Y.Text;
    const refused: [string, (d: Y.Doc) => void][] = [
      ['bold', (d) => textOf(d, 1, 'title').format(0, 3, { bold: true })],
      ['insert with attributes', (d) => textOf(d, 1, 'description').insert(0, 'x', { bold: true })],
      ['embed', (d) => textOf(d, 1, 'description').insertEmbed(0, { image: 'https://evil.example/x.png' })],
      ['a map inside a text', (d) => textOf(d, 1, 'description').insertEmbed(0, new Y.Map())],
    ];
    for (const [name, change] of refused) {
      const before = snapshot(server);
      const verdict = judgeUpdate(server, updateOf(replicaOf(server), change), ANA);
      expect(verdict.accepted ? verdict.judged : verdict.reason, name).toBe('invalid_board');
      expect(snapshot(server), name).toEqual(before);
    }

    const mixed = updateOf(replicaOf(server), (d) => d.transact(() => {
      editText(d, { ticketId: tid(1), field: 'title', index: 0, insert: 'Urgente: ' }, as);
      setStatus(d, { ticketId: tid(1), status: 'waiting_client' }, as);
    }));
    const mixedVerdict = judgeUpdate(server, mixed, ANA);
    expect(mixedVerdict.accepted && mixedVerdict.judged).toBe('copy');
    applyAccepted(server, mixed, mixedVerdict);

    // Paulo's tab still holds the title that Dora's replaced whole: his typing lands in a text no
    // ticket holds any more (Yjs files it as deleted) — not typing into a live ticket.
    const paulo = replicaOf(server);
    const replaced = updateOf(replicaOf(server), (d) => (d.getMap('tickets').get(tid(2)) as Y.Map<unknown>).set('title', new Y.Text('Novo título')));
    applyAccepted(server, replaced, judgeUpdate(server, replaced, ANA));
    const stale = updateOf(paulo, (d) => editText(d, { ticketId: tid(2), field: 'title', index: 0, insert: 'x' }, userOrigin(PAULO)));
    const staleVerdict = judgeUpdate(server, stale, PAULO);
    expect(staleVerdict.accepted && staleVerdict.judged).toBe('copy');
    applyAccepted(server, stale, staleVerdict, PAULO);
    expect(readTicket(server, tid(2))?.title).toBe('Novo título');
  });

  it('refuses a ticket with a stage that does not exist, leaving the document as it was', () => {
    const server = serverBoard(5);
    const browser = replicaOf(server);
    const before = snapshot(server);
    const update = updateOf(browser, (d) => {
      const entry = d.getMap('tickets').get(tid(2)) as Y.Map<unknown>;
      const position = entry.get('position') as { rank: string };
      entry.set('position', { stage: 'limbo', rank: position.rank });
    });
    const verdict = judgeUpdate(server, update, ANA);
    expectRefused(verdict, 'invalid_board');
    expect(!verdict.accepted && verdict.detail).toContain('position');
    expect(snapshot(server)).toEqual(before);
  });

  it('refuses a rank taken from another ticket', () => {
    const server = serverBoard(5);
    const browser = replicaOf(server);
    const tickets = browser.getMap('tickets');
    const other = readTicket(browser, tid(0));
    const update = updateOf(browser, () => {
      (tickets.get(tid(1)) as Y.Map<unknown>).set('position', { stage: other?.stage, rank: other?.rank });
    });
    expectRefused(judgeUpdate(server, update, ANA), 'invalid_board');
  });

  it('refuses deleting a ticket, unknown fields, formatted text and new roots', () => {
    const server = serverBoard(4);
    const cases: [string, (d: Y.Doc) => void][] = [
      ['delete', (d) => d.getMap('tickets').delete(tid(1))],
      ['unknown field', (d) => (d.getMap('tickets').get(tid(1)) as Y.Map<unknown>).set('secret', 'x')],
      ['bold title', (d) => ((d.getMap('tickets').get(tid(1)) as Y.Map<unknown>).get('title') as Y.Text).format(0, 2, { bold: true })],
      ['new root', (d) => d.getArray('evil').push([1])],
      ['list in tickets', (d) => d.getMap('tickets').set(tid(9), 'not a map')],
      ['schema version', (d) => d.getMap('meta').set('schemaVersion', 7)],
    ];
    for (const [name, change] of cases) {
      const before = snapshot(server);
      const verdict = judgeUpdate(server, updateOf(replicaOf(server), change), ANA);
      expect(verdict.accepted ? 'accepted' : verdict.reason, name).toBe('invalid_board');
      expect(snapshot(server), name).toEqual(before);
    }
  });

  it('refuses a person writing a ticket number, or who opened a ticket and when', () => {
    const server = serverBoard(3);
    const browser = replicaOf(server);
    const entry = () => browser.getMap('tickets').get(tid(1)) as Y.Map<unknown>;
    expectRefused(judgeUpdate(server, updateOf(browser, () => entry().set('number', 42)), ANA), 'invalid_board');
    const browser2 = replicaOf(server);
    const stamp = updateOf(browser2, () => (browser2.getMap('tickets').get(tid(1)) as Y.Map<unknown>).set('createdAt', '2020-01-01T00:00:00.000Z'));
    expectRefused(judgeUpdate(server, stamp, ANA), 'invalid_board');
    const browser3 = replicaOf(server);
    const numbered = updateOf(browser3, (d) => {
      const id = createTicket(d, { title: 'Número forjado', channel: 'email' }, userOrigin(ANA));
      (d.getMap('tickets').get(id) as Y.Map<unknown>).set('number', 7);
    });
    expectRefused(judgeUpdate(server, numbered, ANA), 'invalid_board');
    // The server itself may.
    setTicketNumber(server, { ticketId: tid(1), number: 1 }, serverOrigin('witness'));
    expect(readTicket(server, tid(1))?.number).toBe(1);
  });

  it('refuses bytes that are not an update, and an update whose dependencies never arrived', () => {
    const server = serverBoard(3);
    const before = snapshot(server);
    expectRefused(judgeUpdate(server, new Uint8Array([1, 2, 3, 250, 255, 255, 255, 255, 255]), ANA), 'malformed');
    const prng = new Prng(7);
    for (let i = 0; i < 50; i++) {
      const garbage = Uint8Array.from({ length: prng.int(1, 64) }, () => prng.int(0, 255));
      const verdict = judgeUpdate(server, garbage, ANA);
      expect(verdict.accepted && verdict.tickets.size > 0).toBe(false);
    }
    const browser = replicaOf(server);
    updateOf(browser, (d) => createTicket(d, { id: tid(20), title: 'Primeiro', channel: 'email' }, userOrigin(ANA)));
    const second = updateOf(browser, (d) => moveTicket(d, { ticketId: tid(20), toStage: 'analysis' }, userOrigin(ANA)));
    expectRefused(judgeUpdate(server, second, ANA), 'incomplete');
    const deletion = updateOf(browser, (d) =>
      editText(d, { ticketId: tid(20), field: 'title', index: 0, deleteCount: 3, insert: '' }, userOrigin(ANA)),
    );
    expectRefused(judgeUpdate(server, deletion, ANA), 'incomplete');
    expect(snapshot(server)).toEqual(before);
  });

  it('refuses structs of length zero, which Yjs files where the gate cannot see them', () => {
    // Found by mutating valid updates: an assignment whose content lost its one value. Yjs
    // integrates a zero-length item at a clock it does not advance; the gate took it for
    // nothing new, and the live board got an assignee set to `undefined`.
    const server = serverBoard(4);
    const browser = replicaOf(server);
    const assign = updateOf(browser, (d) => assignTicket(d, { ticketId: tid(3), userId: ANA }, userOrigin(ANA)));
    const [item] = Y.decodeUpdate(assign).structs;
    if (!(item instanceof Y.Item)) throw new Error('expected one item');
    const hollow = new Y.Item(item.id, null, item.origin, null, item.rightOrigin, item.parent, item.parentSub, new Y.ContentAny([]));
    const forged = encodeUpdate([hollow], new Map());
    const victim = replicaOf(server);
    Y.applyUpdate(victim, forged);
    expect(validateBoard(victim, { strict: true })).not.toEqual([]); // what the server would have held
    const before = snapshot(server);
    expectRefused(judgeUpdate(server, forged, ANA), 'malformed');
    expect(snapshot(server)).toEqual(before);
  });

  it('refuses clocks past MAX_CLOCK and a client listed twice', () => {
    const server = serverBoard(2);
    const gc = (client: number, clock: number, length: number): Y.GC => new Y.GC(Y.createID(client, clock), length);
    expectRefused(judgeUpdate(server, encodeUpdate([gc(4242, 0, MAX_CLOCK + 1)], new Map()), ANA), 'malformed');
    expect(judgeUpdate(server, encodeUpdate([gc(4242, 0, 3)], new Map()), ANA).accepted).toBe(true);
    // A client listed twice (around another): Yjs reads only the last group, `decodeUpdate` both.
    const encoder = new Y.UpdateEncoderV1();
    encoding.writeVarUint(encoder.restEncoder, 3);
    for (const [client, clock] of [
      [4242, 0],
      [4343, 0],
      [4242, 5],
    ] as const) {
      encoding.writeVarUint(encoder.restEncoder, 1);
      encoder.writeClient(client);
      encoding.writeVarUint(encoder.restEncoder, clock);
      gc(client, clock, 5).write(encoder, 0);
    }
    encoding.writeVarUint(encoder.restEncoder, 0);
    expectRefused(judgeUpdate(server, encoder.toUint8Array(), ANA), 'malformed');
  });

  it('asks who may write under the client ids an update adds structs under, before copying anything', () => {
    const server = serverBoard(3);
    const browser = replicaOf(server);
    const update = updateOf(browser, (d) => moveTicket(d, { ticketId: tid(0), toStage: 'analysis' }, userOrigin(ANA)));
    const asked: number[][] = [];
    const verdict = judgeUpdate(server, update, ANA, {
      checkReplicas: (clients) => {
        asked.push([...clients]);
        return 'belongs to another person';
      },
    });
    expectRefused(verdict, 'foreign_replica');
    expect(asked).toEqual([[browser.clientID]]);
    // A replay of what the server has adds nothing: nobody to ask about.
    applyAccepted(server, update, judgeUpdate(server, update, ANA));
    const replay = judgeUpdate(server, Y.encodeStateAsUpdate(browser), ANA, { checkReplicas: (clients) => (clients.size > 0 ? 'no' : null) });
    expect(replay.accepted).toBe(true);
  });

  it('skips the deletions the live board already has: a reconnect costs what it brings, not the history', () => {
    // A board with a long editing history: two people typing and erasing in the same texts, so
    // the deleted ranges are many and fragmented.
    const server = serverBoard(6);
    const prng = new Prng(3);
    const editors = [replicaOf(server), replicaOf(server)];
    for (let round = 0; round < 400; round++) {
      const doc = prng.pick(editors);
      const ticketId = tid(prng.int(0, 5));
      const length = readTicket(doc, ticketId)?.description.length ?? 0;
      const index = prng.int(0, length);
      const deleteCount = Math.min(length - index, prng.int(0, 3));
      editText(doc, { ticketId, field: 'description', index, deleteCount, insert: prng.string(prng.int(0, 3)) }, userOrigin(ANA));
      if (round % 10 === 9) {
        for (const editor of editors) Y.applyUpdate(server, Y.encodeStateAsUpdate(editor, Y.encodeStateVector(server)));
        for (const editor of editors) Y.applyUpdate(editor, Y.encodeStateAsUpdate(server, Y.encodeStateVector(editor)));
      }
    }
    const deleted = new DeletedRanges(server);
    const tab = replicaOf(server);
    // Reconnecting with nothing new: the step 2 carries the whole delete set.
    const step2 = Y.encodeStateAsUpdate(tab, Y.encodeStateVector(server));
    expect(Y.decodeUpdate(step2).ds.clients.size).toBeGreaterThan(0);
    const slow = judgeUpdate(server, step2, ANA);
    expect(slow.accepted && slow.walked).toBeGreaterThan(100); // what every reconnect used to cost
    const fast = judgeUpdate(server, step2, ANA, { deleted });
    expect(fast.accepted && fast.walked).toBe(0);
    expect(fast.accepted && Y.decodeUpdate(fast.update).ds.clients.size).toBe(0);

    // One new deletion among the old ones: only it is walked, only it is applied.
    editText(tab, { ticketId: tid(2), field: 'description', index: 0, deleteCount: 1, insert: '' }, userOrigin(PAULO));
    const withNew = Y.encodeStateAsUpdate(tab, Y.encodeStateVector(server));
    const verdict = judgeUpdate(server, withNew, PAULO, { deleted });
    expect(verdict.accepted && verdict.walked).toBeLessThanOrEqual(2);
    expect(verdict.accepted && [...verdict.tickets.keys()]).toEqual([tid(2)]);
    if (!verdict.accepted) return;
    const newRanges = [...Y.decodeUpdate(verdict.update).ds.clients.values()].flat();
    expect(newRanges.reduce((sum, range) => sum + range.len, 0)).toBe(1);
    const twin = replicaOf(server);
    Y.applyUpdate(twin, withNew);
    applyAccepted(server, verdict.update, verdict);
    expect(readBoard(server)).toEqual(readBoard(twin));
    expect(Y.encodeStateVector(server)).toEqual(Y.encodeStateVector(twin));
    expect(Y.equalDeleteSets(Y.createDeleteSetFromStructStore(server.store), Y.createDeleteSetFromStructStore(twin.store))).toBe(true);
  });

  it('fuzz: browsers running random commands concurrently are always accepted, and judged right', () => {
    for (let seed = 1; seed <= 12; seed++) runFuzz(seed);
  });
});

/**
 * A server and three browsers. Each browser's messages reach the server in order (one socket),
 * but browsers interleave at random and hear the server's relays late, so they edit concurrently
 * on stale views; the server numbers new tickets now and then, as the witness does.
 */
function runFuzz(seed: number): void {
  const prng = new Prng(seed);
  const server = serverBoard(6);
  // The server applies what the gate hands back (deletions it has already dropped); the twin
  // applies every update as sent. They must never differ.
  const twin = replicaOf(server);
  const deleted = new DeletedRanges(server);
  server.on('update', (update: Uint8Array, origin: unknown) => {
    if ((origin as { source?: unknown } | null)?.source === 'server') Y.applyUpdate(twin, update); // the witness numbering
  });
  const users = [ANA, PAULO, 'DoraDiretora0001' as UserId];
  const browsers = users.map(() => replicaOf(server));
  const outbox: Uint8Array[][] = browsers.map(() => []);
  const inbox: Uint8Array[][] = browsers.map(() => []);
  const RELAY = { source: 'remote' } as const;
  browsers.forEach((doc, i) =>
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== RELAY) outbox[i]?.push(update);
    }),
  );
  server.on('update', (update: Uint8Array, origin: unknown) => {
    browsers.forEach((_, i) => {
      if (origin !== i) inbox[i]?.push(update);
    });
  });

  const act = (i: number): void => {
    const doc = browsers[i] as Y.Doc;
    const as = userOrigin(users[i] as UserId);
    const board = readBoard(doc);
    const ticket = prng.maybePick(board.tickets);
    try {
      if (ticket === undefined || prng.bool(0.15)) {
        createTicket(doc, { title: `T ${prng.string(5)}`, channel: prng.pick(CHANNELS), steps: PRODUCTION_STEPS.filter(() => prng.bool(0.3)) }, as);
        return;
      }
      const ticketId = ticket.id;
      const roll = prng.int(0, 9);
      if (roll < 3) {
        const column = board.byStage[prng.pick(STAGES)].filter((t) => t.id !== ticketId);
        const to = prng.pick(STAGES);
        moveTicket(doc, { ticketId, toStage: to, after: prng.maybePick(column.filter((t) => t.stage === to))?.id }, as);
      } else if (roll < 4) setStatus(doc, { ticketId, status: prng.pick(STATUSES) }, as);
      else if (roll < 6) {
        const field = prng.pick(['title', 'summary', 'description'] as const);
        const length = ticket[field].length;
        const index = prng.int(0, length);
        editText(doc, { ticketId, field, index, deleteCount: prng.int(0, Math.min(3, length - index)), insert: prng.string(prng.int(0, 4)) }, as);
      } else if (roll < 7) (prng.bool() ? assignTicket : unassignTicket)(doc, { ticketId, userId: prng.pick(users) }, as);
      else if (roll < 8) setSteps(doc, { ticketId, steps: PRODUCTION_STEPS.filter(() => prng.bool(0.5)) }, as);
      else if (roll < 9) setDueDate(doc, { ticketId, dueDate: prng.bool(0.3) ? null : `2025-0${prng.int(1, 9)}-1${prng.int(0, 9)}` }, as);
      else (ticket.archived ? restoreTicket : archiveTicket)(doc, { ticketId }, as);
    } catch (error) {
      if (!isDomainError(error)) throw error; // the flow rules refused the command: fine
    }
  };

  let accepted = 0;
  let concurrent = 0;
  let typed = 0;
  const deliverUp = (i: number, reconnect = false): void => {
    // A reconnect sends everything the server may lack, whole delete set included.
    const update = reconnect ? Y.encodeStateAsUpdate(browsers[i] as Y.Doc, Y.encodeStateVector(server)) : outbox[i]?.shift();
    if (update === undefined) return;
    if (inbox[i]?.length) concurrent++; // made without having heard everything the server has
    const verdict = judgeUpdate(server, update, users[i] as UserId, { deleted });
    if (!verdict.accepted) throw new Error(`seed ${seed}: refused ${verdict.reason}: ${verdict.detail}`);
    if (verdict.copiedTickets > verdict.tickets.size) throw new Error(`seed ${seed}: copied more than it touched`);
    if (verdict.judged === 'typing') typed++;
    const judged = judgedOnCopy(server, update, verdict, users[i] as UserId, { deleted });
    if (!judged.accepted) return;
    Y.applyUpdate(server, verdict.update, i);
    Y.applyUpdate(twin, update);
    accepted++;
    for (const [key, { after }] of judged.tickets) {
      expect(readTicket(server, key), `seed ${seed}`).toEqual(after);
    }
  };

  for (let step = 0; step < 220; step++) {
    const i = prng.int(0, browsers.length - 1);
    const roll = prng.next();
    if (roll < 0.45) act(i);
    else if (roll < 0.77) deliverUp(i);
    else if (roll < 0.8) deliverUp(i, true);
    else if (roll < 0.95) {
      for (let n = prng.int(1, 4); n > 0; n--) {
        const update = inbox[i]?.shift();
        if (update !== undefined) Y.applyUpdate(browsers[i] as Y.Doc, update, RELAY);
      }
    } else {
      const board = readBoard(server);
      let next = Math.max(0, ...board.tickets.map((t) => t.number ?? 0)) + 1;
      for (const t of board.tickets) if (t.number === null) setTicketNumber(server, { ticketId: t.id, number: next++ }, serverOrigin('witness'));
    }
    if (step % 40 === 0) expect(validateBoard(server, { strict: true }), `seed ${seed}`).toEqual([]);
  }
  for (let i = 0; i < browsers.length; i++) while ((outbox[i]?.length ?? 0) > 0) deliverUp(i);
  expect(validateBoard(server, { strict: true }), `seed ${seed}`).toEqual([]);
  expect(readBoard(server), `seed ${seed}: as applied vs as sent`).toEqual(readBoard(twin));
  expect(Y.encodeStateVector(server), `seed ${seed}`).toEqual(Y.encodeStateVector(twin));
  expect(
    Y.equalDeleteSets(Y.createDeleteSetFromStructStore(server.store), Y.createDeleteSetFromStructStore(twin.store)),
    `seed ${seed}: delete sets`,
  ).toBe(true);
  expect(accepted, `seed ${seed}: updates judged`).toBeGreaterThan(40);
  expect(concurrent, `seed ${seed}: concurrent updates`).toBeGreaterThan(10);
  expect(typed, `seed ${seed}: updates the typing path accepted`).toBeGreaterThan(5);
}
