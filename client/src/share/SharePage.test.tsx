import type { CommentId } from '@fluxo/shared/conversation/comment';
import type { ShareTicket, ShareTimeline } from '@fluxo/shared/share/timeline';
import { render, screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it, vi } from 'vitest';
import { I18nContext, createI18n } from '../i18n/locale';
import { createFakeServer, trpcError } from '../test/fakeServer';
import SharePage from './SharePage';
import { tokenFromPath } from './shareClient';

const TOKEN = 'T'.repeat(43);

function ticket(fields: Partial<ShareTicket> = {}): ShareTicket {
  return {
    id: 'TicketBanner0001',
    number: 7,
    title: 'Banner da campanha',
    summary: 'Banner da página inicial com 20% de desconto.',
    stage: 'production',
    status: 'open',
    openedAt: '2025-03-01T10:00:00.000Z',
    dueDate: '2025-03-20',
    deliveredAt: null,
    closedAt: null,
    steps: [
      { kind: 'opened', at: '2025-03-01T10:00:00.000Z', stage: 'triage' },
      { kind: 'stage', at: '2025-03-05T10:00:00.000Z', from: 'planning', to: 'production' },
    ],
    comments: [],
    ...fields,
  } as ShareTicket;
}

function timeline(tickets: ShareTicket[]): ShareTimeline {
  return {
    agencyName: 'Agência Ponto Criativo',
    client: { id: 'ClientPadaria001', name: 'Padaria Pão Dourado' },
    scope: 'view',
    expiresAt: '2099-01-01T00:00:00.000Z',
    tickets,
  } as ShareTimeline;
}

function renderShare(handlers: Parameters<typeof createFakeServer>[0] = {}, token: string | null = TOKEN) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['pt-BR']);
  const server = createFakeServer(handlers);
  render(() => {
    const i18n = createI18n();
    return (
      <I18nContext.Provider value={i18n}>
        <SharePage client={server.client} token={token} />
      </I18nContext.Provider>
    );
  });
  return server;
}

describe('SharePage', () => {
  it('shows the client its tickets in its own words, and updates live without a reload', async () => {
    const server = renderShare();
    await waitFor(() => expect(server.subscriptionsTo('share.watch')).toHaveLength(1));
    const stream = server.subscriptionsTo('share.watch')[0];
    expect(stream?.input).toEqual({ token: TOKEN });
    stream?.push(timeline([ticket()]));

    expect(await screen.findByRole('heading', { name: 'Acompanhamento de Padaria Pão Dourado', level: 1 })).toBeInTheDocument();
    const banner = screen.getByRole('article', { name: 'Banner da campanha' });
    expect(within(banner).getByText('Em produção')).toBeInTheDocument();
    expect(within(banner).getByText('Em andamento')).toBeInTheDocument();
    expect(within(banner).getByText('Banner da página inicial com 20% de desconto.')).toBeInTheDocument();
    expect(within(banner).getByText('Prazo combinado')).toBeInTheDocument();
    expect(within(banner).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      expect.stringContaining('Pedido recebido (Recebido)'),
      expect.stringContaining('Passou para Em produção'),
    ]);

    // The producer hands it back, the account manager answers: the page follows.
    stream?.push(
      timeline([
        ticket({
          stage: 'delivery',
          status: 'waiting_client',
          deliveredAt: '2025-03-10T10:00:00.000Z',
          comments: [
            {
              id: 'CommentReply0001' as CommentId,
              parentId: null,
              author: { kind: 'agency', name: 'Ana Souza' },
              body: 'Está pronto! Pode conferir?',
              createdAt: '2025-03-10T10:05:00.000Z',
              editedAt: null,
            },
          ],
        }),
      ]),
    );
    await waitFor(() => expect(within(screen.getByRole('article', { name: 'Banner da campanha' })).getByText('Aguardando sua resposta')).toBeInTheDocument());
    const updated = screen.getByRole('article', { name: 'Banner da campanha' });
    expect(within(updated).getByText('Entrega')).toBeInTheDocument();
    expect(within(updated).getByText('Entregue em')).toBeInTheDocument();
    expect(within(updated).getByText('Está pronto! Pode conferir?')).toBeInTheDocument();
    expect(screen.getByText('Acompanhamento atualizado.')).toBeInTheDocument();
    expect(server.subscriptionsTo('share.watch')).toHaveLength(1);
  });

  it('renders what people wrote as text: titles, summaries and messages stay inert', async () => {
    const server = renderShare();
    await waitFor(() => expect(server.subscriptionsTo('share.watch')).toHaveLength(1));
    const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
    server.subscriptionsTo('share.watch')[0]?.push(
      timeline([
        ticket({
          title: payload,
          summary: payload,
          comments: [{ id: 'CommentXss000001' as CommentId, parentId: null, author: { kind: 'client', name: payload }, body: `${payload} [x](javascript:alert(1))`, createdAt: '2025-03-10T10:05:00.000Z', editedAt: null }],
        }),
      ]),
    );
    const article = await screen.findByRole('article', { name: payload });
    expect(article.querySelector('img, script, [onerror]')).toBeNull();
    expect(article.querySelector('a[href^="javascript"]')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('shows one and the same message for a link that does not open, and for one revoked while open', async () => {
    const server = renderShare({
      'share.watch': () => {
        throw trpcError('NOT_FOUND', 'link not found');
      },
    });
    expect(await screen.findByRole('heading', { name: 'Link inválido ou expirado' })).toBeInTheDocument();
    expect(server.subscriptionsTo('share.watch')).toHaveLength(1);

    renderShare({}, null);
    expect(await screen.findAllByRole('heading', { name: 'Link inválido ou expirado' })).toHaveLength(2);
    expect(tokenFromPath(`/share/${TOKEN}`)).toBe(TOKEN);
    expect(tokenFromPath('/share/')).toBeNull();
    expect(tokenFromPath('/share/a/b')).toBeNull();
  });
});
