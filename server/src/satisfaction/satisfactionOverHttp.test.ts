/**
 * The rating page over real HTTP (issue 8): `GET /avaliacao/<token>` is the share bundle with the
 * share headers and records nothing (mail scanners follow the link), any other method is refused;
 * `satisfaction.survey` reads over GET; `satisfaction.answer` records only as a same-origin JSON
 * POST — a form posted from another site does not.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newSurveyId } from '@fluxo/shared/satisfaction/satisfaction';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../auth/passwords.js';
import { parseConfig } from '../config.js';
import { createConversation } from '../conversation/conversation.js';
import { addStoredTicket } from '../conversation/testing/storedTickets.js';
import { type DemoSeed, seedDemo } from '../demo/seedDemo.js';
import { type FluxoServer, createServer } from '../http.js';
import { silentLogger } from '../log.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { Store } from '../store/store.js';

const SHARE_HTML = '<!doctype html><title>Fluxo</title><script type="module" src="/assets/share-1a2b3c.js"></script>';
const PUBLIC_URL = 'https://fluxo.agencia.test';

let store: Store;
let demo: DemoSeed;
let server: FluxoServer;
let url: string;
let staticDir: string;
let token: string;
let addressSeq = 0;
const nextAddress = () => `203.0.113.${++addressSeq}`;

beforeEach(async () => {
  store = createMemoryStore();
  demo = await seedDemo(store, new PasswordHasher(TEST_PASSWORD_PARAMS));
  staticDir = await mkdtemp(join(tmpdir(), 'fluxo-satisfaction-http-'));
  await writeFile(join(staticDir, 'share.html'), SHARE_HTML);
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Fluxo app</title>');
  const config = parseConfig(
    { NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', TRUST_PROXY: '1', PUBLIC_URL, DATA_DIR: staticDir },
    { cwd: staticDir },
  );
  const ticketId = await addStoredTicket(store, demo.boardId, { title: 'Cardápio novo', channel: 'email', clientId: demo.clients.padaria.id }, 31);
  token = randomBytes(32).toString('base64url');
  await store.satisfaction.ask({
    id: newSurveyId(),
    agencyId: demo.agencyId,
    boardId: demo.boardId,
    ticketId,
    ticketNumber: 31,
    clientId: demo.clients.padaria.id,
    token,
    askedAt: new Date().toISOString(),
  });
  server = createServer(config, store, { logger: silentLogger, conversation: createConversation({ store }), staticDir });
  ({ url } = await server.listen());
});

afterEach(async () => {
  await server.close();
  await store.close();
  await rm(staticDir, { recursive: true, force: true });
});

const answered = async () => (await store.satisfaction.getByToken(token))?.answeredAt ?? null;

describe('the rating page over HTTP', () => {
  it('GET and HEAD serve the share bundle with the share headers and record nothing; other methods are refused', async () => {
    for (const method of ['GET', 'HEAD'] as const) {
      const response = await fetch(`${url}/avaliacao/${token}?rating=1`, { method, headers: { 'X-Forwarded-For': nextAddress() } });
      expect(response.status).toBe(200);
      if (method === 'GET') expect(await response.text()).toBe(SHARE_HTML);
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-robots-tag')).toBe('noindex');
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    const post = await fetch(`${url}/avaliacao/${token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': nextAddress() },
      body: 'rating=1',
    });
    expect(post.status).toBe(405);
    // The page's read is a GET too: it shows, it does not answer.
    const read = await fetch(`${url}/trpc/satisfaction.survey?input=${encodeURIComponent(JSON.stringify({ token }))}`, {
      headers: { 'X-Forwarded-For': nextAddress() },
    });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ result: { data: { ticketNumber: 31, title: 'Cardápio novo', answer: null } } });
    expect(await answered()).toBeNull();
  });

  it('answers only as a same-origin JSON POST', async () => {
    const body = JSON.stringify({ token, rating: 1, comment: 'Não gostei' });
    const foreign = await fetch(`${url}/trpc/satisfaction.answer`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example', 'X-Forwarded-For': nextAddress() },
      body,
    });
    expect(foreign.status).toBe(403);
    const form = await fetch(`${url}/trpc/satisfaction.answer`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', 'X-Forwarded-For': nextAddress() },
      body,
    });
    expect(form.status).toBe(415);
    expect(await answered()).toBeNull();

    const ours = await fetch(`${url}/trpc/satisfaction.answer`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: PUBLIC_URL, 'X-Forwarded-For': nextAddress() },
      body,
    });
    expect(ours.status).toBe(200);
    expect(await store.satisfaction.getByToken(token)).toMatchObject({ rating: 1, comment: 'Não gostei' });
  });
});
