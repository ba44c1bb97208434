import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { brazilNationalHolidays, easterSunday } from './brazilHolidays.js';

const iso = (year: number, e: { month: number; day: number }): string =>
  `${year}-${String(e.month).padStart(2, '0')}-${String(e.day).padStart(2, '0')}`;

describe('easterSunday', () => {
  it('matches the published dates of 2024–2030', () => {
    const known: Record<number, string> = {
      2024: '2024-03-31',
      2025: '2025-04-20',
      2026: '2026-04-05',
      2027: '2027-03-28',
      2028: '2028-04-16',
      2029: '2029-04-01',
      2030: '2030-04-21',
    };
    for (const [year, date] of Object.entries(known)) expect(iso(Number(year), easterSunday(Number(year)))).toBe(date);
  });

  it('handles the algorithm’s edge years (earliest and latest possible Easter)', () => {
    expect(iso(1818, easterSunday(1818))).toBe('1818-03-22');
    expect(iso(2285, easterSunday(2285))).toBe('2285-03-22');
    expect(iso(1943, easterSunday(1943))).toBe('1943-04-25');
    expect(iso(2038, easterSunday(2038))).toBe('2038-04-25');
  });
});

describe('brazilNationalHolidays', () => {
  it('lists 2025 in date order with pt-BR names', () => {
    expect(brazilNationalHolidays(2025)).toEqual([
      { date: '2025-01-01', name: 'Confraternização Universal' },
      { date: '2025-03-03', name: 'Carnaval (segunda-feira)' },
      { date: '2025-03-04', name: 'Carnaval (terça-feira)' },
      { date: '2025-04-18', name: 'Sexta-feira Santa' },
      { date: '2025-04-21', name: 'Tiradentes' },
      { date: '2025-05-01', name: 'Dia do Trabalho' },
      { date: '2025-06-19', name: 'Corpus Christi' },
      { date: '2025-09-07', name: 'Independência do Brasil' },
      { date: '2025-10-12', name: 'Nossa Senhora Aparecida' },
      { date: '2025-11-02', name: 'Finados' },
      { date: '2025-11-15', name: 'Proclamação da República' },
      { date: '2025-11-20', name: 'Dia Nacional de Zumbi e da Consciência Negra' },
      { date: '2025-12-25', name: 'Natal' },
    ]);
  });

  it('places the Easter-based days relative to Easter, across a month boundary', () => {
    const dates = brazilNationalHolidays(2024).map((h) => h.date);
    // Easter 2024-03-31: Carnaval 12–13 Feb, Good Friday 29 Mar, Corpus Christi 30 May.
    expect(dates).toEqual(expect.arrayContaining(['2024-02-12', '2024-02-13', '2024-03-29', '2024-05-30']));
  });

  it('has Consciência Negra as a national holiday only from 2024', () => {
    expect(brazilNationalHolidays(2023).some((h) => h.date === '2023-11-20')).toBe(false);
    expect(brazilNationalHolidays(2024).some((h) => h.date === '2024-11-20')).toBe(true);
    expect(brazilNationalHolidays(2023)).toHaveLength(12);
  });

  it('keeps one entry, with both names, when Sexta-feira Santa falls on Tiradentes', () => {
    const holidays = brazilNationalHolidays(2000); // Easter 2000-04-23
    expect(holidays.filter((h) => h.date === '2000-04-21')).toEqual([{ date: '2000-04-21', name: 'Sexta-feira Santa e Tiradentes' }]);
    expect(new Set(holidays.map((h) => h.date)).size).toBe(holidays.length);
  });

  it('gives unique, sorted dates every year', () => {
    for (let year = 2000; year <= 2100; year += 1) {
      const dates = brazilNationalHolidays(year).map((h) => h.date);
      expect(new Set(dates).size).toBe(dates.length);
      expect([...dates].sort()).toEqual(dates);
      expect(dates.every((d) => d.startsWith(`${year}-`))).toBe(true);
    }
  });

  it('refuses a year that is not a whole Gregorian year', () => {
    expect(() => brazilNationalHolidays(2025.5)).toThrow(InvalidInputError);
    expect(() => brazilNationalHolidays(1500)).toThrow(/from 1583 to 9999/);
    expect(() => easterSunday(Number.NaN)).toThrow(InvalidInputError);
  });
});
