import { InvalidCredentialsError, ThrottledError } from '@fluxo/shared/errors';
import { type AgencyId, newAgencyId, newUserId } from '@fluxo/shared/ids';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../store/memoryStore.js';
import type { Store } from '../store/store.js';
import { createAccount } from './accounts.js';
import { Authenticator, SESSION_TTL_MS } from './authenticator.js';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from './passwords.js';
import { hashSessionToken } from './sessionTokens.js';

const DAY = 24 * 60 * 60_000;
const IP = '192.0.2.10';

describe('Authenticator', () => {
  let store: Store;
  let passwords: PasswordHasher;
  let clock: number;
  let auth: Authenticator;
  let agencyId: AgencyId;

  beforeEach(async () => {
    store = createMemoryStore();
    passwords = new PasswordHasher(TEST_PASSWORD_PARAMS);
    clock = Date.parse('2025-03-10T12:00:00.000Z');
    auth = new Authenticator({ store, passwords, now: () => new Date(clock) });
    agencyId = newAgencyId();
    await store.agencies.create({ id: agencyId, name: 'Agência', createdAt: new Date(clock).toISOString() });
    await createAccount(store, passwords, {
      agencyId,
      email: 'Ana@Demo.Fluxo',
      name: 'Ana',
      role: 'atendimento',
      password: 'fluxo-demo',
    });
  });

  it('signs in with the email however it is typed, storing only the token hash', async () => {
    const { user, token, session } = await auth.login({ email: '  ANA@demo.fluxo ', password: 'fluxo-demo', ip: IP });
    expect(user.email).toBe('ana@demo.fluxo');
    expect(session.tokenHash).toBe(hashSessionToken(token));
    expect(session.expiresAt).toBe(new Date(clock + SESSION_TTL_MS).toISOString());
    expect(await store.sessions.get(session.tokenHash)).toEqual(session);
    expect(JSON.stringify(await store.sessions.get(session.tokenHash))).not.toContain(token);
  });

  it('gives the same answer, after the same password work, for a wrong password and an unknown user', async () => {
    const verify = vi.spyOn(passwords, 'verify');
    const wrong = await auth.login({ email: 'ana@demo.fluxo', password: 'nope-nope', ip: IP }).catch((e: unknown) => e);
    expect(verify).toHaveBeenCalledTimes(1);
    const unknown = await auth.login({ email: 'zé@demo.fluxo', password: 'fluxo-demo', ip: IP }).catch((e: unknown) => e);
    expect(verify).toHaveBeenCalledTimes(2); // the dummy verify ran a real Argon2id verify
    expect(wrong).toBeInstanceOf(InvalidCredentialsError);
    expect(unknown).toBeInstanceOf(InvalidCredentialsError);
    expect((wrong as Error).message).toBe((unknown as Error).message);
  });

  it('throttles an account after five failures, before any password work, and lets it in after the wait', async () => {
    for (let i = 0; i < 5; i++) {
      await expect(auth.login({ email: 'ana@demo.fluxo', password: `wrong-${i}`, ip: `10.0.0.${i}` })).rejects.toBeInstanceOf(
        InvalidCredentialsError,
      );
    }
    const verify = vi.spyOn(passwords, 'verify');
    const refused = await auth.login({ email: 'ana@demo.fluxo', password: 'fluxo-demo', ip: IP }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ThrottledError);
    expect((refused as ThrottledError).retryAfterSeconds).toBe(30);
    expect(verify).not.toHaveBeenCalled();
    clock += 30_000;
    await expect(auth.login({ email: 'ana@demo.fluxo', password: 'fluxo-demo', ip: IP })).resolves.toBeDefined();
  });

  it('cannot be outrun by attempts sent in parallel, per account and per address', async () => {
    const verify = vi.spyOn(passwords, 'verify');
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        auth.login({ email: 'ana@demo.fluxo', password: `guess-${i}`, ip: `10.1.0.${i}` }).catch((e: unknown) => e),
      ),
    );
    expect(burst.filter((e) => e instanceof InvalidCredentialsError)).toHaveLength(5);
    expect(burst.filter((e) => e instanceof ThrottledError)).toHaveLength(15);
    expect(verify).toHaveBeenCalledTimes(5);

    const spray = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        auth.login({ email: `alvo${i}@demo.fluxo`, password: 'fluxo-demo', ip: '203.0.113.50' }).catch((e: unknown) => e),
      ),
    );
    expect(spray.filter((e) => e instanceof InvalidCredentialsError)).toHaveLength(10);
    expect(spray.filter((e) => e instanceof ThrottledError)).toHaveLength(10);
  });

  it('does not count a successful login against its address', async () => {
    for (let i = 0; i < 9; i++) {
      await expect(auth.login({ email: `alvo${i}@demo.fluxo`, password: 'x-x-x-x-x', ip: IP })).rejects.toBeInstanceOf(
        InvalidCredentialsError,
      );
    }
    for (let i = 0; i < 3; i++) {
      await expect(auth.login({ email: 'ana@demo.fluxo', password: 'fluxo-demo', ip: IP })).resolves.toBeDefined();
    }
    await expect(auth.login({ email: 'zz@demo.fluxo', password: 'x-x-x-x-x', ip: IP })).rejects.toBeInstanceOf(
      InvalidCredentialsError,
    );
    await expect(auth.login({ email: 'ana@demo.fluxo', password: 'fluxo-demo', ip: IP })).rejects.toBeInstanceOf(
      ThrottledError,
    );
  });

  it('resumes a session from its token and slides its expiry at most daily', async () => {
    const { token, session } = await auth.login({ email: 'ana@demo.fluxo', password: 'fluxo-demo', ip: IP });
    clock += DAY / 2;
    const early = await auth.resume(token);
    expect(early?.user.email).toBe('ana@demo.fluxo');
    expect(early?.extended).toBe(false);
    expect(early?.session.expiresAt).toBe(session.expiresAt);

    clock += DAY;
    const later = await auth.resume(token);
    expect(later?.extended).toBe(true);
    expect(later?.session.expiresAt).toBe(new Date(clock + SESSION_TTL_MS).toISOString());
    expect((await store.sessions.get(session.tokenHash))?.expiresAt).toBe(later?.session.expiresAt);
    expect(auth.cookieMaxAgeSeconds(later!.session)).toBe(SESSION_TTL_MS / 1000);
  });

  it('refuses and deletes an expired session', async () => {
    const { token, session } = await auth.login({ email: 'ana@demo.fluxo', password: 'fluxo-demo', ip: IP });
    clock += SESSION_TTL_MS;
    expect(await auth.resume(token)).toBeNull();
    expect(await store.sessions.get(session.tokenHash)).toBeNull();
  });

  it('refuses tokens that are missing, malformed or unknown, and sessions of a user that is gone', async () => {
    expect(await auth.resume(null)).toBeNull();
    expect(await auth.resume('not-a-token')).toBeNull();
    expect(await auth.resume('A'.repeat(43))).toBeNull();
    const orphan = 'B'.repeat(43);
    await store.sessions.create({
      tokenHash: hashSessionToken(orphan),
      userId: newUserId(),
      createdAt: new Date(clock).toISOString(),
      expiresAt: new Date(clock + DAY).toISOString(),
    });
    expect(await auth.resume(orphan)).toBeNull();
    expect(await store.sessions.get(hashSessionToken(orphan))).toBeNull();
  });

  it('ends a session on logout', async () => {
    const { token, session } = await auth.login({ email: 'ana@demo.fluxo', password: 'fluxo-demo', ip: IP });
    await auth.logout(session);
    expect(await auth.resume(token)).toBeNull();
    await auth.logout(session);
  });

  it('upgrades a hash made with older parameters at the next login', async () => {
    const stronger = new PasswordHasher({ ...TEST_PASSWORD_PARAMS, timeCost: 2 });
    const upgraded = new Authenticator({ store, passwords: stronger, now: () => new Date(clock) });
    const { user } = await upgraded.login({ email: 'ana@demo.fluxo', password: 'fluxo-demo', ip: IP });
    expect(user.passwordHash).toMatch(/t=2/);
    expect((await store.users.get(user.id))?.passwordHash).toBe(user.passwordHash);
    await expect(upgraded.login({ email: 'ana@demo.fluxo', password: 'fluxo-demo', ip: IP })).resolves.toBeDefined();
  });

  it('sweeps expired sessions', async () => {
    await auth.login({ email: 'ana@demo.fluxo', password: 'fluxo-demo', ip: IP });
    expect(await auth.sweepExpiredSessions()).toBe(0);
    clock += SESSION_TTL_MS + 1;
    expect(await auth.sweepExpiredSessions()).toBe(1);
  });
});

describe('createAccount', () => {
  it('refuses a weak password, a bad email and a blank name', async () => {
    const store = createMemoryStore();
    const passwords = new PasswordHasher(TEST_PASSWORD_PARAMS);
    const base = { agencyId: newAgencyId(), email: 'x@demo.fluxo', name: 'X', role: 'producao' as const, password: 'longenough' };
    await expect(createAccount(store, passwords, { ...base, password: 'short' })).rejects.toThrow(/at least 8/);
    await expect(createAccount(store, passwords, { ...base, email: 'nope' })).rejects.toThrow(/invalid email/);
    await expect(createAccount(store, passwords, { ...base, name: '  ' })).rejects.toThrow(/name is required/);
    const user = await createAccount(store, passwords, base);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    await expect(createAccount(store, passwords, base)).rejects.toThrow(/email already in use/);
  });
});
