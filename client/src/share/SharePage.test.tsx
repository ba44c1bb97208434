import type { ShareApproval } from '@fluxo/shared/approvals/approval';
import type { CommentId } from '@fluxo/shared/conversation/comment';
import type { ShareComment, ShareTicket, ShareTimeline } from '@fluxo/shared/share/timeline';
import { render, screen, waitFor, within } from '@solidjs/testing-library';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { I18nContext, createI18n } from '../i18n/locale';
import { type FakeSubscription, createFakeServer, trpcError } from '../test/fakeServer';
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
    approvals: [],
    ...fields,
  } as ShareTicket;
}

function comment(fields: Partial<ShareComment> = {}): ShareComment {
  return {
    id: 'CommentReply0001' as CommentId,
    parentId: null,
    author: { kind: 'agency', name: 'Ana Souza' },
    body: 'Está pronto! Pode conferir?',
    createdAt: '2025-03-10T10:05:00.000Z',
    editedAt: null,
    ...fields,
  };
}

function timeline(tickets: ShareTicket[], fields: Partial<ShareTimeline> = {}): ShareTimeline {
  return {
    agencyName: 'Agência Ponto Criativo',
    client: { id: 'ClientPadaria001', name: 'Padaria Pão Dourado' },
    scope: 'view',
    expiresAt: '2099-01-01T00:00:00.000Z',
    tickets,
    ...fields,
  } as ShareTimeline;
}

function renderShare(handlers: Parameters<typeof createFakeServer>[0] = {}, options: { token?: string | null; languages?: string[] } = {}) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(options.languages ?? ['pt-BR']);
  const server = createFakeServer(handlers);
  const token = options.token === undefined ? TOKEN : options.token;
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

/** Renders the page and answers its `share.watch` with `first`. */
async function openShare(first: ShareTimeline, handlers: Parameters<typeof createFakeServer>[0] = {}) {
  const server = renderShare(handlers);
  await waitFor(() => expect(server.subscriptionsTo('share.watch')).toHaveLength(1));
  const stream = server.subscriptionsTo('share.watch')[0] as FakeSubscription;
  expect(stream.input).toEqual({ token: TOKEN });
  stream.push(first);
  await screen.findByRole('heading', { level: 1, name: `Acompanhamento de ${first.client.name}` });
  return { server, stream };
}

const liveRegion = () => document.querySelector('[aria-live="polite"]');

describe('SharePage', () => {
  it('shows the client its tickets in its own words, and updates live without a reload', async () => {
    const { server, stream } = await openShare(timeline([ticket()]));

    expect(screen.getByRole('main')).toBeInTheDocument();
    expect(screen.getByText('por Agência Ponto Criativo')).toBeInTheDocument();
    expect(document.title).toBe('Acompanhamento — Padaria Pão Dourado');
    const banner = screen.getByRole('article', { name: 'Banner da campanha' });
    expect(within(banner).getByText('#7')).toBeInTheDocument();
    expect(within(banner).getByText('Em produção')).toBeInTheDocument();
    expect(within(banner).getByText('Em andamento')).toBeInTheDocument();
    expect(within(banner).getByText('Banner da página inicial com 20% de desconto.')).toBeInTheDocument();
    expect(within(banner).getByText('Prazo combinado')).toBeInTheDocument();
    expect(within(banner).queryByText('Entregue em')).not.toBeInTheDocument();
    const steps = within(banner).getAllByRole('list')[0] as HTMLElement;
    expect(steps.tagName).toBe('OL');
    expect(within(steps).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      expect.stringContaining('Pedido recebido (Recebido)'),
      expect.stringContaining('Passou para Em produção'),
    ]);
    expect(steps.querySelector('time')?.getAttribute('datetime')).toBe('2025-03-01T10:00:00.000Z');
    expect(screen.getByRole('status')).toHaveTextContent('Ao vivo');

    // The producer hands it back and the account manager asks for approval: the page follows.
    stream.push(
      timeline([ticket({ stage: 'delivery', status: 'waiting_client', deliveredAt: '2025-03-10T10:00:00.000Z', comments: [comment()] })]),
    );
    await waitFor(() =>
      expect(within(screen.getByRole('article', { name: 'Banner da campanha' })).getByText('Aguardando sua resposta')).toBeInTheDocument(),
    );
    const updated = screen.getByRole('article', { name: 'Banner da campanha' });
    expect(updated).toBe(banner);
    expect(within(updated).getByText('Entrega')).toBeInTheDocument();
    expect(within(updated).getByText('Entregue em')).toBeInTheDocument();
    expect(within(updated).getByText('Está pronto! Pode conferir?')).toBeInTheDocument();
    expect(within(updated).getByText('Ana Souza')).toBeInTheDocument();
    // Highlighted above the timeline, linking to the ticket.
    const turn = screen.getByRole('region', { name: 'Sua vez: a agência aguarda você' });
    expect(within(turn).getByRole('link', { name: 'Banner da campanha' })).toHaveAttribute('href', `#${updated.id}`);
    await waitFor(() => expect(liveRegion()).toHaveTextContent('Acompanhamento atualizado: 2 novidades.'));

    // One change is said in its own words.
    stream.push(timeline([ticket({ stage: 'delivery', status: 'done', closedAt: '2025-03-11T10:00:00.000Z', comments: [comment()] })]));
    await waitFor(() => expect(liveRegion()).toHaveTextContent('Banner da campanha: Entrega — Concluído.'));
    expect(within(banner).getByText('Encerrado em')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Sua vez: a agência aguarda você' })).not.toBeInTheDocument();
    expect(server.subscriptionsTo('share.watch')).toHaveLength(1);
  });

  it('renders what people wrote as text: titles, summaries, names and messages stay inert', async () => {
    const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script><a href="javascript:alert(1)">x</a>';
    await openShare(
      timeline(
        [
          ticket({
            title: payload,
            summary: payload,
            comments: [
              comment({ id: 'CommentXss000001' as CommentId, author: { kind: 'client', name: payload }, body: `${payload} [x](javascript:alert(1)) **negrito**` }),
              comment({ id: 'CommentXss000002' as CommentId, author: { kind: 'agency', name: payload }, body: '<svg onload="window.__pwned=1"></svg>' }),
            ],
          }),
        ],
        { agencyName: payload, client: { id: 'ClientPadaria001', name: 'Padaria Pão Dourado' } as ShareTimeline['client'] },
      ),
    );
    const article = screen.getByRole('article', { name: payload });
    // The words are shown as typed…
    expect(within(article).getAllByText(payload).length).toBeGreaterThanOrEqual(2);
    expect(screen.getByText(`por ${payload}`)).toBeInTheDocument();
    // …the comment markup of the allow-list works…
    expect(article.querySelector('.comment-body strong')).toHaveTextContent('negrito');
    // …and nothing of the payload became an element, a handler or a script link, anywhere.
    expect(document.body.querySelector('img, script, svg, iframe, object, embed')).toBeNull();
    const withHandler = [...document.body.querySelectorAll('*')].filter((element) =>
      [...element.attributes].some((attribute) => attribute.name.toLowerCase().startsWith('on')),
    );
    expect(withHandler).toEqual([]);
    const links = [...document.body.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '');
    // The page's own links only: anchors, and the report page of this link (issue 8, `ClientReportView.tsx`).
    expect(links.filter((href) => !href.startsWith('#') && href !== '?relatorio=1')).toEqual([]);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('with a view link, shows no form and no button to send anything', async () => {
    await openShare(timeline([ticket({ status: 'waiting_client' })]));
    expect(screen.getByRole('article', { name: 'Banner da campanha' })).toBeInTheDocument();
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(document.querySelector('form')).toBeNull();
    expect(screen.queryByRole('region', { name: 'Novo pedido' })).not.toBeInTheDocument();
    expect(screen.queryByText('A agência aguarda sua resposta para continuar. Ao responder, ela é avisada na hora.')).not.toBeInTheDocument();
  });

  it('with a respond link, sends the client’s answer and keeps the text whenever it is not taken', async () => {
    const failures = [trpcError('INTERNAL_SERVER_ERROR', 'boom'), trpcError('TOO_MANY_REQUESTS', 'slow down'), trpcError('NOT_FOUND', 'link')];
    const respond = (fields: Partial<ShareTicket> = {}) => timeline([ticket({ status: 'waiting_client', ...fields })], { scope: 'respond' });
    const { server, stream } = await openShare(respond(), {
      'share.reply': () => {
        const failure = failures.shift();
        if (failure) throw failure;
        return comment({ id: 'CommentAnswer001' as CommentId, author: { kind: 'client', name: 'Padaria Pão Dourado' }, body: 'ok' });
      },
    });
    const banner = screen.getByRole('article', { name: 'Banner da campanha' });
    expect(within(banner).getByText('A agência aguarda sua resposta para continuar. Ao responder, ela é avisada na hora.')).toBeInTheDocument();
    const user = userEvent.setup();
    const box = within(banner).getByRole('textbox', { name: 'Sua mensagem para a agência' });
    await user.type(box, 'Segue o texto da promoção.');
    // A live update while the client types keeps the ticket's section, and the text in it.
    stream.push(respond({ summary: 'Resumo novo.' }));
    await within(banner).findByText('Resumo novo.');
    expect(within(banner).getByRole('textbox', { name: 'Sua mensagem para a agência' })).toBe(box);
    expect(box).toHaveValue('Segue o texto da promoção.');

    const send = within(banner).getByRole('button', { name: 'Enviar mensagem' });
    await user.click(send);
    expect(await within(banner).findByRole('alert')).toHaveTextContent('Não foi possível enviar. Sua mensagem continua aqui; tente de novo.');
    expect(box).toHaveValue('Segue o texto da promoção.');
    await user.click(send);
    await waitFor(() => expect(within(banner).getByRole('alert')).toHaveTextContent('Espere um minuto e tente de novo; seu texto continua aqui.'));
    expect(box).toHaveValue('Segue o texto da promoção.');
    await user.click(send);
    await waitFor(() => expect(within(banner).getByRole('alert')).toHaveTextContent('Este link expirou ou esta demanda não está mais disponível.'));
    expect(box).toHaveValue('Segue o texto da promoção.');
    await user.click(send);
    expect(await within(banner).findByText('Mensagem enviada. A agência foi avisada e retoma o trabalho.')).toBeInTheDocument();
    expect(within(banner).queryByRole('alert')).not.toBeInTheDocument();
    expect(box).toHaveValue('');
    const sent = { token: TOKEN, ticketId: 'TicketBanner0001', parentId: null, body: 'Segue o texto da promoção.' };
    expect(server.callsTo('share.reply').map((call) => call.input)).toEqual([sent, sent, sent, sent]);
    expect(server.callsTo('share.reply').every((call) => call.credentials !== 'include')).toBe(true);
  });

  it('with a respond link, approves a version or asks for changes — words required — and says when it is no longer asked', async () => {
    const pending: ShareApproval = {
      id: 'ApprovalBanner01' as ShareApproval['id'],
      milestoneName: null,
      title: 'Arte final',
      note: 'Segue a arte.',
      deliverable: { type: 'link', url: 'https://figma.example/arte' },
      version: 2,
      contentHash: 'ab'.repeat(32),
      requestedBy: 'Ana Souza',
      requestedAt: '2025-03-10T10:00:00.000Z',
      status: 'pending',
      decision: null,
    };
    let conflict = true;
    const { server, stream } = await openShare(timeline([ticket({ status: 'waiting_client', approvals: [pending] })], { scope: 'respond' }), {
      'share.decide': () => {
        if (conflict) throw trpcError('CONFLICT', 'a newer version was sent since');
        return { ...pending, status: 'approved', decision: { outcome: 'approved', at: '2025-03-10T11:00:00.000Z', by: 'Padaria Pão Dourado', note: '' } };
      },
    });
    const user = userEvent.setup();
    const card = screen.getByRole('article', { name: 'Arte final' });
    expect(within(card).getByText('Aguardando sua aprovação')).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: 'Abrir o link' })).toHaveAttribute('href', 'https://figma.example/arte');
    expect(within(card).getByRole('link', { name: 'Abrir o link' })).toHaveAttribute('rel', 'noopener noreferrer nofollow');
    expect(within(card).getByText('abababababab')).toBeInTheDocument();

    // Changes need words: nothing is sent without them.
    await user.click(within(card).getByRole('button', { name: 'Pedir ajustes' }));
    expect(within(card).getByRole('alert')).toHaveTextContent('Conte o que deve mudar para pedir ajustes.');
    expect(server.callsTo('share.decide')).toEqual([]);
    const box = within(card).getByRole('textbox');
    await user.type(box, 'Logo maior');
    await user.click(within(card).getByRole('button', { name: 'Pedir ajustes' }));
    await waitFor(() => expect(within(card).getByRole('alert')).toHaveTextContent('Esta versão não aguarda mais sua decisão'));
    expect(box).toHaveValue('Logo maior');
    expect(server.callsTo('share.decide').map((call) => call.input)).toEqual([
      { token: TOKEN, approvalId: pending.id, outcome: 'changes_requested', contentHash: pending.contentHash, note: 'Logo maior' },
    ]);

    conflict = false;
    await user.clear(box);
    await user.click(within(card).getByRole('button', { name: 'Aprovar esta versão' }));
    expect(await within(card).findByText('Aprovação registrada. A agência já foi avisada.')).toBeInTheDocument();
    expect(server.callsTo('share.decide').at(-1)?.input).toEqual({ token: TOKEN, approvalId: pending.id, outcome: 'approved', contentHash: pending.contentHash, note: '' });
    // The live timeline then shows the decision, and no buttons any more.
    stream.push(
      timeline([ticket({ status: 'open', approvals: [{ ...pending, status: 'approved', decision: { outcome: 'approved', at: '2025-03-10T11:00:00.000Z', by: 'Padaria Pão Dourado', note: '' } }] })], { scope: 'respond' }),
    );
    await within(card).findByText(/Aprovado por Padaria Pão Dourado/);
    expect(within(card).queryByRole('button')).not.toBeInTheDocument();
  });

  it('with a respond link, opens a new request and keeps title and details when it fails', async () => {
    let fail = true;
    const { server } = await openShare(timeline([ticket()], { scope: 'respond' }), {
      'share.request': () => {
        if (fail) throw trpcError('INTERNAL_SERVER_ERROR', 'boom');
        return { ticketId: 'TicketNatal00001', number: 31 };
      },
    });
    const user = userEvent.setup();
    const request = screen.getByRole('region', { name: 'Novo pedido' });
    const title = within(request).getByRole('textbox', { name: 'O que você precisa?' });
    const details = within(request).getByRole('textbox', { name: 'Detalhes (opcional)' });
    const send = within(request).getByRole('button', { name: 'Enviar pedido' });
    expect(send).toBeDisabled();
    await user.type(title, 'Cardápio de Natal');
    await user.type(details, 'Até dia 10.');
    await user.click(send);
    expect(await within(request).findByRole('alert')).toHaveTextContent('Não foi possível enviar o pedido. O texto continua aqui; tente de novo.');
    expect(title).toHaveValue('Cardápio de Natal');
    expect(details).toHaveValue('Até dia 10.');
    fail = false;
    await user.click(send);
    expect(await within(request).findByText(/Pedido #31 recebido/)).toBeInTheDocument();
    const asked = { token: TOKEN, title: 'Cardápio de Natal', body: 'Até dia 10.' };
    expect(server.callsTo('share.request').map((call) => call.input)).toEqual([asked, asked]);
    expect(title).toHaveValue('');
    expect(details).toHaveValue('');
  });

  it('shows one and the same message for a link that does not open, for no token, and for one revoked while open', async () => {
    const server = renderShare({
      'share.watch': () => {
        throw trpcError('NOT_FOUND', 'link');
      },
    });
    expect(await screen.findByRole('heading', { name: 'Link inválido ou expirado' })).toBeInTheDocument();
    expect(server.subscriptionsTo('share.watch')).toHaveLength(1);
    expect(screen.queryByRole('status')).not.toBeInTheDocument();

    renderShare({}, { token: null });
    expect(await screen.findAllByRole('heading', { name: 'Link inválido ou expirado' })).toHaveLength(2);
    expect(tokenFromPath(`/share/${TOKEN}`)).toBe(TOKEN);
    expect(tokenFromPath(`/share/${TOKEN}/`)).toBe(TOKEN);
    expect(tokenFromPath('/share/')).toBeNull();
    expect(tokenFromPath('/share/a/b')).toBeNull();
    expect(tokenFromPath('/boards/x')).toBeNull();
  });

  it('drops what it showed when the link is revoked while open', async () => {
    const { stream } = await openShare(timeline([ticket()]));
    stream.fail('NOT_FOUND', 'link');
    expect(await screen.findByRole('heading', { name: 'Link inválido ou expirado' })).toBeInTheDocument();
    expect(screen.queryByRole('article')).not.toBeInTheDocument();
    expect(screen.queryByText(/Padaria/)).not.toBeInTheDocument();
  });

  it('says when there were too many requests, and comes back by itself', async () => {
    let refuse = true;
    const server = renderShare({
      'share.watch': () => {
        if (refuse) throw trpcError('TOO_MANY_REQUESTS', 'slow down');
      },
    });
    expect(await screen.findByText('Muitos acessos em pouco tempo. Tente de novo em um minuto — a página também tenta sozinha.')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Muitos acessos — tentando de novo em instantes…');
    refuse = false;
    // liveSubscription's first retry waits one second.
    await waitFor(() => expect(server.subscriptionsTo('share.watch')).toHaveLength(2), { timeout: 3_000 });
    server.subscriptionsTo('share.watch')[1]?.push(timeline([ticket()]));
    expect(await screen.findByRole('article', { name: 'Banner da campanha' })).toBeInTheDocument();
    expect(screen.queryByText(/Muitos acessos/)).not.toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Ao vivo');
  });

  it('shows when the connection drops or the browser is offline, and when it is live again', async () => {
    const { stream } = await openShare(timeline([ticket()]));
    const indicator = screen.getByRole('status');
    expect(indicator).toHaveTextContent('Ao vivo');

    stream.drop();
    await waitFor(() => expect(indicator).toHaveTextContent('Sem conexão — tentando de novo…'));
    // What the page showed stays while it reconnects.
    expect(screen.getByRole('article', { name: 'Banner da campanha' })).toBeInTheDocument();
    stream.reconnect();
    await waitFor(() => expect(indicator).toHaveTextContent('Ao vivo'));

    window.dispatchEvent(new Event('offline'));
    await waitFor(() => expect(indicator).toHaveTextContent('Sem internet — a página se atualiza quando a conexão voltar.'));
    window.dispatchEvent(new Event('online'));
    await waitFor(() => expect(indicator).toHaveTextContent('Ao vivo'));
  });

  it('speaks the browser’s language, and switches on request', async () => {
    const server = renderShare({}, { languages: ['ru-RU', 'ru'] });
    await waitFor(() => expect(server.subscriptionsTo('share.watch')).toHaveLength(1));
    server.subscriptionsTo('share.watch')[0]?.push(timeline([ticket()]));
    expect(await screen.findByRole('heading', { level: 1, name: 'Ход работ: Padaria Pão Dourado' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('ru');
    const article = screen.getByRole('article', { name: 'Banner da campanha' });
    expect(within(article).getByText('В работе')).toBeInTheDocument();

    await userEvent.setup().selectOptions(screen.getByRole('combobox', { name: 'Язык' }), 'en');
    expect(await screen.findByRole('heading', { level: 1, name: 'Progress for Padaria Pão Dourado' })).toBeInTheDocument();
    expect(within(article).getByText('In production')).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
  });
});

describe('createShareClient', () => {
  it('never sends the agency’s cookies with a client’s request or stream', async () => {
    const seen: (RequestCredentials | undefined)[] = [];
    const fetch = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(init?.credentials);
      return new Response(JSON.stringify([{ error: { message: 'link', code: -32004, data: { code: 'NOT_FOUND', httpStatus: 404 } } }]), {
        status: 404,
        headers: { 'content-type': 'application/json' },
      });
    });
    const opened: { url: string; withCredentials: boolean | undefined }[] = [];
    class RecordingEventSource extends EventTarget {
      readonly CONNECTING = 0;
      readonly OPEN = 1;
      readonly CLOSED = 2;
      readyState = 0;
      constructor(url: string, init?: { withCredentials?: boolean }) {
        super();
        opened.push({ url, withCredentials: init?.withCredentials });
      }
      close() {
        this.readyState = 2;
      }
    }
    const client = createShareClient({ fetch, EventSource: RecordingEventSource });
    await expect(client.share.timeline.query({ token: TOKEN })).rejects.toThrow('link');
    expect(seen).toEqual(['omit']);
    const subscription = client.share.watch.subscribe({ token: TOKEN }, { onData: () => {} });
    await waitFor(() => expect(opened).toHaveLength(1));
    subscription.unsubscribe();
    expect(opened[0]?.withCredentials).toBe(false);
    expect(opened[0]?.url).toMatch(/^\/trpc\/share\.watch\?/);
  });
});
