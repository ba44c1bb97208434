/**
 * Dates as the drawer shows them, in the reader's language (`Intl`): moments (created at, history
 * entries) absolute in the browser's time zone and relative to now ("há 5 minutos"); calendar
 * days (the deadline, 'YYYY-MM-DD') as the day itself, never shifted by a time zone.
 */
import type { Locale } from '@fluxo/shared/i18n/index';

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "2 de mai. de 2024, 09:00", in the browser's time zone. */
export function formatMoment(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** "há 5 minutos", "ontem", "em 2 dias": the largest unit that fits, rounded toward zero. */
export function formatRelative(locale: Locale, iso: string, now: number): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      const value = Math.trunc(seconds / size);
      return format.format(unit === 'second' && Math.abs(seconds) < 45 ? 0 : value, unit);
    }
  }
  return format.format(0, 'second');
}

/** A calendar day 'YYYY-MM-DD' as "10 de jun. de 2024", the same day in every time zone. */
export function formatDay(locale: Locale, day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  if (year === undefined || month === undefined || date === undefined) return day;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, date)),
  );
}
