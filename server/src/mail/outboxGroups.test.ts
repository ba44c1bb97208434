import { newAgencyId, newBoardId, newTicketId } from '@fluxo/shared/ids';
import { describe, expect, it } from 'vitest';
import { type OutboxRecord, newOutboxId } from '../store/conversationRecords.js';
import { readyGroups } from './outboxGroups.js';

const T0 = Date.parse('2025-03-10T12:00:00.000Z');
const agencyId = newAgencyId();
const boardId = newBoardId();
const [t1, t2] = [newTicketId(), newTicketId()];

function row(kind: 'client' | 'now' | 'digest' | 'received', to: string, ticketId: OutboxRecord['ticketId'], createdMs: number, messageId: string | null = null): OutboxRecord {
  const base = {
    id: newOutboxId(),
    idempotencyKey: `k:${Math.random()}`,
    to,
    locale: 'pt-BR' as const,
    agencyId,
    boardId,
    ticketId,
    status: 'pending' as const,
    attempts: 0,
    nextAttemptAt: new Date(T0 + createdMs).toISOString(),
    lastError: null,
    messageId,
    createdAt: new Date(T0 + createdMs).toISOString(),
    sentAt: null,
  };
  if (kind === 'client') return { ...base, kind: 'client_comment', payload: { commentId: newOutboxId() as never, visibility: 'client' } };
  if (kind === 'received') return { ...base, kind: 'ticket_received', payload: { inReplyTo: null } };
  return { ...base, kind: 'notification', payload: { notificationId: newOutboxId() as never, notificationKind: 'mentioned', delivery: kind } };
}

describe('readyGroups', () => {
  it('collapses fresh rows per recipient and ticket, once the window after the oldest has passed', () => {
    const rows = [
      row('client', 'a@x.test', t1, 0),
      row('client', 'a@x.test', t1, 30_000),
      row('client', 'b@x.test', t1, 10_000),
      row('client', 'a@x.test', t2, 90_000),
      row('now', 'ana@x.test', t1, 0),
      row('received', 'a@x.test', t1, 100_000),
    ];
    // As `claimable` hands them over: only rows already due.
    const at = (ms: number) =>
      readyGroups(
        rows.filter((r) => Date.parse(r.nextAttemptAt ?? '') <= T0 + ms),
        new Date(T0 + ms),
        60_000,
      );
    expect(at(30_000)).toEqual([]);
    const ready = at(100_000);
    expect(ready.map((g) => [g.kind, g.rows.length])).toEqual([
      ['clientUpdate', 2],
      ['staffUpdate', 1],
      ['clientUpdate', 1],
      ['ticketReceived', 1],
    ]);
    expect(ready[0]?.messageIdSeed).toBe(rows[0]?.id);
    expect(at(150_000).map((g) => g.rows.length)).toEqual([2, 1, 1, 1, 1]);
  });

  it('sends an answer to a new email at once, and keeps a claimed email as it was', () => {
    const claimed = [row('client', 'a@x.test', t1, 0, 'fluxo.X@x.test'), row('client', 'a@x.test', t1, 5_000, 'fluxo.X@x.test')];
    const fresh = row('client', 'a@x.test', t1, 6_000);
    const groups = readyGroups([...claimed, fresh, row('received', 'c@x.test', t2, 7_000)], new Date(T0 + 7_000), 60_000);
    expect(groups.map((g) => [g.kind, g.rows.map((r) => r.id)])).toEqual([
      ['clientUpdate', claimed.map((r) => r.id)],
      ['ticketReceived', [expect.any(String)]],
    ]);
  });

  it('gathers digest rows of one person across tickets', () => {
    const groups = readyGroups(
      [row('digest', 'ana@x.test', t1, 0), row('digest', 'ana@x.test', t2, 1_000), row('digest', 'dora@x.test', t1, 0)],
      new Date(T0 + 1_000),
      60_000,
    );
    expect(groups.map((g) => [g.kind, g.rows.length])).toEqual([
      ['staffDigest', 2],
      ['staffDigest', 1],
    ]);
  });
});
