import { screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderApp } from '../test/renderApp';

const dora = { id: 'DoraDiretora0001', name: 'Dora', email: 'dora@demo.fluxo', role: 'admin', locale: null };
const ana = { id: 'AnaAtendimento01', name: 'Ana', email: 'ana@demo.fluxo', role: 'atendimento', locale: null };
const paulo = { id: 'PauloProducao001', name: 'Paulo', email: 'paulo@demo.fluxo', role: 'producao', locale: null };
const emptyCentre = () => ({ items: [], unreadCount: 0, hasMore: false, cursor: '0' });
const handlers = (me: unknown) => ({ 'auth.me': () => me, 'boards.list': () => [], 'notifications.list': emptyCentre });

/** Answers `POST /import/workspace.json` with `answer`; records what was sent. */
function stubImport(answer: () => Response) {
  const sent: { url: string; init: RequestInit | undefined }[] = [];
  const original = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.endsWith('/import/workspace.json')) {
      sent.push({ url, init });
      return answer();
    }
    return original(input, init);
  });
  return sent;
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('WorkspaceBackupPage', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives admins the CSV links (history for a period), the workspace download and an import that says what it brought', async () => {
    const sent = stubImport(() =>
      json(201, { agencyId: 'AgencyPonto00001', agencyName: 'Agência Ponto Criativo', users: 4, boards: 1, historyEntries: 57, comments: 3, files: 2 }),
    );
    const view = renderApp({ path: '/admin/backup', handlers: handlers(dora) });
    expect(await screen.findByRole('heading', { name: 'Exportação e backup' })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Baixar chamados (CSV)' })).toHaveAttribute('href', '/export/tickets.csv');
    const history = screen.getByRole('link', { name: 'Baixar histórico (CSV)' });
    expect(history).toHaveAttribute('href', '/export/history.csv');
    await view.user.type(screen.getByLabelText('De'), '2025-03-01');
    await view.user.type(screen.getByLabelText('Até'), '2025-03-31');
    expect(screen.getByRole('link', { name: 'Baixar histórico (CSV)' })).toHaveAttribute('href', '/export/history.csv?from=2025-03-01&to=2025-03-31');
    expect(screen.getByRole('link', { name: 'Baixar o espaço de trabalho' })).toHaveAttribute('href', '/export/workspace.json');

    await view.user.click(screen.getByRole('button', { name: 'Importar' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Escolha o arquivo a importar.');
    expect(sent).toHaveLength(0);

    const file = new File(['{"format":"fluxo-workspace"}'], 'agencia.json', { type: 'application/json' });
    await view.user.upload(screen.getByLabelText('Arquivo JSON'), file);
    await view.user.click(screen.getByRole('button', { name: 'Importar' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Importado: Agência Ponto Criativo — 4 pessoas, 1 quadros, 57 registros de histórico, 3 comentários, 2 arquivos.'));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.init?.method).toBe('POST');
    expect(new Headers(sent[0]?.init?.headers).get('content-type')).toBe('application/json');
    expect(sent[0]?.init?.body).toBe(file);
  });

  it('shows why nothing was imported', async () => {
    let answer = json(409, { error: { code: 'conflict', message: 'this installation already has email ana@demo.fluxo: nothing was imported' } });
    stubImport(() => answer);
    const view = renderApp({ path: '/admin/backup', handlers: handlers(dora) });
    await view.user.upload(await screen.findByLabelText('Arquivo JSON'), new File(['{}'], 'a.json', { type: 'application/json' }));
    await view.user.click(screen.getByRole('button', { name: 'Importar' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Nada foi importado: this installation already has email ana@demo.fluxo');
    answer = json(400, { error: { code: 'invalid', message: 'records.users.0.email: Invalid input' } });
    await view.user.click(screen.getByRole('button', { name: 'Importar' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Este arquivo não é um espaço de trabalho válido: records.users.0.email'));
  });

  it('gives account managers the CSVs only, and producers a notice', async () => {
    renderApp({ path: '/admin/backup', handlers: handlers(ana) });
    expect(await screen.findByRole('link', { name: 'Baixar chamados (CSV)' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Baixar o espaço de trabalho' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Importar' })).toBeNull();
  });

  it('tells producers the page is not theirs', async () => {
    renderApp({ path: '/admin/backup', handlers: handlers(paulo) });
    expect(await screen.findByRole('alert')).toHaveTextContent('Só a diretoria exporta e importa o espaço de trabalho.');
    expect(screen.queryByRole('link', { name: 'Baixar chamados (CSV)' })).toBeNull();
  });
});
