/**
 * Session tokens: 32 random bytes, base64url in the cookie. The store keeps only their SHA-256,
 * so a leaked data file or backup cannot be replayed as a login. SHA-256 (not a slow hash) is
 * right here: the token has 256 bits of entropy, nothing to brute-force.
 */
import { createHash, randomBytes } from 'node:crypto';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether `value` could be a token we issued; anything else is not even looked up. */
export function isSessionTokenShaped(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

/** Lower-case hex SHA-256: the session's key in the store. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
