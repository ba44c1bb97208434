import { screen, waitFor } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { authKeys } from '../data/auth';
import { deferred, trpcError } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';

const dora = { id: 'u3', name: 'Dora Lima', email: 'dora@demo.fluxo', role: 'admin', locale: null as string | null };

describe('LanguageSwitch', () => {
  it('offers the three languages by their native names, current one selected', async () => {
    renderApp({ languages: ['ru'] });
    const select = await screen.findByLabelText('Язык');
    const options = Array.from((select as HTMLSelectElement).options).map((o) => [o.value, o.textContent, o.selected]);
    expect(options).toEqual([
      ['pt-BR', 'Português (Brasil)', false],
      ['en', 'English', false],
      ['ru', 'Русский', true],
    ]);
  });

  it('a visitor’s choice is kept on this browser only and outlives a reload', async () => {
    const first = renderApp();
    await first.user.selectOptions(await screen.findByLabelText('Idioma'), 'en');
    expect(localStorage.getItem('fluxo.locale')).toBe('en');
    expect(first.server.callsTo('auth.setLocale')).toHaveLength(0);
    first.unmount();

    renderApp({ languages: ['pt-BR'] });
    expect(await screen.findByLabelText('Language')).toHaveValue('en');
    expect(screen.getByLabelText('Password')).toBeInTheDocument();
  });

  it('a signed-in person’s choice is also saved on the account', async () => {
    const view = renderApp({
      path: '/boards',
      handlers: {
        'auth.me': () => dora,
        'boards.list': () => [],
        'auth.setLocale': (input) => ({ ...dora, locale: (input as { locale: string | null }).locale }),
      },
    });
    await view.user.selectOptions(await screen.findByLabelText('Idioma'), 'ru');

    expect(screen.getByRole('heading', { name: 'Ваши доски' })).toBeInTheDocument();
    await waitFor(() => expect(view.server.callsTo('auth.setLocale').map((c) => c.input)).toEqual([{ locale: 'ru' }]));
    expect(localStorage.getItem('fluxo.locale')).toBe('ru');
    expect(view.queryClient.getQueryData(authKeys.me)).toMatchObject({ locale: 'ru' });
  });

  it('the account’s saved language wins over this browser’s, and a refused save is rolled back', async () => {
    localStorage.setItem('fluxo.locale', 'en');
    const refusal = deferred<never>();
    const view = renderApp({
      path: '/boards',
      handlers: {
        'auth.me': () => ({ ...dora, locale: 'pt-BR' }),
        'boards.list': () => [],
        'auth.setLocale': () => refusal.promise,
      },
    });
    expect(await screen.findByRole('heading', { name: 'Seus quadros' })).toBeInTheDocument();

    await view.user.selectOptions(screen.getByLabelText('Idioma'), 'ru');
    expect(await screen.findByRole('heading', { name: 'Ваши доски' })).toBeInTheDocument();

    refusal.reject(trpcError('INTERNAL_SERVER_ERROR', 'disk full'));
    expect(await screen.findByRole('heading', { name: 'Seus quadros' })).toBeInTheDocument();
  });
});
