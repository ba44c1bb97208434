/**
 * The agency's calendar day of an instant, `YYYY-MM-DD`, in America/Sao_Paulo — the zone every
 * agency has until agencies carry their own business calendar. Absences are written in these
 * days. Stand-in for `calendarDay(cal, at)` of `@fluxo/shared/deadlines/businessCalendar`: once
 * that lands, this module becomes `calendarDay(agencyCalendar, at)` and nothing else changes.
 */
export const AGENCY_TIME_ZONE = 'America/Sao_Paulo';

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: AGENCY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function agencyDay(at: Date): string {
  return dayFormat.format(at);
}

/** The calendar day `days` after `day` (`YYYY-MM-DD`; negative goes back). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
