import { describe, expect, it } from 'vitest';
import { PASSWORD_PARAMS, PasswordHasher, TEST_PASSWORD_PARAMS } from './passwords.js';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher(TEST_PASSWORD_PARAMS);

  it('makes salted Argon2id hashes that verify only the right password', async () => {
    const a = await hasher.hash('fluxo-demo');
    const b = await hasher.hash('fluxo-demo');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    expect(a).not.toBe(b);
    expect(await hasher.verify(a, 'fluxo-demo')).toBe(true);
    expect(await hasher.verify(a, 'Fluxo-demo')).toBe(false);
  });

  it('answers false, without throwing, for a hash it cannot read', async () => {
    expect(await hasher.verify('not a hash', 'x')).toBe(false);
    expect(await hasher.verifyDummy('anything')).toBe(false);
  });

  it('asks for a rehash when the parameters changed', async () => {
    const weak = await hasher.hash('segredo-forte');
    expect(hasher.needsRehash(weak)).toBe(false);
    const production = new PasswordHasher(PASSWORD_PARAMS);
    expect(production.needsRehash(weak)).toBe(true);
    expect(await production.verify(weak, 'segredo-forte')).toBe(true);
    expect(production.needsRehash('garbage')).toBe(true);
  });

  it('uses the OWASP parameters by default', () => {
    expect(new PasswordHasher().params).toEqual({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  });
});
