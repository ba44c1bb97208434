/**
 * The report on the client timeline (issue 8): opened by its address (the emailed link), it asks
 * `share.report` for the days the address names (`ate` included → `to` exclusive), shows the
 * four sections in the client's words with overdue flagged, prints with `window.print()`, and
 * shows nothing of an answer that carries more than the report's named fields (a staff canary).
 */
import type { ClientReport } from '@fluxo/shared/reports/clientReport';
import { render, screen, waitFor } from '@solidjs/testing-library';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nContext, createI18n } from '../i18n/locale';
import { createFakeServer } from '../test/fakeServer';
import ClientReportView from './ClientReportView';

const TOKEN = 'T'.repeat(43);

function report(fields: Partial<ClientReport> = {}): ClientReport {
  return {
    agencyName: 'Agência Ponto Criativo',
    client: { id: 'ClientPadaria001' as ClientReport['client']['id'], name: 'Padaria Pão Dourado' },
    period: { from: '2025-05-05', to: '2025-05-12' },
    today: '2025-05-14',
    timeZone: 'America/Sao_Paulo',
    generatedAt: '2025-05-14T15:00:00.000Z',
    delivered: [{ ticketId: 'TicketCardapio01' as ClientReport['delivered'][number]['ticketId'], number: 12, title: 'Cardápio novo', deliveredAt: '2025-05-09T18:00:00.000Z' }],
    inProgress: [{ ticketId: 'TicketBanner0001' as ClientReport['delivered'][number]['ticketId'], number: 7, title: 'Banner da campanha', stage: 'production', status: 'open', dueDate: '2025-05-13', overdue: true }],
    waitingOnClient: [],
    pendingApprovals: [],
    ...fields,
  };
}

function renderAt(search: string, answer: () => unknown) {
  window.history.replaceState(null, '', `/share/${TOKEN}${search}`);
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['pt-BR']);
  const server = createFakeServer({ 'share.report': answer });
  render(() => (
    <I18nContext.Provider value={createI18n()}>
      <ClientReportView client={server.client} token={TOKEN} />
    </I18nContext.Provider>
  ));
  return server;
}

afterEach(() => {
  window.history.replaceState(null, '', '/');
  vi.restoreAllMocks();
});

describe('ClientReportView', () => {
  it('is a link to the report page until opened, and asks nothing then', () => {
    const server = renderAt('', () => report());
    expect(screen.getByRole('link', { name: 'Relatório' })).toHaveAttribute('href', '?relatorio=1');
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(server.callsTo('share.report')).toEqual([]);
  });

  it('shows the period the address names, each section, overdue flagged, and prints', async () => {
    const server = renderAt('?relatorio=1&de=2025-05-05&ate=2025-05-11', () => report());
    expect(await screen.findByText(/#12 Cardápio novo/)).toBeInTheDocument();
    expect(server.callsTo('share.report')[0]?.input).toEqual({ token: TOKEN, from: '2025-05-05', to: '2025-05-12' });
    expect(screen.getByText(/#7 Banner da campanha/).textContent).toContain('Em produção');
    expect(screen.getByText('Atrasado')).toBeInTheDocument();
    expect(screen.getByText('Nada aguarda vocês.')).toBeInTheDocument();
    expect(screen.getByText('Nenhuma aprovação pendente.')).toBeInTheDocument();
    expect(document.body.classList.contains('share-report-open')).toBe(true);
    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Imprimir' }));
    expect(print).toHaveBeenCalledOnce();
  });

  it('shows nothing of an answer with a field the report does not name', async () => {
    renderAt('?relatorio=1', () => ({ ...report(), description: 'CANARY-description', inProgress: [{ ...report().inProgress[0], priority: 'CANARY-priority' }] }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Não foi possível carregar o relatório.'));
    expect(document.body.textContent).not.toMatch(/CANARY|Banner da campanha/);
  });
});
