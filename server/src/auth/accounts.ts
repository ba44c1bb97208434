/**
 * Staff accounts: creating one (with its password policy) and the public view of a user that
 * tRPC returns — never the password hash.
 */
import { InvalidInputError } from '@fluxo/shared/errors';
import { type AgencyId, userIdSchema, newUserId } from '@fluxo/shared/ids';
import { type Locale } from '@fluxo/shared/i18n/translate';
import { type Role, roleSchema } from '@fluxo/shared/roles';
import { z } from 'zod';
import { type UserRecord, localeSchema, normaliseEmail } from '../store/records.js';
import type { Store } from '../store/store.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, type PasswordHasher } from './passwords.js';

/** What the client may know about a staff member (its own session, or a colleague). */
export const publicUserSchema = z.object({
  id: userIdSchema,
  name: z.string(),
  email: z.string(),
  role: roleSchema,
  /** The person's language choice; `null` lets the browser's languages decide. */
  locale: localeSchema.nullable(),
});
export type PublicUser = z.infer<typeof publicUserSchema>;

export function toPublicUser(user: UserRecord): PublicUser {
  return { id: user.id, name: user.name, email: user.email, role: user.role, locale: user.locale };
}

const emailShape = z.email();

export interface NewAccount {
  readonly agencyId: AgencyId;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly password: string;
  readonly locale?: Locale | null;
}

/**
 * Creates a staff account. Throws `InvalidInputError` for a malformed email, an empty name or
 * a password outside 8–1024 characters, `ConflictError` when the email is taken.
 */
export async function createAccount(
  store: Store,
  passwords: PasswordHasher,
  account: NewAccount,
  now: Date = new Date(),
): Promise<UserRecord> {
  const email = normaliseEmail(account.email);
  if (!emailShape.safeParse(email).success) throw new InvalidInputError('invalid email address');
  const name = account.name.trim();
  if (name === '') throw new InvalidInputError('a name is required');
  if (account.password.length < MIN_PASSWORD_LENGTH)
    throw new InvalidInputError(`the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  if (account.password.length > MAX_PASSWORD_LENGTH)
    throw new InvalidInputError(`the password may have at most ${MAX_PASSWORD_LENGTH} characters`);

  const user: UserRecord = {
    id: newUserId(),
    agencyId: account.agencyId,
    email,
    name,
    role: account.role,
    passwordHash: await passwords.hash(account.password),
    locale: account.locale ?? null,
    createdAt: now.toISOString(),
  };
  await store.users.create(user);
  return user;
}
