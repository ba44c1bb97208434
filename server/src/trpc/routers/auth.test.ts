import { TRPCError } from '@trpc/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { hashSessionToken } from '../../auth/sessionTokens.js';
import { type TestApp, createTestApp } from '../../testing/testApp.js';

async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

function tokenFrom(cookie: string | undefined): string {
  const match = /^fluxo_session=([^;]+);/.exec(cookie ?? '');
  if (!match?.[1]) throw new Error(`no session cookie in ${cookie}`);
  return match[1];
}

describe('auth router', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp();
  });

  it('logs in, sets the session cookie and returns the public user', async () => {
    const { caller, response } = app.anonymous();
    const user = await caller.auth.login({ email: ' Ana@Demo.Fluxo', password: 'fluxo-demo' });
    expect(user).toEqual({ id: app.demo.users.ana.id, name: 'Ana', email: 'ana@demo.fluxo', role: 'atendimento', locale: 'pt-BR' });
    expect(user).not.toHaveProperty('passwordHash');
    expect(response.cookies).toHaveLength(1);
    expect(response.cookies[0]).toMatch(/^fluxo_session=[A-Za-z0-9_-]{43}; Max-Age=2592000; Path=\/; HttpOnly; SameSite=Lax$/);
    const session = await app.store.sessions.get(hashSessionToken(tokenFrom(response.cookies[0])));
    expect(session?.userId).toBe(app.demo.users.ana.id);
  });

  it('marks the cookie Secure when the public URL is https', async () => {
    app = await createTestApp({ PUBLIC_URL: 'https://fluxo.agencia.com.br' });
    const { caller, response } = app.anonymous();
    await caller.auth.login({ email: 'ana@demo.fluxo', password: 'fluxo-demo' });
    expect(response.cookies[0]).toMatch(/; Secure$/);
  });

  it('answers a wrong password and an unknown user with the same UNAUTHORIZED error', async () => {
    const { caller, response } = app.anonymous();
    const wrong = await trpcError(caller.auth.login({ email: 'ana@demo.fluxo', password: 'errada' }));
    const unknown = await trpcError(caller.auth.login({ email: 'ninguem@demo.fluxo', password: 'fluxo-demo' }));
    for (const error of [wrong, unknown]) {
      expect(error.code).toBe('UNAUTHORIZED');
      expect(error.message).toBe('invalid email or password');
      expect((error.cause as { code?: string }).code).toBe('invalid_credentials');
    }
    expect(response.cookies).toEqual([]);
  });

  it('throttles with TOO_MANY_REQUESTS and a Retry-After header', async () => {
    const { caller, response } = app.anonymous();
    for (let i = 0; i < 5; i++) await trpcError(caller.auth.login({ email: 'paulo@demo.fluxo', password: `x${i}` }));
    const refused = await trpcError(caller.auth.login({ email: 'paulo@demo.fluxo', password: 'fluxo-demo' }));
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect(response.headers.get('retry-after')).toBe('30');

    // Per address: ten failures across accounts block the address for everyone it tries.
    const { caller: bot, response: botResponse } = app.anonymous('203.0.113.9');
    for (let i = 0; i < 10; i++) await trpcError(bot.auth.login({ email: `alvo${i}@demo.fluxo`, password: 'x' }));
    expect((await trpcError(bot.auth.login({ email: 'dora@demo.fluxo', password: 'fluxo-demo' }))).code).toBe(
      'TOO_MANY_REQUESTS',
    );
    expect(botResponse.headers.get('retry-after')).toBe(String(15 * 60));
    // …while Dora, from her own address, still gets in.
    const dora = app.anonymous('198.51.100.77').caller;
    await expect(dora.auth.login({ email: 'dora@demo.fluxo', password: 'fluxo-demo' })).resolves.toMatchObject({
      role: 'admin',
    });
  });

  it('refuses malformed input with BAD_REQUEST', async () => {
    const { caller } = app.anonymous();
    expect((await trpcError(caller.auth.login({ email: 'ana@demo.fluxo', password: '' }))).code).toBe('BAD_REQUEST');
    expect((await trpcError(caller.auth.login({ email: 'ana@demo.fluxo', password: 'x'.repeat(1025) }))).code).toBe(
      'BAD_REQUEST',
    );
  });

  it('tells who is signed in, or null', async () => {
    expect(await app.anonymous().caller.auth.me()).toBeNull();
    const caller = await app.signedIn(app.demo.users.paulo);
    expect(await caller.auth.me()).toMatchObject({ email: 'paulo@demo.fluxo', role: 'producao' });
  });

  it('logs out: ends the session and clears the cookie', async () => {
    const { caller, session } = await app.signIn(app.demo.users.ana);
    expect(await app.store.sessions.get(session.tokenHash)).not.toBeNull();
    expect(await caller.auth.logout()).toEqual({ ok: true });
    expect(await app.store.sessions.get(session.tokenHash)).toBeNull();
    const { caller: anonymous, response } = app.anonymous();
    expect(await anonymous.auth.logout()).toEqual({ ok: true });
    expect(response.cookies[0]).toMatch(/^fluxo_session=; Max-Age=0;/);
  });

  it('ends the session a browser already had when it logs in again, not other browsers\' sessions', async () => {
    const { caller, session } = await app.signIn(app.demo.users.ana);
    const { session: otherBrowser } = await app.signIn(app.demo.users.ana);
    await caller.auth.login({ email: 'dora@demo.fluxo', password: 'fluxo-demo' });
    expect(await app.store.sessions.get(session.tokenHash)).toBeNull();
    expect(await app.store.sessions.get(otherBrowser.tokenHash)).not.toBeNull();
  });

  it('persists the language choice, and refuses it without a session', async () => {
    const caller = await app.signedIn(app.demo.users.ana);
    expect(await caller.auth.setLocale({ locale: 'ru' })).toMatchObject({ locale: 'ru' });
    expect((await app.store.users.get(app.demo.users.ana.id))?.locale).toBe('ru');
    expect(await caller.auth.setLocale({ locale: null })).toMatchObject({ locale: null });
    expect((await trpcError(app.anonymous().caller.auth.setLocale({ locale: 'en' }))).code).toBe('UNAUTHORIZED');
    // @ts-expect-error: not a supported language
    expect((await trpcError(caller.auth.setLocale({ locale: 'fr' }))).code).toBe('BAD_REQUEST');
  });
});
