import { describe, expect, it } from 'vitest';
import type { ShareApproval } from '../approvals/approval.js';
import type { ClientId, TicketId } from '../ids.js';
import type { ShareTicket, ShareTimeline } from '../share/timeline.js';
import { buildClientReport, clientReportSchema, dayOfInstant, defaultOnDemandPeriod, dueReportPeriod, lastDayOf, shareReportInputSchema } from './clientReport.js';

const SP = 'America/Sao_Paulo';
const CLIENT = 'ClientPadaria001' as ClientId;
const OTHER = 'ClientOutroXX001' as ClientId;

let seq = 0;
function ticket(fields: Partial<ShareTicket> & { title: string }): ShareTicket {
  seq += 1;
  return {
    id: `Ticket${String(seq).padStart(10, '0')}` as TicketId,
    number: seq,
    summary: '',
    stage: 'production',
    status: 'open',
    openedAt: '2025-05-01T12:00:00.000Z',
    dueDate: null,
    deliveredAt: null,
    closedAt: null,
    steps: [],
    comments: [],
    approvals: [],
    ...fields,
  };
}

function approval(fields: Partial<ShareApproval> & { title: string }): ShareApproval {
  return {
    id: `Approval${String(++seq).padStart(8, '0')}` as ShareApproval['id'],
    milestoneName: null,
    note: '',
    deliverable: { type: 'text', text: 'x' },
    version: 1,
    contentHash: 'a'.repeat(64),
    requestedBy: 'Ana',
    requestedAt: '2025-05-06T13:00:00.000Z',
    status: 'pending',
    decision: null,
    ...fields,
  };
}

function timeline(tickets: ShareTicket[], clientId: ClientId = CLIENT): ShareTimeline {
  return { agencyName: 'Agência', client: { id: clientId, name: 'Padaria' }, scope: 'view', expiresAt: '2026-01-01T00:00:00.000Z', tickets };
}

// The week of Monday 5 May 2025 to Sunday 11 May 2025, São Paulo (UTC−3).
const PERIOD = { from: '2025-05-05', to: '2025-05-12' };
const NOW = new Date('2025-05-14T15:00:00.000Z'); // Wednesday 14 May, 12:00 in São Paulo

describe('buildClientReport', () => {
  it('sorts the projected tickets into delivered in the period, in progress, waiting and pending approvals', () => {
    const deliveredInside = ticket({ title: 'Cardápio', status: 'done', stage: 'delivery', closedAt: '2025-05-09T18:00:00.000Z' });
    // 02:30 UTC on the 12th is still Sunday the 11th in São Paulo: inside.
    const deliveredLateSunday = ticket({ title: 'Folder', status: 'done', stage: 'delivery', closedAt: '2025-05-12T02:30:00.000Z' });
    // 03:30 UTC on the 12th is Monday the 12th in São Paulo: outside.
    const deliveredAfter = ticket({ title: 'Banner', status: 'done', stage: 'delivery', closedAt: '2025-05-12T03:30:00.000Z' });
    const deliveredBefore = ticket({ title: 'Logo', status: 'done', stage: 'delivery', closedAt: '2025-05-04T12:00:00.000Z' });
    const cancelled = ticket({ title: 'Cancelado', status: 'cancelled', closedAt: '2025-05-08T12:00:00.000Z' });
    const overdue = ticket({ title: 'Site', stage: 'production', dueDate: '2025-05-13' });
    const dueToday = ticket({ title: 'Post', stage: 'planning', dueDate: '2025-05-14' });
    const noDate = ticket({ title: 'Vídeo', stage: 'triage' });
    const waiting = ticket({
      title: 'Fotos',
      stage: 'analysis',
      status: 'waiting_client',
      steps: [
        { kind: 'status', at: '2025-05-02T12:00:00.000Z', from: 'open', to: 'waiting_client' },
        { kind: 'status', at: '2025-05-03T12:00:00.000Z', from: 'waiting_client', to: 'open' },
        { kind: 'status', at: '2025-05-07T12:00:00.000Z', from: 'open', to: 'waiting_client' },
      ],
      approvals: [
        approval({ title: 'Texto v2', version: 2, requestedAt: '2025-05-08T12:00:00.000Z' }),
        approval({ title: 'Texto v1', status: 'approved', decision: { outcome: 'approved', at: '2025-05-07T12:00:00.000Z', by: null, note: '' } }),
      ],
    });
    const othersTicket = ticket({ title: 'De outro cliente', status: 'done', closedAt: '2025-05-09T12:00:00.000Z' });

    const report = buildClientReport({
      agencyName: 'Agência',
      client: { id: CLIENT, name: 'Padaria' },
      period: PERIOD,
      timeZone: SP,
      now: NOW,
      timelines: [
        timeline([deliveredInside, deliveredLateSunday, deliveredAfter, deliveredBefore, cancelled, overdue, waiting]),
        // A second board of the same client, and one of another client (left out).
        timeline([dueToday, noDate]),
        timeline([othersTicket], OTHER),
      ],
    });

    expect(clientReportSchema.parse(report)).toEqual(report);
    expect(report.today).toBe('2025-05-14');
    expect(report.delivered.map((d) => d.title)).toEqual(['Cardápio', 'Folder']);
    expect(report.delivered[1]?.deliveredAt).toBe('2025-05-12T02:30:00.000Z');
    expect(report.inProgress.map((t) => [t.title, t.overdue])).toEqual([
      ['Site', true],
      ['Post', false],
      // No promised date: last, by number.
      ['Vídeo', false],
      ['Fotos', false],
    ]);
    expect(report.inProgress.find((t) => t.title === 'Fotos')?.status).toBe('waiting_client');
    expect(report.waitingOnClient).toEqual([{ ticketId: waiting.id, number: waiting.number, title: 'Fotos', since: '2025-05-07T12:00:00.000Z' }]);
    expect(report.pendingApprovals.map((a) => [a.title, a.version, a.ticketTitle])).toEqual([['Texto v2', 2, 'Fotos']]);
  });

  it('holds nothing but the named fields (strict schema)', () => {
    const report = buildClientReport({ agencyName: 'A', client: { id: CLIENT, name: 'P' }, period: PERIOD, timeZone: SP, now: NOW, timelines: [] });
    expect(() => clientReportSchema.parse({ ...report, description: 'x' })).toThrow();
    expect(() => clientReportSchema.parse({ ...report, inProgress: [{ ticketId: 'T', number: 1, title: 't', stage: 'triage', status: 'open', dueDate: null, overdue: false, priority: 'urgent' }] })).toThrow();
  });
});

describe('dueReportPeriod', () => {
  // 2025-05-12 is a Monday. São Paulo is UTC−3 (no DST in 2025).
  const at = (iso: string) => new Date(iso);
  it('daily: the previous day, from 08:00 agency time', () => {
    expect(dueReportPeriod('daily', at('2025-05-14T10:59:00Z'), SP)).toEqual({ from: '2025-05-12', to: '2025-05-13' });
    expect(dueReportPeriod('daily', at('2025-05-14T11:00:00Z'), SP)).toEqual({ from: '2025-05-13', to: '2025-05-14' });
  });
  it('weekly: the previous Monday–Sunday, from Monday 08:00', () => {
    expect(dueReportPeriod('weekly', at('2025-05-12T10:59:00Z'), SP)).toEqual({ from: '2025-04-28', to: '2025-05-05' });
    expect(dueReportPeriod('weekly', at('2025-05-12T11:00:00Z'), SP)).toEqual({ from: '2025-05-05', to: '2025-05-12' });
    expect(dueReportPeriod('weekly', at('2025-05-18T23:00:00Z'), SP)).toEqual({ from: '2025-05-05', to: '2025-05-12' });
  });
  it('monthly: the previous month, from the 1st at 08:00 (across a year too)', () => {
    expect(dueReportPeriod('monthly', at('2025-06-01T10:59:00Z'), SP)).toEqual({ from: '2025-04-01', to: '2025-05-01' });
    expect(dueReportPeriod('monthly', at('2025-06-01T11:00:00Z'), SP)).toEqual({ from: '2025-05-01', to: '2025-06-01' });
    expect(dueReportPeriod('monthly', at('2026-01-01T11:00:00Z'), SP)).toEqual({ from: '2025-12-01', to: '2026-01-01' });
    expect(dueReportPeriod('monthly', at('2026-01-01T10:00:00Z'), SP)).toEqual({ from: '2025-11-01', to: '2025-12-01' });
  });
  it('off owes nothing; the zone decides the day', () => {
    expect(dueReportPeriod('off', at('2025-05-14T11:00:00Z'), SP)).toBeNull();
    // 08:30 in Lisbon (UTC+1) is 04:30 in São Paulo: Lisbon owes the 13th, São Paulo the 12th.
    expect(dueReportPeriod('daily', at('2025-05-14T07:30:00Z'), 'Europe/Lisbon')).toEqual({ from: '2025-05-13', to: '2025-05-14' });
    expect(dueReportPeriod('daily', at('2025-05-14T07:30:00Z'), SP)).toEqual({ from: '2025-05-12', to: '2025-05-13' });
  });
});

describe('periods', () => {
  it('on demand: the last 7 days up to today, or since the last report when later', () => {
    expect(defaultOnDemandPeriod('2025-05-14', null)).toEqual({ from: '2025-05-08', to: '2025-05-15' });
    expect(defaultOnDemandPeriod('2025-05-14', '2025-05-12')).toEqual({ from: '2025-05-12', to: '2025-05-15' });
    expect(defaultOnDemandPeriod('2025-05-14', '2025-05-01')).toEqual({ from: '2025-05-08', to: '2025-05-15' });
    expect(defaultOnDemandPeriod('2025-05-14', '2025-05-15')).toEqual({ from: '2025-05-08', to: '2025-05-15' });
    expect(lastDayOf({ from: '2025-05-05', to: '2025-05-12' })).toBe('2025-05-11');
    expect(dayOfInstant(SP, '2025-05-12T02:59:59Z')).toBe('2025-05-11');
  });
  it('refuses a period that runs backwards, is empty, too long, or half given', () => {
    const token = 'a'.repeat(43);
    expect(shareReportInputSchema.safeParse({ token, from: '2025-05-05', to: '2025-05-12' }).success).toBe(true);
    expect(shareReportInputSchema.safeParse({ token }).success).toBe(true);
    expect(shareReportInputSchema.safeParse({ token, from: '2025-05-12', to: '2025-05-12' }).success).toBe(false);
    expect(shareReportInputSchema.safeParse({ token, from: '2025-05-12', to: '2025-05-05' }).success).toBe(false);
    expect(shareReportInputSchema.safeParse({ token, from: '2024-01-01', to: '2025-05-05' }).success).toBe(false);
    expect(shareReportInputSchema.safeParse({ token, from: '2025-05-05' }).success).toBe(false);
    expect(shareReportInputSchema.safeParse({ token, from: '2025-02-30', to: '2025-03-05' }).success).toBe(false);
  });
});
