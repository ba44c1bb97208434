import { DEFAULT_NOTIFICATION_PREFS, type NotificationPrefs } from '@fluxo/shared/conversation/notification';
import { screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { deferred, trpcError } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';

const ana = { id: 'AnaAtendimento01', name: 'Ana', email: 'ana@demo.fluxo', role: 'atendimento', locale: null };
const emptyCentre = () => ({ items: [], unreadCount: 0, hasMore: false, cursor: '0' });

describe('NotificationPrefsPage', () => {
  it('shows each kind’s email delivery and saves a change', async () => {
    let prefs: NotificationPrefs = { ...DEFAULT_NOTIFICATION_PREFS };
    const view = renderApp({
      path: '/settings/notifications',
      handlers: {
        'auth.me': () => ana,
        'notifications.list': emptyCentre,
        'notifications.prefs': () => prefs,
        'notifications.setPref': (input) => {
          const { kind, delivery } = input as { kind: keyof NotificationPrefs; delivery: NotificationPrefs[keyof NotificationPrefs] };
          prefs = { ...prefs, [kind]: delivery };
          return prefs;
        },
      },
    });
    const mentioned = await screen.findByRole('group', { name: 'Alguém me menciona' });
    expect(within(mentioned).getByRole('radio', { name: 'Na hora' })).toBeChecked();
    expect(within(screen.getByRole('group', { name: 'Um prazo está chegando' })).getByRole('radio', { name: 'Em resumo' })).toBeChecked();
    expect(screen.getAllByRole('group')).toHaveLength(10); // one per kind (issue 8 added low_satisfaction)

    await view.user.click(within(mentioned).getByRole('radio', { name: 'Em resumo' }));
    await waitFor(() => expect(view.server.callsTo('notifications.setPref')).toHaveLength(1));
    expect(view.server.callsTo('notifications.setPref')[0]?.input).toEqual({ kind: 'mentioned', delivery: 'digest' });
    expect(await screen.findByText('Preferência salva.')).toBeInTheDocument();
    expect(within(mentioned).getByRole('radio', { name: 'Em resumo' })).toBeChecked();
    expect(prefs.mentioned).toBe('digest');
  });

  it('shows a choice at once and puts the previous one back when the server refuses it', async () => {
    const answer = deferred<never>();
    const view = renderApp({
      path: '/settings/notifications',
      handlers: {
        'auth.me': () => ana,
        'notifications.list': emptyCentre,
        'notifications.prefs': () => DEFAULT_NOTIFICATION_PREFS,
        'notifications.setPref': () => answer.promise,
      },
    });
    const overdue = await screen.findByRole('group', { name: 'Um prazo passou' });
    await view.user.click(within(overdue).getByRole('radio', { name: 'Sem e-mail' }));
    expect(within(overdue).getByRole('radio', { name: 'Sem e-mail' })).toBeChecked();
    await waitFor(() => expect(view.server.callsTo('notifications.setPref')).toHaveLength(1));
    answer.reject(trpcError('BAD_REQUEST', 'no'));
    expect(await screen.findByRole('alert')).toHaveTextContent('Não foi possível salvar. A escolha anterior foi mantida.');
    expect(within(overdue).getByRole('radio', { name: 'Na hora' })).toBeChecked();
  });

  it('is reached from the notification panel', async () => {
    const view = renderApp({
      path: '/boards',
      handlers: { 'auth.me': () => ana, 'boards.list': () => [], 'notifications.list': emptyCentre, 'notifications.prefs': () => DEFAULT_NOTIFICATION_PREFS },
    });
    await view.user.click(await screen.findByRole('button', { name: 'Notificações' }));
    expect(screen.getByText('Nada por aqui. Você será avisado quando algo precisar de você.')).toBeInTheDocument();
    await view.user.click(screen.getByRole('link', { name: 'Preferências de e-mail' }));
    expect(await screen.findByRole('heading', { name: 'Preferências de notificação' })).toBeInTheDocument();
    expect(view.history.get()).toBe('/settings/notifications');
  });
});
