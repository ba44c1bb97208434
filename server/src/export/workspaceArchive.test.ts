/**
 * The proof: export → import gives an identical workspace. A rich workspace is built
 * through the real code paths (the demo seed with its witnessed board, comments through the
 * conversation, an upload and a document), exported to a JSON file's text, imported into a
 * fresh memory store and a fresh lowdb data dir (reopened after the import), and exported again:
 * deep-equal. The imported boards read the same, people sign in with their old password, the
 * history lists the same, the files are in the new vault.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBoard } from '@fluxo/shared/board/index';
import { ConflictError, InvalidInputError } from '@fluxo/shared/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Authenticator } from '../auth/authenticator.js';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../auth/passwords.js';
import { createConversation } from '../conversation/conversation.js';
import { fillDemoBoard } from '../demo/demoBoard.js';
import { renewDemoShareLink } from '../demo/demoShareLink.js';
import { DEMO_PASSWORD, type DemoSeed, seedDemo } from '../demo/seedDemo.js';
import { AttachmentFiles, sha256Hex } from '../mail/attachmentFiles.js';
import { openLowdbStore } from '../store/lowdbStore.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { Store } from '../store/store.js';
import type { WorkspaceArchive } from '../store/workspaceArchiveRecords.js';
import { newDocumentId } from '../store/documentRecords.js';
import { exportWorkspace, importWorkspace, parseWorkspaceArchive } from './workspaceArchive.js';

const NOW = new Date('2025-03-12T15:00:00.000Z');
const now = () => NOW;
const passwords = new PasswordHasher(TEST_PASSWORD_PARAMS);

async function boardState(store: Store, boardId: string) {
  const doc = new Y.Doc();
  const state = await store.boardDocs.load(boardId as never);
  if (state) Y.applyUpdate(doc, state);
  return readBoard(doc);
}

describe('workspace archive: export → import → export', () => {
  const dirs: string[] = [];
  let source: Store;
  let sourceVault: AttachmentFiles;
  let demo: DemoSeed;
  let archiveText: string;
  let fileBytes: Buffer;

  const tempDir = async (name: string) => {
    const dir = await mkdtemp(join(tmpdir(), `fluxo-${name}-`));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    source = createMemoryStore();
    sourceVault = new AttachmentFiles(await tempDir('source-vault'));
    demo = await seedDemo(source, passwords, { now: NOW, fillBoard: (doc, seed) => fillDemoBoard(doc, seed, NOW) });
    await renewDemoShareLink(source, 'http://localhost:8080', NOW);
    const conversation = createConversation({ store: source, now });
    const tickets = (await boardState(source, demo.boardId)).tickets;
    const ticket = tickets[0];
    if (!ticket) throw new Error('the demo board has no tickets');
    const first = await conversation.createComment({
      boardId: demo.boardId,
      ticketId: ticket.id,
      author: { kind: 'staff', userId: demo.users.ana.id },
      body: `Olá! Segue a arte revisada. <@${demo.users.paulo.id}> pode conferir?`,
      visibility: 'internal',
    });
    await conversation.createComment({
      boardId: demo.boardId,
      ticketId: ticket.id,
      author: { kind: 'staff', userId: demo.users.paulo.id },
      body: 'Conferido ✔',
      parentId: first.id,
    });
    await conversation.createComment({
      boardId: demo.boardId,
      ticketId: ticket.id,
      author: { kind: 'staff', userId: demo.users.ana.id },
      body: 'Oi Márcia, a arte está pronta para aprovação.',
      visibility: 'client',
    });
    fileBytes = Buffer.from('%PDF-1.4 briefing da padaria — versão final\n');
    const sha256 = await sourceVault.save(fileBytes);
    await source.uploads.record({
      sha256,
      agencyId: demo.agencyId,
      name: 'briefing.pdf',
      contentType: 'application/pdf',
      size: fileBytes.length,
      uploadedBy: demo.users.ana.id,
      uploadedAt: NOW.toISOString(),
    });
    await source.documents.create({
      id: newDocumentId(),
      agencyId: demo.agencyId,
      clientId: demo.clients.padaria.id,
      boardId: null,
      ticketIds: [],
      category: 'briefing',
      title: 'Briefing 2025',
      versions: [{ version: 1, sha256, name: 'briefing.pdf', contentType: 'application/pdf', size: fileBytes.length, uploadedBy: demo.users.ana.id, uploadedAt: NOW.toISOString(), note: '' }],
      archived: false,
      createdBy: demo.users.ana.id,
      createdAt: NOW.toISOString(),
    });
    archiveText = JSON.stringify(await exportWorkspace({ store: source, vault: sourceVault, now }, demo.agencyId));
  });

  afterAll(async () => {
    await source.close();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('holds the whole demo workspace: tickets, history, comments, approvals, documents and their bytes', () => {
    const archive = JSON.parse(archiveText) as WorkspaceArchive;
    expect(archive.format).toBe('fluxo-workspace');
    expect(archive.version).toBe(1);
    expect(archive.records.users.map((u) => u.email).sort()).toEqual(['ana@demo.fluxo', 'beatriz@demo.fluxo', 'dora@demo.fluxo', 'paulo@demo.fluxo']);
    expect(archive.boardDocs).toHaveLength(1);
    expect(archive.history[0]?.entries.length).toBeGreaterThan(10);
    const bodies = archive.conversation.comments.map((c) => c.revisions.at(-1)?.body);
    expect(bodies).toEqual(expect.arrayContaining(['Conferido ✔', 'Oi Márcia, a arte está pronta para aprovação.']));
    expect(archive.conversation.notifications.length).toBeGreaterThan(0);
    expect(archive.records.approvals.length).toBeGreaterThan(0);
    expect(archive.records.absences.length).toBeGreaterThan(0);
    expect(archive.records.cannedReplies.length).toBeGreaterThan(0);
    expect(archive.records.shareLinks.length).toBeGreaterThan(0);
    expect(archive.records.documents).toHaveLength(1);
    expect(archive.files).toEqual([{ sha256: sha256Hex(fileBytes), base64: fileBytes.toString('base64') }]);
    expect(archiveText).not.toContain('tokenHash":"' + '0'.repeat(64)); // sessions are not there
    expect(archive.records).not.toHaveProperty('sessions');
  });

  for (const kind of ['memory', 'lowdb'] as const) {
    it(`imports into a fresh ${kind} store and exports identically; boards, logins and history read the same`, async () => {
      const dataDir = await tempDir(`target-${kind}`);
      const vault = new AttachmentFiles(dataDir);
      let target: Store = kind === 'memory' ? createMemoryStore() : await openLowdbStore(dataDir);
      try {
        const summary = await importWorkspace({ store: target, vault }, JSON.parse(archiveText));
        expect(summary).toMatchObject({ agencyId: demo.agencyId, agencyName: 'Agência Ponto Criativo', users: 4, boards: 1, files: 1 });
        expect(summary.comments).toBe((JSON.parse(archiveText) as WorkspaceArchive).conversation.comments.length);
        if (kind === 'lowdb') {
          await target.close();
          target = await openLowdbStore(dataDir);
        }
        const again = JSON.stringify(await exportWorkspace({ store: target, vault, now }, demo.agencyId));
        expect(JSON.parse(again)).toEqual(JSON.parse(archiveText));
        expect(again).toBe(archiveText);

        expect(await boardState(target, demo.boardId)).toEqual(await boardState(source, demo.boardId));
        expect(await target.history.listForBoard(demo.boardId)).toEqual(await source.history.listForBoard(demo.boardId));
        const auth = new Authenticator({ store: target, passwords, now });
        const signedIn = await auth.login({ email: 'ana@demo.fluxo', password: DEMO_PASSWORD, ip: '203.0.113.9' });
        expect(signedIn.user.id).toBe(demo.users.ana.id);
        expect(Buffer.from((await vault.read(sha256Hex(fileBytes))) ?? [])).toEqual(fileBytes);
        expect(await target.uploads.heldFile(demo.agencyId, sha256Hex(fileBytes))).not.toBeNull();

        // A second import of the same archive is refused whole.
        await expect(importWorkspace({ store: target, vault }, JSON.parse(archiveText))).rejects.toThrow(ConflictError);
      } finally {
        await target.close();
      }
    });
  }

  it('refuses a damaged archive, naming what is wrong, and writes nothing', async () => {
    const dataDir = await tempDir('target-bad');
    const target = await openLowdbStore(dataDir);
    const vault = new AttachmentFiles(dataDir);
    try {
      const good = () => JSON.parse(archiveText) as WorkspaceArchive;
      const cases: [string, unknown, RegExp][] = [
        ['not an archive', { hello: 'world' }, /not a Fluxo workspace archive/],
        ['a future version', { ...good(), version: 99 }, /version 99 is not supported/],
        ['a user without email', (() => { const a = good(); delete (a.records.users[0] as { email?: string }).email; return a; })(), /records\.users\.0\.email/],
        ['bytes that are not their hash', (() => { const a = good(); a.files[0] = { sha256: a.files[0]?.sha256 ?? '', base64: Buffer.from('evil').toString('base64') }; return a; })(), /files\.0: the bytes do not match/],
        ['a file no record names', (() => { const a = good(); const b = Buffer.from('stray'); a.files.push({ sha256: sha256Hex(b), base64: b.toString('base64') }); return a; })(), /files\.1: no record names this file/],
        ['another agency id on the envelope', { ...good(), agencyId: demo.clients.padaria.id.slice(0, 16) }, /agencyId/],
      ];
      for (const [what, archive, message] of cases) {
        await expect(importWorkspace({ store: target, vault }, archive), what).rejects.toThrow(InvalidInputError);
        await expect(importWorkspace({ store: target, vault }, archive), what).rejects.toThrow(message);
      }
      expect(await target.isEmpty()).toBe(true);
      expect(await vault.read(sha256Hex(fileBytes))).toBeNull();
    } finally {
      await target.close();
    }
  });

  it('parses its own output', () => {
    expect(parseWorkspaceArchive(JSON.parse(archiveText)).agencyId).toBe(demo.agencyId);
  });
});
