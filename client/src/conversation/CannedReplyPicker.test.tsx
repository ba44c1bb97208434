import type { CommentId } from '@fluxo/shared/conversation/comment';
import type { BoardId, TicketId, UserId } from '@fluxo/shared/ids';
import { render, screen, waitFor, within } from '@solidjs/testing-library';
import { QueryClient, QueryClientProvider } from '@tanstack/solid-query';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import TrpcProvider from '../data/TrpcProvider';
import LocaleProvider from '../i18n/LocaleProvider';
import { insertReply } from '../replies/insertReply';
import { type Handler, createFakeServer, trpcError } from '../test/fakeServer';
import CommentThread from './CommentThread';

const ANA = 'AnaAtendimento01' as UserId;
const BOARD = 'BoardFluxoDemo01' as BoardId;
const TICKET = 'Ticket0000000001' as TicketId;

const REPLIES = [
  { id: 'ReplyAgradecer01', title: 'Agradecer elogio', body: 'Obrigada!', tone: 'praise', clientId: null, archived: false },
  { id: 'ReplyAcesso00001', title: 'Dúvida de acesso', body: 'Reenviamos.', tone: 'support', clientId: null, archived: false },
  { id: 'ReplyReembolso01', title: 'Passos do reembolso', body: '1. Acesse…', tone: 'support', clientId: null, archived: false },
];
const RENDERED: Record<string, string> = {
  ReplyAgradecer01: 'Que alegria ler isso! 💛\n\nDra. Helena Prado',
  ReplyAcesso00001: 'Reenviamos seu acesso (pedido #12).\n\nEquipe de Suporte de Dra. Helena Prado',
  ReplyReembolso01: 'Para o reembolso:\n\n1. Acesse a área de compras.\n\nEquipe de Suporte de Dra. Helena Prado',
};

function renderComposer(handlers: Record<string, Handler> = {}) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['pt-BR']);
  const server = createFakeServer({
    'comments.list': () => ({ comments: [], cursor: '0' }),
    'comments.mentionable': () => [{ id: ANA, name: 'Ana', role: 'atendimento' }],
    'comments.create': (raw) => {
      const input = raw as { id: CommentId; body: string; visibility: 'client' };
      const at = '2025-03-10T13:00:00.000Z';
      const author = { kind: 'staff' as const, userId: ANA, name: 'Ana' };
      return {
        id: input.id,
        boardId: BOARD,
        ticketId: TICKET,
        parentId: null,
        visibility: input.visibility,
        source: 'app',
        author,
        mentions: [],
        createdAt: at,
        editedAt: null,
        deletedAt: null,
        deletedBy: null,
        revision: 1,
        revisions: [{ body: input.body, at, by: author }],
        body: input.body,
      };
    },
    'replies.list': () => REPLIES,
    'replies.render': (raw) => ({ text: RENDERED[(raw as { replyId: string }).replyId] }),
    ...handlers,
  });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const user = userEvent.setup();
  render(() => (
    <TrpcProvider client={server.client}>
      <QueryClientProvider client={queryClient}>
        <LocaleProvider>
          <CommentThread boardId={BOARD} ticketId={TICKET} me={{ id: ANA, name: 'Ana', role: 'atendimento' }} />
        </LocaleProvider>
      </QueryClientProvider>
    </TrpcProvider>
  ));
  const box = () => screen.getByRole('textbox', { name: 'Nova mensagem' }) as HTMLTextAreaElement;
  return { server, user, box };
}

describe('CannedReplyPicker', () => {
  it('is offered only for client-visible messages, and asks for the list only when opened', async () => {
    const { server, user } = renderComposer();
    await screen.findByText('Nenhuma mensagem ainda.');
    expect(screen.queryByRole('button', { name: 'Respostas prontas' })).toBeNull();
    await user.click(screen.getByRole('radio', { name: /Resposta ao cliente/ }));
    const toggle = screen.getByRole('button', { name: 'Respostas prontas' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(server.callsTo('replies.list')).toHaveLength(0);
    await user.click(toggle);
    await waitFor(() => expect(server.callsTo('replies.list')).toHaveLength(1));
    expect(server.callsTo('replies.list')[0]?.input).toEqual({ ticket: { boardId: BOARD, ticketId: TICKET } });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
  });

  it('puts the server-rendered reply at the caret, keeping what was typed on both sides, by keyboard alone', async () => {
    const { server, user, box } = renderComposer();
    await screen.findByText('Nenhuma mensagem ainda.');
    await user.click(screen.getByRole('radio', { name: /Resposta ao cliente/ }));
    await user.type(box(), 'Olá, Maria!{Enter}Até logo.');
    box().setSelectionRange('Olá, Maria!'.length, 'Olá, Maria!'.length);

    // Keyboard: focus the button, open, filter, arrow to the second match, Enter.
    screen.getByRole('button', { name: 'Respostas prontas' }).focus();
    await user.keyboard('{Enter}');
    const filter = await screen.findByRole('combobox', { name: 'Buscar resposta pronta' });
    expect(filter).toHaveFocus();
    const list = await screen.findByRole('listbox', { name: 'Respostas prontas para este ticket' });
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(3));
    await user.keyboard('s');
    // "s" in "Dúvida de acesso" and "Passos do reembolso", not in "Agradecer elogio".
    await waitFor(() => expect(within(list).getAllByRole('option').map((o) => o.textContent)).toEqual(['Dúvida de acessoSuporte', 'Passos do reembolsoSuporte']));
    await user.keyboard('{ArrowDown}');
    expect(within(list).getByRole('option', { name: /Passos do reembolso/ })).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');

    await waitFor(() => expect(server.callsTo('replies.render')).toHaveLength(1));
    expect(server.callsTo('replies.render')[0]?.input).toEqual({ replyId: 'ReplyReembolso01', boardId: BOARD, ticketId: TICKET });
    const expected = `Olá, Maria!\n\n${RENDERED.ReplyReembolso01}\n\nAté logo.`;
    await waitFor(() => expect(box()).toHaveValue(expected));
    expect(screen.queryByRole('listbox', { name: 'Respostas prontas para este ticket' })).toBeNull();
    expect(box()).toHaveFocus();
    expect(box().selectionStart).toBe(`Olá, Maria!\n\n${RENDERED.ReplyReembolso01}`.length);
    // Nothing was sent by the Enter that picked.
    expect(server.callsTo('comments.create')).toHaveLength(0);

    // The composer's draft is the box's text: sending sends it all.
    await user.click(screen.getByRole('button', { name: 'Enviar ao cliente' }));
    await waitFor(() => expect(server.callsTo('comments.create')).toHaveLength(1));
    expect(server.callsTo('comments.create')[0]?.input).toMatchObject({ body: expected, visibility: 'client' });
  });

  it('closes on Escape without touching the draft, and says so when a reply cannot be prepared', async () => {
    const { user, box } = renderComposer({ 'replies.render': () => { throw trpcError('BAD_REQUEST', 'this canned reply is archived'); } });
    await screen.findByText('Nenhuma mensagem ainda.');
    await user.click(screen.getByRole('radio', { name: /Resposta ao cliente/ }));
    await user.type(box(), 'Rascunho');
    const toggle = screen.getByRole('button', { name: 'Respostas prontas' });
    await user.click(toggle);
    await screen.findByRole('option', { name: /Agradecer elogio/ });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(toggle).toHaveFocus();
    expect(box()).toHaveValue('Rascunho');

    // Leaving the list (Tab, or clicking the text box) closes it.
    await user.click(toggle);
    await screen.findByRole('option', { name: /Agradecer elogio/ });
    await user.click(box());
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(box()).toHaveValue('Rascunho');

    await user.click(toggle);
    await user.click(await screen.findByRole('option', { name: /Agradecer elogio/ }));
    expect(await screen.findByText('Não foi possível preparar essa resposta. Tente de novo.')).toBeInTheDocument();
    expect(box()).toHaveValue('Rascunho');
  });
});

describe('insertReply', () => {
  it('inserts at the caret (after a selection), set apart by blank lines, replacing nothing', () => {
    expect(insertReply('', 0, 0, 'R')).toEqual({ text: 'R', caret: 1 });
    expect(insertReply('Oi', 2, 2, 'R')).toEqual({ text: 'Oi\n\nR', caret: 5 });
    expect(insertReply('Oi', 0, 0, 'R')).toEqual({ text: 'R\n\nOi', caret: 1 });
    expect(insertReply('Oi\n\nTchau', 4, 4, 'R')).toEqual({ text: 'Oi\n\nR\n\nTchau', caret: 5 });
    expect(insertReply('Oi Maria', 0, 2, 'R')).toEqual({ text: 'Oi\n\nR\n\n Maria', caret: 5 });
  });
});
