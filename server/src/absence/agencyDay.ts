/**
 * The agency's calendar day of an instant, `YYYY-MM-DD`, in America/Sao_Paulo. Absences are
 * written in these days. Agencies now carry their own business calendar (`workspace.calendar`,
 * with its time zone), which deadlines already use; absences do not yet: this module is to become
 * `calendarDay(agencyCalendar, at)` (an agency outside São Paulo's zone sees an absence start or
 * end up to a few hours off).
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
