import {
  archiveTicket,
  assignTicket,
  createTicket,
  editText,
  moveTicket,
  restoreTicket,
  setDueDate,
  setStatus,
  setSteps,
  setTicketDetails,
  toggleStep,
  unassignTicket,
} from '@fluxo/shared/board/index';
import type { ProductionStep } from '@fluxo/shared/flow/productionSteps';
import type { Stage } from '@fluxo/shared/flow/stages';
import type { Status } from '@fluxo/shared/flow/statuses';
import {
  HISTORY_KIND_ORDER,
  type HistoryEntry,
  type HistoryEntryId,
  historyEntrySchema,
} from '@fluxo/shared/history/historyEntry';
import type { AgencyId, BoardId, ClientId, TicketId, UserId } from '@fluxo/shared/ids';
import { type TransactionOrigin, userOrigin } from '@fluxo/shared/origin';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { AcceptedChange } from './boardChange.js';
import { handedOffTickets, historyEntriesFor } from './historyEntries.js';
import { recordChange } from './recordChange.js';

const AGENCY = 'AgenciaPonto0001' as AgencyId;
const BOARD = 'QuadroFluxo00001' as BoardId;
const ANA = 'AnaAtendimento01' as UserId;
const PAULO = 'PauloProducao001' as UserId;
const PADARIA = 'ClientePadaria01' as ClientId;
const T1 = 'Ticket0000000001' as TicketId;
const T2 = 'Ticket0000000002' as TicketId;

/** A board and a clock: each `as(person, command)` is one accepted change, a minute later. */
function scene() {
  const doc = new Y.Doc();
  doc.clientID = 7;
  let minute = 0;
  const changes: AcceptedChange[] = [];
  const as = (author: UserId, command: (origin: TransactionOrigin) => unknown): AcceptedChange => {
    const at = new Date(Date.UTC(2025, 2, 10, 9, minute++));
    const { change } = recordChange(doc, { agencyId: AGENCY, boardId: BOARD, author, at }, () =>
      command(userOrigin(author)),
    );
    changes.push(change);
    return change;
  };
  let n = 0;
  const ids = () => `Entry${String(++n).padStart(11, '0')}` as HistoryEntryId;
  const entriesOf = (change: AcceptedChange, options: Parameters<typeof historyEntriesFor>[1] = {}) =>
    historyEntriesFor(change, { newId: ids, ...options });
  return { doc, as, changes, entriesOf };
}

/** An entry without the fields every entry has, for readable expectations. */
function fact(entry: HistoryEntry): Record<string, unknown> {
  const { id: _id, boardId: _b, ticketId: _t, ticketNumber: _n, at: _at, author: _a, ...rest } = entry;
  return rest;
}

type FlowCommand =
  | { do: 'move'; to: Stage; by: UserId }
  | { do: 'status'; to: Status }
  | { do: 'steps'; steps: ProductionStep[] }
  | { do: 'finish'; step: ProductionStep };

describe('historyEntriesFor: the seed-001 flows', () => {
  /** Replays a seed-001 flow command by command; the history of each command. */
  function replay(commands: FlowCommand[], title: string): HistoryEntry[][] {
    const s = scene();
    const steps: HistoryEntry[][] = [];
    steps.push(
      s.entriesOf(
        s.as(ANA, (o) =>
          createTicket(s.doc, { id: T1, title, channel: 'email', clientId: PADARIA, kind: 'banner' }, o),
        ),
        { numberOf: () => 1, handoffRecipients: () => [ANA] },
      ),
    );
    for (const command of commands) {
      const author = command.do === 'move' ? command.by : command.do === 'status' ? ANA : PAULO;
      const change = s.as(author, (o) => {
        switch (command.do) {
          case 'move':
            return moveTicket(s.doc, { ticketId: T1, toStage: command.to }, o);
          case 'status':
            return setStatus(s.doc, { ticketId: T1, status: command.to }, o);
          case 'steps':
            return setSteps(s.doc, { ticketId: T1, steps: command.steps }, o);
          case 'finish':
            return toggleStep(s.doc, { ticketId: T1, step: command.step, done: true }, o);
        }
      });
      steps.push(s.entriesOf(change, { numberOf: () => 1, handoffRecipients: () => [ANA] }));
    }
    return steps;
  }

  it('banner: every stage and status change, the steps, and the handoff back to Ana', () => {
    const steps = replay(
      [
        { do: 'move', to: 'analysis', by: ANA },
        { do: 'status', to: 'waiting_client' },
        { do: 'status', to: 'open' },
        { do: 'move', to: 'planning', by: ANA },
        { do: 'steps', steps: ['concept', 'copy', 'design', 'review'] },
        { do: 'move', to: 'production', by: PAULO },
        { do: 'finish', step: 'concept' },
        { do: 'finish', step: 'copy' },
        { do: 'finish', step: 'design' },
        { do: 'finish', step: 'review' },
        { do: 'move', to: 'delivery', by: PAULO },
        { do: 'status', to: 'waiting_client' },
        { do: 'status', to: 'done' },
      ],
      'Preciso de um banner no site para a campanha de desconto',
    );
    expect(steps.map((list) => list.map(fact))).toEqual([
      [
        { kind: 'created', stage: 'triage', status: 'open', channel: 'email', clientId: PADARIA },
        { kind: 'kind_changed', from: null, to: 'banner' },
      ],
      [{ kind: 'moved', from: 'triage', to: 'analysis' }],
      [{ kind: 'status_changed', from: 'open', to: 'waiting_client' }],
      [{ kind: 'status_changed', from: 'waiting_client', to: 'open' }],
      [{ kind: 'moved', from: 'analysis', to: 'planning' }],
      [{ kind: 'steps_changed', from: [], to: ['concept', 'copy', 'design', 'review'] }],
      [{ kind: 'moved', from: 'planning', to: 'production' }],
      [{ kind: 'step_done', step: 'concept' }],
      [{ kind: 'step_done', step: 'copy' }],
      [{ kind: 'step_done', step: 'design' }],
      [{ kind: 'step_done', step: 'review' }],
      [{ kind: 'handoff', to: [ANA] }],
      [{ kind: 'status_changed', from: 'open', to: 'waiting_client' }],
      [{ kind: 'status_changed', from: 'waiting_client', to: 'done' }],
    ]);
    const all = steps.flat();
    expect(all.every((e) => historyEntrySchema.safeParse(e).success)).toBe(true);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    expect(all.every((e) => e.ticketId === T1 && e.boardId === BOARD && e.ticketNumber === 1)).toBe(true);
    // Each fact carries who did it and when the server accepted it, in order.
    expect(all.find((e) => e.kind === 'handoff')?.author).toBe(PAULO);
    expect(all.find((e) => e.kind === 'steps_changed')?.author).toBe(PAULO);
    expect(all[0]?.author).toBe(ANA);
    expect(all.map((e) => e.at)).toEqual([...all.map((e) => e.at)].sort());
    expect(all[2]?.at).toBe('2025-03-10T09:01:00.000Z');
  });

  it('landing page: straight through planning, five steps, delivered after the client answers', () => {
    const steps = replay(
      [
        { do: 'move', to: 'analysis', by: ANA },
        { do: 'move', to: 'planning', by: ANA },
        { do: 'steps', steps: ['concept', 'design', 'build', 'review', 'publish'] },
        { do: 'move', to: 'production', by: PAULO },
        ...(['concept', 'design', 'build', 'review', 'publish'] as const).map(
          (step): FlowCommand => ({ do: 'finish', step }),
        ),
        { do: 'move', to: 'delivery', by: PAULO },
        { do: 'status', to: 'waiting_client' },
        { do: 'status', to: 'done' },
      ],
      'Preciso de uma landing page para um novo produto',
    );
    const kinds = steps.flat().map((e) => e.kind);
    expect(kinds).toEqual([
      'created',
      'kind_changed',
      'moved',
      'moved',
      'steps_changed',
      'moved',
      'step_done',
      'step_done',
      'step_done',
      'step_done',
      'step_done',
      'handoff',
      'status_changed',
      'status_changed',
    ]);
    expect(steps.flat().filter((e) => e.kind === 'step_done').map((e) => (e as { step: string }).step)).toEqual([
      'concept',
      'design',
      'build',
      'review',
      'publish',
    ]);
  });

  it('logo file: closed in analysis, no production', () => {
    const steps = replay(
      [
        { do: 'move', to: 'analysis', by: ANA },
        { do: 'status', to: 'done' },
      ],
      'Preciso do arquivo da minha logomarca',
    );
    expect(steps.flat().map(fact)).toEqual([
      { kind: 'created', stage: 'triage', status: 'open', channel: 'email', clientId: PADARIA },
      { kind: 'kind_changed', from: null, to: 'banner' },
      { kind: 'moved', from: 'triage', to: 'analysis' },
      { kind: 'status_changed', from: 'open', to: 'done' },
    ]);
  });

  it('rework: delivery back to production is a plain move, the second handoff is one again', () => {
    const steps = replay(
      [
        { do: 'move', to: 'analysis', by: ANA },
        { do: 'move', to: 'planning', by: ANA },
        { do: 'move', to: 'production', by: PAULO },
        { do: 'move', to: 'delivery', by: PAULO },
        { do: 'move', to: 'production', by: ANA },
        { do: 'move', to: 'delivery', by: PAULO },
      ],
      'Banner com ajustes',
    );
    expect(steps.slice(4).map((list) => list.map(fact))).toEqual([
      [{ kind: 'handoff', to: [ANA] }],
      [{ kind: 'moved', from: 'delivery', to: 'production' }],
      [{ kind: 'handoff', to: [ANA] }],
    ]);
  });
});

describe('historyEntriesFor: what a change shows', () => {
  it('records a ticket opened with people, steps and a date as opened, then given them', () => {
    const s = scene();
    const change = s.as(ANA, (o) =>
      createTicket(
        s.doc,
        {
          id: T1,
          title: 'Post',
          channel: 'social_audience',
          stage: 'planning',
          steps: ['design', 'copy'],
          assignees: [PAULO, ANA],
          dueDate: '2025-03-20',
        },
        o,
      ),
    );
    expect(s.entriesOf(change).map(fact)).toEqual([
      { kind: 'created', stage: 'planning', status: 'open', channel: 'social_audience', clientId: null },
      { kind: 'steps_changed', from: [], to: ['copy', 'design'] },
      { kind: 'assigned', userId: ANA },
      { kind: 'assigned', userId: PAULO },
      { kind: 'due_date_changed', from: null, to: '2025-03-20' },
    ]);
    // The witness has not numbered it yet, and nobody asked for another number.
    expect(s.entriesOf(change).every((e) => e.ticketNumber === null)).toBe(true);
  });

  it('sees an offline batch as the server does: the net change, in kind order', () => {
    const s = scene();
    s.as(ANA, (o) => createTicket(s.doc, { id: T1, title: 'Landing', channel: 'email' }, o));
    const batch = s.as(ANA, (o) => {
      setStatus(s.doc, { ticketId: T1, status: 'waiting_client' }, o);
      moveTicket(s.doc, { ticketId: T1, toStage: 'analysis' }, o);
      moveTicket(s.doc, { ticketId: T1, toStage: 'planning' }, o);
      setDueDate(s.doc, { ticketId: T1, dueDate: '2025-04-01' }, o);
      setDueDate(s.doc, { ticketId: T1, dueDate: '2025-04-02' }, o);
      assignTicket(s.doc, { ticketId: T1, userId: PAULO }, o);
      unassignTicket(s.doc, { ticketId: T1, userId: PAULO }, o);
    });
    expect(s.entriesOf(batch).map(fact)).toEqual([
      { kind: 'moved', from: 'triage', to: 'planning' },
      { kind: 'status_changed', from: 'open', to: 'waiting_client' },
      { kind: 'due_date_changed', from: null, to: '2025-04-02' },
    ]);
  });

  it('ignores texts and reordering inside a column', () => {
    const s = scene();
    s.as(ANA, (o) => {
      createTicket(s.doc, { id: T1, title: 'Primeiro', channel: 'email' }, o);
      createTicket(s.doc, { id: T2, title: 'Segundo', channel: 'email' }, o);
    });
    const typed = s.as(ANA, (o) => editText(s.doc, { ticketId: T1, field: 'description', index: 0, insert: 'Oi' }, o));
    expect(typed.tickets).toHaveLength(1);
    expect(s.entriesOf(typed)).toEqual([]);
    const reordered = s.as(ANA, (o) => moveTicket(s.doc, { ticketId: T2, toStage: 'triage', before: null, after: T1 }, o));
    expect(reordered.tickets).toHaveLength(1);
    expect(s.entriesOf(reordered)).toEqual([]);
  });

  it('records details, people, steps undone or dropped, archive and restore', () => {
    const s = scene();
    s.as(ANA, (o) =>
      createTicket(s.doc, { id: T1, title: 'Site', channel: 'phone', steps: ['design', 'build'], assignees: [PAULO] }, o),
    );
    const details = s.as(ANA, (o) =>
      setTicketDetails(s.doc, { ticketId: T1, channel: 'email', clientId: PADARIA, kind: 'site' }, o),
    );
    expect(s.entriesOf(details).map(fact)).toEqual([
      { kind: 'client_changed', from: null, to: PADARIA },
      { kind: 'channel_changed', from: 'phone', to: 'email' },
      { kind: 'kind_changed', from: null, to: 'site' },
    ]);
    s.as(PAULO, (o) => toggleStep(s.doc, { ticketId: T1, step: 'design', done: true }, o));
    s.as(PAULO, (o) => toggleStep(s.doc, { ticketId: T1, step: 'build', done: true }, o));
    const undone = s.as(PAULO, (o) => toggleStep(s.doc, { ticketId: T1, step: 'design', done: false }, o));
    expect(s.entriesOf(undone).map(fact)).toEqual([{ kind: 'step_undone', step: 'design' }]);
    const dropped = s.as(PAULO, (o) => setSteps(s.doc, { ticketId: T1, steps: ['design'] }, o));
    expect(s.entriesOf(dropped).map(fact)).toEqual([{ kind: 'steps_changed', from: ['design', 'build'], to: ['design'] }]);
    const unassigned = s.as(ANA, (o) => unassignTicket(s.doc, { ticketId: T1, userId: PAULO }, o));
    expect(s.entriesOf(unassigned).map(fact)).toEqual([{ kind: 'unassigned', userId: PAULO }]);
    const cleared = s.as(ANA, (o) => setDueDate(s.doc, { ticketId: T1, dueDate: null }, o));
    expect(s.entriesOf(cleared)).toEqual([]); // it had none
    expect(s.entriesOf(s.as(ANA, (o) => archiveTicket(s.doc, { ticketId: T1 }, o))).map(fact)).toEqual([
      { kind: 'archived' },
    ]);
    expect(s.entriesOf(s.as(ANA, (o) => restoreTicket(s.doc, { ticketId: T1 }, o))).map(fact)).toEqual([
      { kind: 'restored' },
    ]);
  });

  it('records a priority: opened urgent (once, after created), then changed', () => {
    const s = scene();
    const opened = s.as(ANA, (o) => createTicket(s.doc, { id: T1, title: 'Site fora do ar', channel: 'phone', priority: 'urgent' }, o));
    expect(s.entriesOf(opened).map((e) => e.kind)).toEqual(['created', 'priority_changed']);
    expect(s.entriesOf(opened).map(fact)[1]).toEqual({ kind: 'priority_changed', from: 'normal', to: 'urgent' });
    const calmer = s.as(ANA, (o) => setTicketDetails(s.doc, { ticketId: T1, priority: 'high' }, o));
    expect(s.entriesOf(calmer).map(fact)).toEqual([{ kind: 'priority_changed', from: 'urgent', to: 'high' }]);
    const plain = s.as(ANA, (o) => createTicket(s.doc, { id: T2, title: 'Banner', channel: 'email' }, o));
    expect(s.entriesOf(plain).map((e) => e.kind)).toEqual(['created']);
  });

  it('records the kind a ticket was opened with, right after created (the reports read kinds from history)', () => {
    const s = scene();
    const opened = s.as(ANA, (o) =>
      createTicket(s.doc, { id: T1, title: 'Banner da campanha', channel: 'email', kind: 'banner', priority: 'high' }, o),
    );
    expect(s.entriesOf(opened).map(fact)).toEqual([
      { kind: 'created', stage: 'triage', status: 'open', channel: 'email', clientId: null },
      { kind: 'kind_changed', from: null, to: 'banner' },
      { kind: 'priority_changed', from: 'normal', to: 'high' },
    ]);
  });

  it('covers several tickets of one change, each with its own number', () => {
    const s = scene();
    const change = s.as(ANA, (o) => {
      createTicket(s.doc, { id: T1, title: 'Um', channel: 'email' }, o);
      createTicket(s.doc, { id: T2, title: 'Dois', channel: 'whatsapp' }, o);
    });
    const entries = s.entriesOf(change, { numberOf: (id) => (id === T1 ? 41 : 42) });
    expect(entries.map((e) => [e.ticketId, e.kind, e.ticketNumber]).sort()).toEqual([
      [T1, 'created', 41],
      [T2, 'created', 42],
    ]);
  });

  it('names the handoff, and the server as author when asked', () => {
    const s = scene();
    s.as(ANA, (o) => createTicket(s.doc, { id: T1, title: 'Banner', channel: 'email', stage: 'production' }, o));
    const back = s.as(PAULO, (o) => moveTicket(s.doc, { ticketId: T1, toStage: 'delivery' }, o));
    expect(handedOffTickets(back)).toEqual([T1]);
    expect(s.entriesOf(back).map(fact)).toEqual([{ kind: 'handoff', to: [] }]);
    expect(s.entriesOf(back, { author: null })[0]?.author).toBeNull();
    const forth = s.as(ANA, (o) => moveTicket(s.doc, { ticketId: T1, toStage: 'production' }, o));
    expect(handedOffTickets(forth)).toEqual([]);
  });

  it('keeps the facts of one ticket in HISTORY_KIND_ORDER', () => {
    const s = scene();
    s.as(ANA, (o) => createTicket(s.doc, { id: T1, title: 'X', channel: 'email', steps: ['copy'] }, o));
    const everything = s.as(ANA, (o) => {
      setDueDate(s.doc, { ticketId: T1, dueDate: '2025-05-01' }, o);
      assignTicket(s.doc, { ticketId: T1, userId: ANA }, o);
      toggleStep(s.doc, { ticketId: T1, step: 'copy', done: true }, o);
      setStatus(s.doc, { ticketId: T1, status: 'waiting_client' }, o);
      moveTicket(s.doc, { ticketId: T1, toStage: 'analysis' }, o);
      setTicketDetails(s.doc, { ticketId: T1, kind: 'post', priority: 'high' }, o);
      archiveTicket(s.doc, { ticketId: T1 }, o);
    });
    const kinds = s.entriesOf(everything).map((e) => e.kind);
    expect(kinds).toEqual(['kind_changed', 'priority_changed', 'moved', 'status_changed', 'step_done', 'assigned', 'due_date_changed', 'archived']);
    const order = (k: string) => (HISTORY_KIND_ORDER as readonly string[]).indexOf(k);
    expect(kinds.map(order)).toEqual([...kinds.map(order)].sort((a, b) => a - b));
  });
});
