/**
 * The upload port's contract, run on both adapters (the lowdb one also across a restart, and on
 * a `fluxo.json` written before uploads and documents existed).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError } from '@fluxo/shared/errors';
import { newAgencyId, newBoardId, newClientId, newTicketId, newUserId } from '@fluxo/shared/ids';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newDocumentId } from './documentRecords.js';
import { DATA_FILE_NAME, openLowdbStore } from './lowdbStore.js';
import type { Store } from './store.js';
import type { UploadRecord } from './uploadRecords.js';
import { STORE_ADAPTERS, type StoreHarness } from './testing/storeAdapters.js';

type Harness = StoreHarness;
const adapters = STORE_ADAPTERS;

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

function upload(agencyId: UploadRecord['agencyId'], sha256: string, overrides: Partial<UploadRecord> = {}): UploadRecord {
  return {
    sha256,
    agencyId,
    name: 'briefing.txt',
    contentType: 'text/plain',
    size: 12,
    uploadedBy: newUserId(),
    uploadedAt: '2025-03-10T12:00:00.000Z',
    ...overrides,
  };
}

for (const [name, createHarness] of Object.entries(adapters)) {
  describe(`upload port: ${name}`, () => {
    let harness: Harness;
    let store: Store;
    const agencyId = newAgencyId();
    const rival = newAgencyId();

    beforeEach(async () => {
      harness = await createHarness();
      store = await harness.open();
    });
    afterEach(async () => {
      await store.close();
      await harness.cleanup();
    });

    it('keeps one record per agency and bytes — the newest name wins — and keeps them across a restart', async () => {
      await store.uploads.record(upload(agencyId, SHA_A, { name: 'briefing v1.txt' }));
      await store.uploads.record(upload(agencyId, SHA_A, { name: 'briefing final.txt', uploadedAt: '2025-03-11T09:00:00.000Z' }));
      await store.uploads.record(upload(rival, SHA_A, { name: 'deles.txt' }));
      expect((await store.uploads.get(agencyId, SHA_A))?.name).toBe('briefing final.txt');
      expect((await store.uploads.get(rival, SHA_A))?.name).toBe('deles.txt');
      expect(await store.uploads.get(agencyId, SHA_B)).toBeNull();
      if (harness.dir !== null) {
        await store.close();
        store = await harness.open();
        const file = JSON.parse(await readFile(join(harness.dir, DATA_FILE_NAME), 'utf8')) as { uploads: unknown[] };
        expect(file.uploads).toHaveLength(2);
      }
      expect(await store.uploads.get(agencyId, SHA_A)).toMatchObject({ name: 'briefing final.txt', uploadedAt: '2025-03-11T09:00:00.000Z' });
    });

    it('refuses a path, a control character, a bad hash, type or size — and keeps nothing of it', async () => {
      for (const bad of [
        { name: '../fluxo.json' },
        { name: 'a\u0000b.txt' },
        { name: '' },
        { name: 'x'.repeat(201) },
        { sha256: 'A'.repeat(64) },
        { contentType: 'text/plain; charset=utf-8' },
        { size: 0 },
        { size: 25 * 1024 * 1024 + 1 },
      ]) {
        await expect(store.uploads.record(upload(agencyId, SHA_A, bad))).rejects.toBeInstanceOf(InvalidInputError);
      }
      expect(await store.uploads.get(agencyId, SHA_A)).toBeNull();
    });

    it("says which files an agency holds: its uploads, its documents' versions, its mail attachments — not another agency's", async () => {
      const sha = (c: string) => c.repeat(64);
      await store.uploads.record(upload(agencyId, sha('1'), { name: 'enviado.txt' }));
      await store.documents.create({
        id: newDocumentId(),
        agencyId,
        clientId: newClientId(),
        boardId: null,
        ticketIds: [],
        category: 'orcamento',
        title: 'Orçamento',
        versions: [{ version: 1, sha256: sha('2'), name: 'orcamento.pdf', contentType: 'application/pdf', size: 5, uploadedBy: newUserId(), uploadedAt: '2025-03-10T12:00:00.000Z', note: '' }],
        archived: false,
        createdAt: '2025-03-10T12:00:00.000Z',
        createdBy: newUserId(),
      });
      await store.attachments.add([
        {
          id: 'Attachment000001',
          agencyId,
          boardId: newBoardId(),
          ticketId: newTicketId(),
          commentId: null,
          messageId: 'm1@example.com',
          fileName: 'foto.jpg',
          mimeType: 'image/jpeg',
          size: 9,
          sha256: sha('3'),
          createdAt: '2025-03-10T12:00:00.000Z',
        },
      ]);
      expect(await store.uploads.heldFile(agencyId, sha('1'))).toEqual({ sha256: sha('1'), name: 'enviado.txt', contentType: 'text/plain', size: 12 });
      expect(await store.uploads.heldFile(agencyId, sha('2'))).toEqual({ sha256: sha('2'), name: 'orcamento.pdf', contentType: 'application/pdf', size: 5 });
      expect(await store.uploads.heldFile(agencyId, sha('3'))).toEqual({ sha256: sha('3'), name: 'foto.jpg', contentType: 'image/jpeg', size: 9 });
      for (const c of ['1', '2', '3']) expect(await store.uploads.heldFile(rival, sha(c))).toBeNull();
      expect(await store.uploads.heldFile(agencyId, sha('4'))).toBeNull();
    });
  });
}

describe('uploads and documents in fluxo.json', () => {
  it('opens a file written before uploads and documents existed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fluxo-upload-old-'));
    try {
      const store = await openLowdbStore(dir);
      await store.agencies.create({ id: newAgencyId(), name: 'Agência', createdAt: '2025-01-01T00:00:00.000Z' });
      await store.close();
      const file = join(dir, DATA_FILE_NAME);
      const data = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      delete data.uploads;
      delete data.documents;
      await writeFile(file, JSON.stringify(data));
      const reopened = await openLowdbStore(dir);
      const agencyId = newAgencyId();
      expect(await reopened.uploads.get(agencyId, SHA_A)).toBeNull();
      expect(await reopened.documents.listByAgency(agencyId)).toEqual([]);
      await reopened.uploads.record(upload(agencyId, SHA_A));
      await reopened.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
