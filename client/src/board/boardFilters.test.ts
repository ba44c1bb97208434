import type { Ticket } from '@fluxo/shared/board/index';
import { readTicket } from '@fluxo/shared/board/index';
import type { ClientId, UserId } from '@fluxo/shared/ids';
import { ANA, PAULO, newDoc, open, tid } from '@fluxo/shared/board/testing/fixtures';
import { setStatus, setTicketNumber } from '@fluxo/shared/board/index';
import { serverOrigin } from '@fluxo/shared/origin';
import { describe, expect, it } from 'vitest';
import { filterParams, isFiltering, NO_FILTERS, readFilters, sameFilters, ticketMatcher } from './boardFilters';

const ACME = 'AcmeCliente00001' as ClientId;
const BETA = 'BetaCliente00001' as ClientId;
const names: Record<string, string> = { [ACME]: 'Ação Digital', [BETA]: 'Beta Lançamentos' };

function tickets(): Ticket[] {
  const doc = newDoc();
  open(doc, 1, { title: 'Banner da campanha de desconto', clientId: ACME, assignees: [ANA] });
  open(doc, 2, { title: 'Landing page do produto', clientId: BETA, assignees: [PAULO], priority: 'urgent' });
  open(doc, 3, { title: 'Arquivo da logomarca 2024', clientId: null });
  setStatus(doc, { ticketId: tid(2), status: 'waiting_client' }, serverOrigin('seed'));
  setTicketNumber(doc, { ticketId: tid(1), number: 101 }, serverOrigin('witness'));
  setTicketNumber(doc, { ticketId: tid(2), number: 2024 }, serverOrigin('witness'));
  return [1, 2, 3].map((n) => readTicket(doc, tid(n))).filter((t): t is Ticket => t !== null);
}

function titles(params: Record<string, string>, me: UserId = ANA): string[] {
  const match = ticketMatcher(readFilters(params), { me, clientName: (id) => names[id] });
  return tickets().filter(match).map((t) => t.title);
}

describe('board filters', () => {
  it('reads the URL, ignoring what does not parse', () => {
    expect(readFilters({})).toEqual(NO_FILTERS);
    expect(readFilters({ client: 'nope', status: 'lost', assignee: '../x', mine: 'yes', prazo: 'late', ordem: 'x', prioridade: 'max' })).toEqual(NO_FILTERS);
    expect(
      readFilters({ client: ACME, status: 'done', assignee: PAULO, mine: '1', q: ['#12', 'x'], prazo: 'overdue', ordem: 'prazo', prioridade: 'high' }),
    ).toEqual({
      client: ACME,
      status: 'done',
      assignee: PAULO,
      mine: true,
      text: '#12',
      deadline: 'overdue',
      priority: 'high',
      sortByDeadline: true,
    });
    expect(isFiltering(readFilters({ ordem: 'prazo' }))).toBe(false);
    expect(isFiltering(readFilters({ prazo: 'at_risk' }))).toBe(true);
    expect(isFiltering(readFilters({ q: '   ' }))).toBe(false);
  });

  it('filters by deadline state, as the board computes it', () => {
    const states: Record<string, 'on_track' | 'at_risk' | 'overdue' | null> = {};
    for (const [i, t] of tickets().entries()) states[t.id] = i === 0 ? 'overdue' : i === 1 ? 'at_risk' : null;
    const match = (prazo: string) =>
      tickets()
        .filter(ticketMatcher(readFilters({ prazo }), { me: ANA, clientName: (id) => names[id], deadlineState: (id) => states[id] ?? null }))
        .map((t) => t.title);
    expect(match('overdue')).toEqual([tickets()[0]?.title]);
    expect(match('at_risk')).toEqual([tickets()[1]?.title]);
    expect(match('on_track')).toEqual([]);
  });

  it('filters by priority (a ticket never given one is normal)', () => {
    expect(titles({ prioridade: 'urgent' })).toEqual(['Landing page do produto']);
    expect(titles({ prioridade: 'normal' })).toEqual(['Banner da campanha de desconto', 'Arquivo da logomarca 2024']);
    expect(titles({ prioridade: 'low' })).toEqual([]);
    expect(isFiltering(readFilters({ prioridade: 'low' }))).toBe(true);
    // The board re-filters when any filter changes, priority included.
    expect(sameFilters(readFilters({ prioridade: 'low' }), NO_FILTERS)).toBe(false);
    expect(sameFilters(readFilters({ prioridade: 'low', q: 'x' }), readFilters({ q: 'x', prioridade: 'low' }))).toBe(true);
    expect(filterParams({ priority: 'high' })).toEqual({ prioridade: 'high' });
    expect(filterParams({ priority: null })).toEqual({ prioridade: undefined });
  });

  it('writes only the parameters that change, removing emptied ones', () => {
    expect(filterParams({ deadline: 'at_risk', sortByDeadline: true })).toEqual({ prazo: 'at_risk', ordem: 'prazo' });
    expect(filterParams({ deadline: null, sortByDeadline: false })).toEqual({ prazo: undefined, ordem: undefined });
    expect(filterParams({ status: 'open' })).toEqual({ status: 'open' });
    expect(filterParams({ mine: false, text: '', client: null })).toEqual({ mine: undefined, q: undefined, client: undefined });
  });

  it('filters by client, assignee, status and "mine"', () => {
    expect(titles({ client: ACME })).toEqual(['Banner da campanha de desconto']);
    expect(titles({ assignee: PAULO })).toEqual(['Landing page do produto']);
    expect(titles({ status: 'waiting_client' })).toEqual(['Landing page do produto']);
    expect(titles({ mine: '1' })).toEqual(['Banner da campanha de desconto']);
    expect(titles({ mine: '1' }, PAULO)).toEqual(['Landing page do produto']);
  });

  it('finds text in titles and client names regardless of case and accents, and #numbers exactly', () => {
    expect(titles({ q: 'LANDING' })).toEqual(['Landing page do produto']);
    expect(titles({ q: 'acao' })).toEqual(['Banner da campanha de desconto']);
    expect(titles({ q: 'lancamentos' })).toEqual(['Landing page do produto']);
    expect(titles({ q: '#101' })).toEqual(['Banner da campanha de desconto']);
    expect(titles({ q: '#10' })).toEqual([]);
    // Plain digits: the number, and titles containing them.
    expect(titles({ q: '2024' })).toEqual(['Landing page do produto', 'Arquivo da logomarca 2024']);
  });
});
