/**
 * The period a report covers: whole calendar days of the agency (`from` … `to`, both included,
 * `YYYY-MM-DD`), read in the time zone of its business calendar — "this week" in São Paulo starts
 * at São Paulo's Monday midnight. At most `MAX_REPORT_DAYS` days, so a report's daily series stays
 * small whatever the workspace's size.
 */
import { z } from 'zod';
import { DAY_MS, dayNumberOfIsoDate, instantOfWallTime, isoDateOfDayNumber, isoWeekdayOfDayNumber } from '../deadlines/zonedTime.js';

export const MAX_REPORT_DAYS = 366;

export const reportPeriodSchema = z
  .strictObject({ from: z.iso.date(), to: z.iso.date() })
  .superRefine((period, ctx) => {
    const days = dayNumberOfIsoDate(period.to) - dayNumberOfIsoDate(period.from) + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'the period ends before it starts' });
    else if (days > MAX_REPORT_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `a report covers at most ${MAX_REPORT_DAYS} days, not ${days}` });
    }
  });
export type ReportPeriod = z.infer<typeof reportPeriodSchema>;

/** A period resolved to instants of one time zone. */
export interface PeriodInstants {
  /** The first day's number (days since 1970-01-01) and how many days. */
  readonly firstDay: number;
  readonly days: number;
  /** Midnight starting each day, plus the midnight ending the last: `days + 1` instants (epoch ms). */
  readonly boundaries: readonly number[];
  readonly start: number;
  readonly end: number;
}

export function periodInstants(timeZone: string, period: ReportPeriod): PeriodInstants {
  const firstDay = dayNumberOfIsoDate(period.from);
  const days = dayNumberOfIsoDate(period.to) - firstDay + 1;
  const boundaries: number[] = [];
  for (let d = 0; d <= days; d++) boundaries.push(instantOfWallTime(timeZone, (firstDay + d) * DAY_MS));
  return { firstDay, days, boundaries, start: boundaries[0] ?? 0, end: boundaries[days] ?? 0 };
}

/** Which day of the period `at` falls in (0-based); -1 before it, `days` after it. */
export function dayIndexOf(period: PeriodInstants, at: number): number {
  const { boundaries } = period;
  if (at < period.start) return -1;
  if (at >= period.end) return period.days;
  let low = 0;
  let high = period.days; // boundaries[low] <= at < boundaries[high]
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if ((boundaries[middle] ?? 0) <= at) low = middle;
    else high = middle;
  }
  return low;
}

/** The ISO date of the period's `index`-th day. */
export function dayOfPeriod(period: PeriodInstants, index: number): string {
  return isoDateOfDayNumber(period.firstDay + index);
}

/** The Monday of the ISO week holding day number `day`. */
export function weekStartOf(day: number): number {
  return day - (isoWeekdayOfDayNumber(day) - 1);
}

/** The period's last `days` days ending on `today` (the dashboard's default: the last 12 weeks). */
export function lastDays(today: string, days: number): ReportPeriod {
  const end = dayNumberOfIsoDate(today);
  return { from: isoDateOfDayNumber(end - days + 1), to: today };
}
