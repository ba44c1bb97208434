/**
 * Absences (issue 7): the days a staff member is away — holidays, sick leave, a course. While a
 * person is away their clients' handoffs, notifications and new tickets go to whoever covers
 * for them (`server/src/absence/coverage.ts`); the board says who is covering.
 *
 * Days are the agency's calendar days (`YYYY-MM-DD`, America/Sao_Paulo until agencies have their
 * own calendar), both ends included: `{from: '2025-11-20', to: '2025-11-27'}` is eight days, and
 * a one-day absence has `from === to`. The note is for colleagues only: nothing about an
 * absence reaches a client.
 *
 * Invariants every adapter keeps (`absencePorts.ts`): `from ≤ to`; at most
 * `MAX_ABSENCE_DAYS` days; one person's absences never overlap.
 */
import { agencyIdSchema, newId, userIdSchema } from '@fluxo/shared/ids';
import { z } from 'zod';

/** The longest absence, in days (both ends counted): a year, leap day included. */
export const MAX_ABSENCE_DAYS = 366;
/** The longest note. */
export const MAX_ABSENCE_NOTE = 200;

export const absenceIdSchema = z
  .string()
  .regex(/^[0-9A-Za-z]{16}$/, 'invalid absence id')
  .brand<'AbsenceId'>();
export type AbsenceId = z.infer<typeof absenceIdSchema>;
export const newAbsenceId = (): AbsenceId => newId() as AbsenceId;

/** A calendar day, `YYYY-MM-DD` (a real date: `2025-02-30` is refused). */
export const absenceDaySchema = z.iso.date('a day is written YYYY-MM-DD');

const DAY_MS = 86_400_000;

/** Days from `from` to `to`, both counted (`from === to` → 1). Days are valid `YYYY-MM-DD`. */
export function absenceLength(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

export const absenceRecordSchema = z
  .object({
    id: absenceIdSchema,
    agencyId: agencyIdSchema,
    /** Who is away. */
    userId: userIdSchema,
    /** First day away. */
    from: absenceDaySchema,
    /** Last day away (included). */
    to: absenceDaySchema,
    /** Staff only, never shown to a client; may be empty. */
    note: z.string().max(MAX_ABSENCE_NOTE, `a note has at most ${MAX_ABSENCE_NOTE} characters`),
    /** Who recorded it (the person themself, or an admin). */
    createdBy: userIdSchema,
    createdAt: z.iso.datetime(),
  })
  .refine((a) => a.from <= a.to, { message: 'an absence cannot end before it starts', path: ['to'] })
  .refine((a) => a.from > a.to || absenceLength(a.from, a.to) <= MAX_ABSENCE_DAYS, {
    message: `an absence lasts at most ${MAX_ABSENCE_DAYS} days`,
    path: ['to'],
  });
export type AbsenceRecord = z.infer<typeof absenceRecordSchema>;

/** Whether `absence` covers `day` (both ends included). */
export function coversDay(absence: Pick<AbsenceRecord, 'from' | 'to'>, day: string): boolean {
  return absence.from <= day && day <= absence.to;
}
