/**
 * A ticket's deadline (a calendar day, 'YYYY-MM-DD') on a card: short ("10 de jun."), the same
 * day in every time zone, and overdue once the person's own today is past it.
 */
import type { Locale } from '@fluxo/shared/i18n/index';

export function formatDueDay(locale: Locale, day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  if (!year || !month || !date) return day;
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, date)),
  );
}

/** Today in the browser's time zone, as 'YYYY-MM-DD'. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function isOverdue(day: string, today: string): boolean {
  return day < today;
}
