import type { CommentId } from '@fluxo/shared/conversation/comment';
import type { ShareTicket, ShareTimeline } from '@fluxo/shared/share/timeline';
import { render, screen, waitFor, within } from '@solidjs/testing-library';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { I18nContext, createI18n } from '../i18n/locale';
import { createFakeServer, trpcError } from '../test/fakeServer';
import SharePage from './SharePage';
import { createShareClient, tokenFromPath } from './shareClient';

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

  it('with a respond link, sends the client’s answer and keeps the text when it fails; a view link has no form', async () => {
    let fail = true;
    const server = renderShare({
      'share.request': () => ({ ticketId: 'TicketNatal00001', number: 31 }),
      'share.reply': () => {
        if (fail) throw trpcError('INTERNAL_SERVER_ERROR', 'boom');
        return { id: 'CommentAnswer001', parentId: null, author: { kind: 'client', name: 'Padaria Pão Dourado' }, body: 'ok', createdAt: '2025-03-10T10:05:00.000Z', editedAt: null };
      },
    });
    await waitFor(() => expect(server.subscriptionsTo('share.watch')).toHaveLength(1));
    const stream = server.subscriptionsTo('share.watch')[0];
    stream?.push({ ...timeline([ticket({ status: 'waiting_client' })]), scope: 'respond' });
    const banner = await screen.findByRole('article', { name: 'Banner da campanha' });
    expect(within(banner).getByText('A agência aguarda sua resposta para continuar.')).toBeInTheDocument();
    const user = userEvent.setup();
    const box = within(banner).getByRole('textbox', { name: 'Sua mensagem para a agência' });
    await user.type(box, 'Segue o texto da promoção.');
    // A live update while the client types keeps the ticket's section, and the text in it.
    stream?.push({ ...timeline([ticket({ status: 'waiting_client', summary: 'Resumo novo.' })]), scope: 'respond' });
    await within(banner).findByText('Resumo novo.');
    expect(within(banner).getByRole('textbox', { name: 'Sua mensagem para a agência' })).toBe(box);
    expect(box).toHaveValue('Segue o texto da promoção.');
    await user.click(within(banner).getByRole('button', { name: 'Enviar mensagem' }));
    expect(await within(banner).findByRole('alert')).toHaveTextContent('Não foi possível enviar.');
    expect(box).toHaveValue('Segue o texto da promoção.');
    fail = false;
    await user.click(within(banner).getByRole('button', { name: 'Enviar mensagem' }));
    expect(await within(banner).findByText('Mensagem enviada.')).toBeInTheDocument();
    expect(box).toHaveValue('');
    expect(server.callsTo('share.reply').map((call) => call.input)).toEqual([
      { token: TOKEN, ticketId: 'TicketBanner0001', body: 'Segue o texto da promoção.' },
      { token: TOKEN, ticketId: 'TicketBanner0001', body: 'Segue o texto da promoção.' },
    ]);

    // A new request, from the same page.
    const request = screen.getByRole('region', { name: 'Novo pedido' });
    await user.type(within(request).getByRole('textbox', { name: 'O que você precisa?' }), 'Cardápio de Natal');
    await user.type(within(request).getByRole('textbox', { name: 'Detalhes (opcional)' }), 'Até dia 10.');
    await user.click(within(request).getByRole('button', { name: 'Enviar pedido' }));
    expect(await within(request).findByText(/Pedido #31 recebido/)).toBeInTheDocument();
    expect(server.callsTo('share.request').map((call) => call.input)).toEqual([{ token: TOKEN, title: 'Cardápio de Natal', body: 'Até dia 10.' }]);
    expect(within(request).getByRole('textbox', { name: 'O que você precisa?' })).toHaveValue('');

    // A view link: no form at all.
    stream?.push(timeline([ticket()]));
    await waitFor(() => expect(screen.queryByRole('textbox')).not.toBeInTheDocument());
    expect(screen.queryByRole('region', { name: 'Novo pedido' })).not.toBeInTheDocument();
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

describe('createShareClient', () => {
  it('never sends the agency’s cookies with a client’s request', async () => {
    const seen: (RequestCredentials | undefined)[] = [];
    const fetch = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(init?.credentials);
      return new Response(JSON.stringify([{ error: { message: 'link not found', code: -32004, data: { code: 'NOT_FOUND', httpStatus: 404 } } }]), {
        status: 404,
        headers: { 'content-type': 'application/json' },
      });
    });
    const client = createShareClient({ fetch });
    await expect(client.share.timeline.query({ token: TOKEN })).rejects.toThrow('link not found');
    expect(seen).toEqual(['omit']);
  });
});
