import { describe, expect, it } from 'vitest';
import { clearSessionCookie, readSessionToken, serializeSessionCookie } from './sessionCookie.js';
import { hashSessionToken, isSessionTokenShaped, newSessionToken } from './sessionTokens.js';

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Lax, for every path, Secure only over https', () => {
    expect(serializeSessionCookie('tok', 2_592_000, { secure: false })).toBe(
      'fluxo_session=tok; Max-Age=2592000; Path=/; HttpOnly; SameSite=Lax',
    );
    expect(serializeSessionCookie('tok', 10.7, { secure: true })).toBe(
      '__Host-fluxo_session=tok; Max-Age=10; Path=/; HttpOnly; SameSite=Lax; Secure',
    );
    expect(clearSessionCookie({ secure: true })).toMatch(/^__Host-fluxo_session=; Max-Age=0;.*; Secure$/);
    expect(clearSessionCookie({ secure: false })).toMatch(/^fluxo_session=; Max-Age=0; Expires=Thu, 01 Jan 1970/);
  });

  it('reads the token among other cookies', () => {
    const plain = { secure: false };
    expect(readSessionToken(undefined, plain)).toBeNull();
    expect(readSessionToken('theme=dark', plain)).toBeNull();
    expect(readSessionToken('theme=dark; fluxo_session=abc ; x=1', plain)).toBe('abc');
    expect(readSessionToken('fluxo_session=; fluxo_session=def', plain)).toBe('def');
    expect(readSessionToken('xfluxo_session=nope', plain)).toBeNull();
  });

  it('over https reads only the __Host- cookie, so a planted unprefixed one is ignored', () => {
    const secure = { secure: true };
    expect(readSessionToken('fluxo_session=planted', secure)).toBeNull();
    expect(readSessionToken('fluxo_session=planted; __Host-fluxo_session=real', secure)).toBe('real');
  });
});

describe('session tokens', () => {
  it('are 256-bit base64url strings stored as SHA-256 hex', () => {
    const token = newSessionToken();
    expect(isSessionTokenShaped(token)).toBe(true);
    expect(newSessionToken()).not.toBe(token);
    expect(hashSessionToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSessionToken(token)).toBe(hashSessionToken(token));
    expect(isSessionTokenShaped('short')).toBe(false);
    expect(isSessionTokenShaped(`${token.slice(0, 42)}!`)).toBe(false);
  });
});
