import type { NotificationView } from '@fluxo/shared/conversation/notification';
import { screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import type { Handler } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';

const ana = { id: 'AnaAtendimento01', name: 'Ana', email: 'ana@demo.fluxo', role: 'atendimento', locale: null };
const BOARD = 'BoardFluxoDemo01';

function notification(id: string, fields: Partial<NotificationView> = {}): NotificationView {
  return {
    id: id.padEnd(16, '0'),
    kind: 'mentioned',
    boardId: BOARD,
    ticketId: 'Ticket0000000012',
    ticketNumber: 12,
    ticketTitle: 'Banner da campanha',
    clientName: 'Padaria Pão Quente',
    actor: { kind: 'staff', userId: 'PauloProducao001', name: 'Paulo' },
    commentId: null,
    excerpt: 'Pode revisar o layout?',
    createdAt: '2025-03-10T12:00:00.000Z',
    readAt: null,
    ...fields,
  } as NotificationView;
}

function renderSignedIn(options: { items?: NotificationView[]; unreadCount?: number; languages?: string[]; handlers?: Record<string, Handler> } = {}) {
  const items = options.items ?? [];
  return renderApp({
    path: '/boards',
    ...(options.languages ? { languages: options.languages } : {}),
    handlers: {
      'auth.me': () => ana,
      'boards.list': () => [],
      'notifications.list': () => ({
        items,
        unreadCount: options.unreadCount ?? items.filter((n) => n.readAt === null).length,
        hasMore: false,
        cursor: '41',
      }),
      'notifications.markRead': (input) => ({ updated: 1, unreadCount: 'all' in (input as object) ? 0 : 1 }),
      ...options.handlers,
    },
  });
}

describe('NotificationBell', () => {
  it('shows the unread count and follows it live from the list’s cursor', async () => {
    const view = renderSignedIn({ items: [notification('n1'), notification('n2', { readAt: '2025-03-10T12:30:00.000Z' })] });
    expect(await screen.findByRole('button', { name: 'Notificações: 1 não lida' })).toBeInTheDocument();

    await waitFor(() => expect(view.server.subscriptionsTo('notifications.onNew')).toHaveLength(1));
    const stream = view.server.subscriptionsTo('notifications.onNew')[0];
    expect(stream?.input).toEqual({ lastEventId: '41' });
    stream?.push(
      {
        notification: notification('n3', { kind: 'handed_to_me', createdAt: '2025-03-10T13:00:00.000Z', excerpt: null }),
        unreadCount: 2,
      },
      '42',
    );
    expect(await screen.findByRole('button', { name: 'Notificações: 2 não lidas' })).toBeInTheDocument();

    await view.user.click(screen.getByRole('button', { name: 'Notificações: 2 não lidas' }));
    const panel = screen.getByRole('dialog', { name: 'Notificações' });
    const links = within(panel).getAllByRole('link').filter((a) => a.classList.contains('notification__link'));
    expect(links.map((a) => a.querySelector('.notification__sentence')?.textContent)).toEqual([
      'Paulo devolveu #12 “Banner da campanha” para você (Produção → Entrega)',
      'Paulo mencionou você em #12 “Banner da campanha”',
      'Paulo mencionou você em #12 “Banner da campanha”',
    ]);
  });

  it('speaks the reader’s language', async () => {
    const view = renderSignedIn({
      languages: ['en-US'],
      items: [notification('n1', { kind: 'client_replied', actor: { kind: 'client', email: 'joana@padaria.com.br', name: null } })],
    });
    await view.user.click(await screen.findByRole('button', { name: 'Notifications: 1 unread' }));
    expect(within(screen.getByRole('dialog', { name: 'Notifications' })).getByText('joana@padaria.com.br replied on #12 “Banner da campanha”')).toBeInTheDocument();
  });

  it('opens the board at the ticket and marks that notification read', async () => {
    const first = notification('n1');
    const view = renderSignedIn({ items: [first, notification('n2')] });
    await view.user.click(await screen.findByRole('button', { name: 'Notificações: 2 não lidas' }));
    const panel = screen.getByRole('dialog', { name: 'Notificações' });
    const link = within(panel).getAllByRole('link')[0] as HTMLElement;
    expect(link).toHaveAttribute('href', `/boards/${BOARD}?ticket=Ticket0000000012`);
    await view.user.click(link);

    await waitFor(() => expect(view.history.get()).toBe(`/boards/${BOARD}?ticket=Ticket0000000012`));
    expect(screen.queryByRole('dialog', { name: 'Notificações' })).not.toBeInTheDocument();
    await waitFor(() => expect(view.server.callsTo('notifications.markRead')).toHaveLength(1));
    expect(view.server.callsTo('notifications.markRead')[0]?.input).toEqual({ ids: [first.id] });
    expect(await screen.findByRole('button', { name: 'Notificações: 1 não lida' })).toBeInTheDocument();
  });

  it('marks everything read at once', async () => {
    const view = renderSignedIn({ items: [notification('n1'), notification('n2'), notification('n3')] });
    await view.user.click(await screen.findByRole('button', { name: 'Notificações: 3 não lidas' }));
    await view.user.click(screen.getByRole('button', { name: 'Marcar todas como lidas' }));
    await waitFor(() => expect(view.server.callsTo('notifications.markRead')).toHaveLength(1));
    expect(view.server.callsTo('notifications.markRead')[0]?.input).toEqual({ all: true });
    expect(await screen.findByRole('button', { name: 'Notificações' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Marcar todas como lidas' })).toBeDisabled();
    expect(document.querySelectorAll('.notification--unread')).toHaveLength(0);
  });

  it('closes with Escape and gives the focus back to the bell', async () => {
    const view = renderSignedIn({ items: [notification('n1')] });
    const bell = await screen.findByRole('button', { name: 'Notificações: 1 não lida' });
    await view.user.click(bell);
    expect(bell).toHaveAttribute('aria-expanded', 'true');
    await view.user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Notificações' })).not.toBeInTheDocument();
    expect(bell).toHaveFocus();
  });

  it('shows the outbox link to admins only', async () => {
    renderSignedIn();
    expect(await screen.findByRole('button', { name: 'Notificações' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'E-mails' })).not.toBeInTheDocument();
  });
});
