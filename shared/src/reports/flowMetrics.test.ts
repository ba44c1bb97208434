/**
 * The dashboard's figures on a small history computed by hand. The calendar is UTC, Monday to
 * Friday 09:00–17:00 (8 business hours a day), so every figure below can be checked on paper;
 * the comments show the working.
 *
 * Period: Mon 2025-03-03 … Sun 2025-03-16; now: Fri 2025-03-14 12:00.
 * Kind `banner`: first response 60 min (high: 30), resolution 960 min = 2 business days (high: 480).
 * Clients: Padaria (managed by Ana), Loja (managed by Bia).
 */
import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../deadlines/businessCalendar.js';
import { DEFAULT_SLA } from '../deadlines/ticketDeadlines.js';
import type { Channel } from '../flow/channels.js';
import type { HistoryEntry } from '../history/historyEntry.js';
import type { BoardId, ClientId, TicketId, UserId } from '../ids.js';
import type { TicketKind } from '../kinds/ticketKind.js';
import { type FlowMetricsInput, flowMetrics, median } from './flowMetrics.js';
import { periodInstants, reportPeriodSchema } from './reportPeriod.js';
import { TicketFlowBook, ticketFlows } from './ticketFlow.js';

const H = 3_600_000;
const MIN = 60_000;
const BOARD = 'BoardFixture0001' as BoardId;
const OTHER_BOARD = 'BoardFixture0002' as BoardId;
const ANA = 'UserAna000000001' as UserId;
const BIA = 'UserBia000000001' as UserId;
const PADARIA = 'ClientPadaria001' as ClientId;
const LOJA = 'ClientLoja000001' as ClientId;

const calendar: BusinessCalendar = {
  timeZone: 'UTC',
  week: { '1': [['09:00', '17:00']], '2': [['09:00', '17:00']], '3': [['09:00', '17:00']], '4': [['09:00', '17:00']], '5': [['09:00', '17:00']] },
  holidays: [],
};
const banner: TicketKind = {
  slug: 'banner',
  name: 'Banner',
  steps: [],
  sla: {
    firstResponse: { low: 120, normal: 60, high: 30, urgent: 30 },
    resolution: { low: 1920, normal: 960, high: 480, urgent: 240 },
  },
  deadlineBusinessDays: null,
  milestones: [],
  approvalBeforeDone: false,
  checklist: [],
  archived: false,
};

let seq = 0;
const tid = (n: number) => `Ticket0000000${String(n).padStart(3, '0')}` as TicketId;
type Fact = Omit<HistoryEntry, 'id' | 'boardId' | 'ticketId' | 'ticketNumber' | 'at' | 'author'>;
function e(n: number, at: string, fact: Fact, boardId: BoardId = BOARD): HistoryEntry {
  seq++;
  return {
    id: `Hist${String(seq).padStart(12, '0')}`,
    boardId,
    ticketId: tid(n),
    ticketNumber: n,
    at: `${at}:00.000Z`,
    author: ANA,
    ...fact,
  } as HistoryEntry;
}
const created = (n: number, at: string, channel: Channel, clientId: ClientId | null, boardId?: BoardId) =>
  e(n, at, { kind: 'created', stage: 'triage', status: 'open', channel, clientId } as Fact, boardId);
const kind = (n: number, at: string, to: string) => e(n, at, { kind: 'kind_changed', from: null, to } as Fact);
const moved = (n: number, at: string, from: string, to: string) => e(n, at, { kind: 'moved', from, to } as Fact);
const handoff = (n: number, at: string) => e(n, at, { kind: 'handoff', to: [ANA] } as Fact);
const status = (n: number, at: string, from: string, to: string) => e(n, at, { kind: 'status_changed', from, to } as Fact);
const due = (n: number, at: string, to: string) => e(n, at, { kind: 'due_date_changed', from: null, to } as Fact);
const priority = (n: number, at: string, to: string) => e(n, at, { kind: 'priority_changed', from: 'normal', to } as Fact);

// T1 Padaria, banner, email: answered in 30 min, waited on the client a whole day, delivered Wednesday.
// T2 Loja, banner (high), email: answered late, promised Thursday, delivered the next Monday.
// T3 Padaria, no kind, phone: the logo file, closed in analysis within the hour.
// T4 Loja, banner, portal: nobody answered yet; promised Wednesday; still in triage.
// T5 no client, email: cancelled within the hour, never answered.
// T6 Padaria, banner, email: opened before the period, waiting on the client since.
// T7 Loja, kind `site` (unknown to the agency), WhatsApp: done Friday, reopened Monday.
// T8 Padaria, banner, email: opened half an hour ago.
const history: HistoryEntry[] = [
  created(6, '2025-02-27T09:00', 'email', PADARIA),
  kind(6, '2025-02-27T09:00', 'banner'),
  moved(6, '2025-02-27T10:00', 'triage', 'analysis'),
  status(6, '2025-02-28T09:00', 'open', 'waiting_client'),
  created(1, '2025-03-03T09:00', 'email', PADARIA),
  kind(1, '2025-03-03T09:00', 'banner'),
  moved(1, '2025-03-03T10:00', 'triage', 'analysis'),
  status(1, '2025-03-03T11:00', 'open', 'waiting_client'),
  status(1, '2025-03-04T11:00', 'waiting_client', 'open'),
  moved(1, '2025-03-04T12:00', 'analysis', 'planning'),
  moved(1, '2025-03-04T13:00', 'planning', 'production'),
  created(2, '2025-03-04T16:00', 'email', LOJA),
  kind(2, '2025-03-04T16:00', 'banner'),
  priority(2, '2025-03-04T16:00', 'high'),
  due(2, '2025-03-04T16:30', '2025-03-06'),
  handoff(1, '2025-03-05T09:00'),
  moved(2, '2025-03-05T10:00', 'triage', 'analysis'),
  status(1, '2025-03-05T10:00', 'open', 'done'),
  moved(2, '2025-03-05T11:00', 'analysis', 'planning'),
  moved(2, '2025-03-05T12:00', 'planning', 'production'),
  created(7, '2025-03-07T09:00', 'whatsapp', LOJA),
  kind(7, '2025-03-07T09:00', 'site'),
  status(7, '2025-03-07T12:00', 'open', 'done'),
  handoff(2, '2025-03-07T16:00'),
  created(3, '2025-03-10T09:00', 'phone', PADARIA),
  status(7, '2025-03-10T09:00', 'done', 'open'),
  moved(3, '2025-03-10T09:30', 'triage', 'analysis'),
  status(2, '2025-03-10T10:00', 'open', 'done'),
  status(3, '2025-03-10T10:00', 'open', 'done'),
  created(4, '2025-03-11T09:00', 'portal', LOJA),
  kind(4, '2025-03-11T09:00', 'banner'),
  due(4, '2025-03-11T09:05', '2025-03-12'),
  created(5, '2025-03-12T09:00', 'email', null),
  status(5, '2025-03-12T10:00', 'open', 'cancelled'),
  created(8, '2025-03-14T11:30', 'email', PADARIA),
  kind(8, '2025-03-14T11:30', 'banner'),
];

const firstResponses = new Map<TicketId, number>([
  [tid(6), Date.parse('2025-02-27T09:10:00Z')],
  [tid(1), Date.parse('2025-03-03T09:30:00Z')],
  [tid(2), Date.parse('2025-03-05T09:45:00Z')],
]);

function input(overrides: Partial<FlowMetricsInput> = {}): FlowMetricsInput {
  return {
    flows: ticketFlows(history),
    period: periodInstants('UTC', { from: '2025-03-03', to: '2025-03-16' }),
    now: Date.parse('2025-03-14T12:00:00Z'),
    calendar,
    kinds: new Map([['banner', banner]]),
    managers: new Map([
      [PADARIA, ANA],
      [LOJA, BIA],
    ]),
    firstResponses,
    satisfaction: [
      { ticketId: tid(1), rating: 5, answeredAt: Date.parse('2025-03-05T12:00:00Z') },
      { ticketId: tid(2), rating: 2, answeredAt: Date.parse('2025-03-10T12:00:00Z') },
      // After the period: left out.
      { ticketId: tid(3), rating: 4, answeredAt: Date.parse('2025-03-20T12:00:00Z') },
      // About a ticket not in view: left out.
      { ticketId: 'TicketUnknown001' as TicketId, rating: 1, answeredAt: Date.parse('2025-03-05T12:00:00Z') },
    ],
    ...overrides,
  };
}

describe('ticketFlows', () => {
  it('follows each ticket through its stages and statuses, and knows what it is now', () => {
    const flows = new Map(ticketFlows(history).map((f) => [f.ticketId, f]));
    expect(flows.size).toBe(8);
    const t1 = flows.get(tid(1));
    expect(t1?.stages.map((s) => s.value)).toEqual(['triage', 'analysis', 'planning', 'production', 'delivery']);
    expect(t1?.statuses.map((s) => s.value)).toEqual(['open', 'waiting_client', 'open', 'done']);
    expect(t1?.doneAt).toBe(Date.parse('2025-03-05T10:00:00Z'));
    const t2 = flows.get(tid(2));
    expect([t2?.kind, t2?.priority, t2?.dueDate, t2?.clientId]).toEqual(['banner', 'high', '2025-03-06', LOJA]);
    // Reopened: not done, not closed.
    expect([flows.get(tid(7))?.doneAt, flows.get(tid(7))?.closedAt]).toEqual([null, null]);
    expect(flows.get(tid(5))?.closedAt).toBe(Date.parse('2025-03-12T10:00:00Z'));
    expect(flows.get(tid(5))?.doneAt).toBeNull();
  });

  it('leaves out a ticket whose history does not start with its opening', () => {
    const orphan = moved(99, '2025-03-05T10:00', 'triage', 'analysis');
    expect(ticketFlows([orphan, ...history]).some((f) => f.ticketId === tid(99))).toBe(false);
  });
});

describe('flowMetrics on the hand-computed history', () => {
  const m = flowMetrics(input());

  it('counts what was opened, delivered, cancelled and is still open', () => {
    // Opened in the period: T1, T2, T3, T4, T5, T7, T8 (T6 before it). Delivered: T1, T2, T3 (T7 was reopened).
    expect(m.totals).toEqual({ created: 7, delivered: 3, cancelled: 1, openAtEnd: 4, waitingClientAtEnd: 1 });
  });

  it('gives the throughput per ISO week', () => {
    expect(m.throughput).toEqual([
      { weekStart: '2025-03-03', created: 3, delivered: 1 }, // T1, T2, T7 opened; T1 delivered
      { weekStart: '2025-03-10', created: 4, delivered: 2 }, // T3, T4, T5, T8 opened; T2, T3 delivered
    ]);
  });

  it('averages the calendar time delivered tickets spent in each stage and waiting on the client', () => {
    // T1: triage 1 h, analysis 26 h (Mon 10:00 → Tue 12:00), planning 1 h, production 20 h, delivery 1 h = 49 h.
    // T2: triage 18 h, analysis 1 h, planning 1 h, production 52 h (Wed 12:00 → Fri 16:00), delivery 66 h = 138 h.
    // T3: triage 0.5 h, analysis 0.5 h = 1 h.
    expect(m.stageTime).toEqual([
      { stage: 'triage', averageMs: (19.5 * H) / 3 },
      { stage: 'analysis', averageMs: (27.5 * H) / 3 },
      { stage: 'planning', averageMs: (2 * H) / 3 },
      { stage: 'production', averageMs: (72 * H) / 3 },
      { stage: 'delivery', averageMs: (67 * H) / 3 },
    ]);
    expect(m.stageTime.reduce((sum, s) => sum + s.averageMs, 0)).toBe(m.leadTime.averageMs);
    expect(m.leadTime).toEqual({ averageMs: Math.round((188 * H) / 3), medianMs: 49 * H });
    // Only T1 waited: 24 h (Mon 11:00 → Tue 11:00), averaged over the three deliveries.
    expect(m.waitingClient).toEqual({ averageMs: 8 * H, ticketsThatWaited: 1 });
  });

  it('measures first response and resolution in business time against the kind and priority targets', () => {
    // First response: T1 30 min (met); T2 high, Tue 16–17 + Wed 09:00–09:45 = 105 min > 30 (breached);
    // T4 unanswered for Tue–Thu 24 h + Fri 3 h = 27 h > 60 min (breached); T5 closed unanswered and
    // T8 (30 min so far) are not counted.
    expect(m.sla.firstResponse).toEqual({ met: 1, breached: 2, medianMs: 67.5 * MIN });
    // Resolution: T1 Mon 2 h + Tue 11–17 6 h + Wed 1 h = 9 h (the day waiting paused it) ≤ 16 h;
    // T2 1 + 8 + 8 + 8 + 1 = 26 h > 8 h (high); T3 1 h ≤ default 40 h; T4 open 27 h > 16 h.
    // T7: Fri 3 h, paused while done, Mon–Thu 32 h + Fri 3 h = 38 h < 40 h: not breached.
    expect(m.sla.resolution).toEqual({ met: 2, breached: 2, medianMs: 9 * H });
    // Promised: T2 due Thu 17:00, delivered Mon 10:00; T4 due Wed 17:00, still open.
    expect(m.sla.promised).toEqual({ met: 0, breached: 2, medianMs: null });
  });

  it('lists each broken target, worst first', () => {
    expect(m.breachCount).toBe(6);
    expect(m.breaches.map((b) => [b.number, b.target, b.tookMs, b.targetMs, b.at])).toEqual([
      [2, 'promised', 89 * H, 0, '2025-03-10T10:00:00.000Z'], // Thu 17:00 → Mon 10:00
      [4, 'promised', 43 * H, 0, null], // Wed 17:00 → Fri 12:00
      [4, 'first_response', 27 * H, 60 * MIN, null],
      [2, 'resolution', 26 * H, 480 * MIN, '2025-03-10T10:00:00.000Z'],
      [4, 'resolution', 27 * H, 960 * MIN, null],
      [2, 'first_response', 105 * MIN, 30 * MIN, '2025-03-05T09:45:00.000Z'],
    ]);
    expect(m.breaches.find((b) => b.number === 4)).toMatchObject({ clientId: LOJA, managerId: BIA, kind: 'banner' });
  });

  it('draws the cumulative flow at the end of each day up to today', () => {
    const row = (day: string, counts: Partial<Record<'triage' | 'analysis' | 'planning' | 'production' | 'delivery' | 'done', number>>) => ({
      day,
      triage: 0,
      analysis: 0,
      planning: 0,
      production: 0,
      delivery: 0,
      done: 0,
      ...counts,
    });
    expect(m.cumulativeFlow).toEqual([
      row('2025-03-03', { analysis: 2 }), // T6 waiting in analysis, T1 in analysis
      row('2025-03-04', { triage: 1, analysis: 1, production: 1 }),
      row('2025-03-05', { analysis: 1, production: 1, done: 1 }),
      row('2025-03-06', { analysis: 1, production: 1, done: 1 }),
      row('2025-03-07', { analysis: 1, delivery: 1, done: 2 }), // T2 handed back, T7 done
      row('2025-03-08', { analysis: 1, delivery: 1, done: 2 }),
      row('2025-03-09', { analysis: 1, delivery: 1, done: 2 }),
      row('2025-03-10', { triage: 1, analysis: 1, done: 3 }), // T7 reopened; T2, T3 done
      row('2025-03-11', { triage: 2, analysis: 1, done: 3 }),
      row('2025-03-12', { triage: 2, analysis: 1, done: 3 }), // T5 came and went (cancelled)
      row('2025-03-13', { triage: 2, analysis: 1, done: 3 }),
      row('2025-03-14', { triage: 3, analysis: 1, done: 3 }),
    ]);
  });

  it('breaks the figures down per account manager, client and kind', () => {
    expect(m.breakdown.manager).toEqual([
      {
        key: ANA, // T1, T3, T6, T8
        created: 3,
        delivered: 2,
        openNow: 2,
        resolutionMet: 2,
        resolutionBreached: 0,
        firstResponseMet: 1,
        firstResponseBreached: 0,
        medianResolutionMs: 5 * H, // of 9 h and 1 h
        ratingAverage: 5,
        ratings: 1,
      },
      {
        key: BIA, // T2, T4, T7
        created: 3,
        delivered: 1,
        openNow: 2,
        resolutionMet: 0,
        resolutionBreached: 2,
        firstResponseMet: 0,
        firstResponseBreached: 2,
        medianResolutionMs: 26 * H,
        ratingAverage: 2,
        ratings: 1,
      },
      {
        key: null, // T5
        created: 1,
        delivered: 0,
        openNow: 0,
        resolutionMet: 0,
        resolutionBreached: 0,
        firstResponseMet: 0,
        firstResponseBreached: 0,
        medianResolutionMs: null,
        ratingAverage: null,
        ratings: 0,
      },
    ]);
    expect(m.breakdown.client.map((r) => [r.key, r.created, r.delivered])).toEqual([
      [PADARIA, 3, 2],
      [LOJA, 3, 1],
      [null, 1, 0],
    ]);
    expect(m.breakdown.kind.map((r) => [r.key, r.created, r.delivered])).toEqual([
      ['banner', 4, 2], // T1, T2, T4, T8 opened (T6 before); T1, T2 delivered
      [null, 2, 1], // T3, T5
      ['site', 1, 0], // T7
    ]);
  });

  it('sums up the satisfaction answers given in the period about tickets in view', () => {
    expect(m.satisfaction).toEqual({ answered: 2, average: 3.5, distribution: [0, 1, 0, 0, 1] });
  });
});

describe('flowMetrics filters', () => {
  it('narrows every figure to one account manager', () => {
    const m = flowMetrics(input({ filter: { managerId: BIA } }));
    expect(m.totals).toEqual({ created: 3, delivered: 1, cancelled: 0, openAtEnd: 2, waitingClientAtEnd: 0 });
    expect(m.sla.firstResponse.breached).toBe(2);
    expect(m.satisfaction).toEqual({ answered: 1, average: 2, distribution: [0, 1, 0, 0, 0] });
  });

  it('narrows to a kind, to a client, to tickets without a client, and to one board', () => {
    expect(flowMetrics(input({ filter: { kind: 'banner' } })).totals).toMatchObject({ created: 4, delivered: 2 });
    expect(flowMetrics(input({ filter: { clientId: PADARIA } })).totals).toMatchObject({ created: 3, delivered: 2, openAtEnd: 2 });
    expect(flowMetrics(input({ filter: { clientId: null } })).totals).toMatchObject({ created: 1, cancelled: 1 });
    const elsewhere = [...history, created(9, '2025-03-12T09:00', 'phone', PADARIA, OTHER_BOARD)];
    const m = flowMetrics(input({ flows: ticketFlows(elsewhere), filter: { boardId: OTHER_BOARD } }));
    expect(m.totals).toMatchObject({ created: 1, delivered: 0, openAtEnd: 1 });
  });

  it('counts a past period without today: no open breaches, the whole cumulative flow', () => {
    const m = flowMetrics(input({ period: periodInstants('UTC', { from: '2025-03-03', to: '2025-03-09' }) }));
    expect(m.totals).toMatchObject({ created: 3, delivered: 1 });
    // T2 is delivered after this period: its breaches belong to the next one; T4 did not exist yet.
    expect(m.breachCount).toBe(1); // T2's late first response (Wed)
    expect(m.cumulativeFlow).toHaveLength(7);
    // Open at the period's end (Sun 24:00): T2 (delivery), T6 (waiting); T7 was done then.
    expect(m.totals).toMatchObject({ openAtEnd: 2, waitingClientAtEnd: 1 });
  });

  it('takes the default targets for a ticket without a kind', () => {
    expect(DEFAULT_SLA.resolution.normal).toBe(2400);
  });
});

describe('reportPeriodSchema', () => {
  it('refuses a period that ends before it starts, or is longer than a year', () => {
    expect(reportPeriodSchema.safeParse({ from: '2025-03-10', to: '2025-03-09' }).success).toBe(false);
    expect(reportPeriodSchema.safeParse({ from: '2024-01-01', to: '2025-01-01' }).success).toBe(false);
    expect(reportPeriodSchema.safeParse({ from: '2024-01-01', to: '2024-12-31' }).success).toBe(true);
    expect(reportPeriodSchema.safeParse({ from: '2025-02-30', to: '2025-03-01' }).success).toBe(false);
  });

  it('cuts days at the zone’s midnights', () => {
    const p = periodInstants('America/Sao_Paulo', { from: '2025-03-03', to: '2025-03-04' });
    expect(p.boundaries.map((b) => new Date(b).toISOString())).toEqual([
      '2025-03-03T03:00:00.000Z',
      '2025-03-04T03:00:00.000Z',
      '2025-03-05T03:00:00.000Z',
    ]);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(3);
  });
});

describe('TicketFlowBook', () => {
  it('gives the same flows fed in pieces as at once, and earlier snapshots do not change', () => {
    const book = new TicketFlowBook();
    book.add(history.slice(0, 10));
    const early = book.flows();
    const earlyT1 = JSON.stringify(early.find((f) => f.ticketId === tid(1)));
    book.add(history.slice(10));
    expect(book.flows()).toEqual(ticketFlows(history));
    expect(JSON.stringify(early.find((f) => f.ticketId === tid(1)))).toBe(earlyT1);
    expect(book.flows()).toBe(book.flows());
  });
});
