/**
 * "Como foi a entrega?" on the timeline link (issue 8): the page asks `share.surveys` once it
 * shows a delivered ticket, mounts the form under that ticket only, and answers with `share.rate`
 * (respond links); a watch-only link shows the answer without a form.
 */
import type { ShareTicket, ShareTimeline } from '@fluxo/shared/share/timeline';
import { render, screen, waitFor, within } from '@solidjs/testing-library';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { I18nContext, createI18n } from '../i18n/locale';
import { type FakeSubscription, createFakeServer } from '../test/fakeServer';
import SharePage from './SharePage';

const TOKEN = 'T'.repeat(43);
const DONE = 'TicketCardapio01';
const OPEN = 'TicketBanner0001';

function ticket(id: string, title: string, status: ShareTicket['status']): ShareTicket {
  return {
    id,
    number: 7,
    title,
    summary: '',
    stage: 'delivery',
    status,
    openedAt: '2025-03-01T10:00:00.000Z',
    dueDate: null,
    deliveredAt: null,
    closedAt: null,
    steps: [],
    comments: [],
    approvals: [],
  } as unknown as ShareTicket;
}

function timeline(scope: 'view' | 'respond'): ShareTimeline {
  return {
    agencyName: 'Agência Ponto Criativo',
    client: { id: 'ClientPadaria001', name: 'Padaria Pão Dourado' },
    scope,
    expiresAt: '2099-01-01T00:00:00.000Z',
    tickets: [ticket(DONE, 'Cardápio novo', 'done'), ticket(OPEN, 'Banner', 'open')],
  } as ShareTimeline;
}

async function openShare(scope: 'view' | 'respond', handlers: Parameters<typeof createFakeServer>[0]) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['pt-BR']);
  const server = createFakeServer(handlers);
  render(() => (
    <I18nContext.Provider value={createI18n()}>
      <SharePage client={server.client} token={TOKEN} />
    </I18nContext.Provider>
  ));
  await waitFor(() => expect(server.subscriptionsTo('share.watch')).toHaveLength(1));
  (server.subscriptionsTo('share.watch')[0] as FakeSubscription).push(timeline(scope));
  return { server, user: userEvent.setup() };
}

describe('satisfaction on the timeline link', () => {
  it('asks under the delivered ticket only, and rates it with share.rate', async () => {
    const { server, user } = await openShare('respond', {
      'share.surveys': () => [{ ticketId: DONE, answer: null }],
      'share.rate': (input) => {
        const { ticketId, rating, comment } = input as { ticketId: string; rating: number; comment: string | null };
        return { ticketId, answer: { rating, comment, answeredAt: '2025-03-11T10:00:00.000Z' } };
      },
    });
    const delivered = await screen.findByRole('article', { name: 'Cardápio novo' });
    const section = await within(delivered).findByRole('region', { name: 'Como foi a entrega?' });
    expect(within(screen.getByRole('article', { name: 'Banner' })).queryByRole('region', { name: 'Como foi a entrega?' })).toBeNull();
    expect(server.callsTo('share.surveys')[0]?.input).toEqual({ token: TOKEN });

    await user.click(within(section).getByRole('radio', { name: '5 — Muito satisfeito' }));
    await user.click(within(section).getByRole('button', { name: 'Enviar avaliação' }));
    expect(await within(section).findByText('Obrigado! Recebemos a sua avaliação.')).toBeInTheDocument();
    expect(server.callsTo('share.rate')[0]?.input).toEqual({ token: TOKEN, ticketId: DONE, rating: 5, comment: null });
  });

  it('a watch-only link shows the answer without a form', async () => {
    await openShare('view', {
      'share.surveys': () => [{ ticketId: DONE, answer: { rating: 4, comment: 'Bom', answeredAt: '2025-03-11T10:00:00.000Z' } }],
    });
    const section = await screen.findByRole('region', { name: 'Como foi a entrega?' });
    expect(await within(section).findByText('Sua avaliação: 4 de 5.')).toBeInTheDocument();
    expect(within(section).queryByRole('radio')).toBeNull();
    expect(within(section).queryByRole('button')).toBeNull();
  });
});
