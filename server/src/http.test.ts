/**
 * The real HTTP server on port 0 (memory store, fast password hashing, a temporary SPA build),
 * spoken to the way a browser and the tRPC client do.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TicketId } from '@fluxo/shared/ids';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from './auth/passwords.js';
import { addStoredTicket } from './conversation/testing/storedTickets.js';
import { parseConfig } from './config.js';
import { type DemoSeed, seedDemo } from './demo/seedDemo.js';
import { type FluxoServer, MAX_TRPC_BATCH_SIZE, createServer } from './http.js';
import { silentLogger } from './log.js';
import { type UnsubscribeHandler, createUnsubscribeHandler } from './mail/unsubscribePage.js';
import { createMemoryStore } from './store/memoryStore.js';
import type { Store } from './store/store.js';
import type { AppRouter } from './trpc/router.js';
import { CONTENT_SECURITY_POLICY } from './web/securityHeaders.js';
import { MISSING_BUILD_MESSAGE } from './web/staticSite.js';

const INDEX_HTML = '<!doctype html><title>Fluxo</title><script type="module" src="/assets/app-3f2a1b.js"></script>';
const APP_JS = 'console.log("fluxo");';
const SHARE_HTML = '<!doctype html><title>Acompanhamento</title><script type="module" src="/assets/share-9a8b7c.js"></script>';

interface Running {
  server: FluxoServer;
  store: Store;
  url: string;
  staticDir: string;
  demo: DemoSeed;
}

interface StartOptions {
  withBuild?: boolean;
  /** What answers `/unsubscribe/<token>` (default: the real handler over the store). */
  unsubscribe?: (store: Store) => UnsubscribeHandler;
  /** Changes the seeded store before the server starts (e.g. a port that fails). */
  prepare?: (store: Store) => void;
  /** Live event streams one address may hold open (default: the server's). */
  maxEventStreamsPerAddress?: number;
}

async function start(env: Record<string, string> = {}, options: StartOptions = {}): Promise<Running> {
  const staticDir = await mkdtemp(join(tmpdir(), 'fluxo-dist-'));
  if (options.withBuild !== false) {
    await mkdir(join(staticDir, 'assets'));
    await writeFile(join(staticDir, 'index.html'), INDEX_HTML);
    await writeFile(join(staticDir, 'share.html'), SHARE_HTML);
    await writeFile(join(staticDir, 'assets', 'app-3f2a1b.js'), APP_JS);
    await writeFile(join(staticDir, 'robots.txt'), 'User-agent: *\n');
    await writeFile(join(staticDir, '.env'), 'SECRET=1');
  }
  const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', ...env }, { cwd: staticDir });
  const store = createMemoryStore();
  const passwords = new PasswordHasher(TEST_PASSWORD_PARAMS);
  const demo = await seedDemo(store, passwords);
  options.prepare?.(store);
  const unsubscribe = (options.unsubscribe ?? ((s: Store) => createUnsubscribeHandler({ store: s })))(store);
  const server = createServer(config, store, {
    staticDir,
    passwords,
    logger: silentLogger,
    unsubscribe,
    ...(options.maxEventStreamsPerAddress === undefined ? {} : { maxEventStreamsPerAddress: options.maxEventStreamsPerAddress }),
  });
  const { url } = await server.listen();
  return { server, store, url, staticDir, demo };
}

async function stop(running: Running): Promise<void> {
  await running.server.close();
  await running.store.close();
  await rm(running.staticDir, { recursive: true, force: true });
}

/** A tRPC mutation as the client sends it (JSON). */
function post(url: string, path: string, input: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: input === undefined ? undefined : JSON.stringify(input),
  });
}

function login(url: string, email: string, password: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
}

/** The `name=value` part of the session cookie a response set. */
function sessionCookie(res: Response): string {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('fluxo_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0] ?? '';
}

interface TrpcErrorBody {
  error: { message: string; data: { code: string; httpStatus: number; domainCode: string | null; stack?: string } };
}

describe('HTTP server', () => {
  let app: Running;
  beforeEach(async () => {
    app = await start();
  });
  afterEach(async () => {
    await stop(app);
  });

  it('answers /healthz with ok and the security headers', async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, store: 'memory' });
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; " +
        "img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('logs in over HTTP with an HttpOnly session cookie, which then opens boards.list', async () => {
    const res = await login(app.url, 'ana@demo.fluxo', 'fluxo-demo');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ result: { data: { email: 'ana@demo.fluxo', role: 'atendimento' } } });
    const setCookie = res.headers.getSetCookie();
    expect(setCookie).toHaveLength(1);
    expect(setCookie[0]).toMatch(/^fluxo_session=[\w-]{43}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/);

    const anonymous = await fetch(`${app.url}/trpc/boards.list`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as TrpcErrorBody).error.data).toMatchObject({
      code: 'UNAUTHORIZED',
      domainCode: 'unauthenticated',
    });

    const signedIn = await fetch(`${app.url}/trpc/boards.list`, { headers: { cookie: sessionCookie(res) } });
    expect(signedIn.status).toBe(200);
    const body = (await signedIn.json()) as { result: { data: { name: string }[] } };
    expect(body.result.data.map((b) => b.name)).toEqual(['Fluxo de atendimento']);
  });

  it('answers a wrong password and an unknown user identically', async () => {
    const wrong = await login(app.url, 'ana@demo.fluxo', 'errada');
    const unknown = await login(app.url, 'ninguem@demo.fluxo', 'fluxo-demo');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = (await Promise.all([wrong.json(), unknown.json()])) as TrpcErrorBody[];
    expect(a?.error.message).toBe('invalid email or password');
    expect(a?.error.data.domainCode).toBe('invalid_credentials');
    expect(b?.error.message).toBe(a?.error.message);
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('throttles with 429 and Retry-After', async () => {
    for (let i = 0; i < 5; i++) expect((await login(app.url, 'paulo@demo.fluxo', `x${i}`)).status).toBe(401);
    const refused = await login(app.url, 'paulo@demo.fluxo', 'fluxo-demo');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(((await refused.json()) as TrpcErrorBody).error.data).toMatchObject({ domainCode: 'throttled', retryAfterSeconds: 30 });
  });

  it('logs out: the cookie is cleared and the session no longer works', async () => {
    const cookie = sessionCookie(await login(app.url, 'dora@demo.fluxo', 'fluxo-demo'));
    const out = await fetch(`${app.url}/trpc/auth.logout`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
    });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie()[0]).toMatch(/^fluxo_session=; Max-Age=0/);
    const me = await fetch(`${app.url}/trpc/auth.me`, { headers: { cookie } });
    expect(await me.json()).toEqual({ result: { data: null } });
    expect(me.headers.getSetCookie()[0]).toMatch(/^fluxo_session=; Max-Age=0/); // a dead cookie is cleared
  });

  it('works with the tRPC client (batching, cookies kept by a custom fetch)', async () => {
    let cookie = '';
    const client = createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: `${app.url}/trpc`,
          maxItems: MAX_TRPC_BATCH_SIZE,
          async fetch(input, init) {
            const res = await fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } });
            const set = res.headers.getSetCookie().find((c) => c.startsWith('fluxo_session='));
            if (set) cookie = set.split(';')[0] ?? '';
            return res;
          },
        }),
      ],
    });
    expect(await client.auth.me.query()).toBeNull();
    await client.auth.login.mutate({ email: 'paulo@demo.fluxo', password: 'fluxo-demo' });
    const [me, boards] = await Promise.all([client.auth.me.query(), client.boards.list.query()]);
    expect(me?.role).toBe('producao');
    expect(boards).toHaveLength(1);
    const error = await client.boards.get.query({ boardId: 'AAAAAAAAAAAAAAAA' as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<AppRouter>).data?.code).toBe('NOT_FOUND');
  });

  it('refuses a body over 1 MiB with 413, declared or streamed', async () => {
    const big = JSON.stringify({ email: 'ana@demo.fluxo', password: 'x'.repeat(1024 * 1024 + 10) });
    const declared = await login(app.url, 'ana@demo.fluxo', 'x'.repeat(1024 * 1024 + 10));
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as TrpcErrorBody).error.data.code).toBe('PAYLOAD_TOO_LARGE');

    // Chunked, without Content-Length: tRPC counts the bytes as they come.
    const status = await new Promise<number>((resolveStatus, reject) => {
      const req = httpRequest(`${app.url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        resolveStatus(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < big.length; i += 64 * 1024) req.write(big.slice(i, i + 64 * 1024));
      req.end();
    });
    expect(status).toBe(413);
  });

  it(`refuses a batch of more than ${MAX_TRPC_BATCH_SIZE} calls`, async () => {
    const paths = (n: number) => Array.from({ length: n }, () => 'auth.me').join(',');
    expect((await fetch(`${app.url}/trpc/${paths(MAX_TRPC_BATCH_SIZE)}?batch=1`)).status).toBe(200);
    expect((await fetch(`${app.url}/trpc/${paths(MAX_TRPC_BATCH_SIZE + 1)}?batch=1`)).status).toBe(400);
  });

  it('refuses tRPC mutations from another origin, accepts our own', async () => {
    const foreign = await login(app.url, 'ana@demo.fluxo', 'fluxo-demo', { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.getSetCookie()).toEqual([]);
    const own = await login(app.url, 'ana@demo.fluxo', 'fluxo-demo', { origin: app.url });
    expect(own.status).toBe(200);
  });

  it('serves the SPA: files with their types and caching, index.html for page paths', async () => {
    for (const path of ['/', '/login', '/boards/AbC123']) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toBe(INDEX_HTML);
    }
    const js = await fetch(`${app.url}/assets/app-3f2a1b.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toBe(APP_JS);
    expect((await fetch(`${app.url}/robots.txt`)).headers.get('content-type')).toBe('text/plain; charset=utf-8');

    const etag = js.headers.get('etag') ?? '';
    const again = await fetch(`${app.url}/assets/app-3f2a1b.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);

    const head = await fetch(`${app.url}/login`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('serves the client timeline page for every /share/<token>, uncached, without referrer, not indexed', async () => {
    for (const path of ['/share/tok_en-123', `/share/${'A'.repeat(43)}`, '/share/not a token']) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('x-robots-tag'), path).toBe('noindex');
      // The staff app never reaches a client's browser from here.
      expect(await res.text(), path).toBe(SHARE_HTML);
    }
  });

  it('answers 404, not index.html, for missing files', async () => {
    for (const path of ['/assets/gone-123.js', '/favicon.ico', '/assets']) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain('<!doctype html>');
    }
  });

  it('never serves a file outside the build, nor hidden files', async () => {
    for (const path of [
      '/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/assets/..%5c..%5cpackage.json',
      '/.env',
      '/%2eenv',
      '/assets/%00.js',
      '/%E0%A4%A',
    ]) {
      const res = await rawGet(app.url, path);
      expect(res.status, path).not.toBe(200);
      expect(res.body, path).not.toContain('SECRET');
      expect(res.body, path).not.toContain('"name"');
    }
  });

  it('refuses other methods on pages', async () => {
    const res = await fetch(`${app.url}/login`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses WebSocket upgrades until the sync module is mounted', async () => {
    const status = await new Promise<number>((resolveStatus, reject) => {
      const socket = new WebSocket(`${app.url.replace('http', 'ws')}/sync/AAAAAAAAAAAAAAAA`);
      socket.on('unexpected-response', (_req, res) => {
        resolveStatus(res.statusCode ?? 0);
        socket.terminate();
      });
      socket.on('open', () => reject(new Error('the upgrade was accepted')));
      socket.on('error', () => undefined);
    });
    expect(status).toBe(404);
    expect((await fetch(`${app.url}/sync/AAAAAAAAAAAAAAAA`)).status).toBe(426);
  });
});

/** A GET that sends the path exactly as written (fetch would normalise dot segments). */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolveGet, reject) => {
    const req = httpRequest(url, { path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolveGet({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP server without a client build', () => {
  it('answers page requests with 503 and the command to run', async () => {
    const app = await start({}, { withBuild: false });
    try {
      const res = await fetch(`${app.url}/boards/x`);
      expect(res.status).toBe(503);
      expect(await res.text()).toBe(MISSING_BUILD_MESSAGE);
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    } finally {
      await stop(app);
    }
  });
});

describe('HTTP server in production', () => {
  it('sends no stacks in errors, and HSTS plus Secure cookies behind https', async () => {
    const app = await start({ NODE_ENV: 'production', PUBLIC_URL: 'https://fluxo.agencia.com.br' });
    try {
      const bad = await fetch(`${app.url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"email":1}',
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as TrpcErrorBody).error.data.stack).toBeUndefined();
      const ok = await login(app.url, 'ana@demo.fluxo', 'fluxo-demo');
      expect(ok.headers.getSetCookie()[0]).toMatch(/; Secure$/);
      expect(ok.headers.get('strict-transport-security')).toBe('max-age=15552000');
    } finally {
      await stop(app);
    }
  });

  it('keeps stacks in development, for debugging', async () => {
    const app = await start({ NODE_ENV: 'development' });
    try {
      const bad = await fetch(`${app.url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"email":1}',
      });
      expect(((await bad.json()) as TrpcErrorBody).error.data.stack).toEqual(expect.any(String));
    } finally {
      await stop(app);
    }
  });
});

/** What would betray a stack or a server path in an answer. */
const LEAK = /\n\s+at |\.ts:\d+|\/(srv|home|work|tmp)\//;

/** An error whose message and stack name server files, as a failing store would throw. */
function internalFailure(): Error {
  return new Error("EACCES: permission denied, open '/srv/fluxo/data/fluxo.json'");
}

describe('HTTP server against cross-site requests (CSRF)', () => {
  let app: Running;
  let cookie: string;
  let ticketId: TicketId;
  beforeEach(async () => {
    app = await start();
    ticketId = await addStoredTicket(app.store, app.demo.boardId, { title: 'Banner da campanha', channel: 'email' });
    // Ana mentions Dora: Dora has an unread notification that `markRead` could clear.
    const ana = sessionCookie(await login(app.url, 'ana@demo.fluxo', 'fluxo-demo'));
    const mention = await post(app.url, 'comments.create', { boardId: app.demo.boardId, ticketId, body: `Olha isso <@${app.demo.users.dora.id}>`, visibility: 'internal' }, { cookie: ana });
    expect(mention.status, await mention.clone().text()).toBe(200);
    cookie = sessionCookie(await login(app.url, 'dora@demo.fluxo', 'fluxo-demo'));
  });
  afterEach(async () => {
    await stop(app);
  });

  /** Everything the mutations below could change, read from the store. */
  async function state(): Promise<unknown> {
    const { store, demo } = app;
    const dora = demo.users.dora.id;
    return {
      comments: (await store.comments.listForTicket(demo.boardId, ticketId)).map((c) => [c.id, c.revisions.length]),
      shareLinks: (await store.shareLinks.listByBoard(demo.boardId)).map((l) => l.id),
      notifications: (await store.notifications.listForUser(dora)).map((n) => [n.id, n.readAt]),
      prefs: (await store.notificationPrefs.get(dora))?.prefs ?? null,
      locale: (await store.users.get(dora))?.locale ?? null,
      me: await (await fetch(`${app.url}/trpc/auth.me`, { headers: { cookie } })).json(),
    };
  }

  const mutations = (): { path: string; input: Record<string, unknown> | undefined }[] => [
    { path: 'comments.create', input: { boardId: app.demo.boardId, ticketId, body: 'Aprovado (forjado)', visibility: 'internal' } },
    { path: 'shareLinks.create', input: { boardId: app.demo.boardId, clientId: app.demo.clients.padaria.id, scope: 'respond' } },
    { path: 'notifications.markRead', input: { all: true } },
    { path: 'notifications.setPref', input: { kind: 'mentioned', delivery: 'off' } },
    { path: 'auth.setLocale', input: { locale: 'ru' } },
    { path: 'auth.logout', input: undefined },
  ];

  /** The bodies an HTML form (or a no-CORS fetch) on another site can send. */
  function formBodies(input: Record<string, unknown> | undefined): { kind: string; body: string | FormData; type?: string }[] {
    const fields = Object.entries(input ?? {}).map(([k, v]) => [k, String(v)] as [string, string]);
    const multipart = new FormData();
    for (const [k, v] of fields) multipart.append(k, v);
    multipart.append('input', JSON.stringify(input ?? null));
    return [
      { kind: 'urlencoded', body: new URLSearchParams([...fields, ['input', JSON.stringify(input ?? null)]]).toString(), type: 'application/x-www-form-urlencoded' },
      { kind: 'multipart', body: multipart }, // fetch sets multipart/form-data with its boundary
      { kind: 'text/plain JSON', body: JSON.stringify(input ?? {}), type: 'text/plain' },
    ];
  }

  it('changes nothing for form posts (urlencoded, multipart, text/plain) nor foreign-origin JSON, even with a valid session cookie', async () => {
    const before = await state();
    const foreign: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' }, // no Origin, but the browser says where it comes from
      {}, // no Origin, no fetch metadata (an old browser, or a stripped header): still no form body
    ];
    let attempts = 0;
    for (const { path, input } of mutations()) {
      for (const headers of foreign) {
        for (const { kind, body, type } of formBodies(input)) {
          const res = await fetch(`${app.url}/trpc/${path}`, {
            method: 'POST',
            headers: { cookie, ...(type ? { 'content-type': type } : {}), ...headers },
            body,
          });
          const what = `${path} ${kind} ${JSON.stringify(headers)}`;
          expect([403, 415], what).toContain(res.status);
          expect(res.headers.getSetCookie(), what).toEqual([]); // logout did not clear the cookie
          attempts++;
        }
        if (Object.keys(headers).length === 0) continue; // same-origin JSON from a tool: allowed
        const json = await fetch(`${app.url}/trpc/${path}`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json', ...headers },
          body: JSON.stringify(input ?? null),
        });
        expect(json.status, `${path} JSON ${JSON.stringify(headers)}`).toBe(403);
        attempts++;
      }
    }
    expect(attempts).toBe(mutations().length * (4 * 3 + 3));
    expect(await state()).toEqual(before);

    // The same calls from our own page do change the state: the check above can fail.
    for (const { path, input } of mutations()) {
      const res = await post(app.url, path, input, { cookie, origin: app.url, 'sec-fetch-site': 'same-origin' });
      expect(res.status, path).toBe(200);
    }
    const after = (await state()) as Record<string, unknown>;
    const was = before as Record<string, unknown>;
    for (const key of Object.keys(was)) expect(after[key], key).not.toEqual(was[key]);
  });

  it('takes the one-click unsubscribe from anywhere: the intended exception (RFC 8058)', async () => {
    const { unsubscribeToken } = await app.store.mail.recipient(app.demo.agencyId, 'contato@padaria.example', new Date());
    // A mail client posts it from no page of ours, without a session.
    const res = await fetch(`${app.url}/unsubscribe/${unsubscribeToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://mail.example', 'sec-fetch-site': 'cross-site' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect((await app.store.mail.findRecipientByToken(unsubscribeToken))?.unsubscribedAt).toEqual(expect.any(String));
  });
});

describe('HTTP server errors in production', () => {
  it('a procedure that fails answers 500 with no message, stack or path; a bad input 400 likewise', async () => {
    const app = await start({ NODE_ENV: 'production' }, {
      prepare: (store) => {
        store.notificationPrefs.get = async () => {
          throw internalFailure();
        };
      },
    });
    try {
      const cookie = sessionCookie(await login(app.url, 'dora@demo.fluxo', 'fluxo-demo'));
      const failed = await fetch(`${app.url}/trpc/notifications.prefs`, { headers: { cookie } });
      expect(failed.status).toBe(500);
      const text = await failed.text();
      expect(text).not.toMatch(LEAK);
      expect(text).not.toContain('EACCES');
      expect((JSON.parse(text) as TrpcErrorBody).error).toMatchObject({ message: 'Internal server error', data: { code: 'INTERNAL_SERVER_ERROR' } });
      expect((JSON.parse(text) as TrpcErrorBody).error.data.stack).toBeUndefined();

      const bad = await post(app.url, 'comments.create', { boardId: 'x', ticketId: 1, body: null }, { cookie });
      expect(bad.status).toBe(400);
      const badText = await bad.text();
      expect(badText).not.toMatch(LEAK);
      expect((JSON.parse(badText) as TrpcErrorBody).error.data.stack).toBeUndefined();
    } finally {
      await stop(app);
    }
  });

  it('a route that throws answers a plain 500, with the security headers', async () => {
    const app = await start({ NODE_ENV: 'production' }, {
      unsubscribe: () => async () => {
        throw internalFailure();
      },
    });
    try {
      const res = await fetch(`${app.url}/unsubscribe/${'a'.repeat(32)}`);
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(text).toBe('Internal server error\n');
      expect(text).not.toMatch(LEAK);
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    } finally {
      await stop(app);
    }
  });

  it('a live stream that fails sends an error event with no stack or path', async () => {
    let failing = false;
    const app = await start({ NODE_ENV: 'production' }, {
      prepare: (store) => {
        const changedSince = store.notifications.changedSince.bind(store.notifications);
        store.notifications.changedSince = async (userId, seq) => {
          if (failing) throw internalFailure();
          return changedSince(userId, seq);
        };
      },
    });
    try {
      const cookie = sessionCookie(await login(app.url, 'dora@demo.fluxo', 'fluxo-demo'));
      failing = true;
      const abort = new AbortController();
      const res = await fetch(`${app.url}/trpc/notifications.onNew`, { headers: { cookie, accept: 'text/event-stream' }, signal: abort.signal });
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = '';
      const deadline = Date.now() + 5_000;
      while (!text.includes('event: serialized-error') || !text.slice(text.indexOf('event: serialized-error')).includes('\n\n')) {
        if (Date.now() > deadline) throw new Error(`no error event in: ${text}`);
        const chunk = await reader.read();
        if (chunk.done) break;
        text += decoder.decode(chunk.value, { stream: true });
      }
      abort.abort();
      expect(text).toContain('event: serialized-error');
      expect(text).toContain('Internal server error');
      expect(text).not.toMatch(LEAK);
      expect(text).not.toContain('EACCES');
      expect(text).not.toContain('stack');
    } finally {
      await stop(app);
    }
  });
});

describe('live event streams per address', () => {
  it('refuses a stream past the cap with 429 and Retry-After, and takes one again once another closes', async () => {
    const app = await start({}, { maxEventStreamsPerAddress: 2 });
    const aborts: AbortController[] = [];
    const open = async (cookie: string): Promise<Response> => {
      const abort = new AbortController();
      aborts.push(abort);
      return fetch(`${app.url}/trpc/notifications.onNew`, { headers: { cookie, accept: 'text/event-stream' }, signal: abort.signal });
    };
    try {
      const dora = sessionCookie(await login(app.url, 'dora@demo.fluxo', 'fluxo-demo'));
      const ana = sessionCookie(await login(app.url, 'ana@demo.fluxo', 'fluxo-demo'));
      const first = await open(dora);
      const second = await open(ana);
      expect([first.status, second.status]).toEqual([200, 200]);
      const third = await open(dora);
      expect(third.status).toBe(429);
      expect(third.headers.get('retry-after')).toBe('5');
      expect(((await third.json()) as { error: { data: { code: string } } }).error.data.code).toBe('TOO_MANY_REQUESTS');
      // Plain queries and mutations are not streams: unaffected.
      expect((await fetch(`${app.url}/trpc/auth.me`, { headers: { cookie: dora } })).status).toBe(200);
      aborts[0]?.abort();
      await expect.poll(async () => {
        const again = await open(dora);
        if (again.status !== 200) return again.status;
        return 200;
      }, { timeout: 5_000 }).toBe(200);
    } finally {
      for (const abort of aborts) abort.abort();
      await stop(app);
    }
  });
});

describe('Content-Security-Policy on every page', () => {
  it('sends the policy, without inline scripts, on /, a share page and the unsubscribe page', async () => {
    const app = await start();
    try {
      const { unsubscribeToken } = await app.store.mail.recipient(app.demo.agencyId, 'contato@padaria.example', new Date());
      for (const path of ['/', '/boards/AbC123', `/share/${'A'.repeat(43)}`, `/unsubscribe/${unsubscribeToken}`, `/unsubscribe/${'b'.repeat(32)}`, '/assets/gone-1.js']) {
        const res = await fetch(`${app.url}${path}`);
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp, path).toBe(CONTENT_SECURITY_POLICY);
        const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src')) ?? '';
        expect(scriptSrc, path).toBe("script-src 'self'");
        expect(csp, path).not.toContain("'unsafe-eval'");
        const body = await res.text();
        // Pages hold no inline script the policy would have to allow.
        expect(body, path).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
      }
      const unsubscribePost = await fetch(`${app.url}/unsubscribe/${unsubscribeToken}`, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
      expect(unsubscribePost.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    } finally {
      await stop(app);
    }
  });
});
