import { screen, waitFor } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { deferred, trpcError } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';

const ana = { id: 'u1', name: 'Ana Souza', email: 'ana@demo.fluxo', role: 'atendimento', locale: null } as const;
const board = { id: 'b1', name: 'Agência Demo', members: [{ id: 'u1', name: 'Ana Souza', role: 'atendimento' }] };

async function fillAndSubmit(view: ReturnType<typeof renderApp>, email: string, password: string) {
  await view.user.type(await screen.findByLabelText('E-mail'), email);
  await view.user.type(screen.getByLabelText('Senha'), password);
  await view.user.click(screen.getByRole('button', { name: 'Entrar' }));
}

describe('LoginPage', () => {
  it('renders labelled fields in pt-BR when the browser speaks no supported language', async () => {
    renderApp({ languages: ['de-DE', 'fr'] });
    const email = await screen.findByLabelText('E-mail');
    expect(email).toHaveAttribute('type', 'email');
    expect(email).toHaveAttribute('autocomplete', 'username');
    expect(screen.getByLabelText('Senha')).toHaveAttribute('autocomplete', 'current-password');
    expect(screen.getByRole('heading', { name: 'Entrar no Fluxo' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Entrar' })).toBeEnabled();
    expect(document.documentElement.lang).toBe('pt-BR');
  });

  it('sends the typed credentials to auth.login, same-origin, and opens the boards on success', async () => {
    const view = renderApp({
      handlers: {
        'auth.login': () => ana,
        'boards.list': () => [board],
      },
    });
    await fillAndSubmit(view, '  ana@demo.fluxo ', 'fluxo-demo');

    await screen.findByRole('heading', { name: 'Seus quadros' });
    expect(view.server.callsTo('auth.login')).toEqual([
      { path: 'auth.login', input: { email: 'ana@demo.fluxo', password: 'fluxo-demo' }, credentials: 'same-origin' },
    ]);
    expect(view.history.get()).toBe('/boards');
    expect(await screen.findByRole('link', { name: /^Agência Demo/ })).toHaveAttribute('href', '/boards/b1');
  });

  it('returns to the page the visitor asked for', async () => {
    const view = renderApp({
      path: '/boards/b1',
      handlers: {
        'auth.login': () => ana,
        'boards.list': () => [board],
        'boards.get': () => board,
      },
    });
    await waitFor(() => expect(view.history.get()).toBe('/login?next=%2Fboards%2Fb1'));
    await fillAndSubmit(view, 'ana@demo.fluxo', 'fluxo-demo');
    await screen.findByRole('heading', { name: 'Agência Demo' });
    expect(view.history.get()).toBe('/boards/b1');
  });

  it('shows the translated error for invalid credentials and stays on the login page', async () => {
    const view = renderApp({
      handlers: {
        'auth.login': () => {
          throw trpcError('UNAUTHORIZED', 'invalid email or password', { domainCode: 'invalid_credentials', retryAfterSeconds: null });
        },
      },
    });
    await fillAndSubmit(view, 'ana@demo.fluxo', 'wrong');

    expect(await screen.findByRole('alert')).toHaveTextContent('E-mail ou senha inválidos.');
    expect(screen.getByLabelText('Senha')).toHaveAttribute('aria-invalid', 'true');
    expect(view.history.get()).toBe('/login');
  });

  it('tells a throttled person how many minutes to wait, in their language', async () => {
    const view = renderApp({
      languages: ['en-GB'],
      handlers: {
        'auth.login': () => {
          throw trpcError('TOO_MANY_REQUESTS', 'too many attempts; retry in 540s', { domainCode: 'throttled', retryAfterSeconds: 540 });
        },
      },
    });
    await view.user.type(await screen.findByLabelText('Email'), 'ana@demo.fluxo');
    await view.user.type(screen.getByLabelText('Password'), 'x');
    await view.user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(/9 minutes/);
  });

  it('switching the language to en and ru relabels the form and remembers the choice', async () => {
    const view = renderApp();
    await screen.findByLabelText('E-mail');

    await view.user.selectOptions(screen.getByLabelText('Idioma'), 'en');
    expect(screen.getByLabelText('Password')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');

    await view.user.selectOptions(screen.getByLabelText('Language'), 'ru');
    expect(screen.getByLabelText('Пароль')).toBeInTheDocument();
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument();
    expect(localStorage.getItem('fluxo.locale')).toBe('ru');
    // Nobody is signed in: nothing to save on an account.
    expect(view.server.callsTo('auth.setLocale')).toHaveLength(0);
  });

  it('disables the button while the login is pending', async () => {
    const pending = deferred<unknown>();
    const view = renderApp({ handlers: { 'auth.login': () => pending.promise, 'boards.list': () => [] } });
    await fillAndSubmit(view, 'ana@demo.fluxo', 'fluxo-demo');

    const button = await screen.findByRole('button', { name: 'Entrando…' });
    expect(button).toBeDisabled();
    await view.user.click(button);
    expect(view.server.callsTo('auth.login')).toHaveLength(1);

    pending.resolve(ana);
    await screen.findByRole('heading', { name: 'Seus quadros' });
  });
});
