import { describe, expect, it } from 'vitest';
import {
  RANK_SUFFIX_LENGTH,
  isRankOf,
  isWellFormedRank,
  keyBetween,
  midpoint,
  rankBetween,
  rankSuffix,
} from './fractionalIndex.js';
import { Prng } from './testing/prng.js';

const ID_A = 'AAAAAAAAAAAAAAAA';
const ID_B = 'BBBBBBBBBBBBBBBB';

describe('midpoint', () => {
  it('halves the digit range and never ends in the zero digit', () => {
    expect(midpoint('', null)).toBe('V');
    expect(midpoint('V', null)).toBe('l');
    expect(midpoint('1', '2')).toBe('1V');
    expect(midpoint('', '1')).toBe('0V');
    expect(midpoint('001', '001002')).toBe('001001');
    expect(midpoint('a', 'b')).toBe('aV');
  });

  it('refuses unordered inputs and inputs ending in zero', () => {
    expect(() => midpoint('b', 'a')).toThrow(RangeError);
    expect(() => midpoint('a', 'a')).toThrow(RangeError);
    expect(() => midpoint('a0', 'b')).toThrow(RangeError);
    expect(() => midpoint('', 'b0')).toThrow(RangeError);
  });
});

describe('keyBetween (Greenspan order keys)', () => {
  it('moves the integer part at the ends and the fraction in between', () => {
    expect(keyBetween(null, null)).toBe('a0');
    expect(keyBetween('a0', null)).toBe('a1');
    expect(keyBetween('az', null)).toBe('b00');
    expect(keyBetween('Zz', null)).toBe('a0');
    expect(keyBetween(null, 'a0')).toBe('Zz');
    expect(keyBetween(null, 'b00')).toBe('az');
    expect(keyBetween(null, 'a0V')).toBe('Zz');
    expect(keyBetween('a0', 'a1')).toBe('a0V');
    expect(keyBetween('a0V', 'a1')).toBe('a0l');
    expect(keyBetween('a0', 'a2')).toBe('a1');
    expect(keyBetween('Zz', 'a0V')).toBe('a0');
  });
});

describe('rankBetween', () => {
  it('gives the first ticket of a column a short rank ending with its suffix', () => {
    const rank = rankBetween(null, null, ID_A);
    expect(rank).toBe(`a0${ID_A}V`);
    expect(isRankOf(rank, ID_A)).toBe(true);
    expect(isRankOf(rank, ID_B)).toBe(false);
  });

  it('keeps the suffix from overtaking the next rank', () => {
    // The key between 'a0…' and 'a1…' would be 'a1', a prefix of the next rank: 'a1' + suffix
    // could sort after it, so the key goes one level deeper.
    const before = `a0${ID_A}V`;
    const after = `a1${'0'.repeat(16)}V`;
    const rank = rankBetween(before, after, ID_B);
    expect(before < rank && rank < after).toBe(true);
    expect(after.startsWith(rank.slice(0, -RANK_SUFFIX_LENGTH))).toBe(false);
  });

  it('separates two tickets dropped into the same gap at the same time', () => {
    const before = rankBetween(null, null, ID_A);
    const after = rankBetween(before, null, 'CCCCCCCCCCCCCCCC');
    const x = rankBetween(before, after, 'xxxxxxxxxxxxxxxx');
    const y = rankBetween(before, after, 'yyyyyyyyyyyyyyyy');
    expect(x).not.toBe(y);
    for (const r of [x, y]) expect(before < r && r < after).toBe(true);
  });

  it('refuses neighbours out of order, malformed ranks and bad ids', () => {
    const a = rankBetween(null, null, ID_A);
    const b = rankBetween(a, null, ID_B);
    expect(() => rankBetween(b, a, 'CCCCCCCCCCCCCCCC')).toThrow(RangeError);
    expect(() => rankBetween(a, a, 'CCCCCCCCCCCCCCCC')).toThrow(RangeError);
    expect(() => rankBetween('a0', null, ID_A)).toThrow(RangeError);
    expect(() => rankBetween(null, null, 'short')).toThrow(RangeError);
  });

  it('grows logarithmically when appending or prepending', () => {
    let last: string | null = null;
    for (let i = 0; i < 5000; i++) last = rankBetween(last, null, ID_A);
    expect(last?.length).toBeLessThanOrEqual(4 + RANK_SUFFIX_LENGTH);
    let first: string | null = null;
    for (let i = 0; i < 5000; i++) first = rankBetween(null, first, ID_B);
    expect(first?.length).toBeLessThanOrEqual(4 + RANK_SUFFIX_LENGTH);
  });

  it('grows by at most one digit per four insertions into the same gap', () => {
    const low = rankBetween(null, null, ID_A);
    let high = rankBetween(low, null, ID_B);
    const prng = new Prng(7);
    for (let i = 0; i < 300; i++) high = rankBetween(low, high, prng.id());
    expect(high.length).toBeLessThan(2 + 300 / 4 + RANK_SUFFIX_LENGTH);
  });
});

describe('rank validation', () => {
  it('accepts what writers produce and nothing else', () => {
    expect(isWellFormedRank(`a0${ID_A}V`)).toBe(true);
    expect(isWellFormedRank(`Zz${ID_A}V`)).toBe(true);
    expect(isWellFormedRank(`a0${ID_A}`)).toBe(false);
    expect(isWellFormedRank(`${ID_A}V`)).toBe(false);
    expect(isWellFormedRank(`0a${ID_A}V`)).toBe(false);
    expect(isWellFormedRank(`b0${ID_A}V`)).toBe(false);
    expect(isWellFormedRank(`a-${ID_A}V`)).toBe(false);
    expect(rankSuffix(ID_A)).toHaveLength(RANK_SUFFIX_LENGTH);
  });
});

describe('rankBetween, property-style', () => {
  it('keeps any random sequence of insertions strictly ordered, unique and zero-free', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const prng = new Prng(seed);
      // The column as the writer intends it; ranks must sort into exactly this order.
      const column: { id: string; rank: string }[] = [];
      for (let step = 0; step < 150; step++) {
        const id = prng.id();
        const at = prng.int(0, column.length);
        const before = column[at - 1]?.rank ?? null;
        const after = column[at]?.rank ?? null;
        const rank = rankBetween(before, after, id);
        const context = `seed ${seed} step ${step}: ${before} < ${rank} < ${after}`;
        expect(before === null || before < rank, context).toBe(true);
        expect(after === null || rank < after, context).toBe(true);
        expect(rank.endsWith('0'), context).toBe(false);
        expect(isRankOf(rank, id), context).toBe(true);
        column.splice(at, 0, { id, rank });
      }
      const ranks = column.map((c) => c.rank);
      expect(new Set(ranks).size).toBe(ranks.length);
      expect([...ranks].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(ranks);
    }
  });

  it('gives concurrent writers into one gap distinct ranks, all inside the gap', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const prng = new Prng(seed);
      let low: string | null = null;
      let high: string | null = null;
      const size = prng.int(0, 3);
      for (let i = 0; i < size; i++) low = rankBetween(low, null, prng.id());
      if (prng.bool()) high = rankBetween(low, null, prng.id());
      const ranks = Array.from({ length: prng.int(2, 8) }, () => rankBetween(low, high, prng.id()));
      expect(new Set(ranks).size, `seed ${seed}`).toBe(ranks.length);
      for (const rank of ranks) {
        expect(low === null || low < rank, `seed ${seed}`).toBe(true);
        expect(high === null || rank < high, `seed ${seed}`).toBe(true);
      }
    }
  });
});
