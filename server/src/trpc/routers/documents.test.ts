import { newBoardId, newTicketId } from '@fluxo/shared/ids';
import { TRPCError } from '@trpc/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { addStoredTicket } from '../../conversation/testing/storedTickets.js';
import type { DocumentChange } from '../../documents/documentEvents.js';
import { type DocumentId, newDocumentId } from '../../store/documentRecords.js';
import type { BoardRecord, UserRecord } from '../../store/records.js';
import { type TestApp, createTestApp } from '../../testing/testApp.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error.code;
}

const sha = (c: string) => c.repeat(64);

describe('documents router', () => {
  let app: TestApp;
  let changes: DocumentChange[];

  /** Records an upload as `POST /api/uploads` does (the endpoint is tested over HTTP). */
  async function uploaded(user: UserRecord, sha256: string, name = 'briefing.txt', contentType = 'text/plain') {
    await app.store.uploads.record({
      sha256,
      agencyId: user.agencyId,
      name,
      contentType,
      size: 42,
      uploadedBy: user.id,
      uploadedAt: '2025-03-10T12:00:00.000Z',
    });
    return { sha256 };
  }

  beforeEach(async () => {
    app = await createTestApp();
    changes = [];
    app.conversation.events.documents.subscribe((change) => changes.push(change));
  });

  it('files an upload as a document of a client and of tickets on the board, listed for each', async () => {
    const { ana, paulo } = app.demo.users;
    const { padaria } = app.demo.clients;
    const banner = await addStoredTicket(app.store, app.demo.boardId, { title: 'Banner', channel: 'email', clientId: padaria.id });
    const asAna = await app.signedIn(ana);
    const created = await asAna.documents.create({
      clientId: padaria.id,
      boardId: app.demo.boardId,
      ticketIds: [banner],
      category: 'briefing',
      title: '  Briefing do banner  ',
      upload: await uploaded(ana, sha('a'), 'Briefing banner.txt'),
    });
    expect(created).toMatchObject({
      clientId: padaria.id,
      boardId: app.demo.boardId,
      ticketIds: [banner],
      category: 'briefing',
      title: 'Briefing do banner',
      archived: false,
      createdBy: { id: ana.id, name: 'Ana' },
      versions: [{ version: 1, sha256: sha('a'), name: 'Briefing banner.txt', contentType: 'text/plain', size: 42, uploadedBy: { id: ana.id, name: 'Ana' }, note: '' }],
    });
    const asPaulo = await app.signedIn(paulo);
    expect((await asPaulo.documents.listForTicket({ boardId: app.demo.boardId, ticketId: banner })).map((d) => d.id)).toEqual([created.id]);
    expect((await asPaulo.documents.listForClient({ clientId: padaria.id })).map((d) => d.id)).toEqual([created.id]);
    expect(await asPaulo.documents.listForClient({ clientId: app.demo.clients.clinica.id })).toEqual([]);
    expect(changes).toEqual([{ agencyId: app.demo.agencyId, documentId: created.id, kind: 'created' }]);
  });

  it('keeps every version when a new one is added, and takes none on an archived document', async () => {
    const { ana, paulo } = app.demo.users;
    const asAna = await app.signedIn(ana);
    const doc = await asAna.documents.create({
      clientId: app.demo.clients.clinica.id,
      category: 'orcamento',
      title: 'Orçamento 2025',
      upload: await uploaded(ana, sha('1'), 'orcamento.csv', 'text/csv'),
    });
    const asPaulo = await app.signedIn(paulo);
    const v2 = await asPaulo.documents.addVersion({ documentId: doc.id, upload: await uploaded(paulo, sha('2'), 'orcamento v2.csv', 'text/csv'), note: ' com desconto ' });
    expect(v2.versions.map((v) => [v.version, v.sha256, v.name, v.uploadedBy.name, v.note])).toEqual([
      [1, sha('1'), 'orcamento.csv', 'Ana', ''],
      [2, sha('2'), 'orcamento v2.csv', 'Paulo', 'com desconto'],
    ]);
    expect((await asAna.documents.get({ documentId: doc.id })).versions).toHaveLength(2);

    const archived = await asAna.documents.archive({ documentId: doc.id });
    expect(archived.archived).toBe(true);
    expect(await codeOf(asAna.documents.addVersion({ documentId: doc.id, upload: { sha256: sha('1') } }))).toBe('CONFLICT');
    expect(await asAna.documents.listForClient({ clientId: app.demo.clients.clinica.id })).toEqual([]);
    expect((await asAna.documents.listForClient({ clientId: app.demo.clients.clinica.id, includeArchived: true })).map((d) => d.versions.length)).toEqual([2]);
    expect(changes.map((c) => c.kind)).toEqual(['created', 'version_added', 'archived']);
  });

  it('links and unlinks tickets of the document’s board only, existing ones of the same client', async () => {
    const { ana } = app.demo.users;
    const { padaria, loja } = app.demo.clients;
    const one = await addStoredTicket(app.store, app.demo.boardId, { title: 'Post', channel: 'email', clientId: padaria.id });
    const triage = await addStoredTicket(app.store, app.demo.boardId, { title: 'Sem cliente', channel: 'phone' });
    const lojas = await addStoredTicket(app.store, app.demo.boardId, { title: 'Da loja', channel: 'email', clientId: loja.id });
    const asAna = await app.signedIn(ana);
    const doc = await asAna.documents.create({ clientId: padaria.id, category: 'rafe', title: 'RAFE', upload: await uploaded(ana, sha('c')) });
    expect(doc.boardId).toBeNull();

    const linked = await asAna.documents.link({ documentId: doc.id, boardId: app.demo.boardId, ticketId: one });
    expect([linked.boardId, linked.ticketIds]).toEqual([app.demo.boardId, [one]]);
    expect((await asAna.documents.link({ documentId: doc.id, boardId: app.demo.boardId, ticketId: triage })).ticketIds).toEqual([one, triage]);
    expect(await codeOf(asAna.documents.link({ documentId: doc.id, boardId: app.demo.boardId, ticketId: lojas }))).toBe('BAD_REQUEST');
    expect(await codeOf(asAna.documents.link({ documentId: doc.id, boardId: app.demo.boardId, ticketId: newTicketId() }))).toBe('NOT_FOUND');

    // Another board of the agency that Ana may open: still not this document's board.
    const other: BoardRecord = { id: newBoardId(), agencyId: app.demo.agencyId, name: 'Outro projeto', memberIds: [ana.id], createdAt: '2025-03-10T12:00:00.000Z' };
    await app.store.boards.create(other);
    const elsewhere = await addStoredTicket(app.store, other.id, { title: 'Lá', channel: 'email', clientId: padaria.id });
    expect(await codeOf(asAna.documents.link({ documentId: doc.id, boardId: other.id, ticketId: elsewhere }))).toBe('CONFLICT');

    const unlinked = await asAna.documents.unlink({ documentId: doc.id, boardId: app.demo.boardId, ticketId: one });
    expect(unlinked.ticketIds).toEqual([triage]);
    expect(await asAna.documents.listForTicket({ boardId: app.demo.boardId, ticketId: one })).toEqual([]);

    // Tickets need their board; a ticket of another client is refused at creation too.
    expect(await codeOf(asAna.documents.create({ clientId: padaria.id, ticketIds: [one], category: 'outro', title: 'X', upload: { sha256: sha('c') } }))).toBe(
      'BAD_REQUEST',
    );
    expect(
      await codeOf(
        asAna.documents.create({ clientId: padaria.id, boardId: app.demo.boardId, ticketIds: [lojas], category: 'outro', title: 'X', upload: { sha256: sha('c') } }),
      ),
    ).toBe('BAD_REQUEST');
  });

  it('is for staff of the agency; board documents for those who can open the board; NOT_FOUND otherwise', async () => {
    const { ana, dora } = app.demo.users;
    const { padaria } = app.demo.clients;
    const asDora = await app.signedIn(dora);
    const asAna = await app.signedIn(ana);
    const rival = await app.signedIn(app.rival.admin);

    // A board of the agency only Dora (an admin) is on: Ana cannot open it.
    const secret: BoardRecord = { id: newBoardId(), agencyId: app.demo.agencyId, name: 'Diretoria', memberIds: [dora.id], createdAt: '2025-03-10T12:00:00.000Z' };
    await app.store.boards.create(secret);
    const hidden = await asDora.documents.create({ clientId: padaria.id, boardId: secret.id, category: 'pesquisa_mercado', title: 'Pesquisa', upload: await uploaded(dora, sha('d')) });
    const open = await asDora.documents.create({ clientId: padaria.id, category: 'briefing', title: 'Aberto', upload: { sha256: sha('d') } });

    expect((await asAna.documents.listForClient({ clientId: padaria.id })).map((d) => d.id)).toEqual([open.id]);
    expect((await asDora.documents.listForClient({ clientId: padaria.id })).map((d) => d.id).sort()).toEqual([hidden.id, open.id].sort());
    for (const call of [
      asAna.documents.get({ documentId: hidden.id }),
      asAna.documents.addVersion({ documentId: hidden.id, upload: await uploaded(ana, sha('e')) }),
      asAna.documents.archive({ documentId: hidden.id }),
      asAna.documents.listForTicket({ boardId: secret.id, ticketId: newTicketId() }),
      asAna.documents.create({ clientId: padaria.id, boardId: secret.id, category: 'outro', title: 'X', upload: { sha256: sha('e') } }),
      rival.documents.get({ documentId: open.id }),
      rival.documents.archive({ documentId: open.id }),
      rival.documents.listForClient({ clientId: padaria.id }),
      rival.documents.link({ documentId: open.id, boardId: app.rival.board.id, ticketId: newTicketId() }),
      asAna.documents.get({ documentId: newDocumentId() }),
    ]) {
      expect(await codeOf(call)).toBe('NOT_FOUND');
    }
    // An upload is its agency's: another agency's bytes (even the same hash) cannot be filed.
    expect(
      await codeOf(rival.documents.create({ clientId: padaria.id, category: 'outro', title: 'X', upload: { sha256: sha('d') } })),
    ).toBe('NOT_FOUND');
    expect(await codeOf(asAna.documents.create({ clientId: padaria.id, category: 'outro', title: 'X', upload: { sha256: sha('9') } }))).toBe('NOT_FOUND');

    expect(await codeOf(app.anonymous().caller.documents.listForClient({ clientId: padaria.id }))).toBe('UNAUTHORIZED');
    expect(await codeOf(asAna.documents.get({ documentId: 'não é id' as DocumentId }))).toBe('BAD_REQUEST');
    expect(await codeOf(asAna.documents.create({ clientId: padaria.id, category: 'outro', title: '   ', upload: { sha256: sha('e') } }))).toBe('BAD_REQUEST');
    expect((await asDora.documents.get({ documentId: hidden.id })).archived).toBe(false);
  });
});
