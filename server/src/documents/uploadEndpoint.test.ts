/**
 * `POST /api/uploads` and `GET /api/files/<sha256>` over a real server on port 0: who may,
 * same-origin, the 25 MiB cap (declared and chunked), empty bodies, name cleaning, one file for
 * the same bytes, and the headers that keep a download inert.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, unlink } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newAgencyId, newBoardId, newTicketId } from '@fluxo/shared/ids';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../auth/accounts.js';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../auth/passwords.js';
import { hashSessionToken, newSessionToken } from '../auth/sessionTokens.js';
import { parseConfig } from '../config.js';
import { type DemoSeed, seedDemo } from '../demo/seedDemo.js';
import { type FluxoServer, createServer } from '../http.js';
import { silentLogger } from '../log.js';
import { AttachmentFiles } from '../mail/attachmentFiles.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { UserRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { MAX_UPLOAD_BYTES } from '../store/uploadRecords.js';

const sha = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

describe('uploads and downloads over HTTP', () => {
  let server: FluxoServer;
  let store: Store;
  let url: string;
  let dataDir: string;
  let vault: AttachmentFiles;
  let demo: DemoSeed;
  let ana: string;
  let rival: string;

  async function cookieFor(user: UserRecord): Promise<string> {
    const token = newSessionToken();
    await store.sessions.create({
      tokenHash: hashSessionToken(token),
      userId: user.id,
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    return `fluxo_session=${token}`;
  }

  function upload(body: string | Uint8Array, headers: Record<string, string>): Promise<Response> {
    return fetch(`${url}/api/uploads`, { method: 'POST', headers, body });
  }

  const vaultFiles = async () => (await readdir(vault.dir).catch(() => [] as string[])).filter((f) => !f.endsWith('.tmp')).sort();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fluxo-uploads-'));
    const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', DATA_DIR: dataDir }, { cwd: dataDir });
    store = createMemoryStore();
    const passwords = new PasswordHasher(TEST_PASSWORD_PARAMS);
    demo = await seedDemo(store, passwords);
    const rivalAgency = newAgencyId();
    await store.agencies.create({ id: rivalAgency, name: 'Rival', createdAt: new Date().toISOString() });
    const rivalAdmin = await createAccount(store, passwords, {
      agencyId: rivalAgency,
      email: 'chefe@rival.test',
      name: 'Chefe',
      role: 'admin',
      password: 'rival-senha',
    });
    vault = new AttachmentFiles(dataDir);
    server = createServer(config, store, { staticDir: dataDir, passwords, logger: silentLogger, vault });
    url = (await server.listen()).url;
    ana = await cookieFor(demo.users.ana);
    rival = await cookieFor(rivalAdmin);
  });
  afterAll(async () => {
    await server.close();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stores the bytes in the vault, records the upload for the agency, and answers what it kept', async () => {
    const text = 'Briefing: site novo da Padaria Pão Quente';
    const res = await upload(text, { cookie: ana, 'content-type': 'text/plain; charset=utf-8', 'x-file-name': encodeURIComponent('Briefing – Padaria.txt') });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const answer = await res.json();
    expect(answer).toEqual({ sha256: sha(text), name: 'Briefing – Padaria.txt', contentType: 'text/plain', size: Buffer.byteLength(text) });
    expect(new TextDecoder().decode((await vault.read(sha(text))) ?? new Uint8Array())).toBe(text);
    expect(await store.uploads.get(demo.agencyId, sha(text))).toMatchObject({
      name: 'Briefing – Padaria.txt',
      uploadedBy: demo.users.ana.id,
      size: Buffer.byteLength(text),
    });
  });

  it('keeps the same bytes once, whoever sends them and under whatever name', async () => {
    const bytes = 'orçamento igual';
    const before = await vaultFiles();
    const first = await upload(bytes, { cookie: ana, 'x-file-name': 'orcamento.csv', 'content-type': 'text/csv' });
    const second = await upload(bytes, { cookie: ana, 'x-file-name': 'orcamento%20final.csv', 'content-type': 'text/csv' });
    const theirs = await upload(bytes, { cookie: rival, 'x-file-name': 'deles.csv', 'content-type': 'text/csv' });
    expect([first.status, second.status, theirs.status]).toEqual([201, 201, 201]);
    expect(await vaultFiles()).toEqual([...before, sha(bytes)].sort());
    expect((await store.uploads.get(demo.agencyId, sha(bytes)))?.name).toBe('orcamento final.csv');
  });

  it('cleans names: no path, no control or bidi characters, at most 200 characters with the extension kept', async () => {
    const nameOf = async (header: string) => {
      const res = await upload(`conteúdo ${header}`, { cookie: ana, 'x-file-name': header });
      expect(res.status).toBe(201);
      return ((await res.json()) as { name: string }).name;
    };
    expect(await nameOf(encodeURIComponent('../../fluxo.json'))).toBe('fluxo.json');
    expect(await nameOf(encodeURIComponent('C:\\Users\\ana\\Pesquisa de mercado.pdf'))).toBe('Pesquisa de mercado.pdf');
    expect(await nameOf(encodeURIComponent('fatura\u202Efdp.exe'))).toBe('faturafdp.exe');
    expect(await nameOf(encodeURIComponent('linha\r\nX-Injected: 1.txt'))).toBe('linhaX-Injected: 1.txt');
    const long = await nameOf(encodeURIComponent(`${'ç'.repeat(300)}.pdf`));
    expect([...long]).toHaveLength(200);
    expect(long.endsWith('ç.pdf')).toBe(true);
    // Nothing usable left, or not percent-encoding: a clear 400, nothing stored.
    for (const header of [encodeURIComponent('../'), '%E0%A4%A', encodeURIComponent('\u0000\u0001')]) {
      const res = await upload('x', { cookie: ana, 'x-file-name': header });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'missing_name' } });
    }
  });

  it('refuses callers without a session, other origins, missing names, bad types and empty bodies — storing nothing', async () => {
    const before = await vaultFiles();
    const body = 'não deve ficar';
    const cases: [Record<string, string>, number, string, string?][] = [
      [{ 'x-file-name': 'a.txt' }, 401, 'unauthenticated'],
      [{ cookie: 'fluxo_session=forjado', 'x-file-name': 'a.txt' }, 401, 'unauthenticated'],
      [{ cookie: ana, 'x-file-name': 'a.txt', origin: 'https://evil.example' }, 403, 'cross_origin'],
      [{ cookie: ana, 'x-file-name': 'a.txt', 'sec-fetch-site': 'cross-site' }, 403, 'cross_origin'],
      [{ cookie: ana }, 400, 'missing_name'],
      [{ cookie: ana, 'x-file-name': 'a.txt', 'content-type': 'not a type' }, 400, 'bad_content_type'],
      [{ cookie: ana, 'x-file-name': 'vazio.txt' }, 400, 'empty', ''],
    ];
    for (const [headers, status, code, sent] of cases) {
      const res = await upload(sent ?? body, headers);
      expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([status, code]);
    }
    const get = await fetch(`${url}/api/uploads`, { headers: { cookie: ana } });
    expect(get.status).toBe(405);
    expect(await vaultFiles()).toEqual(before);
    expect(await store.uploads.get(demo.agencyId, sha(body))).toBeNull();
  });

  it('refuses a declared Content-Length over 25 MiB before reading it', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${url}/api/uploads`, {
        method: 'POST',
        headers: { cookie: ana, 'x-file-name': 'grande.bin', 'content-length': String(MAX_UPLOAD_BYTES + 1) },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.write(Buffer.alloc(1024)); // headers and a little: the answer comes without the rest
    });
    expect(status).toBe(413);
  });

  it('cuts a chunked body once it passes 25 MiB, and keeps nothing of it', async () => {
    const before = await vaultFiles();
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const ready = 40 * chunk.length;
    const outcome = await new Promise<{ status: number; sent: number }>((resolve) => {
      let sent = 0;
      let status = 0;
      const req = httpRequest(`${url}/api/uploads`, {
        method: 'POST',
        headers: { cookie: ana, 'x-file-name': 'enorme.bin', 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        status = res.statusCode ?? 0;
        res.resume();
        res.on('end', () => resolve({ status, sent }));
      });
      // A reset can beat the 413 to the client; the server has stopped reading either way.
      req.on('error', () => resolve({ status, sent }));
      req.on('close', () => resolve({ status, sent }));
      const pump = () => {
        while (sent < ready && status === 0) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        if (sent >= ready) req.end();
      };
      pump();
    });
    // Refused (413 read, or the connection cut before all 40 MiB went): never a 201.
    expect(outcome.status === 413 || (outcome.status === 0 && outcome.sent < ready)).toBe(true);
    expect(await vaultFiles()).toEqual(before);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it("serves a file to its agency's staff as an inert download, and one 404 to everyone else", async () => {
    const html = '<script>alert(1)</script><p>Pesquisa</p>';
    const res = await upload(html, { cookie: ana, 'content-type': 'text/html', 'x-file-name': encodeURIComponent('Pesquisa "mercado" ção.html') });
    const { sha256 } = (await res.json()) as { sha256: string };

    const download = await fetch(`${url}/api/files/${sha256}`, { headers: { cookie: ana } });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe(html);
    expect(download.headers.get('content-type')).toBe('text/html');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="Pesquisa _mercado_ __o.html"; filename*=UTF-8''Pesquisa%20%22mercado%22%20%C3%A7%C3%A3o.html`,
    );
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-security-policy')).toBe('sandbox');
    expect(download.headers.get('cache-control')).toBe('private, no-store');

    const head = await fetch(`${url}/api/files/${sha256}`, { method: 'HEAD', headers: { cookie: ana } });
    expect([head.status, head.headers.get('content-length'), await head.text()]).toEqual([200, String(Buffer.byteLength(html)), '']);

    const refusals = [
      await fetch(`${url}/api/files/${sha256}`),
      await fetch(`${url}/api/files/${sha256}`, { headers: { cookie: rival } }),
      await fetch(`${url}/api/files/${sha256}`, { headers: { cookie: 'fluxo_session=forjado' } }),
      await fetch(`${url}/api/files/${'0'.repeat(64)}`, { headers: { cookie: ana } }),
      await fetch(`${url}/api/files/${sha256.toUpperCase()}`, { headers: { cookie: ana } }),
      await fetch(`${url}/api/files/..%2F..%2Ffluxo.json`, { headers: { cookie: ana } }),
    ];
    const bodies = await Promise.all(refusals.map(async (r) => [r.status, await r.text()]));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0]?.[0]).toBe(404);
  });

  it("serves the agency's mail attachments too, and answers 404 when a recorded file's bytes are gone", async () => {
    const bytes = new TextEncoder().encode('foto do cliente');
    const sha256 = await vault.save(bytes);
    await store.attachments.add([
      {
        id: 'AttachmentHttp01',
        agencyId: demo.agencyId,
        boardId: newBoardId(),
        ticketId: newTicketId(),
        commentId: null,
        messageId: 'http-test@example.com',
        fileName: '../foto.jpg',
        mimeType: 'image/jpeg; name=foto.jpg',
        size: bytes.length,
        sha256,
        createdAt: new Date().toISOString(),
      },
    ]);
    const res = await fetch(`${url}/api/files/${sha256}`, { headers: { cookie: ana } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="foto.jpg"; filename*=UTF-8''foto.jpg`);
    expect((await fetch(`${url}/api/files/${sha256}`, { headers: { cookie: rival } })).status).toBe(404);

    await unlink(join(vault.dir, sha256));
    expect((await fetch(`${url}/api/files/${sha256}`, { headers: { cookie: ana } })).status).toBe(404);
  });
});
