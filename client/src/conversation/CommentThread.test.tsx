import type { CommentId, CommentView } from '@fluxo/shared/conversation/comment';
import type { BoardId, TicketId, UserId } from '@fluxo/shared/ids';
import { render, screen, waitFor, within } from '@solidjs/testing-library';
import { QueryClient, QueryClientProvider } from '@tanstack/solid-query';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import TrpcProvider from '../data/TrpcProvider';
import LocaleProvider from '../i18n/LocaleProvider';
import { type Handler, createFakeServer, trpcError } from '../test/fakeServer';
import CommentThread from './CommentThread';
import type { ConversationMe } from './conversationContext';

const ANA = 'AnaAtendimento01' as UserId;
const PAULO = 'PauloProducao001' as UserId;
const DORA = 'DoraDiretora0001' as UserId;
const BOARD = 'BoardFluxoDemo01' as BoardId;
const TICKET = 'Ticket0000000001' as TicketId;

const PEOPLE = [
  { id: ANA, name: 'Ana', role: 'atendimento' },
  { id: DORA, name: 'Dora', role: 'admin' },
  { id: PAULO, name: 'Paulo', role: 'producao' },
];
const ME_ANA: ConversationMe = { id: ANA, name: 'Ana', role: 'atendimento' };

let sequence = 0;
function commentId(): CommentId {
  sequence += 1;
  return `Comment${String(sequence).padStart(9, '0')}` as CommentId;
}

/** A comment as `comments.list` answers it. */
function view(fields: Partial<CommentView> & { body: string }): CommentView {
  const createdAt = fields.createdAt ?? '2025-03-10T12:00:00.000Z';
  const author = fields.author ?? { kind: 'staff', userId: ANA, name: 'Ana' };
  return {
    id: commentId(),
    boardId: BOARD,
    ticketId: TICKET,
    parentId: null,
    visibility: 'internal',
    source: 'app',
    author,
    mentions: [],
    createdAt,
    editedAt: null,
    deletedAt: null,
    deletedBy: null,
    revision: 1,
    revisions: [{ body: fields.body, at: createdAt, by: author }],
    ...fields,
  };
}

interface CreateInput {
  readonly id: CommentId;
  readonly body: string;
  readonly visibility?: 'internal' | 'client';
  readonly parentId?: CommentId;
}

/** A fake conversation: `comments.*` over an in-memory list, answering like the server. */
function renderThread(options: { comments?: CommentView[]; me?: ConversationMe; handlers?: Record<string, Handler> } = {}) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['pt-BR']);
  const comments = [...(options.comments ?? [])];
  const me = options.me ?? ME_ANA;
  const author = { kind: 'staff' as const, userId: me.id, name: me.name };
  const server = createFakeServer({
    'comments.list': () => ({ comments, cursor: '7' }),
    'comments.mentionable': () => PEOPLE,
    'comments.create': (raw) => {
      const input = raw as CreateInput;
      const parent = comments.find((c) => c.id === input.parentId);
      const mentions = [...input.body.matchAll(/<@([0-9A-Za-z]{16})>/g)].map((m) => ({
        userId: m[1] as UserId,
        name: PEOPLE.find((p) => p.id === m[1])?.name ?? null,
      }));
      const created = view({
        id: input.id,
        body: input.body,
        author,
        mentions,
        parentId: parent?.id ?? null,
        visibility: parent?.visibility ?? input.visibility ?? 'internal',
        createdAt: '2025-03-10T13:00:00.000Z',
      });
      comments.push(created);
      return created;
    },
    'comments.edit': (raw) => {
      const input = raw as { commentId: CommentId; body: string; revision: number };
      const index = comments.findIndex((c) => c.id === input.commentId);
      const current = comments[index] as CommentView;
      if (current.revision !== input.revision) throw trpcError('CONFLICT', 'the comment changed meanwhile');
      const at = '2025-03-10T14:00:00.000Z';
      const edited: CommentView = {
        ...current,
        body: input.body,
        editedAt: at,
        revision: current.revision + 1,
        revisions: [...current.revisions, { body: input.body, at, by: author }],
      };
      comments[index] = edited;
      return edited;
    },
    'comments.delete': (raw) => {
      const input = raw as { commentId: CommentId };
      const index = comments.findIndex((c) => c.id === input.commentId);
      const deleted: CommentView = {
        ...(comments[index] as CommentView),
        body: null,
        deletedAt: '2025-03-10T15:00:00.000Z',
        deletedBy: author,
      };
      comments[index] = deleted;
      return deleted;
    },
    ...options.handlers,
  });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const user = userEvent.setup();
  const result = render(() => (
    <TrpcProvider client={server.client}>
      <QueryClientProvider client={queryClient}>
        <LocaleProvider>
          <CommentThread boardId={BOARD} ticketId={TICKET} me={me} />
        </LocaleProvider>
      </QueryClientProvider>
    </TrpcProvider>
  ));
  const section = () => screen.getByRole('region', { name: 'Conversa' });
  const stream = async () => {
    await waitFor(() => expect(server.subscriptionsTo('comments.onTicket').filter((s) => !s.closed)).toHaveLength(1));
    return server.subscriptionsTo('comments.onTicket').filter((s) => !s.closed)[0] as (typeof server.subscriptions)[number];
  };
  return { ...result, server, queryClient, user, section, stream, comments };
}

const composerBox = () => screen.getByRole('textbox', { name: 'Nova mensagem' });

describe('CommentThread', () => {
  it('starts every new thread as an internal note, makes "client" an explicit choice, and comes back to internal', async () => {
    const { server, user, section } = renderThread();
    expect(await within(section()).findByText('Nenhuma mensagem ainda.')).toBeInTheDocument();

    const internal = screen.getByRole('radio', { name: /Nota interna/ });
    const client = screen.getByRole('radio', { name: /Resposta ao cliente/ });
    expect(internal).toBeChecked();
    expect(client).not.toBeChecked();
    expect(screen.getByRole('button', { name: 'Salvar nota interna' })).toBeInTheDocument();

    await user.type(composerBox(), 'Cliente pediu o logo em SVG.');
    await user.click(screen.getByRole('button', { name: 'Salvar nota interna' }));
    await waitFor(() => expect(server.callsTo('comments.create')).toHaveLength(1));
    expect(server.callsTo('comments.create')[0]?.input).toMatchObject({
      boardId: BOARD,
      ticketId: TICKET,
      body: 'Cliente pediu o logo em SVG.',
      visibility: 'internal',
    });
    const note = await within(section()).findByRole('article', { name: 'Ana' });
    expect(note).toHaveAttribute('data-visibility', 'internal');
    expect(within(note).getByText('Nota interna')).toBeInTheDocument();
    expect(composerBox()).toHaveValue('');

    await user.click(client);
    expect(screen.getByRole('button', { name: 'Enviar ao cliente' })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Quem vai ver' }).closest('form')).toHaveAttribute('data-visibility', 'client');
    await user.type(composerBox(), 'Olá! O arquivo segue em anexo.');
    await user.click(screen.getByRole('button', { name: 'Enviar ao cliente' }));
    await waitFor(() => expect(server.callsTo('comments.create')).toHaveLength(2));
    expect(server.callsTo('comments.create')[1]?.input).toMatchObject({ visibility: 'client' });
    await waitFor(() => expect(within(section()).getAllByRole('article')).toHaveLength(2));
    expect(within(section()).getAllByText('Visível ao cliente')).toHaveLength(1);
    // The next message is an internal note again unless someone chooses otherwise.
    expect(screen.getByRole('radio', { name: /Nota interna/ })).toBeChecked();
    expect(screen.getByRole('button', { name: 'Salvar nota interna' })).toBeInTheDocument();
  });

  it('lets a reply inherit its thread’s visibility, saying so instead of offering a choice', async () => {
    const thread = view({ body: 'Segue a proposta.', visibility: 'client' });
    const { server, user, section } = renderThread({ comments: [thread] });
    const root = await within(section()).findByRole('article', { name: 'Ana' });
    await user.click(within(root).getByRole('button', { name: 'Responder' }));

    const reply = screen.getByRole('textbox', { name: 'Sua resposta' });
    const form = reply.closest('form') as HTMLFormElement;
    expect(form).toHaveAttribute('data-visibility', 'client');
    expect(within(form).getByText('Resposta visível ao cliente: ele vê e recebe por e-mail.')).toBeInTheDocument();
    expect(within(form).queryByRole('radio')).not.toBeInTheDocument();
    expect(reply).toHaveFocus();

    await user.type(reply, 'Aprovado, obrigado!');
    await user.click(within(form).getByRole('button', { name: 'Responder ao cliente' }));
    await waitFor(() => expect(server.callsTo('comments.create')).toHaveLength(1));
    const sent = server.callsTo('comments.create')[0]?.input as Record<string, unknown>;
    expect(sent).toMatchObject({ parentId: thread.id, body: 'Aprovado, obrigado!' });
    expect(sent).not.toHaveProperty('visibility');
    await waitFor(() => expect(screen.queryByRole('textbox', { name: 'Sua resposta' })).not.toBeInTheDocument());
    const replies = section().querySelector('.comment-replies') as HTMLElement;
    expect(within(replies).getByText('Aprovado, obrigado!')).toBeInTheDocument();
    expect(within(replies).getByRole('article')).toHaveAttribute('data-visibility', 'client');
  });

  it('renders XSS payloads in bodies as inert text: no markup, no handlers, no script runs', async () => {
    const payloads = [
      '<img src=x onerror="window.__fluxoXss = 1">',
      '<script>window.__fluxoXss = 2</script>',
      '<svg onload="window.__fluxoXss = 3"></svg>',
      '[clique](javascript:window.__fluxoXss=4)',
      '<a href="javascript:window.__fluxoXss=5">x</a>',
      '**<iframe src="javascript:window.__fluxoXss=6">**',
      '<@AnaAtendimento01" onmouseover="window.__fluxoXss=7>',
    ];
    const edited = view({ body: 'ok' });
    const comments = [
      ...payloads.map((body) => view({ body })),
      {
        ...edited,
        body: 'ok',
        revision: 2,
        revisions: [{ body: '<img src=y onerror="window.__fluxoXss = 8">', at: edited.createdAt, by: edited.author }, ...edited.revisions],
      },
    ];
    const { section } = renderThread({ comments });
    await waitFor(() => expect(within(section()).getAllByRole('article')).toHaveLength(payloads.length + 1));
    // Both versions of the edited one are rendered too (inside "editado · 2 versões").
    expect(within(section()).getByText('editado', { exact: false })).toBeInTheDocument();

    const rendered = section().querySelectorAll('.comment-body');
    expect(rendered.length).toBe(payloads.length + 3);
    for (const body of rendered) {
      expect(body.querySelector('img, script, svg, iframe, object, embed, style')).toBeNull();
      for (const element of body.querySelectorAll('*')) {
        for (const attribute of element.attributes) expect(attribute.name).not.toMatch(/^on/i);
        if (element instanceof HTMLAnchorElement) expect(element.href).toMatch(/^(https?:|mailto:)/);
      }
    }
    expect(within(section()).getByText('<img src=x onerror="window.__fluxoXss = 1">')).toBeInTheDocument();
    expect(section().querySelectorAll('a')).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((window as { __fluxoXss?: unknown }).__fluxoXss).toBeUndefined();
  });

  it('follows the live stream from the list’s cursor: a colleague’s comment appears, an edit and a deletion replace it', async () => {
    const { section, stream } = renderThread();
    await within(section()).findByText('Nenhuma mensagem ainda.');
    const live = await stream();
    expect(live.input).toMatchObject({ boardId: BOARD, ticketId: TICKET, lastEventId: '7' });

    const paulo = { kind: 'staff' as const, userId: PAULO, name: 'Paulo' };
    const fromPaulo = view({ body: 'Layout pronto, **pode revisar**?', author: paulo });
    live.push(fromPaulo, '8');
    const article = await within(section()).findByRole('article', { name: 'Paulo' });
    expect(within(article).getByText('pode revisar').tagName).toBe('STRONG');
    // Not mine: no edit, no delete for Ana (not an admin).
    expect(within(article).queryByRole('button', { name: 'Editar' })).not.toBeInTheDocument();
    expect(within(article).queryByRole('button', { name: 'Excluir' })).not.toBeInTheDocument();

    const edited: CommentView = {
      ...fromPaulo,
      body: 'Layout pronto, pode revisar hoje?',
      revision: 2,
      editedAt: '2025-03-10T12:05:00.000Z',
      revisions: [...fromPaulo.revisions, { body: 'Layout pronto, pode revisar hoje?', at: '2025-03-10T12:05:00.000Z', by: paulo }],
    };
    live.push(edited, '9');
    const current = () => article.querySelector(':scope > .comment-body');
    await waitFor(() => expect(current()).toHaveTextContent('Layout pronto, pode revisar hoje?'));
    expect(within(article).getByText(/editado · 2 versões/)).toBeInTheDocument();

    // An older version arriving late (a reconnect) never replaces a newer one.
    live.push(fromPaulo, '8');
    live.push(view({ body: 'marca de ordem' }), '9');
    await within(section()).findByText('marca de ordem');
    expect(current()).toHaveTextContent('Layout pronto, pode revisar hoje?');
    live.push({ ...edited, body: null, deletedAt: '2025-03-10T12:10:00.000Z', deletedBy: paulo }, '10');
    expect(await within(article).findByText('comentário excluído por Paulo')).toBeInTheDocument();
    expect(current()).toBeNull();
    expect(within(article).getByText(/Ver histórico · 2 versões/)).toBeInTheDocument();
  });

  it('ignores stream events that are not comments of this ticket', async () => {
    const { section, stream } = renderThread();
    await within(section()).findByText('Nenhuma mensagem ainda.');
    const live = await stream();
    live.push({ ...view({ body: 'de outro ticket' }), ticketId: 'Ticket0000000002' }, '8');
    live.push({ hello: 'world' }, '9');
    live.push(view({ body: 'este sim' }), '10');
    expect(await within(section()).findByText('este sim')).toBeInTheDocument();
    expect(within(section()).queryByText('de outro ticket')).not.toBeInTheDocument();
  });

  it('marks client and email-sourced comments as such', async () => {
    const fromClient = view({
      body: 'Podemos trocar a cor?',
      visibility: 'client',
      source: 'email',
      author: { kind: 'client', email: 'joana@padaria.com.br', name: 'Joana' },
    });
    const { section } = renderThread({ comments: [fromClient] });
    const article = await within(section()).findByRole('article', { name: 'Joana' });
    expect(within(article).getByText('Cliente')).toBeInTheDocument();
    expect(within(article).getByText('por e-mail')).toBeInTheDocument();
    expect(within(article).getByText('Visível ao cliente')).toBeInTheDocument();
  });

  it('autocompletes @mentions and stores them as ids, shown with the colleague’s name', async () => {
    const { server, user, section } = renderThread();
    await within(section()).findByText('Nenhuma mensagem ainda.');
    await waitFor(() => expect(server.callsTo('comments.mentionable')).toHaveLength(1));
    await user.type(composerBox(), 'Pode ver isso, @pa');
    const list = screen.getByRole('listbox', { name: 'Pessoas para mencionar' });
    expect(within(list).getAllByRole('option').map((o) => o.textContent)).toEqual(['PauloProdução']);
    await user.keyboard('{Enter}');
    expect(composerBox()).toHaveValue('Pode ver isso, @Paulo ');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    await user.type(composerBox(), 'e @Dora?');
    await user.keyboard('{Control>}{Enter}{/Control}');

    await waitFor(() => expect(server.callsTo('comments.create')).toHaveLength(1));
    expect(server.callsTo('comments.create')[0]?.input).toMatchObject({ body: `Pode ver isso, <@${PAULO}> e <@${DORA}>?` });
    const article = await within(section()).findByRole('article', { name: 'Ana' });
    const mentions = [...article.querySelectorAll('.mention')].map((m) => m.textContent);
    expect(mentions).toEqual(['@Paulo', '@Dora']);
  });

  it('closes the mention list with Escape without letting the Escape reach the drawer', async () => {
    const { user, section } = renderThread();
    await within(section()).findByText('Nenhuma mensagem ainda.');
    // The drawer's own handler is delegated by Solid like this one: it sees the event after the
    // composer, on the document.
    const seen: boolean[] = [];
    const listener = (event: KeyboardEvent) => seen.push(event.defaultPrevented);
    document.addEventListener('keydown', listener);
    onTestFinished(() => document.removeEventListener('keydown', listener));
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Nova mensagem' })).toBeInTheDocument());
    await user.type(composerBox(), '@');
    expect(await screen.findByRole('listbox')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    expect(seen.at(-1)).toBe(true);
  });

  it('edits my comment with its revision and keeps my text when a colleague changed it first', async () => {
    const mine = view({ body: `Combinado com <@${PAULO}>.` });
    const { server, user, section, comments } = renderThread({ comments: [mine] });
    const article = await within(section()).findByRole('article', { name: 'Ana' });
    await user.click(within(article).getByRole('button', { name: 'Editar' }));
    const box = within(article).getByRole('textbox', { name: 'Editar mensagem' });
    expect(box).toHaveValue('Combinado com @Paulo.');
    await user.clear(box);
    await user.type(box, 'Combinado com @Paulo para sexta.');
    await user.click(within(article).getByRole('button', { name: 'Salvar alteração' }));
    await waitFor(() => expect(server.callsTo('comments.edit')).toHaveLength(1));
    expect(server.callsTo('comments.edit')[0]?.input).toEqual({
      boardId: BOARD,
      ticketId: TICKET,
      commentId: mine.id,
      body: `Combinado com <@${PAULO}> para sexta.`,
      revision: 1,
    });
    expect(await within(article).findByText(/editado · 2 versões/)).toBeInTheDocument();

    // Someone else's edit reached the server first (revision 3 there, 2 here).
    const stored = comments[0] as CommentView;
    comments[0] = { ...stored, revision: 3 };
    await user.click(within(article).getByRole('button', { name: 'Editar' }));
    const again = within(article).getByRole('textbox', { name: 'Editar mensagem' });
    await user.type(again, ' Confirmado.');
    await user.click(within(article).getByRole('button', { name: 'Salvar alteração' }));
    expect(await within(article).findByRole('alert')).toHaveTextContent('Esta mensagem mudou enquanto você editava.');
    expect(again).toHaveValue('Combinado com @Paulo para sexta. Confirmado.');
  });

  it('deletes after confirming, and shows who deleted it', async () => {
    const mine = view({ body: 'Mensagem errada' });
    const { server, user, section } = renderThread({ comments: [mine] });
    const article = await within(section()).findByRole('article', { name: 'Ana' });
    await user.click(within(article).getByRole('button', { name: 'Excluir' }));
    const confirm = within(article).getByRole('alertdialog');
    expect(confirm).toHaveTextContent('o histórico fica guardado para a equipe');
    await user.click(within(confirm).getByRole('button', { name: 'Sim, excluir' }));
    await waitFor(() => expect(server.callsTo('comments.delete')).toHaveLength(1));
    expect(await within(article).findByText('comentário excluído por Ana')).toBeInTheDocument();
    expect(within(article).queryByRole('button', { name: 'Excluir' })).not.toBeInTheDocument();
  });

  it('lets an admin delete a colleague’s comment but not edit it', async () => {
    const fromAna = view({ body: 'Nota da Ana' });
    const { section } = renderThread({ comments: [fromAna], me: { id: DORA, name: 'Dora', role: 'admin' } });
    const article = await within(section()).findByRole('article', { name: 'Ana' });
    expect(within(article).getByRole('button', { name: 'Excluir' })).toBeInTheDocument();
    expect(within(article).queryByRole('button', { name: 'Editar' })).not.toBeInTheDocument();
  });

  it('keeps the draft and says why when sending fails, and refuses an empty message locally', async () => {
    const { server, user, section } = renderThread({
      handlers: {
        'comments.create': () => {
          throw trpcError('BAD_REQUEST', 'cannot mention XYZ: not someone on this board');
        },
      },
    });
    await within(section()).findByText('Nenhuma mensagem ainda.');
    await user.click(screen.getByRole('button', { name: 'Salvar nota interna' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Escreva a mensagem antes de enviar.');
    expect(server.callsTo('comments.create')).toHaveLength(0);

    await user.type(composerBox(), 'Texto importante');
    await user.click(screen.getByRole('button', { name: 'Salvar nota interna' }));
    expect(await screen.findByText(/A mensagem não foi aceita/)).toHaveAttribute('role', 'alert');
    expect(composerBox()).toHaveValue('Texto importante');
    // A second attempt is the same comment (same id): a retry can never write it twice.
    await user.click(screen.getByRole('button', { name: 'Salvar nota interna' }));
    await waitFor(() => expect(server.callsTo('comments.create')).toHaveLength(2));
    const [first, second] = server.callsTo('comments.create').map((call) => (call.input as { id: string }).id);
    expect(second).toBe(first);
  });

  it('says so when the live stream is refused for good, and loads again on request', async () => {
    const { server, user, section, stream } = renderThread();
    await within(section()).findByText('Nenhuma mensagem ainda.');
    const live = await stream();
    live.fail('NOT_FOUND', 'board not found');
    expect(await within(section()).findByText(/A conversa parou de se atualizar sozinha/)).toBeInTheDocument();
    await user.click(within(section()).getByRole('button', { name: 'Tentar de novo' }));
    await waitFor(() => expect(server.callsTo('comments.list')).toHaveLength(2));
    await waitFor(() => expect(server.subscriptionsTo('comments.onTicket')).toHaveLength(2));
    expect(within(section()).queryByText(/A conversa parou/)).not.toBeInTheDocument();
  });
});
