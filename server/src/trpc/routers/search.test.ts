import { archiveTicket, replaceText } from '@fluxo/shared/board/index';
import { type BoardId, type TicketId, newBoardId } from '@fluxo/shared/ids';
import { serverOrigin } from '@fluxo/shared/origin';
import type { SearchHit } from '@fluxo/shared/search/searchResult';
import { TRPCError } from '@trpc/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { addStoredTicket } from '../../conversation/testing/storedTickets.js';
import { type DocumentId, newDocumentId } from '../../store/documentRecords.js';
import { type TestApp, createTestApp } from '../../testing/testApp.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error.code;
}

const titles = (hits: readonly SearchHit[]) => hits.map((h) => `${h.type}:${h.title.text}`);

describe('search router', () => {
  let app: TestApp;

  const TITLES = [
    'Landing page do novo tratamento de clareamento',
    'Landing page da coleção de verão',
    'Arquivo da logomarca em alta resolução',
    'Banner de Dia das Mães para o Instagram',
  ];
  const ids = new Map<string, TicketId>();

  beforeEach(async () => {
    app = await createTestApp(); // the demo agency with an empty board
    ids.clear();
    for (const [i, title] of TITLES.entries()) {
      ids.set(title, await addStoredTicket(app.store, app.demo.boardId, { title, channel: 'email', summary: `Pedido ${i + 1} do cliente` }, 101 + i));
    }
  });

  function demoTicket(title: string): TicketId {
    const id = ids.get(title);
    if (!id) throw new Error(`no ticket "${title}"`);
    return id;
  }

  /** Changes the stored board document as the sync server would, then signals it as the witness does. */
  async function onBoard(boardId: BoardId, change: Parameters<typeof app.conversation.boards.withBoardDoc>[1]): Promise<void> {
    await app.conversation.boards.withBoardDoc(boardId, change);
    app.conversation.events.boardChanged(boardId);
  }

  it('finds demo tickets by words of their titles, accents and case aside, with the matches marked', async () => {
    const asAna = await app.signedIn(app.demo.users.ana);
    const page = await asAna.search.query({ q: 'LANDING Pagé' });
    expect(titles(page.hits).slice(0, 2).sort()).toEqual([
      'ticket:Landing page da coleção de verão',
      'ticket:Landing page do novo tratamento de clareamento',
    ]);
    const hit = page.hits[0] as SearchHit;
    expect(hit.boardId).toBe(app.demo.boardId);
    expect(hit.title.marks.map((m) => hit.title.text.slice(m.start, m.end))).toEqual(['Landing', 'page']);
    expect(hit.ticketNumber).toEqual(expect.any(Number));
  });

  it('finds a ticket by #number', async () => {
    const asAna = await app.signedIn(app.demo.users.ana);
    const page = await asAna.search.query({ q: '#103' });
    expect(page.hits.map((h) => [h.ticketId, h.ticketNumber])).toEqual([[demoTicket('Arquivo da logomarca em alta resolução'), 103]]);
    expect((await asAna.search.query({ q: '#999' })).hits).toEqual([]);
  });

  it('is fresh: an edited title is found by its new word and no longer by the old one', async () => {
    const asAna = await app.signedIn(app.demo.users.ana);
    expect(titles((await asAna.search.query({ q: 'logomarca' })).hits)).toEqual(['ticket:Arquivo da logomarca em alta resolução']);
    const ticketId = demoTicket('Arquivo da logomarca em alta resolução');
    await onBoard(app.demo.boardId, (doc) =>
      replaceText(doc, { ticketId, field: 'title', text: 'Arquivo do monograma em alta resolução' }, serverOrigin('seed')),
    );
    expect((await asAna.search.query({ q: 'logomarca' })).hits).toEqual([]);
    expect(titles((await asAna.search.query({ q: 'monograma' })).hits)).toEqual(['ticket:Arquivo do monograma em alta resolução']);
  });

  it('is fresh for comments: created, edited, deleted (internal notes included)', async () => {
    const asAna = await app.signedIn(app.demo.users.ana);
    await asAna.search.query({ q: 'aquecimento' }); // the index exists before the comment does
    const ticketId = demoTicket('Arquivo da logomarca em alta resolução');
    const created = await asAna.comments.create({ boardId: app.demo.boardId, ticketId, body: 'Nota: **aquecimento** do servidor', visibility: 'internal' });
    const found = (await asAna.search.query({ q: 'aquecimento' })).hits;
    expect(found.map((h) => [h.type, h.commentId, h.ticketId, h.title.text])).toEqual([
      ['comment', created.id, ticketId, 'Arquivo da logomarca em alta resolução'],
    ]);
    expect(found[0]?.snippet.text).toBe('Nota: aquecimento do servidor');
    await asAna.comments.edit({ boardId: app.demo.boardId, ticketId, commentId: created.id, body: 'Nota: resfriamento do servidor' });
    expect((await asAna.search.query({ q: 'aquecimento' })).hits).toEqual([]);
    expect((await asAna.search.query({ q: 'resfriamento' })).hits.map((h) => h.commentId)).toEqual([created.id]);
    await asAna.comments.delete({ boardId: app.demo.boardId, ticketId, commentId: created.id });
    expect((await asAna.search.query({ q: 'resfriamento' })).hits).toEqual([]);
  });

  it('finds a new ticket and leaves archived ones out unless asked', async () => {
    const asAna = await app.signedIn(app.demo.users.ana);
    await asAna.search.query({ q: 'banner' });
    const ticketId = await addStoredTicket(app.store, app.demo.boardId, { title: 'Calendário editorial de maio', channel: 'email' }, 901);
    app.conversation.events.boardChanged(app.demo.boardId);
    expect((await asAna.search.query({ q: 'calendario' })).hits.map((h) => [h.ticketId, h.ticketNumber])).toEqual([[ticketId, 901]]);
    await onBoard(app.demo.boardId, (doc) => archiveTicket(doc, { ticketId }, serverOrigin('seed')));
    expect((await asAna.search.query({ q: 'calendario' })).hits).toEqual([]);
    const archived = await asAna.search.query({ q: 'calendario', archived: true });
    expect(archived.hits.map((h) => [h.ticketId, h.archived])).toEqual([[ticketId, true]]);
  });

  it('finds documents by title and file name, wired through the archive’s change events', async () => {
    const asAna = await app.signedIn(app.demo.users.ana);
    await asAna.search.query({ q: 'orcamento' });
    const id: DocumentId = newDocumentId();
    await app.store.documents.create({
      id,
      agencyId: app.demo.agencyId,
      clientId: app.demo.clients.loja.id,
      boardId: app.demo.boardId,
      ticketIds: [],
      category: 'orcamento',
      title: 'Orçamento da vitrine',
      versions: [
        {
          version: 1,
          sha256: 'a'.repeat(64),
          name: 'vitrine-v1.pdf',
          contentType: 'application/pdf',
          size: 10,
          uploadedBy: app.demo.users.ana.id,
          uploadedAt: '2025-03-09T10:00:00.000Z',
          note: '',
        },
      ],
      archived: false,
      createdAt: '2025-03-09T10:00:00.000Z',
      createdBy: app.demo.users.ana.id,
    });
    app.conversation.events.documents.changed({ agencyId: app.demo.agencyId, documentId: id, kind: 'created' });
    const hits = (await asAna.search.query({ q: 'vitrine' })).hits;
    expect(hits.map((h) => [h.type, h.documentId, h.title.text])).toEqual([['document', id, 'Orçamento da vitrine']]);
    const rival = await app.signedIn(app.rival.admin);
    expect((await rival.search.query({ q: 'vitrine' })).hits).toEqual([]);
  });

  it('never returns another agency’s tickets, nor a board the caller may not open', async () => {
    const { dora, paulo } = app.demo.users;
    await addStoredTicket(app.store, app.rival.board.id, { title: 'Banner secreto da rival', channel: 'email' });
    // A second board of the demo agency that Paulo (production) is not a member of.
    const privateBoard: BoardId = newBoardId();
    await app.store.boards.create({ id: privateBoard, agencyId: app.demo.agencyId, name: 'Diretoria', memberIds: [dora.id], createdAt: '2025-03-01T00:00:00.000Z' });
    await addStoredTicket(app.store, privateBoard, { title: 'Banner secreto da diretoria', channel: 'email' });

    const asPaulo = await app.signedIn(paulo);
    expect((await asPaulo.search.query({ q: 'secreto' })).hits).toEqual([]);
    expect(await codeOf(asPaulo.search.query({ q: 'secreto', boardId: privateBoard }))).toBe('NOT_FOUND');
    expect(await codeOf(asPaulo.search.query({ q: 'secreto', boardId: app.rival.board.id }))).toBe('NOT_FOUND');
    expect((await asPaulo.search.query({ q: 'banner' })).hits.every((h) => h.boardId === app.demo.boardId)).toBe(true);

    const asDora = await app.signedIn(dora); // member there: the private board, never the rival's
    expect(titles((await asDora.search.query({ q: 'secreto' })).hits)).toEqual(['ticket:Banner secreto da diretoria']);
    expect(titles((await asDora.search.query({ q: 'secreto', boardId: privateBoard })).hits)).toEqual(['ticket:Banner secreto da diretoria']);
    const asRival = await app.signedIn(app.rival.admin);
    expect(titles((await asRival.search.query({ q: 'secreto' })).hits)).toEqual(['ticket:Banner secreto da rival']);
    expect((await asRival.search.query({ q: 'banner' })).hits.every((h) => h.boardId === app.rival.board.id)).toBe(true);
  });

  it('pages with a cursor', async () => {
    const asAna = await app.signedIn(app.demo.users.ana);
    for (let i = 0; i < 7; i++) await addStoredTicket(app.store, app.demo.boardId, { title: `Flyer ${i}`, channel: 'email' });
    const first = await asAna.search.query({ q: 'flyer', limit: 5 });
    expect(first.total).toBe(7);
    expect(first.hits).toHaveLength(5);
    const second = await asAna.search.query({ q: 'flyer', limit: 5, cursor: first.nextCursor });
    expect(second.hits).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.hits, ...second.hits].map((h) => h.ticketId)).size).toBe(7);
  });

  it('refuses callers without a session and input out of bounds', async () => {
    expect(await codeOf(app.anonymous().caller.search.query({ q: 'banner' }))).toBe('UNAUTHORIZED');
    const asAna = await app.signedIn(app.demo.users.ana);
    expect(await codeOf(asAna.search.query({ q: '   ' }))).toBe('BAD_REQUEST');
    expect(await codeOf(asAna.search.query({ q: 'x'.repeat(201) }))).toBe('BAD_REQUEST');
    expect(await codeOf(asAna.search.query({ q: 'banner', limit: 51 }))).toBe('BAD_REQUEST');
    expect(await codeOf(asAna.search.query({ q: 'banner', cursor: '<script>' }))).toBe('BAD_REQUEST');
    expect((await asAna.search.query({ q: 'x'.repeat(200) })).hits).toEqual([]);
  });
});
