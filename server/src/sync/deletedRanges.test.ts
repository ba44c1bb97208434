/**
 * The deleted-range index: `missing` against a brute-force model, and the index following a
 * document being edited by several replicas (it must never claim a range that is not deleted).
 */
import { Prng } from '@fluxo/shared/board/testing/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DeletedRanges } from './deletedRanges.js';

/** The deleted clocks of `client` in `doc`, as a set. */
function deletedClocks(doc: Y.Doc, client: number): Set<number> {
  const clocks = new Set<number>();
  for (const item of Y.createDeleteSetFromStructStore(doc.store).clients.get(client) ?? []) {
    for (let clock = item.clock; clock < item.clock + item.len; clock++) clocks.add(clock);
  }
  return clocks;
}

describe('DeletedRanges', () => {
  it('answers which parts of a range are not known deleted, merging what it learns', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'abcdefghijklmnopqrst'); // clocks 0..19 of doc.clientID
    const ranges = new DeletedRanges(doc);
    const me = doc.clientID;
    text.delete(19, 1); // before first use: read from the struct store then
    expect(ranges.missing(me, 0, 20)).toEqual([[0, 19]]);
    text.delete(2, 3); // 2..4
    text.delete(5, 2); // "fg" was at index 5..6 after the first delete: clocks 8..9
    expect(ranges.rangesOf(me)).toEqual([
      [2, 5],
      [8, 10],
      [19, 20],
    ]);
    expect(ranges.missing(me, 0, 20)).toEqual([
      [0, 2],
      [5, 8],
      [10, 19],
    ]);
    expect(ranges.missing(me, 2, 3)).toEqual([]);
    expect(ranges.missing(me, 3, 1)).toEqual([]);
    expect(ranges.missing(me, 4, 5)).toEqual([[5, 8]]);
    expect(ranges.missing(me, 0, 0)).toEqual([]);
    expect(ranges.missing(12345, 0, 3)).toEqual([[0, 3]]);
    text.delete(2, 3); // clocks 5..7: joins the two ranges
    expect(ranges.rangesOf(me)).toEqual([
      [2, 10],
      [19, 20],
    ]);
    ranges.dispose(); // forgets everything: claims nothing any more
    text.delete(0, 1);
    expect(ranges.rangesOf(me)).toEqual([]);
    expect(ranges.missing(me, 0, 3)).toEqual([[0, 3]]);
  });

  it('reads the deletions of a loaded document and follows every later one, from any replica', () => {
    const prng = new Prng(11);
    const replicas = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
    const server = new Y.Doc();
    const sync = () => {
      for (const doc of replicas) Y.applyUpdate(server, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(server)));
      for (const doc of replicas) Y.applyUpdate(doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)));
    };
    const edit = (rounds: number) => {
      for (let i = 0; i < rounds; i++) {
        const text = prng.pick(replicas).getText('t');
        if (text.length > 0 && prng.bool(0.45)) {
          const index = prng.int(0, text.length - 1);
          text.delete(index, prng.int(1, Math.min(4, text.length - index)));
        } else text.insert(prng.int(0, text.length), prng.string(prng.int(1, 5)));
        if (prng.bool(0.3)) sync();
      }
      sync();
    };
    edit(150);
    const ranges = new DeletedRanges(server);
    expect(ranges.rangesOf(0)).toEqual([]); // first use: reads the 150 rounds, then follows
    edit(300);
    const clients = [...server.store.clients.keys()];
    for (const client of clients) {
      const deleted = deletedClocks(server, client);
      const state = Y.getState(server.store, client);
      // Every clock it calls deleted is deleted, and (transactions report them all) vice versa.
      const held = new Set<number>();
      for (const [start, end] of ranges.rangesOf(client)) for (let c = start; c < end; c++) held.add(c);
      expect(held).toEqual(deleted);
      // `missing` agrees with the model on random ranges.
      for (let i = 0; i < 50; i++) {
        const clock = prng.int(0, state);
        const length = prng.int(0, state - clock + 3);
        const expected: [number, number][] = [];
        for (let c = clock; c < clock + length; c++) {
          if (deleted.has(c)) continue;
          const last = expected.at(-1);
          if (last !== undefined && last[1] === c) last[1] = c + 1;
          else expected.push([c, c + 1]);
        }
        expect(ranges.missing(client, clock, length)).toEqual(expected);
      }
    }
  });
});
