/**
 * Decoding Fluxo's own sync messages (`shared/src/sync/protocol.ts`) and peeking at the
 * server's sync step 1. Input from the network: nothing here throws; a message that does not
 * decode reads as null and is ignored by the caller.
 *
 * `MESSAGE_SAVED`'s payload is a state vector written as a length-prefixed byte array
 * (`writeVarUint8Array`, as y-protocols writes its own payloads); a payload written bare (the
 * encoded vector as the rest of the message) is accepted too.
 */
import { isRefusalReason, type RefusalReason } from '@fluxo/shared/sync/protocol';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;

function decodeVector(bytes: Uint8Array): Map<number, number> | null {
  try {
    const vector = Y.decodeStateVector(bytes);
    for (const [client, clock] of vector) {
      if (!Number.isSafeInteger(client) || !Number.isSafeInteger(clock) || clock < 0) return null;
    }
    return vector;
  } catch {
    return null;
  }
}

/** The state vector of a `MESSAGE_SAVED` (the message type already read). */
export function readSavedVector(decoder: decoding.Decoder): Map<number, number> | null {
  const start = decoder.pos;
  try {
    const prefixed = decoding.readVarUint8Array(decoder);
    if (!decoding.hasContent(decoder)) {
      const vector = decodeVector(prefixed);
      if (vector !== null) return vector;
    }
  } catch {
    // Not length-prefixed: try the bare form below.
  }
  decoder.pos = start;
  return decodeVector(decoding.readTailAsUint8Array(decoder));
}

/** The reason of a `MESSAGE_REFUSED` (the message type already read); null if unreadable. */
export function readRefusalReason(decoder: decoding.Decoder): RefusalReason | null {
  try {
    const reason = decoding.readVarString(decoder);
    return isRefusalReason(reason) ? reason : null;
  } catch {
    return null;
  }
}

/**
 * If a sync message (the message type already read) is a sync step 1, the sender's state
 * vector; otherwise null. Reads from a copy: the decoder is left where it was.
 */
export function peekSyncStep1(decoder: decoding.Decoder): Map<number, number> | null {
  try {
    const copy = decoding.clone(decoder);
    if (decoding.readVarUint(copy) !== SYNC_STEP_1) return null;
    return decodeVector(decoding.readVarUint8Array(copy));
  } catch {
    return null;
  }
}

/**
 * If a sync message (the message type already read) is a sync step 2, its update payload (a
 * view into the message, not a copy); otherwise null. Reads from a copy: the decoder is left
 * where it was. Whether the payload is a valid update is for `Y.applyUpdate` to say.
 */
export function peekSyncStep2(decoder: decoding.Decoder): Uint8Array | null {
  try {
    const copy = decoding.clone(decoder);
    if (decoding.readVarUint(copy) !== SYNC_STEP_2) return null;
    return decoding.readVarUint8Array(copy);
  } catch {
    return null;
  }
}
