/**
 * `reports.dashboard` over the router: who may see it, what it refuses, and that its figures are
 * the history's (a board written here entry by entry).
 */
import { newBoardId, newTicketId, type BoardId, type TicketId } from '@fluxo/shared/ids';
import type { HistoryEntry } from '@fluxo/shared/history/historyEntry';
import { newHistoryEntryId } from '@fluxo/shared/history/historyEntry';
import { newSurveyId } from '@fluxo/shared/satisfaction/satisfaction';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/testApp.js';

function entry(boardId: BoardId, ticketId: TicketId, number: number, at: string, fact: Record<string, unknown>): HistoryEntry {
  return { id: newHistoryEntryId(), boardId, ticketId, ticketNumber: number, at, author: null, ...fact } as HistoryEntry;
}

describe('reports.dashboard', () => {
  it('is for admins and account managers; production staff are refused', async () => {
    const app = await createTestApp();
    const { ana, dora, paulo } = app.demo.users;
    await expect((await app.signedIn(paulo)).reports.dashboard({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(app.anonymous().caller.reports.dashboard({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const forDora = await (await app.signedIn(dora)).reports.dashboard({});
    const forAna = await (await app.signedIn(ana)).reports.dashboard({});
    // Default period: the last 12 weeks up to the agency's today (the test clock: 2025-03-10, São Paulo).
    expect(forDora.period).toEqual({ from: '2024-12-17', to: '2025-03-10' });
    expect(forDora.timeZone).toBe('America/Sao_Paulo');
    expect(forDora.metrics.throughput).toHaveLength(13);
    expect(forDora.names.clients.map((c) => c.name)).toContain(app.demo.clients.padaria.name);
    expect(forAna.metrics.totals).toEqual(forDora.metrics.totals);
  });

  it('refuses a bad period, a board of another agency and a malformed filter, with clear errors', async () => {
    const app = await createTestApp();
    const caller = await app.signedIn(app.demo.users.dora);
    await expect(caller.reports.dashboard({ from: '2025-03-10', to: '2025-03-01' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/ends before it starts/),
    });
    await expect(caller.reports.dashboard({ from: '2023-01-01', to: '2025-03-01' })).rejects.toMatchObject({
      message: expect.stringMatching(/at most 366 days/),
    });
    await expect(caller.reports.dashboard({ from: '2025-03-01' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.reports.dashboard({ boardId: app.rival.board.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.reports.dashboard({ kind: '../etc' } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('counts what the history of a board says, and keeps counting as it grows', async () => {
    const app = await createTestApp();
    const { dora } = app.demo.users;
    const boardId = newBoardId();
    await app.store.boards.create({
      id: boardId,
      agencyId: app.demo.agencyId,
      name: 'Quadro do relatório',
      memberIds: [dora.id],
      createdAt: '2025-03-01T12:00:00.000Z',
    });
    const padaria = app.demo.clients.padaria.id;
    const [t1, t2] = [newTicketId(), newTicketId()];
    await app.store.history.append([
      entry(boardId, t1, 1, '2025-03-03T12:00:00.000Z', { kind: 'created', stage: 'triage', status: 'open', channel: 'phone', clientId: padaria }),
      entry(boardId, t1, 1, '2025-03-03T13:00:00.000Z', { kind: 'moved', from: 'triage', to: 'analysis' }),
      entry(boardId, t1, 1, '2025-03-04T13:00:00.000Z', { kind: 'status_changed', from: 'open', to: 'done' }),
    ]);
    const caller = await app.signedIn(dora);
    const period = { from: '2025-03-03', to: '2025-03-09' };
    const first = await caller.reports.dashboard({ ...period, boardId });
    expect(first.metrics.totals).toEqual({ created: 1, delivered: 1, cancelled: 0, openAtEnd: 0, waitingClientAtEnd: 0 });
    expect(first.metrics.stageTime.find((s) => s.stage === 'analysis')?.averageMs).toBe(24 * 3_600_000);
    expect(first.metrics.breakdown.manager).toMatchObject([{ key: app.demo.clients.padaria.primaryManagerId, delivered: 1 }]);

    await app.store.history.append([
      entry(boardId, t2, 2, '2025-03-05T12:00:00.000Z', { kind: 'created', stage: 'triage', status: 'open', channel: 'phone', clientId: null }),
      entry(boardId, t2, 2, '2025-03-05T12:00:00.000Z', { kind: 'kind_changed', from: null, to: 'banner' }),
    ]);
    const second = await caller.reports.dashboard({ ...period, boardId });
    expect(second.metrics.totals).toMatchObject({ created: 2, delivered: 1, openAtEnd: 1 });
    expect((await caller.reports.dashboard({ ...period, boardId, kind: 'banner' })).metrics.totals.created).toBe(1);
    expect((await caller.reports.dashboard({ ...period, boardId, clientId: 'none' })).metrics.totals.created).toBe(1);
    expect((await caller.reports.dashboard({ ...period, boardId, managerId: 'none' })).metrics.totals.created).toBe(1);

    // The client's answer to the satisfaction survey lands in the dashboard (answered in the period).
    const { survey } = await app.store.satisfaction.ask({
      id: newSurveyId(),
      agencyId: app.demo.agencyId,
      boardId,
      ticketId: t1,
      ticketNumber: 1,
      clientId: padaria,
      token: 'a'.repeat(43),
      askedAt: '2025-03-04T13:00:00.000Z',
    });
    expect((await caller.reports.dashboard({ ...period, boardId })).metrics.satisfaction.answered).toBe(0);
    await app.store.satisfaction.answer(survey.id, { rating: 2, comment: 'Demorou', at: '2025-03-05T10:00:00.000Z' });
    const rated = await caller.reports.dashboard({ ...period, boardId });
    expect(rated.metrics.satisfaction).toEqual({ answered: 1, average: 2, distribution: [0, 1, 0, 0, 0] });
    expect(rated.metrics.breakdown.client).toMatchObject([{ key: padaria, ratingAverage: 2, ratings: 1 }, { key: null }]);
  });

  it('shows an account manager only the boards they may open', async () => {
    const app = await createTestApp();
    const { ana, dora } = app.demo.users;
    const hidden = newBoardId();
    await app.store.boards.create({ id: hidden, agencyId: app.demo.agencyId, name: 'Diretoria', memberIds: [dora.id], createdAt: '2025-03-01T12:00:00.000Z' });
    const t = newTicketId();
    await app.store.history.append([
      entry(hidden, t, 90, '2025-03-05T12:00:00.000Z', { kind: 'created', stage: 'triage', status: 'open', channel: 'phone', clientId: null }),
    ]);
    const forAna = await (await app.signedIn(ana)).reports.dashboard({});
    const forDora = await (await app.signedIn(dora)).reports.dashboard({});
    expect(forDora.metrics.totals.created).toBe(forAna.metrics.totals.created + 1);
    expect(forAna.names.boards.map((b) => b.id)).not.toContain(hidden);
    await expect((await app.signedIn(ana)).reports.dashboard({ boardId: hidden })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
