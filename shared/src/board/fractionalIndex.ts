/**
 * Fractional ranks: the order of tickets inside a stage.
 *
 * Why fractional. A column's order is not an array in the Yjs document: deleting and re-inserting
 * an array element is how concurrent moves duplicate or lose a card. Instead every ticket carries
 * a rank string inside its one `position` value, and a column is its tickets sorted by rank.
 * Moving a ticket writes one value (a new rank strictly between its new neighbours), so two
 * concurrent moves of the same ticket merge as last-writer-wins on that value, never as two cards.
 *
 * Format. Ranks are strings over the 62 base62 digits, ordered by plain JS string comparison
 * ('0'–'9' < 'A'–'Z' < 'a'–'z'; never `localeCompare`). A rank is `key + ticketId + 'V'`:
 *
 * - `key` is a Greenspan order key ("Implementing fractional indexing", the scheme of
 *   rocicorp/fractional-indexing): a variable-length integer part whose head letter encodes its
 *   length ('a0'…'az', 'b00'…; 'Zz', 'Zy'… below zero), then an optional fraction. Appending to
 *   the end of a column increments the integer and prepending decrements it, so ranks grow
 *   logarithmically with the number of appends. (A fraction-only midpoint would grow by one digit
 *   every ~5 appends, and the triage column, which never empties, would reach thousands of
 *   characters within a year.) Inserting between two neighbours takes the digit-wise midpoint of
 *   their fractions, which never ends in the zero digit '0'.
 * - The suffix is the moved ticket's id (16 base62 digits, fixed length) and a terminator 'V'.
 *   Two replicas that move different tickets into the same gap at the same time compute the same
 *   `key`; the suffix keeps their ranks distinct. Because the suffix has a fixed length, equal
 *   ranks imply equal ids, i.e. the same ticket: ranks are unique across the whole board by
 *   construction, whatever the merge. The terminator keeps every rank from ending in '0', which
 *   the midpoint needs of its inputs (the ids are random and may end in '0').
 * - Appending the suffix must not break the order: if `key` were a prefix of the next rank,
 *   `key + suffix` could sort after it, so while the next rank starts with `key` we take another
 *   midpoint between `key` and it. Then `before < key + suffix < after` holds strictly.
 */
import { ID_ALPHABET, ID_LENGTH } from '../ids.js';

/** The base62 digits, in code-unit order. */
export const RANK_DIGITS = ID_ALPHABET;
const ZERO = '0';
/** Closes every rank; any non-zero digit would do. */
export const RANK_TERMINATOR = 'V';
/** Length of the per-ticket suffix: the ticket id plus the terminator. */
export const RANK_SUFFIX_LENGTH = ID_LENGTH + 1;
/** The order key of the first ticket in an empty column. */
const INTEGER_ZERO = 'a0';

const base62 = /^[0-9A-Za-z]+$/;
const ticketIdShape = new RegExp(`^[0-9A-Za-z]{${ID_LENGTH}}$`);

function digitValue(ch: string | undefined): number {
  return ch === undefined ? -1 : RANK_DIGITS.indexOf(ch);
}

function digitAt(value: number): string {
  const ch = RANK_DIGITS[value];
  if (ch === undefined) throw new RangeError(`no base62 digit ${value}`);
  return ch;
}

/** Plain code-unit comparison, the only order ranks have. */
export function compareRanks(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A fraction strictly between `a` and `b` (`b === null` means "no upper bound"), as digit strings
 * read as base62 fractions. Neither input may end in '0'; neither does the result.
 */
export function midpoint(a: string, b: string | null): string {
  if (b !== null && a >= b) throw new RangeError(`midpoint: ${a} >= ${b}`);
  if (a.endsWith(ZERO) || (b !== null && b.endsWith(ZERO))) {
    throw new RangeError('midpoint: inputs must not end in the zero digit');
  }
  if (b !== null) {
    // Keep the common prefix (reading a missing digit of `a` as zero) and recurse past it.
    let n = 0;
    while ((a[n] ?? ZERO) === b[n]) n++;
    if (n > 0) return b.slice(0, n) + midpoint(a.slice(n), b.slice(n));
  }
  const digitA = a === '' ? 0 : digitValue(a[0]);
  const digitB = b === null ? RANK_DIGITS.length : digitValue(b[0]);
  if (digitB - digitA > 1) return digitAt(Math.round((digitA + digitB) / 2));
  // The first digits are consecutive.
  if (b !== null && b.length > 1) return b.slice(0, 1);
  return digitAt(digitA) + midpoint(a.slice(1), null);
}

function integerLength(head: string | undefined): number | null {
  if (head === undefined) return null;
  if (head >= 'a' && head <= 'z') return head.charCodeAt(0) - 'a'.charCodeAt(0) + 2;
  if (head >= 'A' && head <= 'Z') return 'Z'.charCodeAt(0) - head.charCodeAt(0) + 2;
  return null;
}

function integerPart(key: string): string {
  const length = integerLength(key[0]);
  if (length === null || length > key.length) throw new RangeError(`invalid order key: ${key}`);
  return key.slice(0, length);
}

/** The next integer, or null past the largest one ('z' followed by 26 'z's). */
function incrementInteger(integer: string): string | null {
  const head = integer.slice(0, 1);
  const digits = integer.slice(1).split('');
  let carry = true;
  for (let i = digits.length - 1; carry && i >= 0; i--) {
    const d = digitValue(digits[i]) + 1;
    if (d === RANK_DIGITS.length) digits[i] = ZERO;
    else {
      digits[i] = digitAt(d);
      carry = false;
    }
  }
  if (!carry) return head + digits.join('');
  if (head === 'Z') return INTEGER_ZERO;
  if (head === 'z') return null;
  const next = String.fromCharCode(head.charCodeAt(0) + 1);
  if (next > 'a') digits.push(ZERO);
  else digits.pop();
  return next + digits.join('');
}

/** The previous integer, or null below the smallest one ('A' followed by 26 zeros). */
function decrementInteger(integer: string): string | null {
  const head = integer.slice(0, 1);
  const digits = integer.slice(1).split('');
  const top = digitAt(RANK_DIGITS.length - 1);
  let borrow = true;
  for (let i = digits.length - 1; borrow && i >= 0; i--) {
    const d = digitValue(digits[i]) - 1;
    if (d === -1) digits[i] = top;
    else {
      digits[i] = digitAt(d);
      borrow = false;
    }
  }
  if (!borrow) return head + digits.join('');
  if (head === 'a') return `Z${top}`;
  if (head === 'A') return null;
  const previous = String.fromCharCode(head.charCodeAt(0) - 1);
  if (previous < 'Z') digits.push(top);
  else digits.pop();
  return previous + digits.join('');
}

/**
 * A Greenspan order key strictly between `a` and `b` (null = open end). Appends and prepends
 * move the integer part; only insertions between two neighbours with the same integer part use
 * the fraction midpoint.
 */
export function keyBetween(a: string | null, b: string | null): string {
  if (a !== null && b !== null && a >= b) throw new RangeError(`keyBetween: ${a} >= ${b}`);
  if (a === null) {
    if (b === null) return INTEGER_ZERO;
    const ib = integerPart(b);
    const previous = decrementInteger(ib);
    if (previous !== null) return previous;
    return ib + midpoint('', b.slice(ib.length));
  }
  const ia = integerPart(a);
  const fa = a.slice(ia.length);
  if (b === null) return incrementInteger(ia) ?? ia + midpoint(fa, null);
  const ib = integerPart(b);
  if (ia === ib) return ia + midpoint(fa, b.slice(ib.length));
  const next = incrementInteger(ia);
  if (next !== null && next < b) return next;
  return ia + midpoint(fa, null);
}

/** The suffix that makes a rank belong to one ticket. */
export function rankSuffix(ticketId: string): string {
  return ticketId + RANK_TERMINATOR;
}

/**
 * A rank for `ticketId` strictly between `before` and `after` (null = column end), both ranks
 * of other tickets. Deterministic: the same neighbours and ticket give the same rank.
 */
export function rankBetween(before: string | null, after: string | null, ticketId: string): string {
  if (!ticketIdShape.test(ticketId)) throw new RangeError(`rankBetween: invalid ticket id ${ticketId}`);
  for (const rank of [before, after]) {
    if (rank !== null && !isWellFormedRank(rank)) throw new RangeError(`rankBetween: invalid rank ${rank}`);
  }
  if (before !== null && after !== null && before >= after) {
    throw new RangeError(`rankBetween: ${before} is not before ${after}`);
  }
  let key = keyBetween(before, after);
  while (after !== null && after.startsWith(key)) key = keyBetween(key, after);
  return key + rankSuffix(ticketId);
}

/**
 * Whether `rank` has the shape every writer produces: base62, a complete integer part before the
 * suffix, ending in some ticket's suffix (so it never ends in '0').
 */
export function isWellFormedRank(rank: string): boolean {
  if (rank.length <= RANK_SUFFIX_LENGTH || !base62.test(rank)) return false;
  if (!rank.endsWith(RANK_TERMINATOR)) return false;
  const length = integerLength(rank[0]);
  return length !== null && length <= rank.length - RANK_SUFFIX_LENGTH;
}

/** Whether `rank` is well formed and belongs to `ticketId`. */
export function isRankOf(rank: string, ticketId: string): boolean {
  return isWellFormedRank(rank) && rank.endsWith(rankSuffix(ticketId));
}
