/**
 * CSV as spreadsheets open it, for the exports (`ticketCsv.ts`, `historyCsv.ts`):
 *
 * - **Separator `;`** — Excel splits a CSV on the list separator of the machine's region, which
 *   is `;` wherever the comma is the decimal mark (pt-BR, ru, most of Europe), Fluxo's home. An
 *   English Excel opens it with Data → From Text/CSV (choose `;`); LibreOffice and Google Sheets
 *   detect it.
 * - **UTF-8 with a BOM** (`CSV_BOM`) so Excel reads accents and Cyrillic right.
 * - **RFC 4180 quoting**: a cell holding the separator, a quote, CR or LF is quoted, its quotes
 *   doubled; lines end with CRLF.
 * - **Formula injection** (OWASP "CSV injection"): a cell starting with `=`, `+`, `-`, `@`, a
 *   tab or CR would be run as a formula by a spreadsheet; it gets a leading `'` so it stays text.
 *   Every cell goes through this; a negative number would get the `'` too (Fluxo writes none).
 */
import { wallTimeAt } from '@fluxo/shared/deadlines/zonedTime';

export const CSV_SEPARATOR = ';';
export const CSV_BOM = '\uFEFF';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

const NEEDS_QUOTES = /[;"\r\n]/;

/** Whether a spreadsheet would read the text as a formula: `=`, `+`, `-`, `@`, tab, CR first. */
function startsLikeFormula(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 61 /* = */ || c === 43 /* + */ || c === 45 /* - */ || c === 64 /* @ */ || c === 9 /* tab */ || c === 13; /* CR */
}

/** One cell, neutralised and quoted as needed. `null` is an empty cell. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return value < 0 ? `'${value}` : String(value);
  const text = startsLikeFormula(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line (with its CRLF). */
export function csvLine(cells: readonly (string | number | null)[]): string {
  return `${cells.map((cell) => csvCell(cell)).join(CSV_SEPARATOR)}\r\n`;
}

/**
 * Instants as the agency's wall clock, `YYYY-MM-DD HH:mm:ss` (Excel reads it as a date-time).
 * The zone's offset is looked up once per hour of time seen, so 500,000 rows cost a few
 * hundred `Intl` calls, not 500,000.
 */
export function localDateTimeFormatter(timeZone: string): (iso: string) => string {
  // Per hour of UTC seen: the zone's offset, and — when it is whole hours — the local
  // "YYYY-MM-DD HH" that hour reads as, so most instants cost a lookup and a concatenation.
  const offsets = new Map<number, number>();
  const hourPrefixes = new Map<string, string | null>();
  const offsetAt = (hour: number) => {
    let offset = offsets.get(hour);
    if (offset === undefined) {
      offset = wallTimeAt(timeZone, hour * 3_600_000) - hour * 3_600_000;
      offsets.set(hour, offset);
    }
    return offset;
  };
  const slow = (instant: number) => {
    const wall = new Date(instant + offsetAt(Math.floor(instant / 3_600_000))).toISOString();
    return `${wall.slice(0, 10)} ${wall.slice(11, 19)}`;
  };
  return (iso) => {
    // The canonical UTC form (`toISOString`, what Fluxo stores): 2025-03-10T12:34:56(.sss)Z.
    if (iso.length >= 20 && iso.charCodeAt(10) === 84 /* T */ && iso.charCodeAt(iso.length - 1) === 90 /* Z */) {
      const key = iso.slice(0, 13);
      let prefix = hourPrefixes.get(key);
      if (prefix === undefined) {
        const hourStart = Date.parse(`${key}:00:00Z`);
        const offset = Number.isNaN(hourStart) ? Number.NaN : offsetAt(hourStart / 3_600_000);
        prefix = offset % 3_600_000 === 0 ? slow(hourStart).slice(0, 13) : null;
        hourPrefixes.set(key, prefix);
      }
      if (prefix !== null) return `${prefix}${iso.slice(13, 19)}`;
    }
    const instant = Date.parse(iso);
    return Number.isNaN(instant) ? '' : slow(instant);
  };
}
