/**
 * Search text: how words are cut and folded so that what a person types meets what was written.
 * One function of the text, used by the index (server) and by nothing else that could disagree
 * with it — query and document pass through the same `searchTerms`, so any folding here is
 * symmetric by construction.
 *
 * - **Tokens** are maximal runs of letters, digits and combining marks (`\p{L}\p{N}\p{M}`); every
 *   other character (spaces, punctuation, `#`, `@`, markup) separates words. Offsets are into
 *   the original string, so a snippet marks exactly what was written.
 * - **Folding**: lower-case, then NFD with the marks removed: "Ação" → "acao", "É" → "e",
 *   "ç" → "c". Cyrillic stays Cyrillic ("Привет" → "привет"); `ё` folds to `е` (as Russian
 *   writers do), `й` stays a letter of its own.
 * - **Portuguese plurals** (`foldPlural`): a light, rule-based folding of Latin-only words of
 *   at least 4 letters, so "ações" meets "ação" and "imagens" meets "imagem": -ões/-ães → -ão,
 *   -ais → -al, -éis → -el, -óis → -ol, -ns → -m, -zes → -z, -res → -r, and a final -s after any
 *   letter but s/u ("posts" → "post", "banners" → "banner"; "status" and "campus" stay); never
 *   to a stem under 3 letters ("três" stays), never for the few words that only look plural
 *   ("mais" is not the plural of "mal"). Nothing else is stemmed: no gender, no verb forms — a false merge is worse
 *   than a missed one, and the prefix match of the last typed word covers most of the rest.
 * - **Ticket numbers**: `#123` in a query asks for ticket 123 (`parseSearchQuery`); the index
 *   gives each ticket the term `ticketNumberTerm(123)`, which no word can produce.
 */

export interface SearchToken {
  /** The folded term (what the index stores). */
  readonly term: string;
  /** UTF-16 offsets of the word in the original text, end exclusive. */
  readonly start: number;
  readonly end: number;
}

/** Longest word kept whole; longer runs (hashes, base64) are cut to this to bound the dictionary. */
export const MAX_TERM_LENGTH = 40;

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const MARKS = /\p{M}+/gu;
const SHORT_I = /и\u0306/g;
const LATIN_WORD = /^[a-z]+$/;
const ASCII = /^[\x00-\x7f]*$/;

/** Lower-case, accents and other marks removed. */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  if (ASCII.test(lower)) return lower; // most words: nothing to decompose
  // й is a letter of its own in Russian, not an и with an accent: recomposed before marks go.
  return lower.normalize('NFD').replace(SHORT_I, 'й').replace(MARKS, '').normalize('NFC');
}

/** Words the plural rules would merge with another word ("mais" is not the plural of "mal"). */
const NOT_PLURALS: ReadonlySet<string> = new Set(['mais', 'demais', 'jamais', 'pais', 'apos']);
/** Shortest stem a plural folds to; "tres" stays "tres". */
const MIN_STEM = 3;

const PLURAL_RULES: readonly (readonly [suffix: string, replacement: string])[] = [
  ['oes', 'ao'],
  ['aes', 'ao'],
  ['ais', 'al'],
  ['eis', 'el'],
  ['ois', 'ol'],
  ['ns', 'm'],
  ['zes', 'z'],
  ['res', 'r'],
];

/** Portuguese plural → singular for a folded Latin word (see the module comment); other words unchanged. */
export function foldPlural(term: string): string {
  if (term.length < 4 || term[term.length - 1] !== 's' || !LATIN_WORD.test(term) || NOT_PLURALS.has(term)) return term;
  for (const [suffix, replacement] of PLURAL_RULES) {
    if (term.endsWith(suffix)) {
      const stem = term.slice(0, -suffix.length) + replacement;
      return stem.length >= MIN_STEM ? stem : term;
    }
  }
  const before = term[term.length - 2];
  return before === 's' || before === 'u' ? term : term.slice(0, -1);
}

/** The index term of one word as written. */
export function termOf(word: string): string {
  const folded = foldText(word);
  return foldPlural(folded.length > MAX_TERM_LENGTH ? folded.slice(0, MAX_TERM_LENGTH) : folded);
}

/** Every word of `text` with its term and where it is. */
export function searchTokens(text: string): SearchToken[] {
  const tokens: SearchToken[] = [];
  for (const match of text.matchAll(WORD)) {
    const term = termOf(match[0]);
    if (term.length === 0) continue; // a run of marks alone
    tokens.push({ term, start: match.index, end: match.index + match[0].length });
  }
  return tokens;
}

/** The terms of `text`, in order (duplicates kept: positions matter for phrases). */
export function searchTerms(text: string): string[] {
  const terms: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const term = termOf(match[0]);
    if (term.length > 0) terms.push(term);
  }
  return terms;
}

/** The term a ticket's number is indexed under: `#` never survives tokenising, so no word collides. */
export function ticketNumberTerm(number: number): string {
  return `#${number}`;
}

export interface ParsedQuery {
  /** The words, folded, in the order typed, duplicates removed (first one kept). */
  readonly terms: readonly string[];
  /**
   * The last word as typed, folded but not plural-folded, when the query does not end with a
   * separator: the one still being typed, matched as a prefix too. Null otherwise.
   */
  readonly prefix: string | null;
  /** Ticket numbers asked for with `#123`. */
  readonly ticketNumbers: readonly number[];
}

const TICKET_REF = /#(\d{1,9})(?![\p{L}\p{N}])/gu;

/** A query as the index reads it. */
export function parseSearchQuery(query: string): ParsedQuery {
  const ticketNumbers: number[] = [];
  const rest = query.replace(TICKET_REF, (_, digits: string) => {
    const number = Number(digits);
    if (number > 0 && !ticketNumbers.includes(number)) ticketNumbers.push(number);
    return ' ';
  });
  const words = [...rest.matchAll(WORD)];
  const terms: string[] = [];
  for (const word of words) {
    const term = termOf(word[0]);
    if (term.length > 0 && !terms.includes(term)) terms.push(term);
  }
  let prefix: string | null = null;
  const last = words[words.length - 1];
  if (last !== undefined && last.index + last[0].length === rest.length) {
    const folded = foldText(last[0]).slice(0, MAX_TERM_LENGTH);
    if (folded.length > 0) prefix = folded;
  }
  return { terms, prefix, ticketNumbers };
}
