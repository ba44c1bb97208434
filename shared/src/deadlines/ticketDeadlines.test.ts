import { describe, expect, it } from 'vitest';
import type { Channel } from '../flow/channels.js';
import type { Status } from '../flow/statuses.js';
import { SEED_TICKET_KINDS, type TicketKind } from '../kinds/ticketKind.js';
import { defaultBusinessCalendar } from './businessCalendar.js';
import {
  DEFAULT_SLA,
  type Deadline,
  type TicketClockFacts,
  clockPauses,
  deadlineState,
  ticketDeadlines,
  worstDeadlineState,
} from './ticketDeadlines.js';

// São Paulo is UTC−3 all year. 2026-11-16 is a Monday; 2026-11-20 (Friday) is a national holiday
// (Dia Nacional de Zumbi e da Consciência Negra).
const sp = (local: string) => new Date(`${local}-03:00`);
const calendar = defaultBusinessCalendar(sp('2026-11-16T09:00:00'));
const banner = SEED_TICKET_KINDS.find((k) => k.slug === 'banner') as TicketKind;
const HOUR = 3_600_000;

type FactsInput = Partial<Omit<TicketClockFacts, 'statuses'>> & { statuses?: [string, Status][] };

function facts(overrides: FactsInput = {}): TicketClockFacts {
  const createdAt = overrides.createdAt ?? sp('2026-11-16T10:00:00');
  const statuses = overrides.statuses?.map(([at, status]) => ({ at: sp(at), status })) ?? [{ at: createdAt, status: 'open' as Status }];
  return {
    createdAt,
    channel: (overrides.channel ?? 'email') as Channel,
    statuses,
    firstResponseAt: overrides.firstResponseAt ?? null,
    dueDate: overrides.dueDate ?? null,
  };
}

function deadlinesAt(now: Date, f: TicketClockFacts, kind: TicketKind | null = banner) {
  return ticketDeadlines({ calendar, kind, facts: f, now });
}

function target(list: readonly Deadline[], name: Deadline['target']): Deadline {
  const found = list.find((d) => d.target === name);
  if (!found) throw new Error(`no ${name} deadline`);
  return found;
}

describe('ticketDeadlines', () => {
  it('counts the first response in business hours: due at noon, at risk half an hour before', () => {
    const f = facts();
    const { deadlines } = deadlinesAt(sp('2026-11-16T11:00:00'), f);
    const first = target(deadlines, 'first_response');
    expect(first.budgetMs).toBe(2 * HOUR);
    expect(first.remainingMs).toBe(1 * HOUR);
    expect(first.dueAt).toBe(sp('2026-11-16T12:00:00').toISOString());
    expect(first.warnAt).toBe(sp('2026-11-16T11:30:00').toISOString());
    expect(deadlineState(first, sp('2026-11-16T11:29:00'))).toBe('on_track');
    expect(deadlineState(first, sp('2026-11-16T11:30:00'))).toBe('at_risk');
    expect(deadlineState(first, sp('2026-11-16T12:00:00'))).toBe('overdue');
  });

  it('the same deadline computed later names the same instants (the lunch break does not count)', () => {
    const f = facts({ createdAt: sp('2026-11-16T11:00:00') });
    const early = target(deadlinesAt(sp('2026-11-16T11:10:00'), f).deadlines, 'first_response');
    const late = target(deadlinesAt(sp('2026-11-16T12:40:00'), f).deadlines, 'first_response');
    expect(early.dueAt).toBe(sp('2026-11-16T14:00:00').toISOString());
    expect(late.dueAt).toBe(early.dueAt);
    expect(late.remainingMs).toBe(HOUR);
  });

  it('pauses while the ticket waits on the client and resumes where it stopped', () => {
    const f = facts({
      statuses: [
        ['2026-11-16T10:00:00', 'open'],
        ['2026-11-16T10:30:00', 'waiting_client'],
        ['2026-11-16T14:00:00', 'open'],
      ],
    });
    const { paused, deadlines } = deadlinesAt(sp('2026-11-16T14:10:00'), f);
    expect(paused).toBe(false);
    // 30 min before the pause, 10 min after it: 80 min of the 2 h left.
    const first = target(deadlines, 'first_response');
    expect(first.remainingMs).toBe(80 * 60_000);
    expect(first.dueAt).toBe(sp('2026-11-16T15:30:00').toISOString());
  });

  it('while paused there is no due instant, and the state is the one it paused in', () => {
    const f = facts({
      statuses: [
        ['2026-11-16T10:00:00', 'open'],
        ['2026-11-16T11:40:00', 'waiting_client'],
      ],
    });
    const { paused, deadlines } = deadlinesAt(sp('2026-11-18T16:00:00'), f);
    expect(paused).toBe(true);
    const first = target(deadlines, 'first_response');
    expect(first.dueAt).toBeNull();
    expect(first.remainingMs).toBe(20 * 60_000);
    expect(deadlineState(first, sp('2026-11-30T10:00:00'))).toBe('at_risk');
  });

  it('skips holidays and weekends: opened Thursday 17:00 before the Friday holiday, due Monday 10:00', () => {
    const f = facts({ createdAt: sp('2026-11-19T17:00:00') });
    const first = target(deadlinesAt(sp('2026-11-19T17:30:00'), f).deadlines, 'first_response');
    expect(first.dueAt).toBe(sp('2026-11-23T10:00:00').toISOString());
  });

  it('owes no first response for a demand taken by phone, nor once staff answered', () => {
    expect(deadlinesAt(sp('2026-11-16T11:00:00'), facts({ channel: 'phone' })).deadlines.map((d) => d.target)).toEqual(['resolution']);
    const answered = facts({ firstResponseAt: sp('2026-11-16T10:20:00') });
    expect(deadlinesAt(sp('2026-11-16T11:00:00'), answered).deadlines.map((d) => d.target)).toEqual(['resolution']);
  });

  it('a closed ticket has no deadlines; reopened, its clock skips the closed span', () => {
    const closed = facts({ statuses: [['2026-11-16T10:00:00', 'open'], ['2026-11-16T11:00:00', 'done']] });
    expect(deadlinesAt(sp('2026-11-17T10:00:00'), closed).deadlines).toEqual([]);
    const reopened = facts({
      channel: 'phone',
      statuses: [
        ['2026-11-16T10:00:00', 'open'],
        ['2026-11-16T11:00:00', 'done'],
        ['2026-11-17T09:00:00', 'open'],
      ],
    });
    const resolution = target(deadlinesAt(sp('2026-11-17T10:00:00'), reopened).deadlines, 'resolution');
    expect(resolution.budgetMs - resolution.remainingMs).toBe(2 * HOUR);
  });

  it('the resolution target follows the kind and priority; no kind takes the default', () => {
    const f = facts({ channel: 'meeting' });
    const now = sp('2026-11-16T10:00:00');
    expect(target(deadlinesAt(now, f).deadlines, 'resolution').budgetMs).toBe(banner.sla.resolution.normal * 60_000);
    const urgent = ticketDeadlines({ calendar, kind: banner, priority: 'urgent', facts: f, now });
    expect(target(urgent.deadlines, 'resolution').budgetMs).toBe(banner.sla.resolution.urgent * 60_000);
    expect(target(deadlinesAt(now, f, null).deadlines, 'resolution').budgetMs).toBe(DEFAULT_SLA.resolution.normal * 60_000);
  });

  it('the promised date is due at that day’s close and at risk one business day before', () => {
    const f = facts({ channel: 'phone', dueDate: '2026-11-18' });
    const promised = target(deadlinesAt(sp('2026-11-16T10:00:00'), f).deadlines, 'promised');
    expect(promised.dueAt).toBe(sp('2026-11-18T18:00:00').toISOString());
    expect(deadlineState(promised, sp('2026-11-17T17:59:00'))).toBe('on_track');
    expect(deadlineState(promised, sp('2026-11-18T10:00:00'))).toBe('at_risk');
    expect(deadlineState(promised, sp('2026-11-18T18:00:00'))).toBe('overdue');
    // Already past: overdue at once, and still due at the same close.
    const late = target(deadlinesAt(sp('2026-11-19T10:00:00'), f).deadlines, 'promised');
    expect(late.dueAt).toBe(promised.dueAt);
    expect(late.remainingMs).toBeLessThan(0);
    expect(deadlineState(late, sp('2026-11-19T10:00:00'))).toBe('overdue');
  });

  it('the promised date does not pause while waiting on the client', () => {
    const f = facts({
      channel: 'phone',
      dueDate: '2026-11-17',
      statuses: [
        ['2026-11-16T10:00:00', 'open'],
        ['2026-11-16T11:00:00', 'waiting_client'],
      ],
    });
    const { paused, deadlines } = deadlinesAt(sp('2026-11-18T10:00:00'), f);
    expect(paused).toBe(true);
    expect(deadlineState(target(deadlines, 'promised'), sp('2026-11-18T10:00:00'))).toBe('overdue');
    expect(deadlineState(target(deadlines, 'resolution'), sp('2026-11-18T10:00:00'))).toBe('on_track');
  });

  it('the worst state wins; none for no deadlines', () => {
    const f = facts({ dueDate: '2026-11-16' });
    const { deadlines } = deadlinesAt(sp('2026-11-16T10:10:00'), f);
    expect(worstDeadlineState(deadlines, sp('2026-11-16T10:10:00'))).toBe('at_risk');
    expect(worstDeadlineState(deadlines, sp('2026-11-16T12:30:00'))).toBe('overdue');
    expect(worstDeadlineState([], sp('2026-11-16T12:30:00'))).toBeNull();
  });
});

describe('clockPauses', () => {
  it('turns status changes into the spans the clock does not run', () => {
    const at = (h: number) => sp(`2026-11-16T${String(h).padStart(2, '0')}:00:00`);
    expect(
      clockPauses([
        { at: at(9), status: 'open' },
        { at: at(10), status: 'waiting_client' },
        { at: at(11), status: 'done' },
        { at: at(12), status: 'open' },
        { at: at(13), status: 'waiting_client' },
      ]),
    ).toEqual([
      { from: at(10), to: at(12) },
      { from: at(13), to: null },
    ]);
    expect(clockPauses([{ at: at(9), status: 'open' }])).toEqual([]);
  });
});
