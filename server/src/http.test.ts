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
import { PasswordHasher, TEST_PASSWORD_PARAMS } from './auth/passwords.js';
import { parseConfig } from './config.js';
import { seedDemo } from './demo/seedDemo.js';
import { type FluxoServer, MAX_TRPC_BATCH_SIZE, createServer } from './http.js';
import { silentLogger } from './log.js';
import { createMemoryStore } from './store/memoryStore.js';
import type { Store } from './store/store.js';
import type { AppRouter } from './trpc/router.js';
import { MISSING_BUILD_MESSAGE } from './web/staticSite.js';

const INDEX_HTML = '<!doctype html><title>Fluxo</title><script type="module" src="/assets/app-3f2a1b.js"></script>';
const APP_JS = 'console.log("fluxo");';
const SHARE_HTML = '<!doctype html><title>Acompanhamento</title><script type="module" src="/assets/share-9a8b7c.js"></script>';

interface Running {
  server: FluxoServer;
  store: Store;
  url: string;
  staticDir: string;
}

async function start(env: Record<string, string> = {}, options: { withBuild?: boolean } = {}): Promise<Running> {
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
  await seedDemo(store, passwords);
  const server = createServer(config, store, { staticDir, passwords, logger: silentLogger });
  const { url } = await server.listen();
  return { server, store, url, staticDir };
}

async function stop(running: Running): Promise<void> {
  await running.server.close();
  await running.store.close();
  await rm(running.staticDir, { recursive: true, force: true });
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
