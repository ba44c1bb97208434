import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { peekSyncStep1, peekSyncStep2, readRefusalReason, readSavedVector } from './syncMessages';

function vectorOf(entries: [number, number][]): Uint8Array {
  return Y.encodeStateVector(new Map(entries));
}

function decoderOf(write: (encoder: encoding.Encoder) => void): decoding.Decoder {
  const encoder = encoding.createEncoder();
  write(encoder);
  return decoding.createDecoder(encoding.toUint8Array(encoder));
}

describe('sync messages', () => {
  it('reads a saved vector written as a byte array, or bare', () => {
    const bytes = vectorOf([
      [7, 12],
      [1_234_567, 3],
    ]);
    expect(readSavedVector(decoderOf((e) => encoding.writeVarUint8Array(e, bytes)))).toEqual(
      new Map([
        [7, 12],
        [1_234_567, 3],
      ]),
    );
    expect(readSavedVector(decoderOf((e) => encoding.writeUint8Array(e, bytes)))).toEqual(
      new Map([
        [7, 12],
        [1_234_567, 3],
      ]),
    );
  });

  it('reads garbage as nothing instead of throwing', () => {
    expect(readSavedVector(decoderOf((e) => encoding.writeUint8Array(e, new Uint8Array([0xff, 0xff, 0xff]))))).toBeNull();
    expect(readRefusalReason(decoderOf((e) => encoding.writeVarString(e, 'please')))).toBeNull();
    expect(readRefusalReason(decoderOf(() => {}))).toBeNull();
    expect(peekSyncStep1(decoderOf((e) => encoding.writeVarUint(e, 0)))).toBeNull();
  });

  it('reads a refusal reason', () => {
    expect(readRefusalReason(decoderOf((e) => encoding.writeVarString(e, 'invalid_board')))).toBe('invalid_board');
  });

  it('peeks at a sync step 1 without consuming it', () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('a', 1);
    const decoder = decoderOf((e) => {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
    });
    expect(peekSyncStep1(decoder)).toEqual(new Map([[doc.clientID, 1]]));
    expect(decoder.pos).toBe(0);
    const update = decoderOf((e) => {
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc));
    });
    expect(peekSyncStep1(update)).toBeNull();
  });

  it('peeks at a sync step 2’s update without moving the decoder, and only at a step 2', () => {
    const source = new Y.Doc();
    source.getMap('m').set('k', 'v');
    const update = Y.encodeStateAsUpdate(source);
    const step2 = decoderOf((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, update);
    });
    expect(peekSyncStep2(step2)).toEqual(update);
    expect(step2.pos).toBe(0);
    const step1 = decoderOf((e) => {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint8Array(e, Y.encodeStateVector(source));
    });
    expect(peekSyncStep2(step1)).toBeNull();
    // Cut short: the length says more bytes than there are.
    expect(peekSyncStep2(decoderOf((e) => encoding.writeUint8Array(e, new Uint8Array([1, 50, 1, 2]))))).toBeNull();
  });
});
