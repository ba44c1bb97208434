import type { BoardId, ClientId, TicketId, UserId } from '@fluxo/shared/ids';
import { render, screen, waitFor, within } from '@solidjs/testing-library';
import { QueryClient, QueryClientProvider } from '@tanstack/solid-query';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DocumentView } from '../data/documents';
import TrpcProvider from '../data/TrpcProvider';
import LocaleProvider from '../i18n/LocaleProvider';
import { createFakeServer, trpcError } from '../test/fakeServer';
import TicketDocuments from './TicketDocuments';

const BOARD = 'BoardFluxoDemo01' as BoardId;
const TICKET = 'TicketBanner0001' as TicketId;
const PADARIA = 'ClientPadaria001' as ClientId;
const ana = { id: 'AnaAtendimento01' as UserId, name: 'Ana' };
const paulo = { id: 'PauloProducao001' as UserId, name: 'Paulo' };
const sha = (c: string) => c.repeat(64);

function version(n: number, name: string, by = ana, note = '') {
  return { version: n, sha256: sha(String(n)), name, contentType: 'text/plain', size: 2048 * n, uploadedBy: by, uploadedAt: `2025-03-1${n}T12:00:00.000Z`, note };
}

function doc(fields: Partial<DocumentView> & Pick<DocumentView, 'title' | 'versions'>): DocumentView {
  return {
    id: 'DocumentBriefing' as DocumentView['id'],
    clientId: PADARIA,
    boardId: BOARD,
    ticketIds: [TICKET],
    category: 'briefing',
    archived: false,
    createdAt: '2025-03-11T12:00:00.000Z',
    createdBy: ana,
    ...fields,
  };
}

/** One `XMLHttpRequest` the component sent, answered by the test. */
interface SentUpload {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: File;
  progress(loaded: number, total: number): void;
  answer(status: number, body: unknown): void;
  fail(): void;
}

function stubUploads(): SentUpload[] {
  const sent: SentUpload[] = [];
  class FakeXhr {
    status = 0;
    responseText = '';
    upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    #url = '';
    #headers: Record<string, string> = {};
    open(_method: string, url: string) {
      this.#url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.#headers[name.toLowerCase()] = value;
    }
    send(body: File) {
      sent.push({
        url: this.#url,
        headers: this.#headers,
        body,
        progress: (loaded, total) => this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent),
        answer: (status, answer) => {
          this.status = status;
          this.responseText = JSON.stringify(answer);
          this.onload?.();
        },
        fail: () => this.onerror?.(),
      });
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  return sent;
}

function renderSection(handlers: Record<string, (input: unknown) => unknown>, clientId: ClientId | null = PADARIA) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['pt-BR']);
  const server = createFakeServer(handlers);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(() => (
    <TrpcProvider client={server.client}>
      <QueryClientProvider client={queryClient}>
        <LocaleProvider>
          <TicketDocuments boardId={BOARD} ticketId={TICKET} clientId={clientId} />
        </LocaleProvider>
      </QueryClientProvider>
    </TrpcProvider>
  ));
  return { server, user: userEvent.setup() };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('TicketDocuments', () => {
  it("lists the ticket's documents: current version with its download, earlier versions folded away", async () => {
    const { server } = renderSection({
      'documents.listForTicket': () => [
        doc({ title: 'Briefing do banner', versions: [version(1, 'briefing.txt'), version(2, 'briefing v2.txt', paulo, 'Cores novas')] }),
      ],
    });
    const section = await screen.findByRole('region', { name: 'Documentos' });
    await within(section).findByText('Briefing do banner');
    const item = section.querySelector('.document-item') as HTMLElement;
    expect(item).toHaveTextContent('Briefing do banner');
    expect(item).toHaveTextContent('Briefing');
    expect(item).toHaveTextContent('v2');
    expect(item).toHaveTextContent('briefing v2.txt · 4 KB');
    expect(item).toHaveTextContent('Paulo');
    expect(item).toHaveTextContent('Nota: Cores novas');
    const download = within(item).getByRole('link', { name: 'Baixar briefing v2.txt' });
    expect(download).toHaveAttribute('href', `/api/files/${sha('2')}`);
    // The earlier version is there, under "1 versão anterior", with its own download.
    const older = within(item).getByText('1 versão anterior').closest('details') as HTMLDetailsElement;
    expect(older.open).toBe(false);
    expect(within(older).getByRole('link', { name: 'Baixar briefing.txt', hidden: true })).toHaveAttribute('href', `/api/files/${sha('1')}`);
    expect(server.callsTo('documents.listForTicket')[0]?.input).toEqual({ boardId: BOARD, ticketId: TICKET });
  });

  it('uploads a new document with progress, files it with this ticket, and refreshes the list', async () => {
    const uploads = stubUploads();
    let listed: DocumentView[] = [];
    const created = doc({ title: 'RAFE da campanha', category: 'rafe', versions: [version(1, 'rafe.md')] });
    const { server, user } = renderSection({
      'documents.listForTicket': () => listed,
      'documents.create': () => {
        listed = [created];
        return created;
      },
    });
    await screen.findByText('Nenhum documento neste ticket.');
    await user.click(screen.getByRole('button', { name: 'Adicionar documento' }));
    await user.type(screen.getByLabelText('Título'), 'RAFE da campanha');
    await user.selectOptions(screen.getByLabelText('Tipo de documento'), 'RAFE');
    await user.upload(screen.getByLabelText('Arquivo'), new File(['# RAFE\nAprovado'], 'rafe ção.md', { type: 'text/markdown' }));
    await user.click(screen.getByRole('button', { name: 'Enviar documento' }));

    await waitFor(() => expect(uploads).toHaveLength(1));
    const sent = uploads[0] as SentUpload;
    expect(sent.url).toBe('/api/uploads');
    expect(sent.headers).toEqual({ 'x-file-name': 'rafe%20%C3%A7%C3%A3o.md', 'content-type': 'text/markdown' });
    sent.progress(5, 10);
    expect(await screen.findByText('Enviando… 50%')).toBeInTheDocument();
    sent.answer(201, { sha256: sha('a'), name: 'rafe ção.md', contentType: 'text/markdown', size: 16 });

    expect(await screen.findByText('“RAFE da campanha” foi arquivado nos documentos.')).toHaveAttribute('role', 'status');
    expect(server.callsTo('documents.create')[0]?.input).toEqual({
      clientId: PADARIA,
      boardId: BOARD,
      ticketIds: [TICKET],
      category: 'rafe',
      title: 'RAFE da campanha',
      upload: { sha256: sha('a') },
    });
    expect(await screen.findByRole('listitem')).toHaveTextContent('RAFE da campanha');
    expect(screen.getByLabelText('Título')).toHaveValue('');
  });

  it('says why an upload failed and keeps what was typed, so sending again is one click', async () => {
    const uploads = stubUploads();
    const { server, user } = renderSection({ 'documents.listForTicket': () => [], 'documents.create': () => { throw trpcError('NOT_FOUND', 'ticket'); } });
    await screen.findByText('Nenhum documento neste ticket.');
    await user.click(screen.getByRole('button', { name: 'Adicionar documento' }));
    await user.type(screen.getByLabelText('Título'), 'Ordem de serviço 12');
    await user.type(screen.getByLabelText('Nota (opcional)'), 'assinada');
    await user.upload(screen.getByLabelText('Arquivo'), new File(['x'], 'os.txt', { type: 'text/plain' }));

    await user.click(screen.getByRole('button', { name: 'Enviar documento' }));
    await waitFor(() => expect(uploads).toHaveLength(1));
    (uploads[0] as SentUpload).answer(413, { error: { code: 'too_large', message: 'a file has at most 26214400 bytes' } });
    expect(await screen.findByRole('alert')).toHaveTextContent('O arquivo passa de 25 MB. Envie um arquivo menor.');
    expect(screen.getByLabelText('Título')).toHaveValue('Ordem de serviço 12');
    expect(screen.getByLabelText('Nota (opcional)')).toHaveValue('assinada');

    await user.click(screen.getByRole('button', { name: 'Enviar documento' }));
    await waitFor(() => expect(uploads).toHaveLength(2));
    (uploads[1] as SentUpload).fail();
    expect(await screen.findByRole('alert')).toHaveTextContent('Sem conexão com o servidor.');

    await user.click(screen.getByRole('button', { name: 'Enviar documento' }));
    await waitFor(() => expect(uploads).toHaveLength(3));
    (uploads[2] as SentUpload).answer(201, { sha256: sha('b'), name: 'os.txt', contentType: 'text/plain', size: 1 });
    expect(await screen.findByRole('alert')).toHaveTextContent('Este documento ou ticket não está mais disponível.');
    expect(server.callsTo('documents.create')).toHaveLength(1);
    expect(screen.getByLabelText('Título')).toHaveValue('Ordem de serviço 12');
  });

  it('refuses an empty file without sending it, and adds a new version to an existing document', async () => {
    const uploads = stubUploads();
    const first = doc({ title: 'Orçamento', category: 'orcamento', versions: [version(1, 'orcamento.csv')] });
    const second = { ...first, versions: [...first.versions, version(2, 'orcamento v2.csv')] };
    let listed = [first];
    const { server, user } = renderSection({
      'documents.listForTicket': () => listed,
      'documents.addVersion': () => {
        listed = [second];
        return second;
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Enviar nova versão de “Orçamento”' }));
    const file = screen.getByLabelText('Arquivo');
    await user.upload(file, new File([], 'vazio.csv', { type: 'text/csv' }));
    await user.click(screen.getByRole('button', { name: 'Enviar versão' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('O arquivo está vazio.');
    expect(uploads).toHaveLength(0);

    await user.upload(file, new File(['a;b'], 'orcamento v2.csv', { type: 'text/csv' }));
    await user.type(screen.getByLabelText('Nota (opcional)'), 'com desconto');
    await user.click(screen.getByRole('button', { name: 'Enviar versão' }));
    await waitFor(() => expect(uploads).toHaveLength(1));
    (uploads[0] as SentUpload).answer(201, { sha256: sha('c'), name: 'orcamento v2.csv', contentType: 'text/csv', size: 3 });
    expect(await screen.findByText('Versão 2 de “Orçamento” enviada.')).toBeInTheDocument();
    expect(server.callsTo('documents.addVersion')[0]?.input).toEqual({ documentId: first.id, upload: { sha256: sha('c') }, note: 'com desconto' });
    expect(await screen.findByText('1 versão anterior')).toBeInTheDocument();
  });

  it('asks for the ticket’s client before a document can be filed', async () => {
    renderSection({ 'documents.listForTicket': () => [] }, null);
    expect(await screen.findByText('Defina o cliente do ticket para anexar documentos.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Adicionar documento' })).toBeNull();
  });
});
