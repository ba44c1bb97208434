/**
 * The loyalty ladder (escada de lealdade, seed 003): six rungs a client climbs, from someone who
 * does not know the agency yet to someone who recommends it. The account managers place each
 * client on a rung by hand and every move is kept (`clients.setRung`; the server's
 * `clientProfileRecords.ts` keeps the history append-only).
 *
 * A rung is its number, 1 to 6, stored as is: the names are translations (`loyalty.rung.<n>` and
 * `loyalty.rung.<n>.hint` in the i18n dictionaries — pt-BR from the seed, en and ru beside it),
 * so renaming a rung never touches stored data. `null` means "not placed yet".
 */
import { z } from 'zod';
import type { MessageKey } from '../i18n/ptBR.js';

export const LOYALTY_RUNGS = [1, 2, 3, 4, 5, 6] as const;
export type LoyaltyRung = (typeof LOYALTY_RUNGS)[number];

export const loyaltyRungSchema = z
  .number({ error: 'a loyalty rung is a number from 1 to 6' })
  .int('a loyalty rung is a number from 1 to 6')
  .min(1, 'a loyalty rung is a number from 1 to 6')
  .max(6, 'a loyalty rung is a number from 1 to 6')
  .transform((n) => n as LoyaltyRung);

/** The longest note on a move up or down the ladder. */
export const MAX_RUNG_NOTE = 500;

export interface LoyaltyRungDefinition {
  readonly rung: LoyaltyRung;
  /** A stable name for code and CSS (`rung--advocate`); never stored. */
  readonly slug: 'probable' | 'potential' | 'trier' | 'repeater' | 'loyal' | 'advocate';
  /** The rung's name ("Clientes prováveis"). */
  readonly nameKey: MessageKey;
  /** One line on who is on it, from the seed. */
  readonly hintKey: MessageKey;
}

/** The six rungs, bottom to top. */
export const LOYALTY_LADDER: readonly LoyaltyRungDefinition[] = [
  { rung: 1, slug: 'probable', nameKey: 'loyalty.rung.1', hintKey: 'loyalty.rung.1.hint' },
  { rung: 2, slug: 'potential', nameKey: 'loyalty.rung.2', hintKey: 'loyalty.rung.2.hint' },
  { rung: 3, slug: 'trier', nameKey: 'loyalty.rung.3', hintKey: 'loyalty.rung.3.hint' },
  { rung: 4, slug: 'repeater', nameKey: 'loyalty.rung.4', hintKey: 'loyalty.rung.4.hint' },
  { rung: 5, slug: 'loyal', nameKey: 'loyalty.rung.5', hintKey: 'loyalty.rung.5.hint' },
  { rung: 6, slug: 'advocate', nameKey: 'loyalty.rung.6', hintKey: 'loyalty.rung.6.hint' },
];

export function isLoyaltyRung(value: unknown): value is LoyaltyRung {
  return typeof value === 'number' && (LOYALTY_RUNGS as readonly number[]).includes(value);
}

/** The definition of rung `rung`. */
export function loyaltyRung(rung: LoyaltyRung): LoyaltyRungDefinition {
  return LOYALTY_LADDER[rung - 1] as LoyaltyRungDefinition;
}
