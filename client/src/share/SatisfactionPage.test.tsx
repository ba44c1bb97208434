import { render, screen, waitFor } from '@solidjs/testing-library';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { I18nContext, createI18n } from '../i18n/locale';
import { createFakeServer, trpcError } from '../test/fakeServer';
import SatisfactionPage, { surveyTokenFromPath } from './SatisfactionPage';

const TOKEN = 'S'.repeat(43);
const SURVEY = { ticketNumber: 12, title: 'Cardápio novo', agencyName: 'Agência Ponto Criativo', answer: null };

function renderPage(handlers: Parameters<typeof createFakeServer>[0], token: string | null = TOKEN) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['pt-BR']);
  const server = createFakeServer(handlers);
  render(() => (
    <I18nContext.Provider value={createI18n()}>
      <SatisfactionPage client={server.client} token={token} />
    </I18nContext.Provider>
  ));
  return { server, user: userEvent.setup() };
}

describe('SatisfactionPage (/avaliacao/<token>)', () => {
  it('reads the token from the path only', () => {
    expect(surveyTokenFromPath(`/avaliacao/${TOKEN}`)).toBe(TOKEN);
    expect(surveyTokenFromPath('/avaliacao/')).toBeNull();
    expect(surveyTokenFromPath(`/share/${TOKEN}`)).toBeNull();
  });

  it('opening the page only reads; the client rates, comments and sends, and may change it', async () => {
    let answered: { rating: number; comment: string | null } | null = null;
    const { server, user } = renderPage({
      'satisfaction.survey': () => SURVEY,
      'satisfaction.answer': (input) => {
        const { rating, comment } = input as { rating: number; comment: string | null };
        answered = { rating, comment };
        return { ...SURVEY, answer: { rating, comment, answeredAt: '2025-03-11T10:00:00.000Z' } };
      },
    });
    expect(await screen.findByText('Conte para Agência Ponto Criativo como foi a entrega de #12 “Cardápio novo”.')).toBeInTheDocument();
    expect(server.callsTo('satisfaction.answer')).toHaveLength(0);
    const send = screen.getByRole('button', { name: 'Enviar avaliação' });
    expect(send).toBeDisabled(); // a rating first

    await user.click(screen.getByRole('radio', { name: '2 — Insatisfeito' }));
    await user.type(screen.getByLabelText('Comentário (opcional)'), 'Atrasou uma semana');
    await user.click(send);
    expect(await screen.findByText('Obrigado! Recebemos a sua avaliação.')).toBeInTheDocument();
    expect(answered).toEqual({ rating: 2, comment: 'Atrasou uma semana' });
    expect(server.callsTo('satisfaction.answer')[0]?.input).toEqual({ token: TOKEN, rating: 2, comment: 'Atrasou uma semana' });
    expect(screen.getByText('Sua avaliação: 2 de 5.')).toBeInTheDocument();

    await user.click(screen.getByRole('radio', { name: '4 — Satisfeito' }));
    await user.click(screen.getByRole('button', { name: 'Atualizar avaliação' }));
    await waitFor(() => expect(server.callsTo('satisfaction.answer')).toHaveLength(2));
    expect(await screen.findByText('Sua avaliação: 4 de 5.')).toBeInTheDocument();
  });

  it('an unknown link says it is not valid; a refused send keeps the comment and says why', async () => {
    renderPage({ 'satisfaction.survey': () => { throw trpcError('NOT_FOUND', 'survey'); } });
    expect(await screen.findByRole('alert')).toHaveTextContent('Este link de avaliação não é válido.');
    expect(screen.queryByRole('radio')).toBeNull();
    document.body.innerHTML = '';

    const { user } = renderPage({
      'satisfaction.survey': () => SURVEY,
      'satisfaction.answer': () => { throw trpcError('TOO_MANY_REQUESTS', 'slow down', { retryAfterSeconds: 1 }); },
    });
    await user.click(await screen.findByRole('radio', { name: '1 — Muito insatisfeito' }));
    await user.type(screen.getByLabelText('Comentário (opcional)'), 'Não gostei');
    await user.click(screen.getByRole('button', { name: 'Enviar avaliação' }));
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    expect(screen.getByLabelText('Comentário (opcional)')).toHaveValue('Não gostei');
  });
});
