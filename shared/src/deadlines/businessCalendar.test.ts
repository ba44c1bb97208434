import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import {
  type BusinessCalendar,
  type ClockPause,
  addBusinessDays,
  addBusinessMillis,
  businessCalendarSchema,
  businessMillisBetween,
  calendarDay,
  closeOfBusinessDay,
  defaultBusinessCalendar,
  isBusinessTime,
  runningMillis,
} from './businessCalendar.js';
import { wallTimeAt } from './zonedTime.js';

declare const console: { log(...data: unknown[]): void };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const d = (iso: string): Date => new Date(iso);
/** São Paulo local time (−03:00 all year since 2019). */
const sp = (local: string): Date => new Date(`${local}-03:00`);

const NOW = d('2025-03-01T12:00:00Z');
const DEFAULT = defaultBusinessCalendar(NOW);

/** A calendar in `timeZone` with the same hours every day of the week. */
function everyDay(timeZone: string, intervals: [string, string][], holidays: BusinessCalendar['holidays'] = []): BusinessCalendar {
  const day = (): [string, string][] => intervals.map(([a, b]) => [a, b]);
  return {
    timeZone,
    week: { '1': day(), '2': day(), '3': day(), '4': day(), '5': day(), '6': day(), '7': day() },
    holidays,
  };
}
/** Only Sundays open, with these intervals (the DST changes of New York and London fall on Sundays). */
function sundays(timeZone: string, intervals: [string, string][]): BusinessCalendar {
  return { timeZone, week: { '7': intervals }, holidays: [] };
}

describe('defaultBusinessCalendar', () => {
  it('is São Paulo, Mon–Fri 09–12 and 13–18, national holidays of this year and the next two', () => {
    expect(businessCalendarSchema.parse(DEFAULT)).toEqual(DEFAULT);
    expect(DEFAULT.timeZone).toBe('America/Sao_Paulo');
    expect(DEFAULT.week['1']).toEqual([
      ['09:00', '12:00'],
      ['13:00', '18:00'],
    ]);
    expect(DEFAULT.week['6']).toEqual([]);
    expect(DEFAULT.week['7']).toEqual([]);
    const years = new Set(DEFAULT.holidays.map((h) => h.date.slice(0, 4)));
    expect([...years]).toEqual(['2025', '2026', '2027']);
    expect(DEFAULT.holidays).toContainEqual({ date: '2027-03-26', name: 'Sexta-feira Santa' });
  });

  it('takes the year of São Paulo, not of UTC, on New Year’s Eve', () => {
    // 2025-01-01T02:00Z is still 2024-12-31 23:00 in São Paulo.
    expect(defaultBusinessCalendar(d('2025-01-01T02:00Z')).holidays[0]?.date).toBe('2024-01-01');
  });
});

describe('a business day', () => {
  it('counts only the working intervals, with the lunch gap', () => {
    expect(businessMillisBetween(DEFAULT, sp('2025-03-10T08:00'), sp('2025-03-10T19:00'))).toBe(8 * HOUR);
    expect(businessMillisBetween(DEFAULT, sp('2025-03-10T11:00'), sp('2025-03-10T14:00'))).toBe(2 * HOUR);
    expect(businessMillisBetween(DEFAULT, sp('2025-03-10T12:10'), sp('2025-03-10T12:50'))).toBe(0);
    expect(businessMillisBetween(DEFAULT, sp('2025-03-10T17:59:30'), sp('2025-03-11T09:00:30'))).toBe(60_000);
    expect(businessMillisBetween(DEFAULT, sp('2025-03-10T10:00'), sp('2025-03-10T09:00'))).toBe(0);
  });

  it('tells business instants from closed ones, intervals half-open', () => {
    expect(isBusinessTime(DEFAULT, sp('2025-03-10T08:59:59'))).toBe(false);
    expect(isBusinessTime(DEFAULT, sp('2025-03-10T09:00'))).toBe(true);
    expect(isBusinessTime(DEFAULT, sp('2025-03-10T11:59:59'))).toBe(true);
    expect(isBusinessTime(DEFAULT, sp('2025-03-10T12:00'))).toBe(false);
    expect(isBusinessTime(DEFAULT, sp('2025-03-10T13:00'))).toBe(true);
    expect(isBusinessTime(DEFAULT, sp('2025-03-10T18:00'))).toBe(false);
    expect(isBusinessTime(DEFAULT, sp('2025-03-15T10:00'))).toBe(false); // Saturday
  });

  it('adds business time across the lunch gap and overnight', () => {
    expect(addBusinessMillis(DEFAULT, sp('2025-03-10T11:00'), 2 * HOUR)).toEqual(sp('2025-03-10T14:00'));
    expect(addBusinessMillis(DEFAULT, sp('2025-03-10T17:00'), 2 * HOUR)).toEqual(sp('2025-03-11T10:00'));
    expect(addBusinessMillis(DEFAULT, sp('2025-03-14T17:00'), 2 * HOUR)).toEqual(sp('2025-03-17T10:00')); // over the weekend
  });

  it('lands on the close itself when the time runs out exactly then', () => {
    expect(addBusinessMillis(DEFAULT, sp('2025-03-10T09:00'), 8 * HOUR)).toEqual(sp('2025-03-10T18:00'));
    expect(addBusinessMillis(DEFAULT, sp('2025-03-10T09:00'), 3 * HOUR)).toEqual(sp('2025-03-10T12:00'));
  });

  it('with 0 ms gives the next business instant at or after the start', () => {
    expect(addBusinessMillis(DEFAULT, sp('2025-03-10T10:00'), 0)).toEqual(sp('2025-03-10T10:00'));
    expect(addBusinessMillis(DEFAULT, sp('2025-03-10T12:30'), 0)).toEqual(sp('2025-03-10T13:00'));
    expect(addBusinessMillis(DEFAULT, sp('2025-03-10T18:00'), 0)).toEqual(sp('2025-03-11T09:00'));
    expect(addBusinessMillis(DEFAULT, sp('2025-03-15T10:00'), 0)).toEqual(sp('2025-03-17T09:00'));
  });
});

describe('holidays', () => {
  it('skips a holiday in the middle of a span', () => {
    // 14–25 April 2025: ten weekdays, of which Sexta-feira Santa (18) and Tiradentes (21) are closed.
    expect(businessMillisBetween(DEFAULT, sp('2025-04-14T09:00'), sp('2025-04-25T18:00'))).toBe(8 * 8 * HOUR);
    expect(isBusinessTime(DEFAULT, sp('2025-04-21T10:00'))).toBe(false);
  });

  it('pushes a deadline over a holiday and a weekend', () => {
    // Thursday 17 at 17:00 + 2 h: 1 h on Thursday, then Friday (Sexta-feira Santa), the weekend,
    // Monday (Tiradentes) are closed → Tuesday 22 at 10:00.
    expect(addBusinessMillis(DEFAULT, sp('2025-04-17T17:00'), 2 * HOUR)).toEqual(sp('2025-04-22T10:00'));
  });

  it('reads holidays as days of the calendar’s own zone', () => {
    const tokyo: BusinessCalendar = { ...everyDay('Asia/Tokyo', [['00:00', '24:00']]), holidays: [{ date: '2025-05-05', name: 'こどもの日' }] };
    // 2025-05-04T15:00Z is 2025-05-05 00:00 in Tokyo: the holiday has begun.
    expect(isBusinessTime(tokyo, d('2025-05-04T14:59Z'))).toBe(true);
    expect(isBusinessTime(tokyo, d('2025-05-04T15:00Z'))).toBe(false);
    expect(businessMillisBetween(tokyo, d('2025-05-04T00:00Z'), d('2025-05-06T00:00Z'))).toBe(24 * HOUR);
  });

  it('notices a calendar whose holidays were replaced', () => {
    const cal = defaultBusinessCalendar(NOW);
    const span = (): number => businessMillisBetween(cal, sp('2025-03-10T09:00'), sp('2025-03-12T18:00'));
    expect(span()).toBe(24 * HOUR);
    cal.holidays = [...cal.holidays, { date: '2025-03-11', name: 'Aniversário da agência' }];
    expect(span()).toBe(16 * HOUR);
  });
});

describe('time zones', () => {
  const moscow: BusinessCalendar = { ...DEFAULT, timeZone: 'Europe/Moscow' };

  it('the same UTC instant is business time in São Paulo and not in Moscow', () => {
    const instant = d('2025-03-10T17:00:00Z'); // 14:00 in São Paulo, 20:00 in Moscow
    expect(isBusinessTime(DEFAULT, instant)).toBe(true);
    expect(isBusinessTime(moscow, instant)).toBe(false);
    expect(calendarDay(DEFAULT, d('2025-03-11T01:00Z'))).toBe('2025-03-10');
    expect(calendarDay(moscow, d('2025-03-11T01:00Z'))).toBe('2025-03-11');
  });

  it('works with a 30-minute offset (Asia/Kolkata, +05:30)', () => {
    const kolkata: BusinessCalendar = { timeZone: 'Asia/Kolkata', week: { '1': [['09:00', '18:00']], '2': [['09:00', '18:00']] }, holidays: [] };
    expect(isBusinessTime(kolkata, d('2025-03-10T03:29:59Z'))).toBe(false);
    expect(isBusinessTime(kolkata, d('2025-03-10T03:30:00Z'))).toBe(true); // 09:00 IST
    expect(addBusinessMillis(kolkata, d('2025-03-10T00:00Z'), HOUR)).toEqual(d('2025-03-10T04:30Z'));
    expect(addBusinessMillis(kolkata, d('2025-03-10T12:00Z'), HOUR)).toEqual(d('2025-03-11T04:00Z')); // after 18:00 IST
    expect(businessMillisBetween(kolkata, d('2025-03-09T00:00Z'), d('2025-03-12T00:00Z'))).toBe(18 * HOUR);
    expect(calendarDay(kolkata, d('2025-03-10T19:00Z'))).toBe('2025-03-11'); // 00:30 IST
  });

  it('New York: the spring-forward day is 23 hours and the fall-back day 25', () => {
    const ny = sundays('America/New_York', [['00:00', '24:00']]);
    expect(businessMillisBetween(ny, d('2025-03-07Z'), d('2025-03-12Z'))).toBe(23 * HOUR);
    expect(businessMillisBetween(ny, d('2025-10-31Z'), d('2025-11-05Z'))).toBe(25 * HOUR);
    expect(addBusinessMillis(ny, d('2025-11-01Z'), 24 * HOUR)).toEqual(d('2025-11-03T04:00Z')); // 23:00 EST
    expect(calendarDay(ny, d('2025-11-03T04:30Z'))).toBe('2025-11-02'); // 23:30 EST
    const weekdays: BusinessCalendar = { ...DEFAULT, timeZone: 'America/New_York', holidays: [] };
    // Monday after the change: 09:00 EDT is 13:00Z; the Monday after the fall back, 09:00 EST is 14:00Z.
    expect(addBusinessMillis(weekdays, d('2025-03-08Z'), 0)).toEqual(d('2025-03-10T13:00Z'));
    expect(addBusinessMillis(weekdays, d('2025-11-01Z'), 0)).toEqual(d('2025-11-03T14:00Z'));
  });

  it('New York: a wall time inside the spring-forward gap opens or closes when the clocks jump', () => {
    // 2025-03-09: 02:00 EST → 03:00 EDT (07:00Z). 01:00–04:00 is 2 real hours.
    expect(businessMillisBetween(sundays('America/New_York', [['01:00', '04:00']]), d('2025-03-08Z'), d('2025-03-11Z'))).toBe(2 * HOUR);
    const gap = sundays('America/New_York', [['02:30', '03:30']]);
    expect(businessMillisBetween(gap, d('2025-03-08Z'), d('2025-03-11Z'))).toBe(30 * MINUTE); // 03:00–03:30 EDT
    expect(addBusinessMillis(gap, d('2025-03-08Z'), 0)).toEqual(d('2025-03-09T07:00Z'));
    // An interval wholly inside the gap holds no business time and does not crash.
    const lost = sundays('America/New_York', [['02:00', '03:00']]);
    expect(businessMillisBetween(lost, d('2025-03-08Z'), d('2025-03-11Z'))).toBe(0);
    expect(addBusinessMillis(lost, d('2025-03-08Z'), 0)).toEqual(d('2025-03-16T06:00Z')); // next Sunday 02:00 EST
  });

  it('New York: a wall time inside the fall-back overlap is its first occurrence, nothing counted twice', () => {
    // 2025-11-02: 02:00 EDT → 01:00 EST (06:00Z); 01:00–02:00 happens twice.
    const spanning = sundays('America/New_York', [['01:00', '02:00']]);
    expect(businessMillisBetween(spanning, d('2025-11-01Z'), d('2025-11-04Z'))).toBe(2 * HOUR); // 05:00Z–07:00Z, really lived
    const closing = sundays('America/New_York', [['00:00', '01:30']]);
    expect(businessMillisBetween(closing, d('2025-11-01Z'), d('2025-11-04Z'))).toBe(90 * MINUTE); // closes at 01:30 EDT
    expect(isBusinessTime(closing, d('2025-11-02T05:29Z'))).toBe(true); // 01:29 EDT
    expect(isBusinessTime(closing, d('2025-11-02T06:15Z'))).toBe(false); // 01:15 EST, the second pass
  });

  it('Europe/London around its March and October changes', () => {
    const london = sundays('Europe/London', [['00:00', '03:00']]);
    // 2025-03-30: 01:00 GMT → 02:00 BST at 01:00Z: 00:00 GMT to 03:00 BST is 2 real hours.
    expect(businessMillisBetween(london, d('2025-03-29Z'), d('2025-04-01Z'))).toBe(2 * HOUR);
    expect(addBusinessMillis(london, d('2025-03-29Z'), 90 * MINUTE)).toEqual(d('2025-03-30T01:30Z')); // 02:30 BST
    // 2025-10-26: 02:00 BST → 01:00 GMT at 01:00Z: 00:00 BST to 03:00 GMT is 4 real hours.
    expect(businessMillisBetween(london, d('2025-10-25Z'), d('2025-10-28Z'))).toBe(4 * HOUR);
    expect(isBusinessTime(london, d('2025-10-25T23:00Z'))).toBe(true);
    expect(isBusinessTime(london, d('2025-10-26T02:59Z'))).toBe(true);
    expect(isBusinessTime(london, d('2025-10-26T03:00Z'))).toBe(false);
    const week = businessMillisBetween(everyDay('Europe/London', [['08:00', '20:00']]), d('2025-10-20Z'), d('2025-10-27Z'));
    expect(week).toBe(7 * 12 * HOUR); // hours away from the change are untouched
  });

  it('São Paulo: no DST since 2019, and its old DST days still add up', () => {
    const sundaysSp = sundays('America/Sao_Paulo', [['00:00', '24:00']]);
    // Every Sunday of October–December 2025 (DST used to start in October/November) is 24 h.
    const fall = businessMillisBetween(sundaysSp, sp('2025-10-01T00:00'), sp('2026-01-01T00:00'));
    expect(fall).toBe(13 * 24 * HOUR);
    expect(closeOfBusinessDay(sundaysSp, '2025-11-02')).toEqual(sp('2025-11-03T00:00'));
    // 2018-11-04 (Sunday): midnight never happened (DST began at 00:00): a 23-hour day, from 01:00 BRST.
    expect(businessMillisBetween(sundaysSp, d('2018-11-02Z'), d('2018-11-07Z'))).toBe(23 * HOUR);
    expect(addBusinessMillis(sundaysSp, d('2018-11-03T12:00Z'), 0)).toEqual(d('2018-11-04T03:00Z'));
    expect(calendarDay(sundaysSp, d('2018-11-04T03:00Z'))).toBe('2018-11-04');
    // 2019-02-16 (Saturday): DST ended at midnight, its 23:00 hour happened twice: 25 hours.
    const saturdays: BusinessCalendar = { timeZone: 'America/Sao_Paulo', week: { '6': [['00:00', '24:00']] }, holidays: [] };
    expect(businessMillisBetween(saturdays, d('2019-02-15Z'), d('2019-02-19Z'))).toBe(25 * HOUR);
  });
});

describe('runningMillis (the clock pauses while the ticket waits on the client)', () => {
  const start = sp('2025-03-10T09:00'); // Monday
  const now = sp('2025-03-14T18:00'); // Friday: 5 × 8 h = 40 h
  const pause = (from: string, to: string | null): ClockPause => ({ from: sp(from), to: to === null ? null : sp(to) });

  it('without pauses is the business time between', () => {
    expect(runningMillis(DEFAULT, start, now, [])).toBe(40 * HOUR);
    expect(runningMillis(DEFAULT, now, start, [])).toBe(0);
  });

  it('counts overlapping pauses once', () => {
    // 10:00–12:00 and 11:00–14:00 → 10:00–14:00 = 3 business hours (lunch excluded).
    expect(runningMillis(DEFAULT, start, now, [pause('2025-03-10T10:00', '2025-03-10T12:00'), pause('2025-03-10T11:00', '2025-03-10T14:00')])).toBe(37 * HOUR);
    // One pause inside another.
    expect(runningMillis(DEFAULT, start, now, [pause('2025-03-11T09:00', '2025-03-11T18:00'), pause('2025-03-11T10:00', '2025-03-11T11:00')])).toBe(32 * HOUR);
  });

  it('runs an open pause until now', () => {
    expect(runningMillis(DEFAULT, start, now, [pause('2025-03-14T16:00', null)])).toBe(38 * HOUR);
    expect(runningMillis(DEFAULT, start, sp('2025-03-14T16:30'), [pause('2025-03-14T16:00', null)])).toBe(38 * HOUR);
  });

  it('clips a pause that began before the start, and ignores one after now', () => {
    expect(runningMillis(DEFAULT, start, now, [pause('2025-03-07T10:00', '2025-03-10T10:00')])).toBe(39 * HOUR);
    expect(runningMillis(DEFAULT, start, now, [pause('2025-03-17T10:00', null)])).toBe(40 * HOUR);
    expect(runningMillis(DEFAULT, start, now, [pause('2025-03-01T10:00', null)])).toBe(0);
  });

  it('a pause inside closed hours changes nothing', () => {
    expect(runningMillis(DEFAULT, start, now, [pause('2025-03-11T19:00', '2025-03-12T08:00'), pause('2025-03-12T12:00', '2025-03-12T13:00')])).toBe(40 * HOUR);
  });

  it('takes pauses in any order', () => {
    const pauses = [
      pause('2025-03-14T16:00', null),
      pause('2025-03-11T19:00', '2025-03-12T08:00'),
      pause('2025-03-10T11:00', '2025-03-10T14:00'),
      pause('2025-03-07T10:00', '2025-03-10T10:00'),
      pause('2025-03-10T10:00', '2025-03-10T12:00'),
    ];
    // Paused: Monday 09:00–14:00 (4 h of business), Friday 16:00–18:00 (2 h).
    expect(runningMillis(DEFAULT, start, now, pauses)).toBe(34 * HOUR);
    expect(runningMillis(DEFAULT, start, now, [...pauses].reverse())).toBe(34 * HOUR);
  });

  it('refuses a pause that ends before it starts, or an invalid date', () => {
    expect(() => runningMillis(DEFAULT, start, now, [pause('2025-03-11T10:00', '2025-03-11T09:00')])).toThrow(/cannot end .* before it starts/);
    expect(() => runningMillis(DEFAULT, start, now, [{ from: new Date(Number.NaN), to: null }])).toThrow(InvalidInputError);
  });
});

describe('closeOfBusinessDay and addBusinessDays', () => {
  it('is the close of an open day’s last interval', () => {
    expect(closeOfBusinessDay(DEFAULT, '2025-03-10')).toEqual(sp('2025-03-10T18:00'));
  });

  it('is the previous open day’s close for a weekend or a holiday', () => {
    expect(closeOfBusinessDay(DEFAULT, '2025-03-16')).toEqual(sp('2025-03-14T18:00')); // Sunday → Friday
    expect(closeOfBusinessDay(DEFAULT, '2025-04-21')).toEqual(sp('2025-04-17T18:00')); // Tiradentes → over Good Friday
  });

  it('closes at midnight for a day open until 24:00, in the zone’s own terms', () => {
    expect(closeOfBusinessDay(everyDay('Asia/Kolkata', [['10:00', '24:00']]), '2025-03-10')).toEqual(d('2025-03-10T18:30Z'));
  });

  it('counts business days for a proposed deadline', () => {
    expect(addBusinessDays(DEFAULT, sp('2025-04-17T10:00'), 1)).toBe('2025-04-22');
    expect(addBusinessDays(DEFAULT, sp('2025-03-10T10:00'), 5)).toBe('2025-03-17');
    expect(addBusinessDays(DEFAULT, sp('2025-03-15T10:00'), 0)).toBe('2025-03-17'); // Saturday → Monday
    expect(addBusinessDays(DEFAULT, sp('2025-03-10T20:00'), 0)).toBe('2025-03-10');
    expect(() => addBusinessDays(DEFAULT, sp('2025-03-10T20:00'), 1.5)).toThrow(InvalidInputError);
  });

  it('refuses a malformed day', () => {
    expect(() => closeOfBusinessDay(DEFAULT, '2025-02-30')).toThrow(/is not a date/);
    expect(() => closeOfBusinessDay(DEFAULT, '10/03/2025')).toThrow(InvalidInputError);
    expect(() => closeOfBusinessDay(DEFAULT, '2150-01-01')).toThrow(/supported years/);
  });
});

describe('bad input', () => {
  it('refuses invalid dates, negative or non-finite durations, and years out of range', () => {
    expect(() => businessMillisBetween(DEFAULT, new Date(Number.NaN), NOW)).toThrow(/from is not a valid date/);
    expect(() => addBusinessMillis(DEFAULT, NOW, -1)).toThrow(InvalidInputError);
    expect(() => addBusinessMillis(DEFAULT, NOW, Number.POSITIVE_INFINITY)).toThrow(InvalidInputError);
    expect(() => isBusinessTime(DEFAULT, d('1999-06-01T00:00Z'))).toThrow(/outside the supported years/);
    expect(() => businessMillisBetween(DEFAULT, NOW, d('2100-01-01T00:00Z'))).toThrow(/outside the supported years/);
    expect(() => addBusinessMillis(DEFAULT, d('2099-12-30T12:00Z'), 10 * 24 * HOUR)).toThrow(/past the supported years/);
  });

  it('refuses an invalid calendar with the schema’s words', () => {
    const bad = { ...DEFAULT, timeZone: 'Mars/Olympus' };
    expect(() => isBusinessTime(bad, NOW)).toThrow(InvalidInputError);
    expect(() => isBusinessTime(bad, NOW)).toThrow(/timeZone: unknown time zone 'Mars\/Olympus'/);
  });
});

describe('businessCalendarSchema refusals', () => {
  const messages = (input: unknown): string[] => {
    const result = businessCalendarSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts the default calendar and 24:00 as a close', () => {
    expect(messages(DEFAULT)).toEqual([]);
    expect(messages(everyDay('UTC', [['00:00', '24:00']]))).toEqual([]);
  });

  it('refuses an unknown time zone', () => {
    expect(messages({ ...DEFAULT, timeZone: 'Mars/Olympus' })).toEqual([
      "timeZone: unknown time zone 'Mars/Olympus': use an IANA name such as America/Sao_Paulo",
    ]);
  });

  it('refuses a time that is not a time of day', () => {
    expect(messages({ ...DEFAULT, week: { '1': [['09:00', '25:00']] } })).toEqual([
      "week.1.0.1: '25:00' is not a closing time: write HH:MM, from 00:00 to 24:00",
    ]);
    expect(messages({ ...DEFAULT, week: { '1': [['24:00', '24:00']] } })).toEqual([
      "week.1.0.0: '24:00' is not a time of day: write HH:MM, from 00:00 to 23:59",
    ]);
    expect(messages({ ...DEFAULT, week: { '1': [['9:00', '12:00']] } })[0]).toMatch(/'9:00' is not a time of day/);
  });

  it('refuses overlapping, unordered and backwards intervals', () => {
    expect(messages({ ...DEFAULT, week: { '2': [['09:00', '12:00'], ['11:00', '13:00']] } })).toEqual([
      'week.2.1: intervals must be in order and must not overlap: 09:00–12:00 and 11:00–13:00',
    ]);
    expect(messages({ ...DEFAULT, week: { '2': [['13:00', '18:00'], ['09:00', '12:00']] } })).toHaveLength(1);
    expect(messages({ ...DEFAULT, week: { '3': [['18:00', '09:00']] } })).toEqual(['week.3.0: the interval 18:00–09:00 must close after it opens']);
    expect(messages({ ...DEFAULT, week: { '3': [['09:00', '12:00'], ['12:00', '13:00']] } })).toEqual([]); // touching is fine
  });

  it('refuses a duplicate holiday, a bad date and a week without hours', () => {
    expect(
      messages({
        ...DEFAULT,
        holidays: [
          { date: '2025-12-25', name: 'Natal' },
          { date: '2025-12-25', name: 'Natal de novo' },
        ],
      }),
    ).toEqual(['holidays.1.date: the holiday 2025-12-25 is listed twice']);
    expect(messages({ ...DEFAULT, holidays: [{ date: '2025-02-30', name: 'x' }] })).toHaveLength(1);
    expect(messages({ ...DEFAULT, week: { '1': [], '6': [] } })).toEqual(['week: the week has no business hours: give at least one day an interval']);
    expect(messages({ ...DEFAULT, week: { '8': [['09:00', '10:00']] } }).length).toBeGreaterThan(0);
    expect(messages({ ...DEFAULT, extra: true }).length).toBeGreaterThan(0);
  });
});

/** A small seeded generator (mulberry32): the same seed, the same instants. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('properties over seeded random instants', () => {
  const calendars: BusinessCalendar[] = [
    DEFAULT,
    { ...DEFAULT, timeZone: 'Asia/Kolkata' },
    everyDay('America/New_York', [['00:30', '01:45'], ['02:15', '03:30'], ['09:00', '17:00']]),
    everyDay('Europe/London', [['00:00', '01:30'], ['01:45', '24:00']], [{ date: '2025-03-30', name: 'x' }]),
    { timeZone: 'Europe/Moscow', week: { '6': [['10:00', '14:00']] }, holidays: [] },
  ];
  const SEED = 20_250_307;
  const random = seeded(SEED);
  const between = (low: number, high: number): number => low + Math.floor(random() * (high - low));
  const FROM = Date.parse('2024-01-01T00:00Z');
  const UNTIL = Date.parse('2027-01-01T00:00Z');

  it(`addBusinessMillis then businessMillisBetween gives back the duration (seed ${SEED})`, () => {
    for (let run = 0; run < 3000; run += 1) {
      const cal = calendars[run % calendars.length] as BusinessCalendar;
      const from = new Date(between(FROM, UNTIL));
      const ms = run % 7 === 0 ? between(1, 1000) : between(1, 120 * HOUR);
      const due = addBusinessMillis(cal, from, ms);
      expect(due.getTime(), `run ${run}`).toBeGreaterThan(from.getTime());
      expect(businessMillisBetween(cal, from, due), `run ${run}`).toBe(ms);
      expect(isBusinessTime(cal, new Date(due.getTime() - 1)), `run ${run}`).toBe(true);
    }
  });

  it(`businessMillisBetween then addBusinessMillis comes back no later (seed ${SEED})`, () => {
    for (let run = 0; run < 3000; run += 1) {
      const cal = calendars[run % calendars.length] as BusinessCalendar;
      const a = between(FROM, UNTIL);
      const b = a + between(0, 40 * 24 * HOUR);
      const worked = businessMillisBetween(cal, new Date(a), new Date(b));
      expect(worked, `run ${run}`).toBeLessThanOrEqual(b - a); // never more than the real time
      const back = addBusinessMillis(cal, new Date(a), worked).getTime();
      expect(businessMillisBetween(cal, new Date(a), new Date(back)), `run ${run}`).toBe(worked);
      if (worked > 0) {
        // (With 0 the answer is the next business instant, which may lie past b.)
        expect(back, `run ${run}`).toBeLessThanOrEqual(b);
        if (isBusinessTime(cal, new Date(b - 1))) expect(back, `run ${run}`).toBe(b);
      }
      // Additive: splitting the span anywhere changes nothing.
      const cut = between(a, b + 1);
      expect(businessMillisBetween(cal, new Date(a), new Date(cut)) + businessMillisBetween(cal, new Date(cut), new Date(b)), `run ${run}`).toBe(worked);
    }
  });

  it(`agrees with a minute-by-minute count of the wall clock where there is no DST (seed ${SEED})`, () => {
    // The reference: a minute is business time when its wall reading falls in an interval of
    // its day and the day is not a holiday — read from Intl per minute, sharing no code with the index.
    const reference = (cal: BusinessCalendar, from: number, to: number): number => {
      const holidays = new Set(cal.holidays.map((h) => h.date));
      let count = 0;
      for (let t = from; t < to; t += MINUTE) {
        const wall = new Date(wallTimeAt(cal.timeZone, t));
        const date = wall.toISOString().slice(0, 10);
        const weekday = String(((wall.getUTCDay() + 6) % 7) + 1) as '1';
        const minute = wall.getUTCHours() * 60 + wall.getUTCMinutes();
        const open = (cal.week[weekday] ?? []).some(([o, c]) => {
          const [oh, om] = o.split(':').map(Number);
          const [ch, cm] = c.split(':').map(Number);
          return minute >= (oh ?? 0) * 60 + (om ?? 0) && minute < (ch ?? 0) * 60 + (cm ?? 0);
        });
        if (open && !holidays.has(date)) count += MINUTE;
      }
      return count;
    };
    const noDst = [DEFAULT, { ...DEFAULT, timeZone: 'Asia/Kolkata' }, { ...DEFAULT, timeZone: 'Europe/Moscow' }];
    for (let run = 0; run < 24; run += 1) {
      const cal = noDst[run % noDst.length] as BusinessCalendar;
      const from = Math.floor(between(Date.parse('2025-01-01T00:00Z'), Date.parse('2026-01-01T00:00Z')) / MINUTE) * MINUTE;
      const to = from + between(1, 4 * 24 * 60) * MINUTE;
      expect(businessMillisBetween(cal, new Date(from), new Date(to)), `run ${run} ${new Date(from).toISOString()}`).toBe(reference(cal, from, to));
    }
  });
});

describe('the SLA sweep load', () => {
  it('runs 10,000 runningMillis over 30-day spans with 3 pauses each', () => {
    // A calendar of its own content (one more holiday), so that its index is built inside the timing.
    const cal: BusinessCalendar = { ...DEFAULT, holidays: [...DEFAULT.holidays, { date: '2031-01-02', name: 'Recesso' }] };
    const random = seeded(7);
    const now = Date.parse('2025-06-30T15:00:00Z');
    const tickets = Array.from({ length: 10_000 }, () => {
      const start = now - 30 * 24 * HOUR + Math.floor(random() * 2 * HOUR);
      const pauses: ClockPause[] = [0, 1, 2].map((k) => {
        const from = start + Math.floor(((k + random()) / 3) * 29 * 24 * HOUR);
        const open = k === 2 && random() < 0.5;
        return { from: new Date(from), to: open ? null : new Date(from + Math.floor(random() * 4 * 24 * HOUR)) };
      });
      return { start: new Date(start), pauses };
    });
    const nowDate = new Date(now);
    const sweep = (): { sum: number; ms: number } => {
      const began = Date.now();
      let sum = 0;
      for (const ticket of tickets) sum += runningMillis(cal, ticket.start, nowDate, ticket.pauses);
      return { sum, ms: Date.now() - began };
    };
    const cold = sweep(); // builds the calendar's index on the way
    const warm = sweep(); // what every later minute's sweep costs
    console.log(`10,000 runningMillis (30-day spans, 3 pauses each): first sweep ${cold.ms} ms, next sweep ${warm.ms} ms`);
    expect(cold.sum).toBeGreaterThan(0);
    expect(warm.sum).toBe(cold.sum);
    // Every result is within [0, the unpaused business time of the span].
    for (const ticket of tickets.slice(0, 200)) {
      const running = runningMillis(cal, ticket.start, nowDate, ticket.pauses);
      expect(running).toBeGreaterThanOrEqual(0);
      expect(running).toBeLessThanOrEqual(businessMillisBetween(cal, ticket.start, nowDate));
    }
  });
});
