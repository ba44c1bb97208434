import { screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import type { ClientSummary } from '../data/clients';
import { renderApp } from '../test/renderApp';
// The page is a lazy route: loaded here once, so the first test does not time out on the import.
import './ClientsPage';

const ana = { id: 'AnaAtendimento01', name: 'Ana', email: 'ana@demo.fluxo', role: 'atendimento', locale: null };
const dora = { id: 'DoraDiretora0001', name: 'Dora' };
const emptyCentre = () => ({ items: [], unreadCount: 0, hasMore: false, cursor: '0' });

const summary = (id: string, name: string, rung: number | null, backup: { id: string; name: string } | null = dora): ClientSummary =>
  ({ id: id.padEnd(16, '0'), name, primaryManager: { id: ana.id, name: 'Ana' }, backupManager: backup, rung }) as ClientSummary;

const CLIENTS = [summary('Clinica', 'Clínica Sorriso', 5), summary('Estudio', 'Estúdio Lótus Yoga', null, null), summary('Padaria', 'Padaria Pão Dourado', 4)];

describe('ClientsPage', () => {
  it('lists the clients from the header link, with managers and rung, and filters by name ignoring accents', async () => {
    const view = renderApp({
      path: '/boards',
      handlers: { 'auth.me': () => ana, 'boards.list': () => [], 'notifications.list': emptyCentre, 'clients.list': () => CLIENTS },
    });
    await view.user.click(await screen.findByRole('link', { name: 'Clientes' }));
    expect(await screen.findByRole('heading', { name: 'Clientes', level: 1 })).toBeInTheDocument();
    const list = await screen.findByRole('list');
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/Clínica Sorriso.*Ana.*Backup: Dora.*5º Clientes fiéis/),
      expect.stringMatching(/Estúdio Lótus Yoga.*Ana.*Fora da escada/),
      expect.stringMatching(/Padaria Pão Dourado.*Ana.*4º Repetidores de compras/),
    ]);
    expect(within(rows[1] as HTMLElement).queryByText(/Backup/)).not.toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('3 clientes');

    await view.user.type(screen.getByRole('searchbox', { name: 'Buscar cliente pelo nome' }), 'clinica');
    await waitFor(() => expect(within(screen.getByRole('list')).getAllByRole('listitem')).toHaveLength(1));
    expect(screen.getByRole('link', { name: 'Clínica Sorriso' })).toHaveAttribute('href', `/clients/${'Clinica'.padEnd(16, '0')}`);
    expect(screen.getByText('1 cliente')).toBeInTheDocument();

    const search = screen.getByRole('searchbox', { name: 'Buscar cliente pelo nome' });
    await view.user.clear(search);
    await view.user.type(search, 'xyz');
    expect(await screen.findByText('Nenhum cliente com “xyz” no nome.')).toBeInTheDocument();
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
  });

  it('speaks the reader’s language and says when there are no clients', async () => {
    renderApp({
      path: '/clients',
      languages: ['en-US'],
      handlers: { 'auth.me': () => ana, 'notifications.list': emptyCentre, 'clients.list': () => [] },
    });
    expect(await screen.findByText('The agency has no clients yet.')).toBeInTheDocument();
  });
});
