/**
 * When a `digest` notification email is due: the next digest slot, so that the mail worker
 * gathers everything a person has for that slot into one email.
 *
 * Slots are on the hour (UTC), every `DIGEST_INTERVAL_HOURS` hours: often enough that a
 * digest is still news during a working day, rare enough to end the drip of single emails. A
 * notification made exactly on a slot goes to the next one (the worker may already be sending
 * that slot's digest).
 */
export const DIGEST_INTERVAL_HOURS = 3;
const SLOT_MS = DIGEST_INTERVAL_HOURS * 60 * 60_000;

export function nextDigestAt(at: Date): Date {
  const time = at.getTime();
  return new Date((Math.floor(time / SLOT_MS) + 1) * SLOT_MS);
}
