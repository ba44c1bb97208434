/**
 * The agency's calendar day of an instant, `YYYY-MM-DD`, in the time zone of the agency's
 * business calendar (`workspace.calendar`; America/Sao_Paulo by default) — the zone its deadlines
 * count in. Absences are written in these days, so an agency in Lisbon sees an absence start at
 * Lisbon's midnight, not São Paulo's.
 */
import { DEFAULT_TIME_ZONE } from '@fluxo/shared/deadlines/businessCalendar';
import { dayNumberOfWall, isoDateOfDayNumber, wallTimeAt } from '@fluxo/shared/deadlines/zonedTime';
import type { AgencyId } from '@fluxo/shared/ids';
import type { Store } from '../store/store.js';

/** The calendar day of `at` in `timeZone`. */
export function calendarDay(timeZone: string, at: Date): string {
  return isoDateOfDayNumber(dayNumberOfWall(wallTimeAt(timeZone, at.getTime())));
}

/** The agency's calendar day of `at` (its calendar's zone, São Paulo by default). */
export async function agencyDay(store: Store, agencyId: AgencyId, at: Date): Promise<string> {
  const settings = await store.workspaceSettings.get(agencyId);
  return calendarDay(settings?.calendar?.timeZone ?? DEFAULT_TIME_ZONE, at);
}

/** The calendar day `days` after `day` (`YYYY-MM-DD`; negative goes back). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
