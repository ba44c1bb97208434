/**
 * A tiny seeded PRNG for deterministic randomised tests (mulberry32: 32-bit state, good enough
 * spread for fuzzing, and the same sequence on every platform). Test support only; not exported
 * from the package.
 */
import { ID_ALPHABET, ID_LENGTH } from '../../ids.js';

export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  bool(probability = 0.5): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** A random element, or undefined for an empty list. */
  maybePick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[Math.floor(this.next() * items.length)];
  }

  /** A base62 id of the project's id length, drawn from this generator. */
  id(): string {
    let out = '';
    for (let i = 0; i < ID_LENGTH; i++) out += ID_ALPHABET[this.int(0, ID_ALPHABET.length - 1)];
    return out;
  }

  /** A string of `length` characters from `alphabet`. */
  string(length: number, alphabet = 'abcdefghij klmnopqrstuvwxyzçãé'): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(0, alphabet.length - 1)];
    return out;
  }
}
