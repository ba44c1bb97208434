import type { HistoryEntry } from '@fluxo/shared/history/historyEntry';
import type { ClientId, TicketId, UserId } from '@fluxo/shared/ids';
import { flowMetrics } from '@fluxo/shared/reports/flowMetrics';
import { periodInstants } from '@fluxo/shared/reports/reportPeriod';
import { ticketFlows } from '@fluxo/shared/reports/ticketFlow';
import { defaultBusinessCalendar } from '@fluxo/shared/deadlines/businessCalendar';
import { screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import type { AgencyDashboard } from '../data/reports';
import { renderApp } from '../test/renderApp';
import { trpcError } from '../test/fakeServer';
// The route loads the page lazily; loading it (and Chart.js) here keeps that out of the findBy timeouts.
import './DashboardPage';

const dora = { id: 'DoraDiretora0001', name: 'Dora', email: 'dora@demo.fluxo', role: 'admin', locale: null };
const paulo = { id: 'PauloProducao001', name: 'Paulo', email: 'paulo@demo.fluxo', role: 'producao', locale: null };
const ANA = 'AnaAtendimento01' as UserId;
const PADARIA = 'ClientePadaria01' as ClientId;
const BOARD = 'BoardFluxoDemo01';
const emptyCentre = () => ({ items: [], unreadCount: 0, hasMore: false, cursor: '0' });

let n = 0;
function e(ticket: string, number: number, at: string, fact: Record<string, unknown>): HistoryEntry {
  n++;
  return { id: `Hist${String(n).padStart(12, '0')}`, boardId: BOARD, ticketId: ticket as TicketId, ticketNumber: number, at, author: ANA, ...fact } as HistoryEntry;
}

/** Real metrics (the shared code) over a small history: a banner delivered in two days, a logo file still open. */
function dashboard(): AgencyDashboard {
  const history = [
    e('TicketBanner0001', 7, '2025-03-03T12:00:00.000Z', { kind: 'created', stage: 'triage', status: 'open', channel: 'phone', clientId: PADARIA }),
    e('TicketBanner0001', 7, '2025-03-03T12:00:00.000Z', { kind: 'kind_changed', from: null, to: 'banner' }),
    e('TicketBanner0001', 7, '2025-03-04T12:00:00.000Z', { kind: 'moved', from: 'triage', to: 'production' }),
    e('TicketBanner0001', 7, '2025-03-05T12:00:00.000Z', { kind: 'status_changed', from: 'open', to: 'done' }),
    e('TicketLogo000001', 8, '2025-03-04T12:00:00.000Z', { kind: 'created', stage: 'triage', status: 'open', channel: 'email', clientId: PADARIA }),
  ];
  const calendar = defaultBusinessCalendar(new Date('2025-03-10T12:00:00Z'));
  const metrics = flowMetrics({
    flows: ticketFlows(history),
    period: periodInstants(calendar.timeZone, { from: '2025-03-03', to: '2025-03-09' }),
    now: Date.parse('2025-03-10T12:00:00Z'),
    calendar,
    kinds: new Map(),
    managers: new Map([[PADARIA, ANA]]),
    firstResponses: new Map(),
    satisfaction: [{ ticketId: 'TicketBanner0001' as TicketId, rating: 4, answeredAt: Date.parse('2025-03-06T12:00:00Z') }],
  });
  return {
    period: { from: '2025-03-03', to: '2025-03-09' },
    computedAt: '2025-03-10T12:00:00.000Z',
    timeZone: calendar.timeZone,
    names: {
      boards: [{ id: BOARD, name: 'Fluxo de atendimento' }],
      managers: [{ id: ANA, name: 'Ana' }],
      clients: [{ id: PADARIA, name: 'Padaria Pão Quente' }],
      kinds: [{ slug: 'banner', name: 'Banner' }],
    },
    metrics,
  } as unknown as AgencyDashboard;
}

function server(user: typeof dora, answer: (input: unknown) => unknown = () => dashboard()) {
  return {
    'auth.me': () => user,
    'boards.list': () => [],
    'notifications.list': emptyCentre,
    'reports.dashboard': answer,
  };
}

describe('the agency dashboard', () => {
  it('shows the period’s figures, each chart with its data table, and the breakdown per manager', async () => {
    const { user } = renderApp({ path: '/relatorios', handlers: server(dora) });
    expect(await screen.findByRole('heading', { level: 1, name: 'Relatórios da agência' })).toBeInTheDocument();
    const summary = await screen.findByRole('region', { name: 'Resumo do período' });
    const tile = (label: string) => within(summary).getByText(label).nextElementSibling?.textContent;
    expect(tile('Entregues')).toBe('1');
    expect(tile('Abertos')).toBe('2');
    expect(tile('Em aberto')).toBe('1');
    // The logo file arrived by email Tuesday noon and nobody answered: its first response broke.
    expect(tile('Primeira resposta no prazo')).toBe('0%');
    expect(tile('Satisfação')).toBe('4 (1 resposta)');
    // Every chart is there, as a canvas named for assistive technology, with its figures in a table.
    for (const name of ['Vazão por semana', 'Tempo médio em cada etapa', 'SLA: no prazo e estourados', 'Fluxo acumulado', 'Satisfação']) {
      expect(screen.getByRole('img', { name })).toBeInTheDocument();
    }
    const throughput = screen.getByRole('heading', { name: 'Vazão por semana' }).closest('figure') as HTMLElement;
    await user.click(within(throughput).getByText('Ver dados'));
    expect(within(throughput).getByRole('row', { name: '03/03 1 2' })).toBeInTheDocument();
    const stages = screen.getByRole('heading', { name: 'Tempo médio em cada etapa' }).closest('figure') as HTMLElement;
    expect(within(stages).getByRole('row', { name: /^Triagem 24 h/ })).toBeInTheDocument();
    const breakdown = screen.getByRole('region', { name: 'Por atendimento, cliente e tipo' });
    expect(within(breakdown).getByRole('row', { name: /^Ana 2 1 1/ })).toBeInTheDocument();
    await user.click(within(breakdown).getByRole('button', { name: 'Tipo' }));
    expect(within(breakdown).getByRole('row', { name: /^Banner 1 1 0/ })).toBeInTheDocument();
    expect(within(breakdown).getByRole('row', { name: /^Sem tipo 1 0 1/ })).toBeInTheDocument();
    const breaches = screen.getByRole('region', { name: /SLA estourado/ });
    expect(within(breaches).getByRole('link', { name: '#8' })).toHaveAttribute('href', `/boards/${BOARD}?ticket=TicketLogo000001`);
  });

  it('keeps the filters in the address and asks the server for them; the CSV links follow the period', async () => {
    const { user, server: fake, history } = renderApp({ path: '/relatorios?de=2025-03-03&ate=2025-03-09', handlers: server(dora) });
    await screen.findByRole('region', { name: 'Resumo do período' });
    expect(fake.callsTo('reports.dashboard').at(-1)?.input).toEqual({ from: '2025-03-03', to: '2025-03-09' });
    expect(screen.getByRole('link', { name: 'Baixar histórico do período (CSV)' })).toHaveAttribute(
      'href',
      '/export/history.csv?from=2025-03-03&to=2025-03-09',
    );
    await user.selectOptions(screen.getByRole('combobox', { name: 'Cliente' }), 'Padaria Pão Quente');
    await waitFor(() => expect(fake.callsTo('reports.dashboard').at(-1)?.input).toEqual({ from: '2025-03-03', to: '2025-03-09', clientId: PADARIA }));
    expect(history.get()).toContain(`cliente=${PADARIA}`);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Tipo' }), 'Sem tipo');
    await waitFor(() => expect(fake.callsTo('reports.dashboard').at(-1)?.input).toMatchObject({ kind: 'none' }));
  });

  it('leaves out address values that cannot be right instead of sending them', async () => {
    const { server: fake } = renderApp({ path: '/relatorios?de=ontem&ate=2025-03-09&cliente=../x&tipo=Banner!', handlers: server(dora) });
    await screen.findByRole('region', { name: 'Resumo do período' });
    expect(fake.callsTo('reports.dashboard').at(-1)?.input).toEqual({});
  });

  it('says what went wrong with a period the server refuses', async () => {
    renderApp({
      path: '/relatorios?de=2025-03-09&ate=2025-03-01',
      handlers: server(dora, () => {
        throw trpcError('BAD_REQUEST', 'the period ends before it starts');
      }),
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('Período inválido');
  });

  it('offers the reports to admins and account managers only', async () => {
    renderApp({ path: '/boards', handlers: server(dora) });
    expect(await screen.findByRole('link', { name: 'Relatórios' })).toHaveAttribute('href', '/relatorios');
  });

  it('does not offer them to production staff', async () => {
    renderApp({ path: '/boards', handlers: server(paulo) });
    await screen.findByRole('link', { name: 'Ausências' });
    expect(screen.queryByRole('link', { name: 'Relatórios' })).toBeNull();
  });

  it('speaks English and Russian too', async () => {
    renderApp({ path: '/relatorios', handlers: server(dora), languages: ['ru-RU'] });
    expect(await screen.findByRole('heading', { level: 1, name: 'Отчёты агентства' })).toBeInTheDocument();
    expect(await screen.findByRole('img', { name: 'Накопительная диаграмма потока' })).toBeInTheDocument();
  });
});
