import { screen } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { trpcError } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';

const ana = { id: 'u1', name: 'Ana Souza', email: 'ana@demo.fluxo', role: 'atendimento', locale: null };
const board = { id: 'b1', name: 'Agência Demo', members: [{ id: 'u1', name: 'Ana Souza', role: 'atendimento' }] };
const handlers = {
  'auth.me': () => ana,
  'boards.get': (input: unknown) => {
    if ((input as { boardId: string }).boardId === board.id) return board;
    throw trpcError('NOT_FOUND', 'board not found', { domainCode: 'not_found' });
  },
};

describe('BoardPage', () => {
  it('shows the board name and the five stage columns as named regions, in flow order', async () => {
    const view = renderApp({ path: '/boards/b1', handlers });
    expect(await screen.findByRole('heading', { level: 1, name: 'Agência Demo' })).toBeInTheDocument();
    expect(view.server.callsTo('boards.get').map((c) => c.input)).toEqual([{ boardId: 'b1' }]);
    expect(screen.getAllByRole('region').map((r) => r.getAttribute('aria-label'))).toEqual([
      'Triagem',
      'Análise',
      'Planejamento',
      'Produção',
      'Entrega',
    ]);
    expect(screen.getByRole('region', { name: 'Triagem' })).toHaveTextContent('Nenhum ticket nesta etapa');
    expect(screen.queryAllByRole('article')).toHaveLength(0);
  });

  it('names the columns in the person’s language', async () => {
    renderApp({ path: '/boards/b1', handlers: { ...handlers, 'auth.me': () => ({ ...ana, locale: 'ru' }) } });
    await screen.findByRole('heading', { level: 1, name: 'Agência Demo' });
    expect(screen.getByRole('region', { name: 'Сортировка' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Сдача' })).toBeInTheDocument();
  });

  it('says when the board does not exist or is not visible to this person', async () => {
    renderApp({ path: '/boards/nope', handlers });
    expect(await screen.findByText('Quadro não encontrado.')).toBeInTheDocument();
    expect(screen.queryAllByRole('region')).toHaveLength(0);
    expect(screen.getByRole('link', { name: /Voltar aos quadros/ })).toHaveAttribute('href', '/boards');
  });

  it('tells a failed load apart from a missing board', async () => {
    renderApp({
      path: '/boards/b1',
      handlers: {
        ...handlers,
        'boards.get': () => {
          throw trpcError('INTERNAL_SERVER_ERROR', 'Internal server error');
        },
      },
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('Não foi possível carregar os quadros.');
  });
});
