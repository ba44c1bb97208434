/**
 * A file sent for approval, over a real server on port 0: uploaded by Ana (`/api/uploads`), sent
 * to the clinic for approval, downloaded from the clinic's link as an inert attachment — and the
 * same 404 for everyone else: another client's link, a revoked link, a superseded version, a
 * made-up approval id.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addStoredTicket } from '../conversation/testing/storedTickets.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../auth/passwords.js';
import { hashSessionToken, newSessionToken } from '../auth/sessionTokens.js';
import { parseConfig } from '../config.js';
import { type Conversation, createConversation } from '../conversation/conversation.js';
import { type DemoSeed, seedDemo } from '../demo/seedDemo.js';
import { type FluxoServer, createServer } from '../http.js';
import { silentLogger } from '../log.js';
import { AttachmentFiles } from '../mail/attachmentFiles.js';
import { issueShareLink } from '../share/shareLinks.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { Store } from '../store/store.js';
import { agencyHasFile } from './approvalFiles.js';
import { requestApproval } from './approvalDesk.js';

describe('approval files over HTTP', () => {
  let server: FluxoServer;
  let store: Store;
  let conversation: Conversation;
  let url: string;
  let dataDir: string;
  let demo: DemoSeed;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fluxo-approval-files-'));
    const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', DATA_DIR: dataDir }, { cwd: dataDir });
    store = createMemoryStore();
    const passwords = new PasswordHasher(TEST_PASSWORD_PARAMS);
    demo = await seedDemo(store, passwords);
    conversation = createConversation({ store });
    server = createServer(config, store, { staticDir: dataDir, passwords, logger: silentLogger, vault: new AttachmentFiles(dataDir), conversation });
    url = (await server.listen()).url;
  });
  afterAll(async () => {
    await server.close();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lets the link’s client download exactly the file it was sent, as an attachment; nobody else', async () => {
    const token = newSessionToken();
    await store.sessions.create({
      tokenHash: hashSessionToken(token),
      userId: demo.users.ana.id,
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const bytes = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const uploaded = await fetch(`${url}/api/uploads`, {
      method: 'POST',
      headers: { cookie: `fluxo_session=${token}`, 'content-type': 'image/svg+xml', 'x-file-name': encodeURIComponent('arte final.svg') },
      body: bytes,
    });
    expect(uploaded.status).toBe(201);
    const file = (await uploaded.json()) as { sha256: string; name: string; contentType: string; size: number };
    expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));

    const board = await store.boards.get(demo.boardId);
    if (board === null) throw new Error('no demo board');
    const ticketId = await addStoredTicket(store, demo.boardId, { title: 'Arte da fachada', channel: 'email', clientId: demo.clients.clinica.id }, 90);
    const send = (deliverable: Parameters<typeof requestApproval>[1]['deliverable']) =>
      requestApproval(
        conversation,
        { board, ticketId, requester: demo.users.ana, milestoneId: null, title: 'Arte da fachada', note: '', deliverable },
        { fileKnown: (b, sha256) => agencyHasFile(store, b.agencyId, sha256) },
      );
    const v1 = await send({ type: 'file', ...file });
    const link = async (clientId = demo.clients.clinica.id) =>
      (await issueShareLink(store, { agencyId: demo.agencyId, boardId: demo.boardId, clientId, scope: 'view', createdBy: demo.users.ana.id }, new Date()));
    const clinic = await link();
    const padaria = await link(demo.clients.padaria.id);
    const path = (shareToken: string, id: string) => `${url}/share/${shareToken}/approvals/${id}/file`;

    const download = await fetch(path(clinic.token, v1.id));
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''arte%20final.svg");
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-security-policy')).toBe('sandbox');
    expect(download.headers.get('referrer-policy')).toBe('no-referrer');

    const statusOf = async (address: string) => {
      const res = await fetch(address);
      await res.arrayBuffer();
      return res.status;
    };
    expect(await statusOf(path(padaria.token, v1.id))).toBe(404);
    expect(await statusOf(path(clinic.token, 'A'.repeat(16)))).toBe(404);
    expect(await statusOf(path('x'.repeat(43), v1.id))).toBe(404);
    // A newer version replaces it on the page: the old file is no longer offered.
    await send({ type: 'text', text: 'Versão em texto' });
    expect(await statusOf(path(clinic.token, v1.id))).toBe(404);
    // Revoked: nothing opens.
    const v3 = await send({ type: 'file', ...file });
    expect(await statusOf(path(clinic.token, v3.id))).toBe(200);
    await store.shareLinks.revoke(clinic.link.id, new Date().toISOString());
    expect(await statusOf(path(clinic.token, v3.id))).toBe(404);
  });
});
