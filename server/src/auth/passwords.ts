/**
 * Password hashing with Argon2id (@node-rs/argon2), stored as PHC strings
 * (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) so the parameters travel with each hash.
 *
 * Parameters follow OWASP's Argon2id recommendation (19 MiB, 2 passes, 1 lane): about 20–50 ms
 * per hash on a server core. Tests pass cheaper ones (`TEST_PASSWORD_PARAMS`). A hash made with
 * other parameters still verifies; `needsRehash` tells the caller to re-hash it at the next
 * successful login, so raising the cost later upgrades every account over time.
 *
 * `verifyDummy` spends the same work on a hash of nobody's password: login uses it when the
 * email is unknown, so response time does not reveal which addresses have accounts.
 */
import { randomBytes } from 'node:crypto';
import { type Algorithm, hash, parseOptions, verify } from '@node-rs/argon2';

export interface PasswordParams {
  /** KiB of memory per lane. */
  readonly memoryCost: number;
  /** Passes over the memory. */
  readonly timeCost: number;
  readonly parallelism: number;
}

export const PASSWORD_PARAMS: PasswordParams = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
/** Fast and weak: only for tests. */
export const TEST_PASSWORD_PARAMS: PasswordParams = { memoryCost: 1_024, timeCost: 1, parallelism: 1 };

// `Algorithm` is a `const enum` in the typings, which `isolatedModules` cannot inline.
const ARGON2ID = 2 satisfies Algorithm.Argon2id;

export const MIN_PASSWORD_LENGTH = 8;
/** Longer inputs are refused before hashing, so nobody can make the server hash megabytes. */
export const MAX_PASSWORD_LENGTH = 1_024;

export class PasswordHasher {
  readonly params: PasswordParams;
  #dummyHash: Promise<string> | null = null;

  constructor(params: PasswordParams = PASSWORD_PARAMS) {
    this.params = params;
  }

  hash(password: string): Promise<string> {
    return hash(password, { ...this.params, algorithm: ARGON2ID as Algorithm });
  }

  /** False for a wrong password and for a hash that cannot be read; never throws. */
  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  /** As much work as `verify` against a real hash; always false. */
  async verifyDummy(password: string): Promise<false> {
    this.#dummyHash ??= this.hash(randomBytes(32).toString('base64'));
    await this.verify(await this.#dummyHash, password);
    return false;
  }

  /** True when the hash was made with other parameters or another algorithm than ours. */
  needsRehash(passwordHash: string): boolean {
    try {
      const used = parseOptions(passwordHash);
      return (
        used.algorithm !== (ARGON2ID as Algorithm) ||
        used.memoryCost !== this.params.memoryCost ||
        used.timeCost !== this.params.timeCost ||
        used.parallelism !== this.params.parallelism
      );
    } catch {
      return true;
    }
  }
}
