/**
 * The document-archive port's contract, run on both adapters (the lowdb one also across a
 * restart; a `fluxo.json` from before documents is opened in `uploadPorts.test.ts`).
 */
import { ConflictError, InvalidInputError, NotFoundError } from '@fluxo/shared/errors';
import { newAgencyId, newBoardId, newClientId, newTicketId, newUserId } from '@fluxo/shared/ids';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DocumentRecord, type DocumentVersion, newDocumentId } from './documentRecords.js';
import type { Store } from './store.js';
import { STORE_ADAPTERS, type StoreHarness } from './testing/storeAdapters.js';

type Harness = StoreHarness;
const adapters = STORE_ADAPTERS;

const author = newUserId();

function version(n: number, sha: string, overrides: Partial<DocumentVersion> = {}): DocumentVersion {
  return {
    version: n,
    sha256: sha.repeat(64),
    name: `briefing v${n}.txt`,
    contentType: 'text/plain',
    size: 10 + n,
    uploadedBy: author,
    uploadedAt: `2025-03-1${n}T12:00:00.000Z`,
    note: '',
    ...overrides,
  };
}

function document(agencyId: DocumentRecord['agencyId'], clientId: DocumentRecord['clientId'], overrides: Partial<DocumentRecord> = {}): DocumentRecord {
  return {
    id: newDocumentId(),
    agencyId,
    clientId,
    boardId: null,
    ticketIds: [],
    category: 'briefing',
    title: 'Briefing do site',
    versions: [version(1, '1')],
    archived: false,
    createdAt: '2025-03-10T12:00:00.000Z',
    createdBy: author,
    ...overrides,
  };
}

const withoutNumber = (v: DocumentVersion): Omit<DocumentVersion, 'version'> => {
  const { version: _n, ...others } = v;
  return others;
};

for (const [name, createHarness] of Object.entries(adapters)) {
  describe(`document port: ${name}`, () => {
    let harness: Harness;
    let store: Store;
    const agencyId = newAgencyId();
    const clinic = newClientId();
    const bakery = newClientId();
    const boardId = newBoardId();
    const ticket = newTicketId();

    beforeEach(async () => {
      harness = await createHarness();
      store = await harness.open();
    });
    afterEach(async () => {
      await store.close();
      await harness.cleanup();
    });

    it('appends versions numbered by the port, never replacing one, and keeps them across a restart', async () => {
      const doc = document(agencyId, clinic);
      await store.documents.create(doc);
      // The caller cannot choose the number: the port appends versions.length + 1.
      const second = await store.documents.addVersion(doc.id, withoutNumber(version(7, '2', { note: 'Cliente mudou o público-alvo' })));
      expect(second.versions.map((v) => [v.version, v.sha256[0], v.note])).toEqual([
        [1, '1', ''],
        [2, '2', 'Cliente mudou o público-alvo'],
      ]);
      // The same bytes again are a new version too (someone re-sent it on purpose).
      const third = await store.documents.addVersion(doc.id, withoutNumber(version(3, '2')));
      expect(third.versions.map((v) => v.version)).toEqual([1, 2, 3]);
      expect(third.versions[0]).toEqual(doc.versions[0]);

      if (harness.dir !== null) {
        await store.close();
        store = await harness.open();
      }
      expect((await store.documents.get(doc.id))?.versions.map((v) => v.version)).toEqual([1, 2, 3]);
      await expect(store.documents.addVersion(newDocumentId(), withoutNumber(version(1, '3')))).rejects.toBeInstanceOf(NotFoundError);
    });

    it('links tickets of one board only, once each; unlinking keeps the board; archiving keeps everything', async () => {
      const doc = document(agencyId, clinic);
      await store.documents.create(doc);
      const linked = await store.documents.link(doc.id, boardId, ticket);
      expect([linked.boardId, linked.ticketIds]).toEqual([boardId, [ticket]]);
      expect((await store.documents.link(doc.id, boardId, ticket)).ticketIds).toEqual([ticket]);
      await expect(store.documents.link(doc.id, newBoardId(), newTicketId())).rejects.toBeInstanceOf(ConflictError);
      expect((await store.documents.listByTicket(boardId, ticket)).map((d) => d.id)).toEqual([doc.id]);

      const unlinked = await store.documents.unlink(doc.id, ticket);
      expect([unlinked.boardId, unlinked.ticketIds]).toEqual([boardId, []]);
      expect(await store.documents.listByTicket(boardId, ticket)).toEqual([]);

      const archived = await store.documents.archive(doc.id);
      expect(archived.archived).toBe(true);
      expect(archived.versions).toEqual(doc.versions);
    });

    it('lists by agency and client in creation order, and returns copies', async () => {
      const a = document(agencyId, clinic);
      const b = document(agencyId, bakery, { category: 'orcamento', title: 'Orçamento' });
      const c = document(agencyId, clinic, { category: 'rafe', title: 'RAFE' });
      const elsewhere = document(newAgencyId(), clinic);
      for (const d of [a, b, c, elsewhere]) await store.documents.create(d);
      expect((await store.documents.listByClient(agencyId, clinic)).map((d) => d.id)).toEqual([a.id, c.id]);
      expect((await store.documents.listByAgency(agencyId)).map((d) => d.id)).toEqual([a.id, b.id, c.id]);
      const listed = await store.documents.listByClient(agencyId, clinic);
      (listed[0] as DocumentRecord).title = 'mudado';
      expect((await store.documents.get(a.id))?.title).toBe('Briefing do site');
    });

    it('refuses tickets without a board, repeated tickets, misnumbered versions and bad fields — keeping nothing', async () => {
      for (const bad of [
        document(agencyId, clinic, { ticketIds: [ticket] }),
        document(agencyId, clinic, { boardId, ticketIds: [ticket, ticket] }),
        document(agencyId, clinic, { versions: [version(2, '1')] }),
        document(agencyId, clinic, { versions: [] }),
        document(agencyId, clinic, { title: '   ' }),
        document(agencyId, clinic, { category: 'contrato' as DocumentRecord['category'] }),
        document(agencyId, clinic, { versions: [version(1, '1', { name: '../../etc/passwd' })] }),
      ]) {
        await expect(store.documents.create(bad)).rejects.toBeInstanceOf(InvalidInputError);
      }
      expect(await store.documents.listByAgency(agencyId)).toEqual([]);
      const doc = document(agencyId, clinic);
      await store.documents.create(doc);
      await expect(store.documents.create(doc)).rejects.toBeInstanceOf(ConflictError);
      await expect(store.documents.addVersion(doc.id, withoutNumber(version(2, '2', { note: 'x'.repeat(501) })))).rejects.toBeInstanceOf(
        InvalidInputError,
      );
      expect((await store.documents.get(doc.id))?.versions).toHaveLength(1);
    });
  });
}
