import { describe, expect, it } from 'vitest';
import type { BoardId, TicketId, UserId } from '../ids.js';
import {
  CLIENT_VISIBLE_HISTORY_KINDS,
  HISTORY_KIND_ORDER,
  type HistoryEntry,
  type HistoryEntryKind,
  historyEntrySchema,
  isClientVisibleHistoryKind,
  newHistoryEntryId,
} from './historyEntry.js';

const common = {
  boardId: 'BoardQuadro00001' as BoardId,
  ticketId: 'Ticket0000000001' as TicketId,
  ticketNumber: 12,
  at: '2025-03-10T12:00:00.000Z',
  author: 'AnaAtendimento01' as UserId,
};

/** One valid entry of every kind. */
const samples: Record<HistoryEntryKind, Record<string, unknown>> = {
  created: { stage: 'triage', status: 'open', channel: 'whatsapp', clientId: null },
  moved: { from: 'analysis', to: 'planning' },
  handoff: { to: ['AnaAtendimento01'] },
  status_changed: { from: 'open', to: 'waiting_client' },
  assigned: { userId: 'PauloProducao001' },
  unassigned: { userId: 'PauloProducao001' },
  due_date_changed: { from: null, to: '2025-03-20' },
  steps_changed: { from: [], to: ['concept', 'design'] },
  step_done: { step: 'design' },
  step_undone: { step: 'design' },
  archived: {},
  restored: {},
  client_changed: { from: null, to: 'ClienteLoja00001' },
  channel_changed: { from: 'phone', to: 'email' },
  kind_changed: { from: null, to: 'banner' },
  priority_changed: { from: 'normal', to: 'urgent' },
};

function entry(kind: HistoryEntryKind, extra: Record<string, unknown> = {}): unknown {
  return { id: newHistoryEntryId(), ...common, kind, ...samples[kind], ...extra };
}

describe('history entries', () => {
  it('accepts one entry of every kind, and the server as author', () => {
    for (const kind of Object.keys(samples) as HistoryEntryKind[]) {
      expect(historyEntrySchema.safeParse(entry(kind)).success, kind).toBe(true);
    }
    expect(historyEntrySchema.parse(entry('archived', { author: null, ticketNumber: null })).author).toBeNull();
  });

  it.each([
    ['an unknown kind', { kind: 'renamed' }],
    ['a field of another kind', { kind: 'archived', from: 'open' }],
    ['a stage that does not exist', { kind: 'moved', from: 'triage', to: 'billing' }],
    ['a local time', { at: '2025-03-10 12:00' }],
    ['a bad author id', { author: '../../etc' }],
    ['a zero ticket number', { ticketNumber: 0 }],
    ['an impossible due date', { kind: 'due_date_changed', from: null, to: '2025-02-30' }],
  ])('refuses %s', (_, extra) => {
    const kind = (extra as { kind?: HistoryEntryKind }).kind ?? 'created';
    const candidate = { ...(entry(kind in samples ? kind : 'created') as object), ...extra };
    expect(historyEntrySchema.safeParse(candidate).success).toBe(false);
  });

  it('orders every kind exactly once', () => {
    expect([...HISTORY_KIND_ORDER].sort()).toEqual(Object.keys(samples).sort());
  });

  it('lets clients see the flow and its dates, never people or internal details', () => {
    expect([...CLIENT_VISIBLE_HISTORY_KINDS].sort()).toEqual(
      ['created', 'due_date_changed', 'handoff', 'moved', 'status_changed'].sort(),
    );
    for (const kind of ['assigned', 'unassigned', 'client_changed', 'kind_changed', 'steps_changed'] as const) {
      expect(isClientVisibleHistoryKind(kind)).toBe(false);
    }
    const parsed: HistoryEntry = historyEntrySchema.parse(entry('moved'));
    expect(isClientVisibleHistoryKind(parsed.kind)).toBe(true);
  });
});
