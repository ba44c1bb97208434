/**
 * The conversation where people meet it: a notification in the header's bell leads to the
 * board with the ticket's drawer open, and the drawer holds that ticket's conversation, live.
 */
import { createTicket, setTicketNumber } from '@fluxo/shared/board/index';
import type { CommentView } from '@fluxo/shared/conversation/comment';
import type { NotificationView } from '@fluxo/shared/conversation/notification';
import type { BoardId, TicketId, UserId } from '@fluxo/shared/ids';
import { serverOrigin } from '@fluxo/shared/origin';
import { screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { createLocalServer } from '../board/testing/localServer';
import { renderBoard } from '../board/testing/renderBoard';

const BOARD = 'BoardDemo0000001' as BoardId;
const TICKET = 'TicketBanner0001' as TicketId;
const ANA = 'AnaAtendimento01' as UserId;
const PAULO = 'PauloProducao001' as UserId;
const LOADING = { timeout: 5_000 };

const ana = { id: ANA, name: 'Ana Souza', email: 'ana@demo.fluxo', role: 'atendimento', locale: null };
const members = [
  { id: ANA, name: 'Ana Souza', role: 'atendimento' },
  { id: PAULO, name: 'Paulo Lima', role: 'producao' },
];
const paulo = { kind: 'staff' as const, userId: PAULO, name: 'Paulo Lima' };

const mention: CommentView = {
  id: 'CommentMention01' as CommentView['id'],
  boardId: BOARD,
  ticketId: TICKET,
  parentId: null,
  visibility: 'internal',
  source: 'app',
  author: paulo,
  body: `<@${ANA}> o layout está pronto.`,
  mentions: [{ userId: ANA, name: 'Ana Souza' }],
  createdAt: '2025-03-10T12:00:00.000Z',
  editedAt: null,
  deletedAt: null,
  deletedBy: null,
  revision: 1,
  revisions: [{ body: `<@${ANA}> o layout está pronto.`, at: '2025-03-10T12:00:00.000Z', by: paulo }],
};

const notified: NotificationView = {
  id: 'Notification0001' as NotificationView['id'],
  kind: 'mentioned',
  boardId: BOARD,
  ticketId: TICKET,
  ticketNumber: 101,
  ticketTitle: 'Banner da campanha',
  clientName: null,
  actor: { kind: 'staff', userId: PAULO, name: 'Paulo Lima' },
  commentId: mention.id,
  excerpt: '@Ana Souza o layout está pronto.',
  createdAt: '2025-03-10T12:00:00.000Z',
  readAt: null,
};

describe('the ticket conversation in the app', () => {
  it('goes from the bell to the ticket’s drawer, where the conversation is live', async () => {
    const sync = createLocalServer();
    createTicket(sync.doc, { id: TICKET, title: 'Banner da campanha', channel: 'email' }, serverOrigin('seed'));
    setTicketNumber(sync.doc, { ticketId: TICKET, number: 101 }, serverOrigin('witness'));
    const view = renderBoard({
      path: '/boards',
      languages: ['pt-BR'],
      sync,
      handlers: {
        'auth.me': () => ana,
        'boards.list': () => [{ id: BOARD, name: 'Agência Demo', members }],
        'boards.get': () => ({ id: BOARD, name: 'Agência Demo', members, clients: [], wipLimits: {} }),
        'tickets.attention': () => [],
        'tickets.history': () => [],
        'notifications.list': () => ({ items: [notified], unreadCount: 1, hasMore: false, cursor: '3' }),
        'notifications.markRead': () => ({ updated: 1, unreadCount: 0 }),
        'comments.list': (input) => {
          expect(input).toEqual({ boardId: BOARD, ticketId: TICKET });
          return { comments: [mention], cursor: '12' };
        },
        'comments.mentionable': () => members,
      },
    });

    await view.user.click(await screen.findByRole('button', { name: 'Notificações: 1 não lida' }));
    await view.user.click(within(screen.getByRole('dialog', { name: 'Notificações' })).getByRole('link', { name: /Paulo Lima mencionou você em #101/ }));

    const drawer = await screen.findByRole('dialog', { name: /Banner da campanha/ }, LOADING);
    const conversation = await within(drawer).findByRole('region', { name: 'Conversa' });
    const comment = await within(conversation).findByRole('article', { name: 'Paulo Lima' });
    expect(comment.querySelector('.mention')).toHaveTextContent('@Ana Souza');
    expect(await screen.findByRole('button', { name: 'Notificações' })).toBeInTheDocument();

    await waitFor(() => expect(view.server.subscriptionsTo('comments.onTicket').filter((s) => !s.closed)).toHaveLength(1));
    const stream = view.server.subscriptionsTo('comments.onTicket').find((s) => !s.closed);
    expect(stream?.input).toEqual({ boardId: BOARD, ticketId: TICKET, lastEventId: '12' });
    stream?.push(
      {
        ...mention,
        id: 'CommentReply0001',
        parentId: mention.id,
        body: 'Vou revisar agora.',
        author: { kind: 'staff', userId: ANA, name: 'Ana Souza' },
        mentions: [],
        createdAt: '2025-03-10T12:05:00.000Z',
      },
      '13',
    );
    expect(await within(conversation).findByText('Vou revisar agora.')).toBeInTheDocument();

    // Closing the drawer ends the ticket's stream.
    await view.user.click(within(drawer).getByRole('button', { name: 'Fechar' }));
    await waitFor(() => expect(stream?.closed).toBe(true));
  });
});
