/**
 * Brazil's national holidays (feriados nacionais, Lei 662/1949 and its amendments) plus the
 * Easter-based days agencies close on, for the default business calendar. Names are pt-BR: they
 * are what the agency sees in its calendar settings, and the agency can rename or remove any.
 *
 * - Fixed: Confraternização Universal (1/1), Tiradentes (21/4), Dia do Trabalho (1/5),
 *   Independência do Brasil (7/9), Nossa Senhora Aparecida (12/10), Finados (2/11), Proclamação da
 *   República (15/11), Dia Nacional de Zumbi e da Consciência Negra (20/11, national from 2024,
 *   Lei 14.759/2023), Natal (25/12).
 * - From Easter: Carnaval's Monday and Tuesday (Easter − 48 and − 47; "ponto facultativo", but
 *   agencies close), Sexta-feira Santa (Easter − 2), Corpus Christi (Easter + 60; ponto
 *   facultativo, closed by default too).
 *
 * State and municipal holidays (São Paulo's 25/1 and 9/7, …) are the agency's to add.
 *
 * Sexta-feira Santa can fall on Tiradentes (2000, 2079, …): one entry then, both names.
 */
import { InvalidInputError } from '../errors.js';

export interface Holiday {
  /** 'YYYY-MM-DD'. */
  readonly date: string;
  readonly name: string;
}

export const MIN_HOLIDAY_YEAR = 1583; // the first full Gregorian year
export const MAX_HOLIDAY_YEAR = 9999;

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher): month 1–12 and day. */
export function easterSunday(year: number): { month: number; day: number } {
  assertYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return { month: Math.floor(n / 31), day: (n % 31) + 1 };
}

/** The national holidays of `year` and the Easter-based closing days, sorted by date, one entry per date. */
export function brazilNationalHolidays(year: number): Holiday[] {
  assertYear(year);
  const easter = easterSunday(year);
  const fromEaster = (days: number): string => isoDate(year, easter.month, easter.day + days);
  const days: Holiday[] = [
    { date: isoDate(year, 1, 1), name: 'Confraternização Universal' },
    { date: fromEaster(-48), name: 'Carnaval (segunda-feira)' },
    { date: fromEaster(-47), name: 'Carnaval (terça-feira)' },
    { date: fromEaster(-2), name: 'Sexta-feira Santa' },
    { date: isoDate(year, 4, 21), name: 'Tiradentes' },
    { date: isoDate(year, 5, 1), name: 'Dia do Trabalho' },
    { date: fromEaster(60), name: 'Corpus Christi' },
    { date: isoDate(year, 9, 7), name: 'Independência do Brasil' },
    { date: isoDate(year, 10, 12), name: 'Nossa Senhora Aparecida' },
    { date: isoDate(year, 11, 2), name: 'Finados' },
    { date: isoDate(year, 11, 15), name: 'Proclamação da República' },
    ...(year >= 2024 ? [{ date: isoDate(year, 11, 20), name: 'Dia Nacional de Zumbi e da Consciência Negra' }] : []),
    { date: isoDate(year, 12, 25), name: 'Natal' },
  ];
  const byDate = new Map<string, string>();
  for (const day of days) {
    const already = byDate.get(day.date);
    byDate.set(day.date, already === undefined ? day.name : `${already} e ${day.name}`);
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, name]) => ({ date, name }));
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_HOLIDAY_YEAR || year > MAX_HOLIDAY_YEAR) {
    throw new InvalidInputError(`holidays: the year must be a whole number from ${MIN_HOLIDAY_YEAR} to ${MAX_HOLIDAY_YEAR}, not ${year}`);
  }
}

/** 'YYYY-MM-DD' of a date; the day may run past the month's end (Date.UTC normalises it). */
function isoDate(year: number, month: number, day: number): string {
  const at = new Date(Date.UTC(2000, month - 1, day));
  at.setUTCFullYear(year, month - 1, day);
  return at.toISOString().slice(0, 10);
}
