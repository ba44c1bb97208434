/**
 * Sign-in, session lookup and sign-out.
 *
 * Login answers exactly the same `InvalidCredentialsError` for an unknown email and a wrong
 * password, after the same Argon2id work (a dummy verify stands in for the missing account),
 * so neither the answer nor its timing tells whether an address has an account. Throttling
 * (`loginThrottle.ts`) is checked before any password work and refuses with `ThrottledError`.
 *
 * Sessions last `sessionTtlMs` (30 days) and slide: a session used more than
 * `sessionRefreshMs` (1 day) after its last extension is extended to a full TTL again and the
 * cookie is re-sent. Extending at most daily keeps the store from being written on every
 * request. An expired session, or one whose user is gone, is deleted when it is presented.
 */
import { InvalidCredentialsError, ThrottledError } from '@fluxo/shared/errors';
import { normaliseEmail, type SessionRecord, type UserRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { LoginThrottle } from './loginThrottle.js';
import { MAX_PASSWORD_LENGTH, type PasswordHasher } from './passwords.js';
import { hashSessionToken, isSessionTokenShaped, newSessionToken } from './sessionTokens.js';

export const SESSION_TTL_MS = 30 * 24 * 60 * 60_000;
export const SESSION_REFRESH_MS = 24 * 60 * 60_000;
const MAX_EMAIL_LENGTH = 320;

export interface AuthenticatorOptions {
  readonly store: Store;
  readonly passwords: PasswordHasher;
  readonly throttle?: LoginThrottle;
  readonly now?: () => Date;
  readonly sessionTtlMs?: number;
  readonly sessionRefreshMs?: number;
}

export interface LoginAttempt {
  readonly email: string;
  readonly password: string;
  /** The client's address, for throttling. */
  readonly ip: string;
}

export interface SignedIn {
  readonly user: UserRecord;
  readonly session: SessionRecord;
  /** The token for the cookie. It exists nowhere else: the store has only its hash. */
  readonly token: string;
}

export interface ResumedSession {
  readonly user: UserRecord;
  readonly session: SessionRecord;
  /** True when the expiry moved: the cookie should be re-sent with the new lifetime. */
  readonly extended: boolean;
}

export class Authenticator {
  readonly store: Store;
  readonly passwords: PasswordHasher;
  readonly throttle: LoginThrottle;
  readonly sessionTtlMs: number;
  readonly #now: () => Date;
  readonly #refreshMs: number;

  constructor(options: AuthenticatorOptions) {
    this.store = options.store;
    this.passwords = options.passwords;
    this.throttle = options.throttle ?? new LoginThrottle();
    this.#now = options.now ?? (() => new Date());
    this.sessionTtlMs = options.sessionTtlMs ?? SESSION_TTL_MS;
    this.#refreshMs = options.sessionRefreshMs ?? SESSION_REFRESH_MS;
  }

  /** Throws `ThrottledError` or `InvalidCredentialsError`; otherwise opens a session. */
  async login(attempt: LoginAttempt): Promise<SignedIn> {
    const email = normaliseEmail(attempt.email);
    const now = this.#now();
    const at = now.getTime();
    const waitMs = this.throttle.retryAfterMs(attempt.ip, email, at);
    if (waitMs > 0) throw new ThrottledError(Math.max(1, Math.ceil(waitMs / 1000)));
    // Count the attempt as a failure *before* the first await: attempts sent in parallel then
    // see each other at once, instead of all passing the check while the hashing runs. A
    // success takes its own count back below.
    this.throttle.recordFailure(attempt.ip, email, at);

    const plausible = email.length <= MAX_EMAIL_LENGTH && attempt.password.length <= MAX_PASSWORD_LENGTH;
    const user = plausible ? await this.store.users.findByEmail(email) : null;
    const ok = user
      ? await this.passwords.verify(user.passwordHash, attempt.password)
      : await this.passwords.verifyDummy(plausible ? attempt.password : '');
    if (!user || !ok) throw new InvalidCredentialsError();
    this.throttle.recordSuccess(email, { ip: attempt.ip, at });

    let signedInUser = user;
    if (this.passwords.needsRehash(user.passwordHash)) {
      // The cost policy changed since this hash was made: upgrade it now that we know the password.
      signedInUser = await this.store.users.update(user.id, {
        passwordHash: await this.passwords.hash(attempt.password),
      });
    }

    const token = newSessionToken();
    const session: SessionRecord = {
      tokenHash: hashSessionToken(token),
      userId: user.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.sessionTtlMs).toISOString(),
    };
    await this.store.sessions.create(session);
    return { user: signedInUser, session, token };
  }

  /** The signed-in user for a cookie token, or `null` (no, unknown or expired session). */
  async resume(token: string | null): Promise<ResumedSession | null> {
    if (token === null || !isSessionTokenShaped(token)) return null;
    const tokenHash = hashSessionToken(token);
    const session = await this.store.sessions.get(tokenHash);
    if (!session) return null;
    const now = this.#now().getTime();
    const expiresAt = Date.parse(session.expiresAt);
    if (expiresAt <= now) {
      await this.store.sessions.delete(tokenHash);
      return null;
    }
    const user = await this.store.users.get(session.userId);
    if (!user) {
      await this.store.sessions.delete(tokenHash);
      return null;
    }
    // Extended last at `expiresAt - ttl`; extend again once a refresh period has passed.
    if (now - (expiresAt - this.sessionTtlMs) < this.#refreshMs) return { user, session, extended: false };
    const extendedTo = new Date(now + this.sessionTtlMs).toISOString();
    await this.store.sessions.extend(tokenHash, extendedTo);
    return { user, session: { ...session, expiresAt: extendedTo }, extended: true };
  }

  /** Ends one session. Ending one that is already gone is not an error. */
  async logout(session: SessionRecord): Promise<void> {
    await this.store.sessions.delete(session.tokenHash);
  }

  /** Seconds a session cookie should live, from the session's expiry. */
  cookieMaxAgeSeconds(session: SessionRecord): number {
    return Math.max(0, Math.floor((Date.parse(session.expiresAt) - this.#now().getTime()) / 1000));
  }

  /** Deletes expired sessions (run periodically; expired ones are refused anyway). */
  sweepExpiredSessions(): Promise<number> {
    return this.store.sessions.deleteExpired(this.#now());
  }
}
