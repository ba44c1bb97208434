import type { BoardId, UserId } from '@fluxo/shared/ids';
import { render, screen, waitFor, within } from '@solidjs/testing-library';
import { QueryClient, QueryClientProvider } from '@tanstack/solid-query';
import { describe, expect, it, vi } from 'vitest';
import type { AbsenceItem, AbsenceList } from '../data/absences';
import TrpcProvider from '../data/TrpcProvider';
import LocaleProvider from '../i18n/LocaleProvider';
import { createFakeServer, trpcError } from '../test/fakeServer';
import CoverageNotice from './CoverageNotice';

const BOARD = 'BoardFluxoDemo01' as BoardId;
const ana = { id: 'AnaAtendimento01' as UserId, name: 'Ana' };
const dora = { id: 'DoraDiretora0001' as UserId, name: 'Dora' };
const beatriz = { id: 'BeatrizAtend0001' as UserId, name: 'Beatriz' };
const caio = { id: 'CaioAtendimento1' as UserId, name: 'Caio' };

function absence(fields: Partial<AbsenceItem> & Pick<AbsenceItem, 'user' | 'from' | 'to'>): AbsenceItem {
  return {
    id: `Absence${fields.user.name}`.padEnd(16, '0').slice(0, 16),
    note: '',
    createdBy: fields.user.id,
    createdAt: '2025-11-01T12:00:00.000Z',
    current: true,
    coverage: [],
    ...fields,
  } as AbsenceItem;
}

function renderNotice(answer: () => AbsenceList, languages = ['pt-BR']) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(languages);
  const server = createFakeServer({ 'absences.list': () => answer() });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(() => (
    <TrpcProvider client={server.client}>
      <QueryClientProvider client={queryClient}>
        <LocaleProvider>
          <header>
            <h1>Fluxo de atendimento</h1>
            <CoverageNotice boardId={BOARD} />
          </header>
        </LocaleProvider>
      </QueryClientProvider>
    </TrpcProvider>
  ));
  return server;
}

const beatrizAway = absence({
  user: beatriz,
  from: '2025-11-20',
  to: '2025-11-27',
  note: 'Férias',
  coverage: [{ clientId: 'ClientEstudio001', clientName: 'Estúdio Lótus Yoga', role: 'primary', coveredBy: [ana] }],
} as AbsenceItem);

describe('CoverageNotice', () => {
  it("says who is away until when and who covers their clients, for this board", async () => {
    const server = renderNotice(() => ({ today: '2025-11-24', absences: [beatrizAway] }));
    const notice = await screen.findByRole('region', { name: 'Ausências e quem cobre' });
    expect(within(notice).getByRole('listitem')).toHaveTextContent('Beatriz está ausente até 27/11 — Ana cobre Estúdio Lótus Yoga.');
    expect(server.callsTo('absences.list')[0]?.input).toEqual({ boardId: BOARD });
    // The note is staff's business, not the board's.
    expect(notice).not.toHaveTextContent('Férias');
  });

  it('groups clients by who covers them, and says when nobody present can', async () => {
    const anaAway = absence({
      user: ana,
      from: '2025-11-24',
      to: '2025-12-02',
      coverage: [
        { clientId: 'ClientPadaria001', clientName: 'Padaria Pão Dourado', role: 'primary', coveredBy: [dora] },
        { clientId: 'ClientClinica001', clientName: 'Clínica Sorriso', role: 'primary', coveredBy: [dora] },
        { clientId: 'ClientLoja000001', clientName: 'Loja Verde Moda', role: 'backup', coveredBy: [dora, caio] },
        { clientId: 'ClientEstudio001', clientName: 'Estúdio Lótus Yoga', role: 'backup', coveredBy: [] },
      ],
    } as AbsenceItem);
    renderNotice(() => ({ today: '2025-11-24', absences: [anaAway, absence({ user: caio, from: '2025-11-24', to: '2025-11-24' })] }));
    const items = await within(await screen.findByRole('region', { name: 'Ausências e quem cobre' })).findAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      'Ana está ausente até 02/12 — Dora cobre Padaria Pão Dourado e Clínica Sorriso — Dora e Caio cobrem Loja Verde Moda — ninguém presente cobre Estúdio Lótus Yoga.',
      'Caio está ausente até 24/11.',
    ]);
  });

  it('speaks English and Russian too', async () => {
    renderNotice(() => ({ today: '2025-11-24', absences: [beatrizAway] }), ['en']);
    expect(await screen.findByText('Beatriz is away until 11/27 — Ana covers Estúdio Lótus Yoga.')).toBeInTheDocument();
  });

  it('…in Russian', async () => {
    renderNotice(() => ({ today: '2025-11-24', absences: [beatrizAway] }), ['ru']);
    expect(await screen.findByText('Beatriz отсутствует до 27.11 — Ana замещает по клиентам: Estúdio Lótus Yoga.')).toBeInTheDocument();
  });

  it('shows nothing for absences still to come, or nobody away', async () => {
    const server = renderNotice(() => ({ today: '2025-11-24', absences: [{ ...beatrizAway, current: false, from: '2025-11-25' }] }));
    await waitFor(() => expect(server.callsTo('absences.list')).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.queryByRole('region')).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Fluxo de atendimento' })).toBeInTheDocument();
  });

  it('shows nothing when the list cannot be read', async () => {
    const server = renderNotice(() => {
      throw trpcError('NOT_FOUND', 'board');
    });
    await waitFor(() => expect(server.callsTo('absences.list')).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.queryByRole('region')).not.toBeInTheDocument();
  });
});
