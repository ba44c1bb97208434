import { createTicket } from '@fluxo/shared/board/index';
import type { Deadline } from '@fluxo/shared/deadlines/ticketDeadlines';
import type { BoardId, TicketId, UserId } from '@fluxo/shared/ids';
import { serverOrigin } from '@fluxo/shared/origin';
import { screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { createLocalServer } from './testing/localServer';
import { renderBoard } from './testing/renderBoard';

const BOARD = 'BoardPrazos00001' as BoardId;
const ANA_ID = 'AnaAtendimento01' as UserId;
const T = { late: 'TicketAtrasado01' as TicketId, risky: 'TicketEmRisco001' as TicketId, fine: 'TicketNoPrazo001' as TicketId, none: 'TicketSemPrazo01' as TicketId };
const ana = { id: ANA_ID, name: 'Ana Souza', email: 'ana@demo.fluxo', role: 'atendimento', locale: null };
const summary = { id: BOARD, name: 'Agência Demo', members: [{ id: ANA_ID, name: 'Ana Souza', role: 'atendimento' }], clients: [], wipLimits: {} };
const LOADING = { timeout: 5_000 };
const HOUR = 3_600_000;

/** A running deadline breaking `hours` from now, at risk from `warnHours` before. */
function deadline(target: Deadline['target'], hours: number, warnHours = 1): Deadline {
  const now = Date.now();
  return {
    target,
    budgetMs: 8 * HOUR,
    remainingMs: Math.round(hours * HOUR),
    warningMs: warnHours * HOUR,
    dueAt: new Date(now + hours * HOUR).toISOString(),
    warnAt: new Date(now + (hours - warnHours) * HOUR).toISOString(),
  };
}

function openBoard(path = `/boards/${BOARD}`) {
  const sync = createLocalServer();
  const seed = serverOrigin('seed');
  // In board order: fine, none, risky, late — sorting by deadline must turn it around.
  createTicket(sync.doc, { id: T.fine, title: 'Post de lançamento', channel: 'phone' }, seed);
  createTicket(sync.doc, { id: T.none, title: 'Arquivo da logomarca', channel: 'phone' }, seed);
  createTicket(sync.doc, { id: T.risky, title: 'Banner da campanha', channel: 'email' }, seed);
  createTicket(sync.doc, { id: T.late, title: 'Landing page', channel: 'email', priority: 'urgent' }, seed);
  return renderBoard({
    path,
    sync,
    languages: ['pt-BR'],
    handlers: {
      'auth.me': () => ana,
      'boards.get': () => summary,
      'tickets.attention': () => [],
      'deadlines.board': () => ({
        computedAt: new Date().toISOString(),
        tickets: [
          { ticketId: T.late, paused: false, deadlines: [deadline('first_response', -0.5), deadline('resolution', 30)] },
          { ticketId: T.risky, paused: false, deadlines: [deadline('resolution', 0.5)] },
          { ticketId: T.fine, paused: true, deadlines: [{ ...deadline('resolution', 20), dueAt: null, warnAt: null }] },
        ],
      }),
    },
  });
}

const titlesIn = (stage: string) =>
  within(screen.getByRole('region', { name: stage }))
    .queryAllByRole('article')
    .map((a) => a.getAttribute('aria-label'));

describe('deadlines on the board', () => {
  it('each card carries its state — Atrasado, Em risco, No prazo — and says which deadline', async () => {
    openBoard();
    const late = await screen.findByRole('article', { name: 'Landing page' }, LOADING);
    await waitFor(() => expect(within(late).getByText('Atrasado')).toBeTruthy());
    expect(within(late).getByText('Atrasado').getAttribute('title')).toMatch(/^Primeira resposta: venceu /);
    expect(within(screen.getByRole('article', { name: 'Banner da campanha' })).getByText('Em risco')).toBeTruthy();
    const fine = within(screen.getByRole('article', { name: 'Post de lançamento' })).getByText('No prazo');
    expect(fine.getAttribute('title')).toContain('Relógio pausado: aguardando o cliente');
    expect(within(screen.getByRole('article', { name: 'Arquivo da logomarca' })).queryByText(/prazo|risco|Atrasado/)).toBeNull();
  });

  it('filters by state and sorts each column worst first, from the URL', async () => {
    const view = openBoard(`/boards/${BOARD}?prazo=at_risk`);
    await waitFor(() => expect(titlesIn('Triagem')).toEqual(['Banner da campanha']), LOADING);
    view.history.set({ value: `/boards/${BOARD}?ordem=prazo`, replace: true });
    await waitFor(() =>
      expect(titlesIn('Triagem')).toEqual(['Landing page', 'Banner da campanha', 'Post de lançamento', 'Arquivo da logomarca']),
    );
    await view.user.selectOptions(screen.getByLabelText('Prazo'), 'overdue');
    await waitFor(() => expect(titlesIn('Triagem')).toEqual(['Landing page']));
    expect(view.history.get()).toContain('prazo=overdue');
  });

  it('an urgent card says so, a normal one does not; the board filters by priority', async () => {
    const view = openBoard();
    const urgent = await screen.findByRole('article', { name: 'Landing page' }, LOADING);
    expect(within(urgent).getByText('Urgente').getAttribute('title')).toBe('Prioridade Urgente');
    expect(within(screen.getByRole('article', { name: 'Banner da campanha' })).queryByText(/Urgente|Alta|Normal/)).toBeNull();
    await view.user.selectOptions(screen.getByRole('combobox', { name: 'Prioridade' }), 'urgent');
    await waitFor(() => expect(titlesIn('Triagem')).toEqual(['Landing page']));
    expect(view.history.get()).toContain('prioridade=urgent');
  });
});
