import { createTicket, moveTicket, readTicket, setStatus, setTicketNumber } from '@fluxo/shared/board/index';
import type { BoardId, ClientId, TicketId, UserId } from '@fluxo/shared/ids';
import { serverOrigin } from '@fluxo/shared/origin';
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BoardSession } from '../board/boardSession';
import { createLocalServer, type LocalServer } from '../board/testing/localServer';
import { colleagueSession, renderBoard } from '../board/testing/renderBoard';
import { trpcError } from '../test/fakeServer';

const BOARD = 'BoardDemo0000001' as BoardId;
const ANA_ID = 'AnaAtendimento01' as UserId;
const PAULO_ID = 'PauloProducao001' as UserId;
const ACME = 'AcmeCliente00001' as ClientId;
const T = {
  banner: 'TicketBanner0001' as TicketId,
  landing: 'TicketLanding001' as TicketId,
  posts: 'TicketPosts00001' as TicketId,
  logo: 'TicketLogo000001' as TicketId,
};

const ana = { id: ANA_ID, name: 'Ana Souza', email: 'ana@demo.fluxo', role: 'atendimento', locale: null };
const summary = {
  id: BOARD,
  name: 'Agência Demo',
  members: [
    { id: ANA_ID, name: 'Ana Souza', role: 'atendimento' },
    { id: PAULO_ID, name: 'Paulo Lima', role: 'producao' },
  ],
  clients: [{ id: ACME, name: 'Acme Digital' }],
  wipLimits: { analysis: 1 },
};

function handlers(extra: Record<string, (input: unknown) => unknown> = {}) {
  return {
    'auth.me': () => ana,
    'boards.get': (input: unknown) => {
      if ((input as { boardId: string }).boardId === BOARD) return summary;
      throw trpcError('NOT_FOUND', 'board not found', { domainCode: 'not_found' });
    },
    'tickets.attention': () => [],
    'tickets.history': () => [],
    ...extra,
  };
}

/** The demo board on the sync server: a ticket in triage, two in analysis, one in production. */
function seededServer(): LocalServer {
  const sync = createLocalServer();
  const doc = sync.doc;
  const seed = serverOrigin('seed');
  createTicket(doc, { id: T.banner, title: 'Banner da campanha', channel: 'email', clientId: ACME, assignees: [ANA_ID] }, seed);
  createTicket(
    doc,
    { id: T.landing, title: 'Landing page', channel: 'phone', stage: 'analysis', assignees: [PAULO_ID], dueDate: '2020-01-10' },
    seed,
  );
  createTicket(doc, { id: T.logo, title: 'Arquivo da logomarca', channel: 'email', stage: 'analysis' }, seed);
  createTicket(doc, { id: T.posts, title: 'Posts de lançamento', channel: 'whatsapp', stage: 'production' }, seed);
  setStatus(doc, { ticketId: T.landing, status: 'waiting_client' }, seed);
  setTicketNumber(doc, { ticketId: T.banner, number: 101 }, serverOrigin('witness'));
  return sync;
}

const colleagues: BoardSession[] = [];
afterEach(async () => {
  await Promise.all(colleagues.splice(0).map((s) => s.destroy()));
});

/** The board page is a lazily loaded chunk: its first load in a test run takes a moment. */
const LOADING = { timeout: 5_000 };

const region = (name: string) => screen.getByRole('region', { name });
const card = (name: string) => screen.getByRole('article', { name });

async function openBoard(options: { path?: string; sync?: LocalServer; languages?: string[]; extra?: Record<string, (input: unknown) => unknown> } = {}) {
  const sync = options.sync ?? seededServer();
  const view = renderBoard({
    path: options.path ?? `/boards/${BOARD}`,
    handlers: handlers(options.extra),
    sync,
    ...(options.languages ? { languages: options.languages } : {}),
  });
  await screen.findByRole('heading', { level: 1, name: 'Agência Demo' }, LOADING);
  await screen.findAllByRole('article', {}, LOADING);
  return view;
}

describe('BoardPage', () => {
  it('shows the five stages as named regions and each ticket as an article named by its title', async () => {
    await openBoard();
    expect(screen.getAllByRole('region').map((r) => r.getAttribute('aria-label'))).toEqual([
      'Triagem',
      'Análise',
      'Planejamento',
      'Produção',
      'Entrega',
    ]);
    const banner = within(region('Triagem')).getByRole('article', { name: 'Banner da campanha' });
    expect(banner).toHaveTextContent('#101');
    expect(banner).toHaveTextContent('Acme Digital');
    expect(banner).toHaveTextContent('Atendimento');
    expect(within(banner).getByRole('list', { name: 'Responsáveis: Ana Souza' })).toHaveTextContent('AS');

    const landing = within(region('Análise')).getByRole('article', { name: 'Landing page' });
    expect(landing).toHaveTextContent('Aguardando cliente');
    expect(landing).toHaveTextContent(/Atrasado: 10 de jan/);
    expect(within(region('Produção')).getByRole('article', { name: 'Posts de lançamento' })).toBeInTheDocument();
    expect(region('Entrega')).toHaveTextContent('Nenhum ticket nesta etapa');

    // Análise holds two tickets in progress against a limit of one.
    expect(region('Análise')).toHaveTextContent('2 tickets');
    expect(region('Análise')).toHaveTextContent('Acima do limite de 1');
    expect(region('Triagem')).not.toHaveTextContent('Limite');
  });

  it('names the columns in the person’s language', async () => {
    await openBoard({ languages: ['ru-RU'] });
    expect(region('Сортировка')).toBeInTheDocument();
    expect(region('Сдача')).toBeInTheDocument();
  });

  it('says when the board does not exist or is not visible to this person', async () => {
    renderBoard({ path: '/boards/nope', handlers: handlers() });
    expect(await screen.findByText('Quadro não encontrado.', {}, LOADING)).toBeInTheDocument();
    expect(screen.queryAllByRole('region')).toHaveLength(0);
    expect(screen.getByRole('link', { name: /Voltar aos quadros/ })).toHaveAttribute('href', '/boards');
  });

  it('tells a failed load apart from a missing board', async () => {
    renderBoard({
      path: `/boards/${BOARD}`,
      handlers: handlers({
        'boards.get': () => {
          throw trpcError('INTERNAL_SERVER_ERROR', 'Internal server error');
        },
      }),
    });
    expect(await screen.findByRole('alert', {}, LOADING)).toHaveTextContent('Não foi possível carregar os quadros.');
  });

  it('moves a card with its "Mover…" menu, labels the handoff, and refuses a skip with the reason', async () => {
    const { user, sync } = await openBoard();
    await user.click(within(card('Banner da campanha')).getByRole('button', { name: 'Mover…' }));
    const menu = screen.getByRole('menu', { name: 'Mover…' });
    expect(within(menu).getAllByRole('menuitem').map((item) => item.textContent)).toEqual([
      'Triagem (etapa atual)',
      'Mover para Análise',
      'Mover para PlanejamentoAvance uma etapa por vez: Triagem → Planejamento pula etapas.',
      'Mover para ProduçãoAvance uma etapa por vez: Triagem → Produção pula etapas.',
      'Mover para EntregaAvance uma etapa por vez: Triagem → Entrega pula etapas.',
    ]);
    await user.click(within(menu).getByRole('menuitem', { name: 'Mover para Análise' }));
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(within(region('Análise')).getByRole('article', { name: 'Banner da campanha' })).toBeInTheDocument();
    expect(within(region('Triagem')).queryAllByRole('article')).toHaveLength(0);
    expect(readTicket(sync.doc, T.banner)?.stage).toBe('analysis');

    // A skip is offered, disabled, with its reason; choosing it says why and moves nothing.
    await user.click(within(card('Banner da campanha')).getByRole('button', { name: 'Mover…' }));
    const skip = screen.getByRole('menuitem', { name: 'Mover para Produção' });
    expect(skip).toHaveAttribute('aria-disabled', 'true');
    expect(skip).toHaveAccessibleDescription('Avance uma etapa por vez: Análise → Produção pula etapas.');
    await user.click(skip);
    expect(screen.getByRole('alert')).toHaveTextContent('Avance uma etapa por vez: Análise → Produção pula etapas.');
    expect(readTicket(sync.doc, T.banner)?.stage).toBe('analysis');

    // Production → Delivery is the handoff back to atendimento.
    await user.click(within(card('Posts de lançamento')).getByRole('button', { name: 'Mover…' }));
    await user.click(screen.getByRole('menuitem', { name: 'Devolver ao atendimento' }));
    expect(within(region('Entrega')).getByRole('article', { name: 'Posts de lançamento' })).toBeInTheDocument();
  });

  it('works the "Mover…" menu from the keyboard', async () => {
    const { user, sync } = await openBoard();
    const button = within(card('Banner da campanha')).getByRole('button', { name: 'Mover…' });
    button.focus();
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(screen.getByRole('menuitem', { name: 'Mover para Análise' })).toHaveFocus());
    await user.keyboard('{ArrowDown}{ArrowUp}{Escape}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(button).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(screen.getByRole('menuitem', { name: 'Mover para Análise' })).toHaveFocus());
    await user.keyboard('{Enter}');
    expect(readTicket(sync.doc, T.banner)?.stage).toBe('analysis');
    // The card now lives in another column; the focus follows it.
    await waitFor(() => expect(within(region('Análise')).getByRole('article', { name: 'Banner da campanha' })).toHaveFocus());
  });

  it('creates a ticket in Triagem with the quick add', async () => {
    const { user, sync } = await openBoard();
    const title = screen.getByRole('textbox', { name: 'Nova demanda na Triagem' });
    await user.type(title, '   {Enter}');
    expect(within(region('Triagem')).getAllByRole('article')).toHaveLength(1);

    await user.clear(title);
    await user.type(title, 'Relatório mensal{Enter}');
    expect(within(region('Triagem')).getByRole('article', { name: 'Relatório mensal' })).toBeInTheDocument();
    expect(title).toHaveValue('');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Canal' }), 'WhatsApp');
    await user.type(title, 'Stories da semana{Enter}');
    const created = [...sync.doc.getMap('tickets').keys()]
      .map((id) => readTicket(sync.doc, id))
      .filter((t) => t?.title === 'Relatório mensal' || t?.title === 'Stories da semana')
      .map((t) => [t?.title, t?.channel, t?.createdBy]);
    expect(created).toEqual(
      expect.arrayContaining([
        ['Relatório mensal', 'email', ANA_ID],
        ['Stories da semana', 'whatsapp', ANA_ID],
      ]),
    );
    expect(within(region('Triagem')).getAllByRole('article').map((a) => a.getAttribute('aria-label'))).toEqual([
      'Banner da campanha',
      'Relatório mensal',
      'Stories da semana',
    ]);
  });

  it('reads the filters from the URL and writes changes back to it', async () => {
    const { user, history } = await openBoard({ path: `/boards/${BOARD}?status=waiting_client` });
    expect(screen.getAllByRole('article').map((a) => a.getAttribute('aria-label'))).toEqual(['Landing page']);
    expect(screen.getByRole('combobox', { name: 'Situação' })).toHaveValue('waiting_client');
    expect(screen.getByText('1 ticket corresponde aos filtros')).toBeInTheDocument();
    expect(region('Análise')).toHaveTextContent('1 de 2');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Situação' }), 'Todos');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Cliente' }), 'Acme Digital');
    expect(new URLSearchParams(history.get().split('?')[1]).get('client')).toBe(ACME);
    expect(history.get()).not.toContain('status=');
    expect(screen.getAllByRole('article').map((a) => a.getAttribute('aria-label'))).toEqual(['Banner da campanha']);

    await user.click(screen.getByRole('button', { name: 'Limpar filtros' }));
    expect(screen.getAllByRole('article')).toHaveLength(4);
    await user.type(screen.getByRole('searchbox', { name: 'Buscar' }), '#101');
    expect(new URLSearchParams(history.get().split('?')[1]).get('q')).toBe('#101');
    expect(screen.getAllByRole('article').map((a) => a.getAttribute('aria-label'))).toEqual(['Banner da campanha']);

    await user.click(screen.getByRole('button', { name: 'Limpar filtros' }));
    await user.click(screen.getByRole('checkbox', { name: 'Só os meus' }));
    expect(history.get()).toContain('mine=1');
    expect(screen.getAllByRole('article').map((a) => a.getAttribute('aria-label'))).toEqual(['Banner da campanha']);
  });

  it('always shows the sync state: Salvo, Salvando…, Offline with the pending count', async () => {
    const { user, sync } = await openBoard();
    const status = () => screen.getAllByRole('status').find((el) => el.classList.contains('sync-status'));
    await waitFor(() => expect(status()).toHaveTextContent('Salvo'));

    sync.holdAcks = true;
    await user.click(within(card('Banner da campanha')).getByRole('button', { name: 'Mover…' }));
    await user.click(screen.getByRole('menuitem', { name: 'Mover para Análise' }));
    expect(status()).toHaveTextContent('Salvando…');

    sync.disconnectAll();
    expect(status()).toHaveTextContent('Offline — 1 alteração pendente');
    await user.click(within(card('Posts de lançamento')).getByRole('button', { name: 'Mover…' }));
    await user.click(screen.getByRole('menuitem', { name: 'Devolver ao atendimento' }));
    expect(status()).toHaveTextContent('Offline — 2 alterações pendentes');

    sync.holdAcks = false;
    sync.reconnect();
    expect(status()).toHaveTextContent('Salvo');
    expect(readTicket(sync.doc, T.posts)?.stage).toBe('delivery');
  });

  it('drops this browser’s state and loads the board again when the server refuses a change', async () => {
    const { user, sync } = await openBoard();
    await waitFor(() => expect(screen.getByText('Salvo')).toBeInTheDocument());
    sync.refuseNext = 'invalid_board';
    await user.click(within(card('Banner da campanha')).getByRole('button', { name: 'Mover…' }));
    await user.click(screen.getByRole('menuitem', { name: 'Mover para Análise' }));
    expect(await screen.findByText(/O servidor recusou uma alteração feita neste navegador/)).toHaveAttribute('role', 'alert');
    await waitFor(() => expect(within(region('Triagem')).getByRole('article', { name: 'Banner da campanha' })).toBeInTheDocument());
    expect(within(region('Análise')).queryByRole('article', { name: 'Banner da campanha' })).not.toBeInTheDocument();
    expect(readTicket(sync.doc, T.banner)?.stage).toBe('triage');
    await waitFor(() => expect(screen.getByText('Salvo')).toBeInTheDocument());
  });

  it('says why when the server refuses to close a ticket still waiting on the client’s approval', async () => {
    const { user, sync } = await openBoard();
    await waitFor(() => expect(screen.getByText('Salvo')).toBeInTheDocument());
    sync.refuseNext = 'needs_approval';
    await user.click(within(card('Banner da campanha')).getByRole('button', { name: 'Mover…' }));
    await user.click(screen.getByRole('menuitem', { name: 'Mover para Análise' }));
    expect(await screen.findByText(/Este ticket ainda não pode ser concluído: o tipo dele exige a aprovação do cliente/)).toHaveAttribute('role', 'alert');
    await waitFor(() => expect(screen.getByText('Salvo')).toBeInTheDocument());
  });

  it('says so when the server closes the board for good', async () => {
    const { sync } = await openBoard();
    await waitFor(() => expect(sync.connections).toBe(1));
    sync.closeAll(4403);
    expect(await screen.findByRole('alert')).toHaveTextContent('Você não tem mais acesso a este quadro.');
  });

  it('undoes and redoes only my own changes, from the buttons and the keyboard', async () => {
    const { user, sync } = await openBoard();
    const paulo = colleagueSession(sync, BOARD, { id: PAULO_ID, name: 'Paulo Lima' });
    colleagues.push(paulo);
    const undo = screen.getByRole('button', { name: 'Desfazer' });
    expect(undo).toBeDisabled();

    await user.click(within(card('Banner da campanha')).getByRole('button', { name: 'Mover…' }));
    await user.click(screen.getByRole('menuitem', { name: 'Mover para Análise' }));
    await waitFor(() => expect(readTicket(paulo.doc, T.banner)?.stage).toBe('analysis'));
    moveTicket(paulo.doc, { ticketId: T.posts, toStage: 'delivery' }, paulo.origin);
    expect(within(region('Entrega')).getByRole('article', { name: 'Posts de lançamento' })).toBeInTheDocument();

    await user.click(undo);
    expect(within(region('Triagem')).getByRole('article', { name: 'Banner da campanha' })).toBeInTheDocument();
    expect(within(region('Entrega')).getByRole('article', { name: 'Posts de lançamento' })).toBeInTheDocument();
    expect(readTicket(sync.doc, T.banner)?.stage).toBe('triage');
    expect(undo).toBeDisabled();

    // Typing in a field keeps Ctrl+Z for the field.
    await user.click(screen.getByRole('searchbox', { name: 'Buscar' }));
    await user.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    expect(readTicket(sync.doc, T.banner)?.stage).toBe('triage');

    (document.activeElement as HTMLElement).blur();
    await user.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    expect(readTicket(sync.doc, T.banner)?.stage).toBe('analysis');
    await user.keyboard('{Control>}z{/Control}');
    expect(readTicket(sync.doc, T.banner)?.stage).toBe('triage');
    await user.keyboard('{Control>}y{/Control}');
    expect(readTicket(sync.doc, T.banner)?.stage).toBe('analysis');
    expect(readTicket(sync.doc, T.posts)?.stage).toBe('delivery');
  });

  it('marks the tickets handed back to me', async () => {
    await openBoard({
      extra: { 'tickets.attention': () => [{ ticketId: T.posts, markedAt: '2025-03-10T12:00:00.000Z' }] },
    });
    expect(await within(card('Posts de lançamento')).findByText('Devolvido para você')).toBeInTheDocument();
    expect(card('Banner da campanha')).not.toHaveTextContent('Devolvido para você');
  });

  it('shows a colleague’s presence on the board and on the card they look at', async () => {
    const sync = seededServer();
    await openBoard({ sync });
    const paulo = colleagueSession(sync, BOARD, { id: PAULO_ID, name: 'Paulo Lima' });
    colleagues.push(paulo);
    expect(await screen.findByRole('list', { name: 'Neste quadro agora' })).toHaveTextContent('Paulo Lima');

    paulo.presence.setViewing(T.banner);
    expect(await within(card('Banner da campanha')).findByText('Paulo Lima está vendo este ticket')).toBeInTheDocument();
    paulo.presence.setDragging(T.banner);
    expect(await within(card('Banner da campanha')).findByText('Paulo Lima está movendo este ticket')).toBeInTheDocument();

    await paulo.destroy();
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Neste quadro agora' })).not.toBeInTheDocument());
    expect(card('Banner da campanha')).not.toHaveTextContent('Paulo Lima');
  });

  it('opens a ticket from its card, with the ticket in the URL', async () => {
    const { user, history } = await openBoard();
    await user.click(within(card('Banner da campanha')).getByText('Banner da campanha'));
    expect(history.get()).toContain(`ticket=${T.banner}`);
    expect(await screen.findByRole('dialog')).toBeInTheDocument();

    card('Landing page').focus();
    await user.keyboard('{Enter}');
    expect(history.get()).toContain(`ticket=${T.landing}`);
  });
});

describe('BoardPage with a long column', () => {
  it('renders only the visible cards, keeping names, count and positions right', async () => {
    const sync = createLocalServer();
    const seed = serverOrigin('seed');
    const id = (n: number) => `LongTicket${String(n).padStart(6, '0')}` as TicketId;
    for (let n = 1; n <= 300; n++) createTicket(sync.doc, { id: id(n), title: `Ticket ${n}`, channel: 'email' }, seed);

    const CARD = 120;
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('card-list-scroller') ? 600 : 0;
    });
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('card-list__item--virtual') ? CARD : 0;
    });

    await openBoard({ sync });
    const triage = region('Triagem');
    expect(triage).toHaveTextContent('300 tickets');
    const rendered = within(triage).getAllByRole('article');
    expect(rendered.length).toBeGreaterThan(3);
    expect(rendered.length).toBeLessThan(30);
    expect(rendered[0]).toHaveAccessibleName('Ticket 1');
    const firstItem = rendered[0]?.closest('li');
    expect(firstItem).toHaveAttribute('aria-setsize', '300');
    expect(firstItem).toHaveAttribute('aria-posinset', '1');

    const scroller = triage.querySelector<HTMLElement>('.card-list-scroller');
    if (!scroller) throw new Error('no scroller');
    Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: 200 * (CARD + 8) });
    fireEvent.scroll(scroller);
    await waitFor(() => expect(within(triage).queryByRole('article', { name: 'Ticket 1' })).not.toBeInTheDocument());
    const window = within(triage).getAllByRole('article');
    expect(window.length).toBeLessThan(30);
    for (const article of window) {
      const position = Number(article.closest('li')?.getAttribute('aria-posinset'));
      expect(position).toBeGreaterThan(150);
      expect(article).toHaveAccessibleName(`Ticket ${position}`);
    }
  });
});
