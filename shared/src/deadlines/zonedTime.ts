/**
 * Wall-clock time in an IANA time zone, from the platform's `Intl.DateTimeFormat` (Node and
 * browsers carry the tz database; no library, no `node:*`).
 *
 * Two kinds of number appear here, both milliseconds since 1970-01-01T00:00:
 * - an **instant** (`Date.getTime()`): a point in real time, the same everywhere;
 * - a **wall time**: what a clock in the zone reads, written as if that reading were UTC
 *   (`Date.UTC(year, month - 1, day, hour, minute)`). `wall = instant + offset(instant)`.
 *
 * Going from a wall time back to an instant is not a function where the zone changes its offset:
 * in a spring-forward gap some readings never happen, in a fall-back overlap some happen twice.
 * The one rule used throughout (`instantOfWallTime`): **a wall time names the first instant at
 * which the zone's clock reads that time or later.** So
 * - a reading inside a gap names the moment the clocks jump (02:30 on a New York spring-forward
 *   day is 03:00 EDT): the skipped hour is never business time;
 * - a reading inside an overlap names its first occurrence (01:30 on a New York fall-back day is
 *   01:30 EDT);
 * - the mapping is monotone: a later reading never names an earlier instant, so intervals built
 *   from readings never run backwards and never overlap one another.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Zone names are case-insensitive to Intl, so spellings are unbounded: cache only so many. */
const MAX_CACHED_FORMATTERS = 1000;

/** The (cached) formatter that reads a zone's wall clock; throws `RangeError` for an unknown zone. */
function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    if (formatters.size < MAX_CACHED_FORMATTERS) formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether the platform knows `timeZone` (an IANA name such as `America/Sao_Paulo`, or `UTC`). */
export function isKnownTimeZone(timeZone: string): boolean {
  if (timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    wallClockFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** What the zone's clock reads at `instant` (whole seconds; milliseconds are carried over). */
export function wallTimeAt(timeZone: string, instant: number): number {
  const millis = ((instant % 1000) + 1000) % 1000;
  const whole = instant - millis;
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of wallClockFormatter(timeZone).formatToParts(whole)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      default:
        break;
    }
  }
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  const wall = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  wall.setUTCFullYear(year);
  return wall.getTime() + millis;
}

/** The zone's offset from UTC at `instant`, in milliseconds (São Paulo today: −3 h). */
export function offsetAt(timeZone: string, instant: number): number {
  return wallTimeAt(timeZone, instant) - instant;
}

/** The first instant at which the zone's clock reads `wall` or later (see the module comment). */
export function instantOfWallTime(timeZone: string, wall: number): number {
  // The offsets in force a day before and a day after: every zone changes its offset at most once
  // in two days, so the answer is `wall - o` for one of them, or lies in the gap between them.
  const before = offsetAt(timeZone, wall - DAY_MS);
  const after = offsetAt(timeZone, wall + DAY_MS);
  let first = Number.POSITIVE_INFINITY;
  for (const offset of before === after ? [before] : [before, after]) {
    const candidate = wall - offset;
    if (offsetAt(timeZone, candidate) === offset) first = Math.min(first, candidate);
  }
  if (first !== Number.POSITIVE_INFINITY) return first;
  // No instant reads exactly `wall`: it lies in a gap. Find the jump: the first instant whose
  // reading has reached `wall`, between the two candidates (readings grow across a gap).
  let low = wall - Math.max(before, after); // reads before `wall`
  let high = wall - Math.min(before, after); // reads `wall` or later
  if (wallTimeAt(timeZone, high) < wall) return high; // several changes within two days: no crash
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (wallTimeAt(timeZone, middle) >= wall) high = middle;
    else low = middle;
  }
  return high;
}

/** Days since 1970-01-01 of a wall time's calendar day. */
export function dayNumberOfWall(wall: number): number {
  return Math.floor(wall / DAY_MS);
}

/** 'YYYY-MM-DD' of a day number (days since 1970-01-01). */
export function isoDateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day number of an ISO date 'YYYY-MM-DD' (assumed well-formed: callers validate with zod first). */
export function dayNumberOfIsoDate(date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const at = new Date(Date.UTC(2000, month - 1, day));
  at.setUTCFullYear(year);
  return Math.round(at.getTime() / DAY_MS);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekdayOfDayNumber(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}
