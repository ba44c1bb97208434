/**
 * The reader's fast path (`fastTicketEntry`) against the reference reading (`checkedTicketEntry`,
 * zod). The fast path may hand more entries to the reference than it needs to, but whenever it
 * answers, the reference must accept the entry and produce the very same object (values and key
 * order); and `readTicketEntry` must always answer exactly what the reference answers.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../flow/channels.js';
import { PRIORITIES } from '../flow/priorities.js';
import { PRODUCTION_STEPS } from '../flow/productionSteps.js';
import { STAGES } from '../flow/stages.js';
import { STATUSES } from '../flow/statuses.js';
import { archiveTicket } from './archiveTicket.js';
import { assignTicket, unassignTicket } from './assignTicket.js';
import { editText } from './editText.js';
import { rankSuffix } from './fractionalIndex.js';
import { ticketsMap } from './layout.js';
import { moveTicket } from './moveTicket.js';
import { checkedTicketEntry, fastTicketEntry, readBoard, readTicketEntry } from './readBoard.js';
import { setDueDate } from './setDueDate.js';
import { setStatus } from './setStatus.js';
import { setSteps, toggleStep } from './setSteps.js';
import { setTicketDetails } from './setTicketDetails.js';
import { setTicketNumber } from './setTicketNumber.js';
import { ANA, ASANA, ASPAULO, DORA, PAULO, WITNESS, newDoc, open, tid } from './testing/fixtures.js';
import { Prng } from './testing/prng.js';

/** Compares the three readings of one entry; returns whether the fast path answered. */
function agree(key: string, value: unknown): boolean {
  const fast = fastTicketEntry(key, value);
  const checked = checkedTicketEntry(key, value);
  if (fast !== null) {
    expect(checked.ok, `fast path accepted what the schema refuses: ${JSON.stringify(checked)}`).toBe(true);
    if (checked.ok) expect(JSON.stringify(fast)).toBe(JSON.stringify(checked.ticket));
  }
  expect(readTicketEntry(key, value)).toEqual(checked);
  return fast !== null;
}

function entries(doc: Y.Doc): [string, unknown][] {
  return [...ticketsMap(doc).entries()];
}

/** The same document as a peer sees it after an update in either encoding. */
function replicas(doc: Y.Doc): Y.Doc[] {
  const v1 = new Y.Doc();
  Y.applyUpdate(v1, Y.encodeStateAsUpdate(doc));
  const v2 = new Y.Doc();
  Y.applyUpdateV2(v2, Y.encodeStateAsUpdateV2(doc));
  return [doc, v1, v2];
}

describe('the fast reading of a ticket', () => {
  it('reads every ticket that commands write, identically to the schema', () => {
    const doc = newDoc();
    for (let n = 1; n <= 12; n++) open(doc, n, { stage: STAGES[n % STAGES.length], steps: ['design', 'concept'] });
    open(doc, 13, { clientId: tid(99), kind: 'landing-page', dueDate: '2024-02-29', summary: 'Olá 🌍', assignees: [PAULO, ANA] });
    moveTicket(doc, { ticketId: tid(1), toStage: 'analysis' }, ASANA);
    moveTicket(doc, { ticketId: tid(2), toStage: 'triage', before: tid(5) }, ASANA);
    setStatus(doc, { ticketId: tid(3), status: 'waiting_client' }, ASANA);
    setDueDate(doc, { ticketId: tid(4), dueDate: '2024-12-31' }, ASANA);
    setDueDate(doc, { ticketId: tid(4), dueDate: null }, ASANA);
    setSteps(doc, { ticketId: tid(5), steps: ['copy', 'publish', 'concept'] }, ASPAULO);
    toggleStep(doc, { ticketId: tid(5), step: 'copy' }, ASPAULO);
    setSteps(doc, { ticketId: tid(6), steps: [] }, ASPAULO);
    assignTicket(doc, { ticketId: tid(7), userId: DORA }, ASANA);
    assignTicket(doc, { ticketId: tid(7), userId: PAULO }, ASANA);
    unassignTicket(doc, { ticketId: tid(7), userId: DORA }, ASANA);
    setTicketNumber(doc, { ticketId: tid(8), number: 123 }, WITNESS);
    archiveTicket(doc, { ticketId: tid(9) }, ASANA);
    editText(doc, { ticketId: tid(10), field: 'title', index: 0, deleteCount: 3, insert: 'Novo' }, ASANA);
    editText(doc, { ticketId: tid(10), field: 'description', index: 0, insert: 'linha 1\nlinha 2' }, ASANA);
    editText(doc, { ticketId: tid(10), field: 'description', index: 2, deleteCount: 4 }, ASANA);
    setTicketDetails(doc, { ticketId: tid(11), priority: 'urgent' }, ASANA);
    setTicketDetails(doc, { ticketId: tid(11), priority: 'low' }, ASANA);
    open(doc, 14, { priority: 'high' });
    for (const replica of replicas(doc)) {
      const all = entries(replica);
      expect(all).toHaveLength(14);
      for (const [key, value] of all) expect(agree(key, value), key).toBe(true);
      const priorities = new Map(all.map(([key, value]) => [key, fastTicketEntry(key, value)?.priority]));
      expect(priorities.get(tid(1))).toBe('normal'); // never set: the key is absent
      expect(priorities.get(tid(11))).toBe('low');
      expect(priorities.get(tid(14))).toBe('high');
    }
  });

  it('sorts assignees and lists steps in flow order', () => {
    const doc = newDoc();
    open(doc, 1, { steps: ['publish', 'concept', 'review'], assignees: [PAULO, DORA, ANA] });
    const ticket = fastTicketEntry(tid(1), ticketsMap(doc).get(tid(1)));
    expect(ticket?.steps.map((s) => s.step)).toEqual(['concept', 'review', 'publish']);
    expect(ticket?.assignees).toEqual([ANA, DORA, PAULO].sort());
  });

  it('hands every tampered entry to the reference reading, and agrees with it on the edge cases', () => {
    const doc = newDoc();
    const tamperings: [string, (entry: Y.Map<unknown>) => void][] = [
      ['a number of 2^53', (e) => e.set('number', 2 ** 53)],
      ['a fractional number', (e) => e.set('number', 1.5)],
      ['a zero number', (e) => e.set('number', 0)],
      ['a negative zero number', (e) => e.set('number', -0)],
      ['a number as text', (e) => e.set('number', '7')],
      ['a largest safe number', (e) => e.set('number', 2 ** 53 - 1)],
      ['a time without milliseconds', (e) => e.set('createdAt', '2024-05-02T12:00:00Z')],
      ['a time with microseconds', (e) => e.set('createdAt', '2024-05-02T12:00:00.123456Z')],
      ['a time with an offset', (e) => e.set('createdAt', '2024-05-02T12:00:00.000+02:00')],
      ['February 30th', (e) => e.set('createdAt', '2024-02-30T12:00:00.000Z')],
      ['a leap day', (e) => e.set('createdAt', '2024-02-29T23:59:59.999Z')],
      ['a leap day of a common year', (e) => e.set('createdAt', '2023-02-29T00:00:00.000Z')],
      ['hour 24', (e) => e.set('createdAt', '2024-05-02T24:00:00.000Z')],
      ['a due date of February 30th', (e) => e.set('dueDate', '2024-02-30')],
      ['a due date without padding', (e) => e.set('dueDate', '2024-7-1')],
      ['a numeric due date', (e) => e.set('dueDate', 20240701)],
      ['a kind of 64 characters', (e) => e.set('kind', 'a'.repeat(64))],
      ['a kind of 65 characters', (e) => e.set('kind', 'a'.repeat(65))],
      ['an upper-case kind', (e) => e.set('kind', 'Banner')],
      ['a kind with a double dash', (e) => e.set('kind', 'a--b')],
      ['an empty kind', (e) => e.set('kind', '')],
      ['a high priority', (e) => e.set('priority', 'high')],
      ['an unknown priority', (e) => e.set('priority', 'critical')],
      ['a null priority', (e) => e.set('priority', null)],
      ['a deleted priority', (e) => {
        e.set('priority', 'urgent');
        e.delete('priority');
      }],
      ['a priority as a shared type', (e) => e.set('priority', new Y.Map())],
      ['a short creator id', (e) => e.set('createdBy', 'Ana')],
      ['a creator id with an accent', (e) => e.set('createdBy', 'AnaAtendimentoé1')],
      ['an unknown channel', (e) => e.set('channel', 'fax')],
      ['a null channel', (e) => e.set('channel', null)],
      ['a null archived flag', (e) => e.set('archived', null)],
      ['a position with a stage only', (e) => e.set('position', { stage: 'triage', x: 1 })],
      ['a position with a numeric rank', (e) => e.set('position', { stage: 'triage', rank: 1 })],
      ['a position as an array', (e) => e.set('position', ['triage', `a0${rankSuffix(tid(1))}`])],
      ['a position with extras', (e) => e.set('position', { stage: 'triage', rank: `a0${rankSuffix(tid(1))}`, x: 1 })],
      ['a rank without its integer part', (e) => e.set('position', { stage: 'triage', rank: rankSuffix(tid(1)) })],
      ['a deleted field', (e) => e.delete('kind')],
      ['an unknown field, then deleted', (e) => {
        e.set('extra', 1);
        e.delete('extra');
      }],
      ['an unknown field', (e) => e.set('extra', 1)],
      ['a text with an attribute', (e) => (e.get('title') as Y.Text).setAttribute('lang', 'pt')],
      ['a text with an attribute removed', (e) => {
        (e.get('title') as Y.Text).setAttribute('lang', 'pt');
        (e.get('title') as Y.Text).removeAttribute('lang');
      }],
      ['formatted text', (e) => (e.get('summary') as Y.Text).format(0, 1, { bold: true })],
      ['an embed', (e) => (e.get('description') as Y.Text).insertEmbed(0, { img: 1 })],
      ['an XML text as title', (e) => e.set('title', new Y.XmlText('x'))],
      ['a plain title', (e) => e.set('title', 'x')],
      ['steps as an array', (e) => e.set('steps', new Y.Array())],
      ['an unknown step', (e) => (e.get('steps') as Y.Map<unknown>).set('coffee', true)],
      ['an unknown step, deleted', (e) => {
        (e.get('steps') as Y.Map<unknown>).set('coffee', true);
        (e.get('steps') as Y.Map<unknown>).delete('coffee');
      }],
      ['a step flag that is a string', (e) => (e.get('steps') as Y.Map<unknown>).set('copy', 'true')],
      ['a deleted step', (e) => (e.get('steps') as Y.Map<unknown>).delete('design')],
      ['a nested map as step flag', (e) => (e.get('steps') as Y.Map<unknown>).set('copy', new Y.Map())],
      ['an assignee flag of 1', (e) => (e.get('assignees') as Y.Map<unknown>).set(tid(5), 1)],
      ['an assignee with a bad id', (e) => (e.get('assignees') as Y.Map<unknown>).set('ana', true)],
      ['a removed assignee', (e) => (e.get('assignees') as Y.Map<unknown>).delete(ANA)],
      ['list content in the assignees', (e) => Y.Array.prototype.insert.call(e.get('assignees') as Y.Array<number>, 0, [1])],
      ['list content in the steps, deleted', (e) => {
        const steps = e.get('steps') as Y.Array<number>;
        Y.Array.prototype.insert.call(steps, 0, [1]);
        Y.Array.prototype.delete.call(steps, 0, 1);
      }],
    ];
    const keys: string[] = [];
    tamperings.forEach(([, tamper], i) => {
      const key = open(doc, i + 1, { steps: ['design'], assignees: [ANA] });
      keys.push(key);
      tamper(ticketsMap(doc).get(key) as Y.Map<unknown>);
    });
    for (const replica of replicas(doc)) {
      const map = ticketsMap(replica);
      tamperings.forEach(([what], i) => {
        const key = keys[i] as string;
        agree(key, map.get(key));
        expect(readTicketEntry(key, map.get(key)).ok, what).toBeTypeOf('boolean');
      });
    }
  });

  it('agrees with the schema on thousands of randomly damaged entries', () => {
    const seed = 20_260_301;
    const rng = new Prng(seed);
    const ids = [tid(1), tid(2), 'short', 'AnaAtendimento01', 42, null];
    const pools: Record<string, readonly unknown[]> = {
      id: ids,
      number: [null, 1, 42, 0, -1, 1.5, 2 ** 53, 2 ** 53 - 1, Number.NaN, '7'],
      createdAt: ['2024-05-02T12:00:00.000Z', '2024-05-02T12:00:00Z', '2024-02-30T12:00:00.000Z', '2024-05-02T12:00Z', 'yesterday', 0],
      createdBy: ids,
      channel: [...CHANNELS, 'fax', null],
      clientId: ids,
      kind: [null, 'banner', 'landing-page', 'logo_file', 'Banner', 'a-', 'a'.repeat(65), 3],
      priority: [...PRIORITIES, 'critical', null, 2],
      status: [...STATUSES, 'paused'],
      dueDate: [null, '2024-07-01', '2024-02-29', '2023-02-29', '2024-7-1'],
      archived: [true, false, 'no'],
    };
    const docs = [newDoc(1), newDoc(2)];
    let fast = 0;
    let total = 0;
    for (let round = 0; round < 1_000; round++) {
      const doc = rng.pick(docs);
      const key = open(doc, round + 1, { steps: [rng.pick(PRODUCTION_STEPS)], assignees: [ANA] });
      const entry = ticketsMap(doc).get(key) as Y.Map<unknown>;
      const damage = rng.int(0, 2);
      for (let d = 0; d < damage; d++) {
        const field = rng.pick([...Object.keys(pools), 'position', 'steps', 'assignees', 'title']);
        const pool = pools[field];
        if (pool !== undefined) entry.set(field, rng.pick(pool));
        else if (field === 'position') {
          const rank = rng.pick([`a0${rankSuffix(key)}`, `a0${rankSuffix(tid(round + 2))}`, 'a0', `!${rankSuffix(key)}`]);
          entry.set('position', { stage: rng.pick([...STAGES, 'limbo']), rank });
        } else if (field === 'steps') {
          (entry.get('steps') as Y.Map<unknown>).set(rng.pick([...PRODUCTION_STEPS, 'coffee']), rng.pick([true, false, 1]));
        } else if (field === 'assignees') {
          (entry.get('assignees') as Y.Map<unknown>).set(rng.pick([PAULO, 'bob']), rng.pick([true, false]));
        } else {
          (entry.get('title') as Y.Text).insert(0, 'x', rng.bool() ? { bold: true } : {});
        }
      }
    }
    const [one, two] = docs as [Y.Doc, Y.Doc];
    Y.applyUpdate(one, Y.encodeStateAsUpdate(two));
    for (const doc of replicas(one)) {
      for (const [key, value] of entries(doc)) {
        total++;
        if (agree(key, value)) fast++;
      }
    }
    // Sanity of the generator: both paths were exercised (about a third of entries are damaged).
    expect(total, `seed ${seed}`).toBe(3_000);
    expect(fast).toBeGreaterThan(total / 3);
    expect(fast).toBeLessThan(total);
  });

  it('reads a board the same whichever path each ticket took', () => {
    const doc = newDoc();
    for (let n = 1; n <= 6; n++) open(doc, n, { stage: STAGES[n % 2] });
    (ticketsMap(doc).get(tid(2)) as Y.Map<unknown>).set('createdAt', '2024-05-02T12:00:00Z'); // valid, rare shape
    (ticketsMap(doc).get(tid(3)) as Y.Map<unknown>).set('status', 'paused'); // invalid
    const board = readBoard(doc);
    expect(board.malformed).toEqual([tid(3)]);
    expect(board.tickets.map((t) => t.id)).toEqual([tid(2), tid(4), tid(6), tid(1), tid(5)]);
    expect(board.tickets.find((t) => t.id === tid(2))?.createdAt).toBe('2024-05-02T12:00:00Z');
  });
});
