/**
 * Branded identifiers. Every id in Fluxo is a random base62 string of fixed length, created
 * with the platform CSPRNG (`globalThis.crypto`, present in browsers and in Node ≥ 20, so this
 * module needs neither `node:*` nor the DOM). The brand keeps a `TicketId` from being passed
 * where a `UserId` is expected; the zod schemas are the only way to mint one from untrusted input.
 */
import { z } from 'zod';

export const ID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const ID_LENGTH = 16;
const idPattern = new RegExp(`^[0-9A-Za-z]{${ID_LENGTH}}$`);

/**
 * The one Web Crypto call used here. Typed locally because `shared` compiles without the DOM and
 * node type libraries, which are where `globalThis.crypto` is declared.
 */
interface RandomSource {
  getRandomValues(array: Uint8Array): Uint8Array;
}

/** A fresh random id: 16 base62 characters (~95 bits). */
export function newId(): string {
  const random = (globalThis as unknown as { crypto: RandomSource }).crypto;
  const bytes = new Uint8Array(ID_LENGTH);
  let out = '';
  while (out.length < ID_LENGTH) {
    random.getRandomValues(bytes);
    for (const b of bytes) {
      // 248 = 62 * 4: reject the top bytes so every character is equally likely.
      if (b < 248 && out.length < ID_LENGTH) out += ID_ALPHABET[b % 62];
    }
  }
  return out;
}

const baseId = z.string().regex(idPattern, 'invalid id');

export const userIdSchema = baseId.brand<'UserId'>();
export const boardIdSchema = baseId.brand<'BoardId'>();
export const ticketIdSchema = baseId.brand<'TicketId'>();
export const clientIdSchema = baseId.brand<'ClientId'>();
export const agencyIdSchema = baseId.brand<'AgencyId'>();

export type UserId = z.infer<typeof userIdSchema>;
export type BoardId = z.infer<typeof boardIdSchema>;
export type TicketId = z.infer<typeof ticketIdSchema>;
export type ClientId = z.infer<typeof clientIdSchema>;
export type AgencyId = z.infer<typeof agencyIdSchema>;

export const newUserId = (): UserId => newId() as UserId;
export const newBoardId = (): BoardId => newId() as BoardId;
export const newTicketId = (): TicketId => newId() as TicketId;
export const newClientId = (): ClientId => newId() as ClientId;
export const newAgencyId = (): AgencyId => newId() as AgencyId;
