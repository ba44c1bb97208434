import { SEED_TICKET_KINDS } from '@fluxo/shared/kinds/ticketKind';
import { newHistoryEntryId } from '@fluxo/shared/history/historyEntry';
import type { TicketId } from '@fluxo/shared/ids';
import { beforeEach, describe, expect, it } from 'vitest';
import { addStoredTicket } from '../conversation/testing/storedTickets.js';
import { type TestApp, createTestApp } from '../testing/testApp.js';

// The test app's clock starts at 2025-03-10T12:00Z: Monday 09:00 in São Paulo.
const MINUTE = 60_000;
let app: TestApp;
let ticketId: TicketId;

async function openEmailTicket(title = 'Banner da campanha de desconto'): Promise<TicketId> {
  return addStoredTicket(
    app.store,
    app.demo.boardId,
    {
      title,
      channel: 'email',
      clientId: app.demo.clients.padaria.id,
      kind: 'banner',
      createdAt: app.conversation.now().toISOString(),
    },
    41,
  );
}

async function boardDeadlines() {
  const caller = await app.signedIn(app.demo.users.ana);
  return caller.deadlines.board({ boardId: app.demo.boardId });
}

beforeEach(async () => {
  app = await createTestApp();
  ticketId = await openEmailTicket();
});

describe('deadlines.board', () => {
  it('lists the open tickets’ deadlines: the first response owed to the client and the resolution', async () => {
    const view = await boardDeadlines();
    const mine = view.tickets.find((t) => t.ticketId === ticketId);
    expect(mine?.paused).toBe(false);
    expect(mine?.deadlines.map((d) => d.target)).toEqual(['first_response', 'resolution']);
    // Banner: 2 business hours from Monday 09:00 São Paulo = 11:00 (14:00Z).
    expect(mine?.deadlines[0]?.dueAt).toBe('2025-03-10T14:00:00.000Z');
  });

  it('the targets are the kind’s for the ticket’s priority: an urgent banner owes its answer sooner', async () => {
    const banner = SEED_TICKET_KINDS.find((k) => k.slug === 'banner');
    const urgent = await addStoredTicket(
      app.store,
      app.demo.boardId,
      { title: 'Banner errado no ar', channel: 'email', clientId: app.demo.clients.padaria.id, kind: 'banner', priority: 'urgent', createdAt: app.conversation.now().toISOString() },
      42,
    );
    const view = await boardDeadlines();
    const budgets = (id: TicketId) => view.tickets.find((t) => t.ticketId === id)?.deadlines.map((d) => d.budgetMs);
    expect(budgets(ticketId)).toEqual([(banner?.sla.firstResponse.normal ?? 0) * MINUTE, (banner?.sla.resolution.normal ?? 0) * MINUTE]);
    expect(budgets(urgent)).toEqual([(banner?.sla.firstResponse.urgent ?? 0) * MINUTE, (banner?.sla.resolution.urgent ?? 0) * MINUTE]);
    expect(banner?.sla.resolution.urgent).toBeLessThan(banner?.sla.resolution.normal ?? 0);
  });

  it('a message to the client is the first response: the next answer no longer owes it', async () => {
    expect((await boardDeadlines()).tickets[0]?.deadlines).toHaveLength(2);
    await app.conversation.createComment({
      author: { kind: 'staff', userId: app.demo.users.ana.id },
      boardId: app.demo.boardId,
      ticketId,
      visibility: 'client',
      body: 'Olá! Recebemos o pedido e já estamos cuidando.',
    });
    const after = (await boardDeadlines()).tickets.find((t) => t.ticketId === ticketId);
    expect(after?.deadlines.map((d) => d.target)).toEqual(['resolution']);
  });

  it('waiting on the client pauses the clock (from the recorded history)', async () => {
    const at = new Date(app.conversation.now().getTime() + 30 * MINUTE).toISOString();
    await app.store.history.append([
      {
        id: newHistoryEntryId(),
        boardId: app.demo.boardId,
        ticketId,
        ticketNumber: 41,
        at: app.conversation.now().toISOString(),
        author: null,
        kind: 'created',
        stage: 'triage',
        status: 'open',
        channel: 'email',
        clientId: app.demo.clients.padaria.id,
      },
      {
        id: newHistoryEntryId(),
        boardId: app.demo.boardId,
        ticketId,
        ticketNumber: 41,
        at,
        author: app.demo.users.ana.id,
        kind: 'status_changed',
        from: 'open',
        to: 'waiting_client',
      },
    ]);
    app.conversation.events.boardChanged(app.demo.boardId);
    app.advance(5 * 60 * MINUTE);
    // The document still says open (the status change was only recorded): counted as reopened now.
    const view = (await boardDeadlines()).tickets.find((t) => t.ticketId === ticketId);
    const first = view?.deadlines.find((d) => d.target === 'first_response');
    expect(first?.remainingMs).toBe(90 * MINUTE);
  });

  it('is for staff who can open the board only', async () => {
    await expect(app.anonymous().caller.deadlines.board({ boardId: app.demo.boardId })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const rival = await app.signedIn(app.rival.admin);
    await expect(rival.deadlines.board({ boardId: app.demo.boardId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const ana = await app.signedIn(app.demo.users.ana);
    await expect(ana.deadlines.board({ boardId: 'not a board' as never })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('deadline warnings', () => {
  it('warns the account manager before the first response breaks, and once more when it does — once each', async () => {
    const manager = app.demo.clients.padaria.primaryManagerId;
    const kinds = async () => (await app.store.notifications.listForUser(manager)).map((n) => n.kind);
    expect(await app.conversation.deadlines.sweep()).toBe(0);
    app.advance(95 * MINUTE); // 10:35 São Paulo: 25 minutes left of 2 h → at risk
    expect(await app.conversation.deadlines.sweep()).toBe(1);
    expect(await kinds()).toEqual(['due_soon']);
    expect(await app.conversation.deadlines.sweep()).toBe(0);
    app.advance(30 * MINUTE); // 11:05: broken
    expect(await app.conversation.deadlines.sweep()).toBe(1);
    expect((await kinds()).sort()).toEqual(['due_soon', 'overdue']);
    expect(await app.conversation.deadlines.sweep()).toBe(0);
  });

  it('a deadline broken before anyone was warned gets only the overdue warning', async () => {
    app.advance(3 * 60 * MINUTE);
    expect(await app.conversation.deadlines.sweep()).toBe(1);
    const notes = await app.store.notifications.listForUser(app.demo.clients.padaria.primaryManagerId);
    expect(notes.map((n) => n.kind)).toEqual(['overdue']);
    expect(notes[0]?.actor).toEqual({ kind: 'system' });
  });
});

describe('workspace rules', () => {
  it('an admin changes a kind’s targets and the board’s deadlines follow; others may not', async () => {
    const dora = await app.signedIn(app.demo.users.dora);
    const ana = await app.signedIn(app.demo.users.ana);
    expect(await ana.workspace.kinds()).toEqual(SEED_TICKET_KINDS);
    expect((await boardDeadlines()).tickets[0]?.deadlines[0]?.budgetMs).toBe(120 * MINUTE);

    const kinds = SEED_TICKET_KINDS.map((k) =>
      k.slug === 'banner' ? { ...k, sla: { ...k.sla, firstResponse: { low: 120, normal: 60, high: 30, urgent: 15 } } } : k,
    );
    await expect(ana.workspace.setKinds({ kinds })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await dora.workspace.setKinds({ kinds });
    expect((await boardDeadlines()).tickets[0]?.deadlines[0]?.budgetMs).toBe(60 * MINUTE);

    await expect(dora.workspace.setKinds({ kinds: kinds.filter((k) => k.slug !== 'launch') })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('launch'),
    });
    await expect(dora.workspace.setKinds({ kinds: [...kinds, kinds[0]] as never })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('the calendar: São Paulo by default; an admin moves the agency to Tokyo hours', async () => {
    const dora = await app.signedIn(app.demo.users.dora);
    const calendar = await dora.workspace.calendar();
    expect(calendar.timeZone).toBe('America/Sao_Paulo');
    await dora.workspace.setCalendar({ calendar: { ...calendar, timeZone: 'Asia/Tokyo' } });
    // 12:00Z is Monday 21:00 in Tokyo, after hours: the two business hours run Tuesday 09–11 (00–02Z).
    const first = (await boardDeadlines()).tickets[0]?.deadlines[0];
    expect(first?.dueAt).toBe('2025-03-11T02:00:00.000Z');
    await expect(dora.workspace.setCalendar({ calendar: { ...calendar, timeZone: 'Mars/Olympus' } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
