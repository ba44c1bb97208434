/**
 * Which clock ranges of a live board document are deleted, per Yjs client, kept current as the
 * document changes — so the update gate can tell in O(log n) that a deletion an update carries
 * is one the document already has, and skip it instead of walking the structs it covers.
 *
 * Why: Yjs cannot know which deletions a peer lacks, so every sync step 2 carries the sender's
 * whole delete set; a reconnecting tab on an old board sends thousands of ranges the server
 * applied long ago. Walking the live structs under each of them (as the gate and
 * `Y.applyUpdate` would) costs the board's deletion history on every reconnect.
 *
 * Invariant — sound, not complete: every range held here is deleted in the document (Yjs
 * deletions are permanent, and the ranges come from the document's own struct store at load and
 * from each transaction's delete set afterwards). A deleted range missing from here (e.g. a GC
 * struct that arrived in an update, which Yjs does not put in the transaction's delete set) only
 * costs a walk; a range held here that is not deleted would drop a real deletion, so nothing
 * else adds to it.
 *
 * Storage: per client, a flat sorted array `[start0, end0, start1, end1, …]` of disjoint,
 * non-touching half-open ranges. Built on first use (one pass over the struct store, so a board
 * that only loads and is read pays nothing), then kept current per transaction.
 */
import * as Y from 'yjs';

export class DeletedRanges {
  readonly #clients = new Map<number, number[]>();
  readonly #doc: Y.Doc;
  #following = false;
  readonly #listener = (transaction: Y.Transaction): void => {
    for (const [client, items] of transaction.deleteSet.clients) {
      for (const item of items) this.#add(client, item.clock, item.clock + item.len);
    }
  };

  /** On first use, reads `doc`'s deletions (once, O(structs)) and follows every later transaction. */
  constructor(doc: Y.Doc) {
    this.#doc = doc;
  }

  #follow(): void {
    if (this.#following) return;
    this.#following = true;
    for (const [client, items] of Y.createDeleteSetFromStructStore(this.#doc.store).clients) {
      for (const item of items) this.#add(client, item.clock, item.clock + item.len);
    }
    this.#doc.on('afterTransaction', this.#listener);
  }

  /** Stops following the document (and forgets it). */
  dispose(): void {
    this.#doc.off('afterTransaction', this.#listener);
    this.#clients.clear();
    this.#following = true;
  }

  /** Ranges held for `client` (tests). */
  rangesOf(client: number): [number, number][] {
    this.#follow();
    const flat = this.#clients.get(client) ?? [];
    const ranges: [number, number][] = [];
    for (let i = 0; i < flat.length; i += 2) ranges.push([flat[i] as number, flat[i + 1] as number]);
    return ranges;
  }

  /**
   * The parts of `[clock, clock + length)` of `client` not known to be deleted, in order, as
   * `[start, end)` pairs; empty when the whole range is already deleted.
   */
  missing(client: number, clock: number, length: number): [number, number][] {
    const end = clock + length;
    if (length <= 0) return [];
    this.#follow();
    const flat = this.#clients.get(client);
    if (flat === undefined) return [[clock, end]];
    const out: [number, number][] = [];
    let cursor = clock;
    for (let i = firstEndingAfter(flat, clock); i < flat.length && cursor < end; i += 2) {
      const start = flat[i] as number;
      const stop = flat[i + 1] as number;
      if (start >= end) break;
      if (start > cursor) out.push([cursor, start]);
      cursor = Math.max(cursor, stop);
    }
    if (cursor < end) out.push([cursor, end]);
    return out;
  }

  #add(client: number, start: number, end: number): void {
    if (end <= start) return;
    let flat = this.#clients.get(client);
    if (flat === undefined) {
      flat = [];
      this.#clients.set(client, flat);
    }
    // The first range that ends at or after `start` (touching ranges merge).
    const i = firstEndingAfter(flat, start - 1);
    let j = i;
    let mergedStart = start;
    let mergedEnd = end;
    while (j < flat.length && (flat[j] as number) <= end) {
      mergedStart = Math.min(mergedStart, flat[j] as number);
      mergedEnd = Math.max(mergedEnd, flat[j + 1] as number);
      j += 2;
    }
    flat.splice(i, j - i, mergedStart, mergedEnd);
  }
}

/** Index (even) of the first range whose end is greater than `clock`; `flat.length` if none. */
function firstEndingAfter(flat: readonly number[], clock: number): number {
  let low = 0;
  let high = flat.length / 2;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((flat[mid * 2 + 1] as number) > clock) high = mid;
    else low = mid + 1;
  }
  return low * 2;
}
