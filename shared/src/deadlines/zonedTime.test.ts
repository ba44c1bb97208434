import { describe, expect, it } from 'vitest';
import {
  HOUR_MS,
  dayNumberOfIsoDate,
  instantOfWallTime,
  isKnownTimeZone,
  isoDateOfDayNumber,
  isoWeekdayOfDayNumber,
  offsetAt,
  wallTimeAt,
} from './zonedTime.js';

const utc = (iso: string): number => Date.parse(`${iso}Z`);
const instant = (iso: string): number => Date.parse(iso);

describe('offsets', () => {
  it('reads each zone’s offset, DST included', () => {
    expect(offsetAt('America/Sao_Paulo', instant('2025-07-01T12:00Z'))).toBe(-3 * HOUR_MS);
    expect(offsetAt('America/New_York', instant('2025-01-15T12:00Z'))).toBe(-5 * HOUR_MS);
    expect(offsetAt('America/New_York', instant('2025-07-15T12:00Z'))).toBe(-4 * HOUR_MS);
    expect(offsetAt('Asia/Kolkata', instant('2025-07-15T12:00Z'))).toBe(5.5 * HOUR_MS);
    expect(offsetAt('Europe/Moscow', instant('2025-07-15T12:00Z'))).toBe(3 * HOUR_MS);
    expect(offsetAt('UTC', instant('2025-07-15T12:00Z'))).toBe(0);
  });

  it('keeps the milliseconds of the instant in the wall reading', () => {
    expect(wallTimeAt('Asia/Kolkata', instant('2025-03-10T03:30:00.789Z'))).toBe(utc('2025-03-10T09:00:00.789'));
    expect(wallTimeAt('America/Sao_Paulo', instant('1999-12-31T23:59:59.999Z'))).toBe(utc('1999-12-31T21:59:59.999')); // BRST, −2 h, that summer
  });
});

describe('instantOfWallTime', () => {
  it('is the plain conversion where the offset does not change', () => {
    expect(instantOfWallTime('America/Sao_Paulo', utc('2025-03-10T09:00'))).toBe(instant('2025-03-10T12:00Z'));
    expect(instantOfWallTime('Asia/Kolkata', utc('2025-03-10T09:00'))).toBe(instant('2025-03-10T03:30Z'));
  });

  it('names the moment the clocks jump for a reading inside a spring-forward gap', () => {
    // New York 2025-03-09: 02:00 EST → 03:00 EDT at 07:00Z.
    expect(instantOfWallTime('America/New_York', utc('2025-03-09T02:30'))).toBe(instant('2025-03-09T07:00Z'));
    expect(instantOfWallTime('America/New_York', utc('2025-03-09T02:00'))).toBe(instant('2025-03-09T07:00Z'));
    expect(instantOfWallTime('America/New_York', utc('2025-03-09T03:00'))).toBe(instant('2025-03-09T07:00Z'));
    expect(instantOfWallTime('America/New_York', utc('2025-03-09T01:59'))).toBe(instant('2025-03-09T06:59Z'));
    // London 2025-03-30: 01:00 GMT → 02:00 BST at 01:00Z.
    expect(instantOfWallTime('Europe/London', utc('2025-03-30T01:15'))).toBe(instant('2025-03-30T01:00Z'));
    // São Paulo 2018-11-04 (DST then): midnight never happened; the day began at 01:00 BRST.
    expect(instantOfWallTime('America/Sao_Paulo', utc('2018-11-04T00:00'))).toBe(instant('2018-11-04T03:00Z'));
  });

  it('names the first occurrence of a reading inside a fall-back overlap', () => {
    // New York 2025-11-02: 02:00 EDT → 01:00 EST at 06:00Z; 01:30 happens at 05:30Z and 06:30Z.
    expect(instantOfWallTime('America/New_York', utc('2025-11-02T01:30'))).toBe(instant('2025-11-02T05:30Z'));
    expect(instantOfWallTime('America/New_York', utc('2025-11-02T02:00'))).toBe(instant('2025-11-02T07:00Z'));
    // London 2025-10-26: 02:00 BST → 01:00 GMT at 01:00Z.
    expect(instantOfWallTime('Europe/London', utc('2025-10-26T01:00'))).toBe(instant('2025-10-26T00:00Z'));
  });

  it('never maps a later reading to an earlier instant', () => {
    for (const zone of ['America/New_York', 'Europe/London', 'America/Sao_Paulo']) {
      for (const day of ['2025-03-09', '2025-03-30', '2025-11-02', '2025-10-26', '2018-11-04', '2019-02-16']) {
        let previous = Number.NEGATIVE_INFINITY;
        for (let minute = 0; minute <= 26 * 60; minute += 15) {
          const at = instantOfWallTime(zone, utc(`${day}T00:00`) + minute * 60_000);
          expect(at).toBeGreaterThanOrEqual(previous);
          // The reading at the named instant has reached the wall time asked for.
          expect(wallTimeAt(zone, at)).toBeGreaterThanOrEqual(utc(`${day}T00:00`) + minute * 60_000);
          previous = at;
        }
      }
    }
  });
});

describe('zone names and days', () => {
  it('knows IANA names and refuses others', () => {
    expect(isKnownTimeZone('America/Sao_Paulo')).toBe(true);
    expect(isKnownTimeZone('Asia/Kolkata')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
    expect(isKnownTimeZone('')).toBe(false);
    expect(isKnownTimeZone('x'.repeat(100))).toBe(false);
  });

  it('numbers days and weekdays', () => {
    expect(dayNumberOfIsoDate('1970-01-01')).toBe(0);
    expect(isoDateOfDayNumber(dayNumberOfIsoDate('2024-02-29'))).toBe('2024-02-29');
    expect(isoWeekdayOfDayNumber(dayNumberOfIsoDate('2025-03-10'))).toBe(1); // Monday
    expect(isoWeekdayOfDayNumber(dayNumberOfIsoDate('2025-03-16'))).toBe(7); // Sunday
    expect(isoWeekdayOfDayNumber(dayNumberOfIsoDate('1969-12-31'))).toBe(3); // Wednesday, before the epoch
  });
});
