import { screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { trpcError } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';

const paulo = { id: 'u2', name: 'Paulo Reis', email: 'paulo@demo.fluxo', role: 'producao', locale: null };

describe('BoardListPage', () => {
  it('sends a visitor to the login page without asking for boards', async () => {
    const view = renderApp({ path: '/boards', handlers: { 'boards.list': () => [] } });
    expect(await screen.findByRole('heading', { name: 'Entrar no Fluxo' })).toBeInTheDocument();
    expect(view.history.get()).toBe('/login?next=%2Fboards');
    expect(view.server.callsTo('boards.list')).toHaveLength(0);
  });

  it('lists the boards as links to each board', async () => {
    renderApp({
      path: '/',
      handlers: {
        'auth.me': () => paulo,
        'boards.list': () => [
          { id: 'b1', name: 'Agência Demo', members: [] },
          { id: 'b2', name: 'Loja Bela', members: [] },
        ],
      },
    });
    const list = await screen.findByRole('list');
    const links = within(list).getAllByRole('link');
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      [expect.stringContaining('Agência Demo'), '/boards/b1'],
      [expect.stringContaining('Loja Bela'), '/boards/b2'],
    ]);
    expect(screen.getByText('Conectado como Paulo Reis')).toBeInTheDocument();
  });

  it('says so when the person belongs to no board', async () => {
    renderApp({ path: '/boards', handlers: { 'auth.me': () => paulo, 'boards.list': () => [] } });
    expect(await screen.findByText('Você ainda não participa de nenhum quadro.')).toBeInTheDocument();
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
  });

  it('reports a failed load', async () => {
    renderApp({
      path: '/boards',
      handlers: {
        'auth.me': () => paulo,
        'boards.list': () => {
          throw trpcError('INTERNAL_SERVER_ERROR', 'boom');
        },
      },
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('Não foi possível carregar os quadros.');
  });

  it('signs out: calls auth.logout, forgets the boards and returns to the login page', async () => {
    let signedIn = true;
    const view = renderApp({
      path: '/boards',
      handlers: {
        'auth.me': () => (signedIn ? paulo : null),
        'boards.list': () => [{ id: 'b1', name: 'Agência Demo', members: [] }],
        'auth.logout': () => {
          signedIn = false;
          return { ok: true };
        },
      },
    });
    await screen.findByRole('link', { name: /^Agência Demo/ });
    await view.user.click(screen.getByRole('button', { name: 'Sair' }));

    expect(await screen.findByRole('heading', { name: 'Entrar no Fluxo' })).toBeInTheDocument();
    expect(view.server.callsTo('auth.logout')).toHaveLength(1);
    await waitFor(() => expect(view.history.get()).toBe('/login'));
    expect(view.queryClient.getQueryData(['boards', 'list'])).toBeUndefined();
  });
});
