import { screen, waitFor, within } from '@solidjs/testing-library';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ClientId, UserId } from '@fluxo/shared/ids';
import type { DocumentView } from '../data/documents';
import { trpcError } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';

const ana = { id: 'AnaAtendimento01', name: 'Ana', email: 'ana@demo.fluxo', role: 'atendimento', locale: null };
const emptyCentre = () => ({ items: [], unreadCount: 0, hasMore: false, cursor: '0' });
const padaria = { id: 'ClientPadaria001', name: 'Padaria Pão Quente' };
const clinica = { id: 'ClientClinica001', name: 'Clínica Sorriso' };
const board = (id: string, clients: { id: string; name: string }[]) => ({ id, name: id, members: [], clients, wipLimits: {} });

function doc(id: string, title: string, category: DocumentView['category']): DocumentView {
  const by = { id: ana.id as UserId, name: 'Ana' };
  return {
    id: id as DocumentView['id'],
    clientId: padaria.id as ClientId,
    boardId: null,
    ticketIds: [],
    category,
    title,
    versions: [
      { version: 1, sha256: 'a'.repeat(64), name: `${title}.pdf`, contentType: 'application/pdf', size: 1000, uploadedBy: by, uploadedAt: '2025-03-10T12:00:00.000Z', note: '' },
    ],
    archived: false,
    createdAt: '2025-03-10T12:00:00.000Z',
    createdBy: by,
  };
}

describe('DocumentsPage', () => {
  it("lists a client's archive by document type, in a project's order, and archives one", async () => {
    let rows = [doc('DocumentOrcament', 'Orçamento 2025', 'orcamento'), doc('DocumentBriefing', 'Briefing do site', 'briefing'), doc('DocumentBriefin2', 'Briefing da campanha', 'briefing')];
    const { server } = renderApp({
      path: `/documents?cliente=${padaria.id}`,
      handlers: {
        'auth.me': () => ana,
        'notifications.list': emptyCentre,
        'boards.list': () => [board('BoardUm000000001', [padaria]), board('BoardDois0000001', [clinica, padaria])],
        'documents.listForClient': () => rows,
        'documents.archive': (raw: unknown) => {
          const { documentId } = raw as { documentId: string };
          if (documentId === 'DocumentOrcament') throw trpcError('NOT_FOUND', 'document');
          rows = rows.filter((r) => r.id !== documentId);
          return { ...doc(documentId, 'x', 'briefing'), archived: true };
        },
      },
    });
    const user = userEvent.setup();
    expect(await screen.findByRole('heading', { level: 1, name: 'Documentos do cliente' })).toBeInTheDocument();
    const select = screen.getByLabelText('Cliente') as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe(padaria.id));
    expect([...select.options].map((o) => o.textContent)).toEqual(['—', 'Clínica Sorriso', 'Padaria Pão Quente']);

    const briefings = await screen.findByRole('region', { name: 'Briefing' });
    expect(within(briefings).getAllByRole('listitem').map((li) => li.querySelector('.document-item__title')?.textContent)).toEqual([
      'Briefing do site',
      'Briefing da campanha',
    ]);
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(headings.indexOf('Briefing')).toBeLessThan(headings.indexOf('Orçamento'));
    expect(server.callsTo('documents.listForClient')[0]?.input).toEqual({ clientId: padaria.id });

    await user.click(screen.getByRole('button', { name: 'Arquivar “Briefing do site”' }));
    expect(await screen.findByText('“Briefing do site” foi arquivado.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText('Briefing do site')).toBeNull());

    await user.click(screen.getByRole('button', { name: 'Arquivar “Orçamento 2025”' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Este documento ou ticket não está mais disponível.');
  });

  it('asks for a client when none is chosen', async () => {
    renderApp({
      path: '/documents',
      handlers: { 'auth.me': () => ana, 'notifications.list': emptyCentre, 'boards.list': () => [board('BoardUm000000001', [padaria])] },
    });
    expect(await screen.findByText('Escolha um cliente para ver o arquivo de documentos.')).toBeInTheDocument();
  });
});
