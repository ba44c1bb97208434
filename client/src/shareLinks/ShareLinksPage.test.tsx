import { screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import type { ShareLinkView } from '../data/shareLinks';
import { trpcError } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';

const BOARD = 'BoardFluxoDemo01';
const PADARIA = 'ClientPadaria001';
const LOJA = 'ClientLojaAzul01';
const ana = { id: 'AnaAtendimento01', name: 'Ana Souza', email: 'ana@demo.fluxo', role: 'atendimento', locale: null };
const paulo = { id: 'PauloProducao001', name: 'Paulo Lima', email: 'paulo@demo.fluxo', role: 'producao', locale: null };
const board = {
  id: BOARD,
  name: 'Fluxo de atendimento',
  members: [{ id: ana.id, name: ana.name, role: 'atendimento' }],
  clients: [
    { id: LOJA, name: 'Loja Azul' },
    { id: PADARIA, name: 'Padaria Pão Dourado' },
  ],
  wipLimits: {},
};
const emptyCentre = () => ({ items: [], unreadCount: 0, hasMore: false, cursor: '0' });

function link(id: string, fields: Partial<ShareLinkView> = {}): ShareLinkView {
  return {
    id: id.padEnd(16, '0'),
    boardId: BOARD,
    clientId: PADARIA,
    scope: 'view',
    createdAt: '2025-03-10T11:00:00.000Z',
    createdBy: ana.id,
    expiresAt: '2099-06-08T11:00:00.000Z',
    revokedAt: null,
    rotatedAt: null,
    lastUsedAt: null,
    active: true,
    ...fields,
  } as ShareLinkView;
}

describe('ShareLinksPage', () => {
  it('lists each client’s links, creates one shown once, and revokes one', async () => {
    let links: ShareLinkView[] = [link('old1', { revokedAt: '2025-03-11T11:00:00.000Z', active: false })];
    const url = `http://localhost:3000/share/${'k'.repeat(43)}`;
    const view = renderApp({
      path: `/boards/${BOARD}/links`,
      handlers: {
        'auth.me': () => ana,
        'boards.get': () => board,
        'notifications.list': emptyCentre,
        'shareLinks.list': () => links,
        'shareLinks.create': (input) => {
          const { clientId, scope } = input as { clientId: string; scope: 'view' | 'respond' };
          const made = link('new1', { clientId: clientId as ShareLinkView['clientId'], scope });
          links = [made, ...links];
          return { link: made, url };
        },
        'shareLinks.revoke': (input) => {
          const { id } = input as { id: string };
          links = links.map((l) => (l.id === id ? { ...l, revokedAt: '2025-03-12T11:00:00.000Z', active: false } : l));
          return links.find((l) => l.id === id);
        },
      },
    });
    expect(await screen.findByRole('heading', { name: 'Links dos clientes', level: 1 })).toBeInTheDocument();
    const padaria = await screen.findByRole('region', { name: 'Padaria Pão Dourado' });
    expect(within(padaria).getByText('Revogado')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Loja Azul' })).getByText('Nenhum link ainda.')).toBeInTheDocument();

    // A link that lets the padaria answer, for 30 days.
    const form = within(padaria).getByRole('form', { name: 'Novo link para Padaria Pão Dourado' });
    await view.user.click(within(form).getByRole('radio', { name: 'Acompanhar e responder' }));
    const days = within(form).getByRole('spinbutton', { name: 'Validade (dias)' });
    await view.user.clear(days);
    await view.user.type(days, '400');
    await view.user.click(within(form).getByRole('button', { name: 'Criar link' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('A validade vai de 1 a 365 dias.');
    expect(view.server.callsTo('shareLinks.create')).toHaveLength(0);
    await view.user.clear(days);
    await view.user.type(days, '30');
    await view.user.click(within(form).getByRole('button', { name: 'Criar link' }));
    await waitFor(() => expect(view.server.callsTo('shareLinks.create')).toHaveLength(1));
    expect(view.server.callsTo('shareLinks.create')[0]?.input).toEqual({ boardId: BOARD, clientId: PADARIA, scope: 'respond', expiresInDays: 30 });
    const issued = await screen.findByRole('region', { name: 'Link de Padaria Pão Dourado' });
    expect(within(issued).getByRole('textbox', { name: 'Endereço' })).toHaveValue(url);
    await waitFor(() => expect(within(within(padaria).getByRole('list')).getByText('Acompanhar e responder')).toBeInTheDocument());

    await view.user.click(within(padaria).getByRole('button', { name: 'Revogar o link de Padaria Pão Dourado' }));
    await waitFor(() => expect(view.server.callsTo('shareLinks.revoke')[0]?.input).toEqual({ id: 'new1'.padEnd(16, '0') }));
    expect(await screen.findByText(/Link de Padaria Pão Dourado revogado/)).toBeInTheDocument();
    // The address of a revoked link is not kept on screen.
    expect(screen.queryByRole('region', { name: 'Link de Padaria Pão Dourado' })).not.toBeInTheDocument();
    await waitFor(() => expect(within(padaria).queryByRole('button', { name: /Revogar/ })).not.toBeInTheDocument());
  });

  it('tells a producer that links are for account managers, and asks the server nothing', async () => {
    renderApp({
      path: `/boards/${BOARD}/links`,
      handlers: {
        'auth.me': () => paulo,
        'boards.get': () => board,
        'notifications.list': emptyCentre,
        'shareLinks.list': () => {
          throw trpcError('FORBIDDEN', 'only account managers and admins manage client links');
        },
      },
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('Só o atendimento e a diretoria criam links para clientes.');
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
  });
});
