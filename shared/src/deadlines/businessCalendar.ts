/**
 * The workspace's business-hours calendar (issue 7, "Deadlines and SLAs"): SLA targets are
 * counted in business time — the working intervals of each weekday in the workspace's time zone,
 * minus its holidays — and the clock stops while a ticket waits on the client.
 *
 * **Business time is a set of real spans.** Each open day contributes its intervals; an interval
 * 'HH:MM'–'HH:MM' is the real span from the instant its opening time names to the instant its
 * closing time names, in the calendar's zone, with the one rule of `zonedTime.ts` — a wall time
 * names the first instant the clock reads that time or later:
 * - spring forward (a reading that never happens): the interval opens or closes when the clocks
 *   jump; the skipped hour is not business time (New York 01:00–04:00 on its spring-forward
 *   Sunday is 2 real hours);
 * - fall back (a reading that happens twice): the first occurrence. The span then runs in real
 *   time, so an interval spanning the repeated hour counts every real hour once (London
 *   00:00–03:00 on its fall-back Sunday is 4 real hours, what the staff actually work); an interval
 *   that closes inside the repeated hour closes at its first pass. No instant is ever counted
 *   twice: business time between two instants never exceeds the real time between them.
 *
 * **How it stays fast** (the SLA sweep asks for every open ticket every minute): business time is
 * a clock `B(t)` — business milliseconds since an arbitrary origin — and every question is a
 * difference or an inverse of it. Each calendar gets an index (built lazily, on first use, and
 * grown day by day as queries reach further): per local day, its first instant, `B` at that
 * instant, and its business spans as instants. After that, `businessMillisBetween` is two binary
 * searches over days plus a walk over at most a day's intervals; no `Intl` call, no per-minute
 * loop. The time zone's offsets are read once per day while the index grows.
 *
 * Indexes are kept per calendar object (a WeakMap) and per calendar content (a small map, so that a
 * calendar parsed afresh per request finds the index of an equal one). A calendar is validated
 * with the schema when first indexed: an invalid one throws `InvalidInputError`. Treat a calendar
 * as immutable once used; replacing `timeZone`, `week` or `holidays` with new values is noticed,
 * editing those arrays in place is not.
 *
 * Supported instants: years 2000–2099 (UTC). Outside them every function throws
 * `InvalidInputError`: a mistyped year cannot make the index walk ten thousand years.
 */
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import { brazilNationalHolidays } from './brazilHolidays.js';
import {
  DAY_MS,
  MINUTE_MS,
  dayNumberOfIsoDate,
  dayNumberOfWall,
  instantOfWallTime,
  isKnownTimeZone,
  isoDateOfDayNumber,
  isoWeekdayOfDayNumber,
  wallTimeAt,
} from './zonedTime.js';

export const DEFAULT_TIME_ZONE = 'America/Sao_Paulo';
export const MAX_INTERVALS_PER_DAY = 12;
export const MAX_HOLIDAYS = 1000;
/** First and last supported instants (exclusive end), UTC. */
export const SUPPORTED_FROM = Date.UTC(2000, 0, 1);
export const SUPPORTED_UNTIL = Date.UTC(2100, 0, 1);

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

function minutesOf(time: string): number {
  return time === '24:00' ? 24 * 60 : Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

const openingTimeSchema = z.string().superRefine((value, ctx) => {
  if (!TIME_OF_DAY.test(value)) {
    ctx.addIssue({ code: 'custom', message: `'${value}' is not a time of day: write HH:MM, from 00:00 to 23:59` });
  }
});
const closingTimeSchema = z.string().superRefine((value, ctx) => {
  if (value !== '24:00' && !TIME_OF_DAY.test(value)) {
    ctx.addIssue({ code: 'custom', message: `'${value}' is not a closing time: write HH:MM, from 00:00 to 24:00` });
  }
});

/** One working interval [opening, closing) of a day: `['09:00', '12:00']`; '24:00' closes at midnight. */
export const businessIntervalSchema = z.tuple([openingTimeSchema, closingTimeSchema]).superRefine(([open, close], ctx) => {
  if (TIME_OF_DAY.test(open) && (close === '24:00' || TIME_OF_DAY.test(close)) && minutesOf(close) <= minutesOf(open)) {
    ctx.addIssue({ code: 'custom', message: `the interval ${open}–${close} must close after it opens` });
  }
});
export type BusinessInterval = z.infer<typeof businessIntervalSchema>;

/** A day's working intervals, in order, not overlapping (touching is allowed). */
export const businessDaySchema = z
  .array(businessIntervalSchema)
  .max(MAX_INTERVALS_PER_DAY)
  .superRefine((intervals, ctx) => {
    for (let i = 1; i < intervals.length; i += 1) {
      const previous = intervals[i - 1];
      const current = intervals[i];
      if (previous === undefined || current === undefined) continue;
      if (minutesOf(current[0]) < minutesOf(previous[1])) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `intervals must be in order and must not overlap: ${previous[0]}–${previous[1]} and ${current[0]}–${current[1]}`,
        });
      }
    }
  });

export const ISO_WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
export type IsoWeekday = (typeof ISO_WEEKDAYS)[number];

export const businessHolidaySchema = z.strictObject({ date: z.iso.date(), name: z.string().min(1).max(120) });
export type BusinessHoliday = z.infer<typeof businessHolidaySchema>;

export const businessCalendarSchema = z.strictObject({
  /** IANA name, accepted by the platform's Intl.DateTimeFormat. */
  timeZone: z.string().superRefine((value, ctx) => {
    if (!isKnownTimeZone(value)) {
      ctx.addIssue({ code: 'custom', message: `unknown time zone '${value}': use an IANA name such as ${DEFAULT_TIME_ZONE}` });
    }
  }),
  /**
   * Working intervals per ISO weekday, '1' = Monday … '7' = Sunday; [start, end) 'HH:MM', sorted,
   * non-overlapping, end > start; '24:00' allowed as an end. A day missing or [] = closed. At
   * least one day has an interval.
   */
  week: z
    .strictObject({
      '1': businessDaySchema.optional(),
      '2': businessDaySchema.optional(),
      '3': businessDaySchema.optional(),
      '4': businessDaySchema.optional(),
      '5': businessDaySchema.optional(),
      '6': businessDaySchema.optional(),
      '7': businessDaySchema.optional(),
    })
    .refine((week) => ISO_WEEKDAYS.some((day) => (week[day]?.length ?? 0) > 0), {
      message: 'the week has no business hours: give at least one day an interval',
    }),
  /** Closed days 'YYYY-MM-DD' in the calendar's own time zone, with a name for the UI. Unique dates. */
  holidays: z
    .array(businessHolidaySchema)
    .max(MAX_HOLIDAYS)
    .superRefine((holidays, ctx) => {
      const seen = new Set<string>();
      holidays.forEach((holiday, i) => {
        if (seen.has(holiday.date)) {
          ctx.addIssue({ code: 'custom', path: [i, 'date'], message: `the holiday ${holiday.date} is listed twice` });
        }
        seen.add(holiday.date);
      });
    }),
});
export type BusinessCalendar = z.infer<typeof businessCalendarSchema>;

/** A paused span of the clock (the ticket waited on the client). `to: null` = still paused. */
export interface ClockPause {
  readonly from: Date;
  readonly to: Date | null;
}

/** America/Sao_Paulo, Mon–Fri 09:00–12:00 and 13:00–18:00, Brazil's national holidays for the current year and the next two. */
export function defaultBusinessCalendar(now: Date): BusinessCalendar {
  const year = Number(isoDateOfDayNumber(dayNumberOfWall(wallTimeAt(DEFAULT_TIME_ZONE, validInstant(now, 'now')))).slice(0, 4));
  const workday = (): BusinessInterval[] => [
    ['09:00', '12:00'],
    ['13:00', '18:00'],
  ];
  return {
    timeZone: DEFAULT_TIME_ZONE,
    week: { '1': workday(), '2': workday(), '3': workday(), '4': workday(), '5': workday(), '6': [], '7': [] },
    holidays: [year, year + 1, year + 2].flatMap((y) => brazilNationalHolidays(y).map((h) => ({ date: h.date, name: h.name }))),
  };
}

/** Business time (ms) inside [from, to); 0 when to <= from. */
export function businessMillisBetween(cal: BusinessCalendar, from: Date, to: Date): number {
  const index = indexOf(cal);
  const start = supportedInstant(from, 'from');
  const end = supportedInstant(to, 'to');
  if (end <= start) return 0;
  return clockAt(index, end) - clockAt(index, start);
}

/**
 * The instant at which `ms` of business time has run since `from` (ms = 0 → the next business
 * instant ≥ from). Landing exactly on a close gives the close itself (8 business hours from
 * Monday 09:00 in the default calendar is Monday 18:00, not Tuesday 09:00).
 */
export function addBusinessMillis(cal: BusinessCalendar, from: Date, ms: number): Date {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new InvalidInputError(`business time to add must be a finite number of milliseconds ≥ 0, not ${ms}`);
  }
  const index = indexOf(cal);
  const start = supportedInstant(from, 'from');
  if (ms === 0) return new Date(nextBusinessInstant(index, start));
  const target = clockAt(index, start) + ms;
  while (lastOf(index.clocks) < target) appendDays(index, 64);
  // The day in which the clock reaches `target`: clocks[i] < target <= clocks[i + 1].
  let low = 0;
  let high = index.clocks.length - 1;
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if (nth(index.clocks, middle) < target) low = middle;
    else high = middle;
  }
  let remaining = target - nth(index.clocks, low);
  const spans = nth(index.spans, low);
  for (let k = 0; k < spans.length; k += 2) {
    const length = nth(spans, k + 1) - nth(spans, k);
    if (remaining <= length) return new Date(nth(spans, k) + remaining);
    remaining -= length;
  }
  throw new Error('business calendar index is inconsistent (a day\'s spans do not add up to its total)');
}

/** Business time elapsed from `start` until `now`, not counting the pauses (they may overlap, be unsorted, start before start, be open). */
export function runningMillis(cal: BusinessCalendar, start: Date, now: Date, pauses: readonly ClockPause[]): number {
  const index = indexOf(cal);
  const begin = supportedInstant(start, 'start');
  const end = supportedInstant(now, 'now');
  if (end <= begin) return 0;
  // The pauses, clipped to [begin, end), as a sorted list of disjoint spans.
  const clipped: [number, number][] = [];
  for (const pause of pauses) {
    const pauseFrom = validInstant(pause.from, 'pause.from');
    // An open pause runs until now (one that starts after now is simply clipped away).
    const pauseTo = pause.to === null ? Math.max(end, pauseFrom) : validInstant(pause.to, 'pause.to');
    if (pauseTo < pauseFrom) {
      throw new InvalidInputError(`a pause cannot end (${pause.to?.toISOString()}) before it starts (${pause.from.toISOString()})`);
    }
    const from = Math.max(pauseFrom, begin);
    const to = Math.min(pauseTo, end);
    if (to > from) clipped.push([from, to]);
  }
  clipped.sort((a, b) => a[0] - b[0]);
  let paused = 0;
  let runFrom = Number.NaN;
  let runTo = Number.NaN;
  for (const [from, to] of clipped) {
    if (from <= runTo) {
      runTo = Math.max(runTo, to);
      continue;
    }
    if (runTo > runFrom) paused += clockAt(index, runTo) - clockAt(index, runFrom);
    runFrom = from;
    runTo = to;
  }
  if (runTo > runFrom) paused += clockAt(index, runTo) - clockAt(index, runFrom);
  return clockAt(index, end) - clockAt(index, begin) - paused;
}

/** Whether `at` falls in business hours. */
export function isBusinessTime(cal: BusinessCalendar, at: Date): boolean {
  const index = indexOf(cal);
  const instant = supportedInstant(at, 'at');
  const day = dayIndexOf(index, instant); // may replace index.spans: read it after
  const spans = nth(index.spans, day);
  for (let k = 0; k < spans.length; k += 2) {
    if (instant >= nth(spans, k) && instant < nth(spans, k + 1)) return true;
  }
  return false;
}

/** The calendar day ('YYYY-MM-DD') of `at` in the calendar's zone: what its wall clock reads. */
export function calendarDay(cal: BusinessCalendar, at: Date): string {
  const index = indexOf(cal);
  return isoDateOfDayNumber(dayNumberOfWall(wallTimeAt(index.timeZone, supportedInstant(at, 'at'))));
}

/**
 * The end of a calendar day's business hours, as an instant — a promised date 'YYYY-MM-DD' is
 * due then: the close of that day's last interval if the day is open, else the close of the last
 * open day before it (a deadline promised for a Sunday is due at Friday's close).
 */
export function closeOfBusinessDay(cal: BusinessCalendar, day: string): Date {
  const index = indexOf(cal);
  let i = dayIndexOfDate(index, day);
  for (;;) {
    if (i < 0) {
      if (nth(index.starts, 0) <= SUPPORTED_FROM) {
        throw new InvalidInputError(`no business day on or before ${day} within the supported years`);
      }
      i += prependDays(index, 64);
    }
    const spans = nth(index.spans, i);
    if (spans.length > 0) return new Date(nth(spans, spans.length - 1));
    i -= 1;
  }
}

/**
 * The calendar day `days` business days after the day of `from` (a deadline proposed "in N
 * business days"): the N-th open day after it. `days = 0` → the day of `from` if it is open,
 * else the next open day. Pair with `closeOfBusinessDay` for the due instant.
 */
export function addBusinessDays(cal: BusinessCalendar, from: Date, days: number): string {
  if (!Number.isInteger(days) || days < 0) {
    throw new InvalidInputError(`business days to add must be a whole number ≥ 0, not ${days}`);
  }
  const index = indexOf(cal);
  let i = dayIndexOfDate(index, calendarDay(cal, from));
  // The day of `from` never counts as one of the N days; with N = 0 it is the answer if open.
  let left = days;
  if (left > 0) i += 1;
  else left = 1;
  for (;;) {
    if (i >= index.spans.length) appendDays(index, 64);
    if (nth(index.spans, i).length > 0) {
      if (left === 1) return isoDateOfDayNumber(index.firstDay + i);
      left -= 1;
    }
    i += 1;
  }
}

// ---------------------------------------------------------------------------------------------
// The index

interface CalendarIndex {
  readonly timeZone: string;
  /** Working intervals per ISO weekday (index 1–7) as flat minute pairs [open, close, …]. */
  readonly minutes: readonly (readonly number[])[];
  /** Day numbers (days since 1970-01-01, local) of the holidays. */
  readonly closed: ReadonlySet<number>;
  /** Day number of the first indexed day. */
  firstDay: number;
  /** starts[i]: the first instant of day firstDay + i (the instant its midnight names); one more entry than days. */
  starts: number[];
  /** clocks[i]: business ms before starts[i], from an arbitrary origin; same length as starts. */
  clocks: number[];
  /** spans[i]: the business spans of day firstDay + i, flat instant pairs [start, end, …], none empty. */
  spans: number[][];
}

/** The index a calendar object was given, and the parts it was built from (to notice replacement). */
interface KnownCalendar {
  readonly index: CalendarIndex;
  readonly timeZone: string;
  readonly week: BusinessCalendar['week'];
  readonly holidays: BusinessCalendar['holidays'];
}

const indexByObject = new WeakMap<object, KnownCalendar>();
const indexByContent = new Map<string, CalendarIndex>();
const MAX_INDEXES_BY_CONTENT = 32;

function indexOf(cal: BusinessCalendar): CalendarIndex {
  const known = indexByObject.get(cal);
  if (known !== undefined && known.timeZone === cal.timeZone && known.week === cal.week && known.holidays === cal.holidays) {
    return known.index;
  }
  const parsed = businessCalendarSchema.safeParse(cal);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
    throw new InvalidInputError(`invalid business calendar: ${issues.join('; ')}`);
  }
  // Holiday names do not change business time; the order of the holidays does not either.
  const content = JSON.stringify([cal.timeZone, ISO_WEEKDAYS.map((day) => cal.week[day] ?? []), cal.holidays.map((h) => h.date).sort()]);
  let index = indexByContent.get(content);
  if (index === undefined) {
    index = newIndex(cal);
    if (indexByContent.size >= MAX_INDEXES_BY_CONTENT) {
      const oldest = indexByContent.keys().next();
      if (oldest.done !== true) indexByContent.delete(oldest.value);
    }
    indexByContent.set(content, index);
  }
  indexByObject.set(cal, { index, timeZone: cal.timeZone, week: cal.week, holidays: cal.holidays });
  return index;
}

function newIndex(cal: BusinessCalendar): CalendarIndex {
  const minutes: number[][] = [[]];
  for (const day of ISO_WEEKDAYS) minutes.push((cal.week[day] ?? []).flatMap(([open, close]) => [minutesOf(open), minutesOf(close)]));
  return {
    timeZone: cal.timeZone,
    minutes,
    closed: new Set(cal.holidays.map((h) => dayNumberOfIsoDate(h.date))),
    firstDay: 0,
    starts: [],
    clocks: [],
    spans: [],
  };
}

/** Index of the day whose range [starts[i], starts[i + 1]) holds `instant`, growing the index to reach it. */
function dayIndexOf(index: CalendarIndex, instant: number): number {
  if (index.starts.length === 0) startIndexAt(index, localDay(index, instant));
  while (instant < nth(index.starts, 0)) {
    prependDays(index, Math.max(1, index.firstDay - (localDay(index, instant) - 1)));
  }
  while (instant >= lastOf(index.starts)) {
    appendDays(index, Math.max(1, localDay(index, instant) + 2 - (index.firstDay + index.spans.length)));
  }
  let low = 0;
  let high = index.starts.length - 1; // starts[low] <= instant < starts[high]
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if (nth(index.starts, middle) <= instant) low = middle;
    else high = middle;
  }
  return low;
}

/** Index of a calendar day 'YYYY-MM-DD', growing the index to reach it. */
function dayIndexOfDate(index: CalendarIndex, date: string): number {
  if (!z.iso.date().safeParse(date).success) throw new InvalidInputError(`'${date}' is not a date (YYYY-MM-DD)`);
  const day = dayNumberOfIsoDate(date);
  if (day * DAY_MS < SUPPORTED_FROM || day * DAY_MS >= SUPPORTED_UNTIL) {
    throw new InvalidInputError(`${date} is outside the supported years (2000–2099)`);
  }
  if (index.starts.length === 0) startIndexAt(index, day);
  if (day < index.firstDay) prependDays(index, index.firstDay - day);
  const end = index.firstDay + index.spans.length;
  if (day >= end) appendDays(index, day - end + 1);
  return day - index.firstDay;
}

/** Business ms from the index's origin until `instant`. */
function clockAt(index: CalendarIndex, instant: number): number {
  const i = dayIndexOf(index, instant);
  let clock = nth(index.clocks, i);
  const spans = nth(index.spans, i);
  for (let k = 0; k < spans.length; k += 2) {
    const start = nth(spans, k);
    const end = nth(spans, k + 1);
    if (instant >= end) clock += end - start;
    else {
      if (instant > start) clock += instant - start;
      break;
    }
  }
  return clock;
}

/** The first instant ≥ `instant` that is business time. */
function nextBusinessInstant(index: CalendarIndex, instant: number): number {
  for (let i = dayIndexOf(index, instant); ; i += 1) {
    if (i >= index.spans.length) appendDays(index, 64);
    const spans = nth(index.spans, i);
    for (let k = 0; k < spans.length; k += 2) {
      if (nth(spans, k + 1) > instant) return Math.max(nth(spans, k), instant);
    }
  }
}

function startIndexAt(index: CalendarIndex, day: number): void {
  index.firstDay = day;
  index.starts = [instantOfWallTime(index.timeZone, day * DAY_MS)];
  index.clocks = [0];
  index.spans = [];
  appendDays(index, 1);
}

/** Index `count` more days at the end; refuses to grow past the supported years. */
function appendDays(index: CalendarIndex, count: number): void {
  for (let n = 0; n < count; n += 1) {
    const last = lastOf(index.starts);
    if (last >= SUPPORTED_UNTIL + DAY_MS) {
      throw new InvalidInputError('the business time asked for runs past the supported years (2000–2099)');
    }
    const day = index.firstDay + index.spans.length;
    const next = Math.max(last, instantOfWallTime(index.timeZone, (day + 1) * DAY_MS));
    const spans = spansOfDay(index, day, last, next);
    index.starts.push(next);
    index.clocks.push(lastOf(index.clocks) + total(spans));
    index.spans.push(spans);
  }
}

/** Index `count` more days at the start (built apart, joined once); returns how many were added. */
function prependDays(index: CalendarIndex, count: number): number {
  const starts: number[] = [];
  const clocks: number[] = [];
  const spans: number[][] = [];
  let first = nth(index.starts, 0);
  let clock = nth(index.clocks, 0);
  let added = 0;
  for (; added < count; added += 1) {
    if (first <= SUPPORTED_FROM - DAY_MS) {
      if (added === 0) throw new InvalidInputError('the business time asked for runs before the supported years (2000–2099)');
      break;
    }
    const day = index.firstDay - added - 1;
    const start = Math.min(first, instantOfWallTime(index.timeZone, day * DAY_MS));
    const daySpans = spansOfDay(index, day, start, first);
    clock -= total(daySpans);
    starts.push(start);
    clocks.push(clock);
    spans.push(daySpans);
    first = start;
  }
  index.starts = [...starts.reverse(), ...index.starts];
  index.clocks = [...clocks.reverse(), ...index.clocks];
  index.spans = [...spans.reverse(), ...index.spans];
  index.firstDay -= added;
  return added;
}

/**
 * The business spans of local day `day`, whose range is [dayStart, dayEnd). When the offset is the
 * same at both midnights it is the same all day (no zone changes twice in a day), and each wall
 * time is one subtraction; otherwise each opening and closing goes through `instantOfWallTime`,
 * kept inside the day's range and in order.
 */
function spansOfDay(index: CalendarIndex, day: number, dayStart: number, dayEnd: number): number[] {
  if (index.closed.has(day)) return [];
  const minutes = nth(index.minutes, isoWeekdayOfDayNumber(day));
  if (minutes.length === 0) return [];
  const midnight = day * DAY_MS;
  const offset = midnight - dayStart;
  const steady = midnight + DAY_MS - dayEnd === offset;
  const spans: number[] = [];
  let floor = dayStart;
  for (let k = 0; k < minutes.length; k += 2) {
    const wallOpen = midnight + nth(minutes, k) * MINUTE_MS;
    const wallClose = midnight + nth(minutes, k + 1) * MINUTE_MS;
    const open = clamp(steady ? wallOpen - offset : instantOfWallTime(index.timeZone, wallOpen), floor, dayEnd);
    const close = clamp(steady ? wallClose - offset : instantOfWallTime(index.timeZone, wallClose), open, dayEnd);
    if (close > open) spans.push(open, close);
    floor = close;
  }
  return spans;
}

function localDay(index: CalendarIndex, instant: number): number {
  return dayNumberOfWall(wallTimeAt(index.timeZone, instant));
}

function total(spans: readonly number[]): number {
  let sum = 0;
  for (let k = 0; k < spans.length; k += 2) sum += nth(spans, k + 1) - nth(spans, k);
  return sum;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

function validInstant(date: Date, what: string): number {
  const instant = date instanceof Date ? date.getTime() : Number.NaN;
  if (Number.isNaN(instant)) throw new InvalidInputError(`${what} is not a valid date`);
  return instant;
}

function supportedInstant(date: Date, what: string): number {
  const instant = validInstant(date, what);
  if (instant < SUPPORTED_FROM || instant >= SUPPORTED_UNTIL) {
    throw new InvalidInputError(`${what} (${date.toISOString()}) is outside the supported years (2000–2099)`);
  }
  return instant;
}

/** Array element that the index's own bookkeeping guarantees (noUncheckedIndexedAccess). */
function nth<T>(array: readonly T[], i: number): T {
  const value = array[i];
  if (value === undefined) throw new Error(`business calendar index: no entry ${i} of ${array.length}`);
  return value;
}

function lastOf(array: readonly number[]): number {
  return nth(array, array.length - 1);
}
