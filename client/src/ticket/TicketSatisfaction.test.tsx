import type { BoardId, TicketId } from '@fluxo/shared/ids';
import { render, screen, within } from '@solidjs/testing-library';
import { QueryClient, QueryClientProvider } from '@tanstack/solid-query';
import { describe, expect, it, vi } from 'vitest';
import TrpcProvider from '../data/TrpcProvider';
import LocaleProvider from '../i18n/LocaleProvider';
import { createFakeServer, trpcError } from '../test/fakeServer';
import TicketSatisfaction from './TicketSatisfaction';

const BOARD = 'BoardFluxoDemo01' as BoardId;
const TICKET = 'TicketBanner0001' as TicketId;

function renderSection(handlers: Record<string, (input: unknown) => unknown>, status = 'done') {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['pt-BR']);
  const server = createFakeServer(handlers);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(() => (
    <TrpcProvider client={server.client}>
      <QueryClientProvider client={queryClient}>
        <LocaleProvider>
          <TicketSatisfaction boardId={BOARD} ticketId={TICKET} status={status} />
        </LocaleProvider>
      </QueryClientProvider>
    </TrpcProvider>
  ));
  return server;
}

describe('TicketSatisfaction (the drawer)', () => {
  it("shows the client's rating, a low score marked, and the comment as text", async () => {
    const server = renderSection({
      'satisfaction.forTicket': () => ({
        askedAt: '2025-03-10T12:00:00.000Z',
        answer: { rating: 2, comment: 'Atrasou <img src=x onerror=alert(1)>', answeredAt: '2025-03-11T09:30:00.000Z' },
        low: true,
      }),
    });
    const section = await screen.findByRole('region', { name: 'Satisfação do cliente' });
    expect(within(section).getByText('Nota 2 de 5')).toBeInTheDocument();
    expect(within(section).getByText('Nota baixa')).toBeInTheDocument();
    expect(within(section).getByText('Atrasou <img src=x onerror=alert(1)>')).toBeInTheDocument();
    expect(section.querySelector('img')).toBeNull();
    expect(section.querySelector('time')).toHaveAttribute('datetime', '2025-03-11T09:30:00.000Z');
    expect(server.callsTo('satisfaction.forTicket')[0]?.input).toEqual({ boardId: BOARD, ticketId: TICKET });
  });

  it('says when the client was asked while no answer came; a high score is not marked', async () => {
    renderSection({ 'satisfaction.forTicket': () => ({ askedAt: '2025-03-10T12:00:00.000Z', answer: null, low: false }) });
    const section = await screen.findByRole('region', { name: 'Satisfação do cliente' });
    expect(section).toHaveTextContent(/Pesquisa enviada em .*; ainda sem resposta\./);
    expect(within(section).queryByText('Nota baixa')).toBeNull();
  });

  it('shows nothing for a ticket never asked, and says so when it cannot load', async () => {
    const server = renderSection({ 'satisfaction.forTicket': () => null }, 'open');
    await vi.waitFor(() => expect(server.callsTo('satisfaction.forTicket')).toHaveLength(1));
    expect(screen.queryByRole('region', { name: 'Satisfação do cliente' })).toBeNull();
    document.body.innerHTML = '';
    renderSection({
      'satisfaction.forTicket': () => {
        throw trpcError('INTERNAL_SERVER_ERROR', 'boom');
      },
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('Não foi possível carregar a avaliação.');
  });
});
