/**
 * `/export/*.csv`, `/export/workspace.json` and `POST /import/workspace.json` over a real server
 * on port 0: who may, what the files look like (BOM, `;`, headers in the caller's language,
 * formula cells neutralised, only visible boards, the period), and an import from one
 * installation into another.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newAgencyId, newBoardId } from '@fluxo/shared/ids';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../auth/accounts.js';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../auth/passwords.js';
import { hashSessionToken, newSessionToken } from '../auth/sessionTokens.js';
import { parseConfig } from '../config.js';
import { fillDemoBoard } from '../demo/demoBoard.js';
import { DEMO_PASSWORD, type DemoSeed, seedDemo } from '../demo/seedDemo.js';
import { type FluxoServer, createServer } from '../http.js';
import { silentLogger } from '../log.js';
import { AttachmentFiles } from '../mail/attachmentFiles.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { UserRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { Authenticator } from '../auth/authenticator.js';

const passwords = new PasswordHasher(TEST_PASSWORD_PARAMS);
const BOM = '\uFEFF';

interface Installation {
  readonly server: FluxoServer;
  readonly store: Store;
  readonly url: string;
  readonly dir: string;
}

async function install(seed: (store: Store) => Promise<void>): Promise<Installation> {
  const dir = await mkdtemp(join(tmpdir(), 'fluxo-export-'));
  const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', DATA_DIR: dir }, { cwd: dir });
  const store = createMemoryStore();
  await seed(store);
  const server = createServer(config, store, { staticDir: dir, passwords, logger: silentLogger, vault: new AttachmentFiles(dir) });
  const { url } = await server.listen();
  return { server, store, url, dir };
}

async function cookieFor(store: Store, user: UserRecord): Promise<string> {
  const token = newSessionToken();
  await store.sessions.create({
    tokenHash: hashSessionToken(token),
    userId: user.id,
    createdAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
  return `fluxo_session=${token}`;
}

/** Splits a `;` CSV of the exporter's output (quoted cells may hold `;`, quotes, newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

/** The CSV's text after its BOM (checked). */
async function csvText(res: Response): Promise<string> {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  expect(text.startsWith(BOM)).toBe(true);
  return text.slice(1);
}

describe('exports over HTTP', () => {
  let source: Installation;
  let demo: DemoSeed;
  let ana: string;
  let paulo: string;
  let dora: string;
  let rivalBoardId: string;

  beforeAll(async () => {
    source = await install(async (store) => {
      demo = await seedDemo(store, passwords, { fillBoard: (doc, seed) => fillDemoBoard(doc, seed) });
      const rival = newAgencyId();
      await store.agencies.create({ id: rival, name: 'Rival', createdAt: new Date().toISOString() });
      const chefe = await createAccount(store, passwords, { agencyId: rival, email: 'chefe@rival.test', name: 'Chefe', role: 'admin', password: 'rival-senha' });
      rivalBoardId = newBoardId();
      await store.boards.create({ id: rivalBoardId as never, agencyId: rival, name: 'Rival', memberIds: [chefe.id], createdAt: new Date().toISOString() });
      // A client name that a spreadsheet would run as a formula.
      await store.clients.update(demo.clients.padaria.id, { name: '=HYPERLINK("http://evil.example","Padaria")' });
      await store.users.update(demo.users.dora.id, { locale: 'en' });
    });
    ana = await cookieFor(source.store, demo.users.ana);
    paulo = await cookieFor(source.store, demo.users.paulo);
    dora = await cookieFor(source.store, demo.users.dora);
  });

  afterAll(async () => {
    await source.server.close();
    await source.store.close();
    await rm(source.dir, { recursive: true, force: true });
  });

  const get = (path: string, cookie?: string) => fetch(`${source.url}${path}`, { headers: cookie ? { cookie } : {} });

  it('serves the tickets CSV as a download: BOM, ;, pt-BR headers, one line per ticket, formulas neutralised', async () => {
    const res = await get('/export/tickets.csv', ana);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; .*chamados-\d{4}-\d{2}-\d{2}\.csv/);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith(BOM)).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual([
      'Número', 'Título', 'Quadro', 'Cliente', 'Tipo', 'Prioridade', 'Etapa', 'Situação', 'Canal', 'Responsáveis', 'Prazo prometido', 'Aberto em', 'Fechado em', 'Arquivado',
    ]);
    const tickets = rows.slice(1);
    expect(tickets.length).toBeGreaterThan(5);
    const banner = tickets.find((r) => r[1] === 'Banner no site para a campanha de desconto');
    expect(banner?.[2]).toBe('Fluxo de atendimento');
    expect(banner?.[0]).toMatch(/^\d+$/);
    expect(tickets.every((r) => r.length === 14)).toBe(true);
    const padaria = tickets.filter((r) => r[3]?.includes('HYPERLINK'));
    expect(padaria.length).toBeGreaterThan(0);
    for (const row of padaria) expect(row[3]).toBe('\'=HYPERLINK("http://evil.example","Padaria")');
    expect(tickets.some((r) => r[7] === 'Concluído' || r[7] === 'Aberto')).toBe(true);
  });

  it('serves the history CSV in the caller’s language, in time order, for a period of agency days', async () => {
    const all = parseCsv(await csvText(await get('/export/history.csv', dora)));
    expect(all[0]).toEqual(['Number', 'Board', 'When', 'Who', 'What', 'From', 'To']);
    const entries = all.slice(1);
    expect(entries.length).toBeGreaterThan(10);
    const whens = entries.map((r) => r[2] ?? '');
    expect([...whens].sort()).toEqual(whens);
    expect(entries.some((r) => r[4] === 'Stage changed')).toBe(true);
    expect(entries.every((r) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(r[2] ?? ''))).toBe(true);
    const someDay = whens[Math.floor(whens.length / 2)]?.slice(0, 10) ?? '';
    const res = await get(`/export/history.csv?from=${someDay}&to=${someDay}`, dora);
    expect(res.status).toBe(200);
    const period = parseCsv(await csvText(res)).slice(1);
    expect(period.length).toBe(entries.filter((r) => r[2]?.startsWith(someDay)).length);
    expect(period.length).toBeGreaterThan(0);
  });

  it('refuses who may not, bad parameters and boards out of reach', async () => {
    const cases: [string, string | undefined, number, string][] = [
      ['/export/tickets.csv', undefined, 401, 'unauthenticated'],
      ['/export/tickets.csv', 'fluxo_session=forjado', 401, 'unauthenticated'],
      ['/export/tickets.csv', paulo, 403, 'forbidden'],
      ['/export/history.csv', paulo, 403, 'forbidden'],
      ['/export/workspace.json', ana, 403, 'forbidden'],
      [`/export/tickets.csv?board=${rivalBoardId}`, dora, 404, 'not_found'],
      ['/export/tickets.csv?board=../../etc', ana, 400, 'bad_request'],
      ['/export/history.csv?from=2025-02-30', ana, 400, 'bad_request'],
      ['/export/history.csv?from=2025-03-10&to=2025-03-01', ana, 400, 'bad_request'],
      ['/export/nothing.csv', ana, 404, 'not_found'],
    ];
    for (const [path, cookie, status, code] of cases) {
      const res = await get(path, cookie);
      expect(res.status, path).toBe(status);
      expect(await res.json(), path).toMatchObject({ error: { code } });
    }
    const one = await get(`/export/tickets.csv?board=${demo.boardId}`, ana);
    expect(one.status).toBe(200);
    expect(one.headers.get('content-disposition')).toMatch(/chamados-fluxo-de-atendimento-/);
  });

  it('moves the workspace to another installation: download as admin, upload as that installation’s admin', async () => {
    const download = await get('/export/workspace.json', dora);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/fluxo-agencia-ponto-criativo-\d{4}-\d{2}-\d{2}\.json/);
    const archiveText = await download.text();
    const archive = JSON.parse(archiveText) as { format: string; records: { users: unknown[] } };
    expect(archive.format).toBe('fluxo-workspace');
    expect(archiveText).not.toContain('Rival');

    let targetAdmin: UserRecord | null = null;
    const target = await install(async (store) => {
      const agencyId = newAgencyId();
      await store.agencies.create({ id: agencyId, name: 'Hospedagem', createdAt: new Date().toISOString() });
      targetAdmin = await createAccount(store, passwords, { agencyId, email: 'admin@hospedagem.test', name: 'Admin', role: 'admin', password: 'admin-senha' });
    });
    try {
      const admin = await cookieFor(target.store, targetAdmin as unknown as UserRecord);
      const post = (body: string, headers: Record<string, string>) =>
        fetch(`${target.url}/import/workspace.json`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

      expect((await post(archiveText, {})).status).toBe(401);
      expect((await post(archiveText, { cookie: admin, origin: 'https://evil.example' })).status).toBe(403);
      expect((await post(archiveText, { cookie: admin, 'content-type': 'text/plain' })).status).toBe(415);
      const notJson = await post('{"format": ', { cookie: admin });
      expect(notJson.status).toBe(400);
      expect(await notJson.json()).toMatchObject({ error: { code: 'invalid', message: 'the file is not JSON' } });
      const bad = await post(JSON.stringify({ ...JSON.parse(archiveText), boardDocs: 'x' }), { cookie: admin });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: { code: 'invalid', message: expect.stringContaining('boardDocs') } });
      expect(await target.store.agencies.list()).toHaveLength(1);

      const ok = await post(archiveText, { cookie: admin });
      expect(ok.status).toBe(201);
      expect(await ok.json()).toMatchObject({ agencyId: demo.agencyId, agencyName: 'Agência Ponto Criativo', users: 4, boards: 1 });
      const again = await post(archiveText, { cookie: admin });
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({ error: { code: 'conflict' } });

      const auth = new Authenticator({ store: target.store, passwords });
      expect((await auth.login({ email: 'ana@demo.fluxo', password: DEMO_PASSWORD, ip: '203.0.113.5' })).user.id).toBe(demo.users.ana.id);
      // What the target exports of the agency is what the source did (but for the export time).
      const moved = (await (await fetch(`${target.url}/export/workspace.json`, { headers: { cookie: await cookieFor(target.store, demo.users.dora) } })).json()) as Record<string, unknown>;
      expect({ ...moved, exportedAt: null }).toEqual({ ...JSON.parse(archiveText), exportedAt: null });

      // Only admins import; a declared body over the cap is refused before it is read.
      const anaThere = await cookieFor(target.store, demo.users.ana);
      expect((await post(archiveText, { cookie: anaThere })).status).toBe(403);
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${target.url}/import/workspace.json`, {
          method: 'POST',
          headers: { cookie: admin, 'content-type': 'application/json', 'content-length': String(300 * 1024 * 1024) },
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.write('{');
      });
      expect(status).toBe(413);
    } finally {
      await target.server.close();
      await target.store.close();
      await rm(target.dir, { recursive: true, force: true });
    }
  });
});
