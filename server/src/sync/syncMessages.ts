/**
 * The frames of `/sync/<boardId>` (`@fluxo/shared/sync/protocol`), read and written here only.
 *
 * Reading is strict and never trusts a length it was given: every byte array read must lie
 * inside the frame (lib0's own `readVarUint8Array` would happily return a view past the end of
 * a pooled buffer), and anything that does not parse throws `SyncProtocolError`, which the
 * connection turns into `CLOSE_PROTOCOL_ERROR`. Parsing a Yjs update or an awareness entry's
 * JSON is not done here: those have their own refusal paths (`MESSAGE_REFUSED`, dropped entry).
 *
 * Incoming (client → server):
 *
 *     MESSAGE_SYNC  varUint syncType(0 step1 | 1 step2 | 2 update)  varUint8Array payload
 *     MESSAGE_AWARENESS  varUint8Array awarenessUpdate
 *     MESSAGE_QUERY_AWARENESS  (nothing)
 *
 * Outgoing adds `MESSAGE_SAVED` (a state vector) and `MESSAGE_REFUSED` (a varString reason).
 */
import {
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_REFUSED,
  MESSAGE_SAVED,
  MESSAGE_SYNC,
  type RefusalReason,
} from '@fluxo/shared/sync/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** y-protocols sync message types, inside `MESSAGE_SYNC`. */
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

export class SyncProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncProtocolError';
  }
}

export type IncomingMessage =
  | { readonly type: 'sync-step1'; readonly stateVector: Uint8Array }
  | { readonly type: 'sync-step2' | 'sync-update'; readonly update: Uint8Array }
  | { readonly type: 'awareness'; readonly update: Uint8Array }
  | { readonly type: 'query-awareness' };

function readUint(decoder: decoding.Decoder): number {
  try {
    return decoding.readVarUint(decoder);
  } catch {
    throw new SyncProtocolError('truncated or oversized integer');
  }
}

/** A varUint-prefixed byte array that lies entirely inside the frame (a view, not a copy). */
function readBytes(decoder: decoding.Decoder): Uint8Array {
  const length = readUint(decoder);
  const end = decoder.pos + length;
  if (end > decoder.arr.length) throw new SyncProtocolError('a length runs past the end of the frame');
  const bytes = decoder.arr.subarray(decoder.pos, end);
  decoder.pos = end;
  return bytes;
}

function expectEnd(decoder: decoding.Decoder): void {
  if (decoding.hasContent(decoder)) throw new SyncProtocolError('trailing bytes after the message');
}

/** Parses one frame from a client. Throws `SyncProtocolError`. */
export function readIncomingMessage(frame: Uint8Array): IncomingMessage {
  const decoder = decoding.createDecoder(frame);
  const messageType = readUint(decoder);
  switch (messageType) {
    case MESSAGE_SYNC: {
      const syncType = readUint(decoder);
      const payload = readBytes(decoder);
      expectEnd(decoder);
      if (syncType === SYNC_STEP1) return { type: 'sync-step1', stateVector: payload };
      if (syncType === SYNC_STEP2) return { type: 'sync-step2', update: payload };
      if (syncType === SYNC_UPDATE) return { type: 'sync-update', update: payload };
      throw new SyncProtocolError(`unknown sync message type ${syncType}`);
    }
    case MESSAGE_AWARENESS: {
      const update = readBytes(decoder);
      expectEnd(decoder);
      return { type: 'awareness', update };
    }
    case MESSAGE_QUERY_AWARENESS:
      expectEnd(decoder);
      return { type: 'query-awareness' };
    default:
      throw new SyncProtocolError(`unknown message type ${messageType}`);
  }
}

export function syncStep1Message(stateVector: Uint8Array): Uint8Array {
  return syncMessage(SYNC_STEP1, stateVector);
}

export function syncStep2Message(update: Uint8Array): Uint8Array {
  return syncMessage(SYNC_STEP2, update);
}

export function syncUpdateMessage(update: Uint8Array): Uint8Array {
  return syncMessage(SYNC_UPDATE, update);
}

function syncMessage(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export function awarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessUpdate);
  return encoding.toUint8Array(encoder);
}

/**
 * `MESSAGE_SAVED`: a Yjs state vector (`Y.encodeStateVector` layout: count, then client/clock
 * pairs) of the given clocks. A change (client, clock) is on disk when `clock < saved[client]`.
 */
export function savedMessage(clocks: ReadonlyMap<number, number>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SAVED);
  encoding.writeVarUint(encoder, clocks.size);
  for (const [client, clock] of clocks) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  return encoding.toUint8Array(encoder);
}

/** `MESSAGE_REFUSED`: the reason, a varString. */
export function refusedMessage(reason: RefusalReason): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_REFUSED);
  encoding.writeVarString(encoder, reason);
  return encoding.toUint8Array(encoder);
}

/** One entry of a y-protocols awareness update. `state` is the JSON text, not parsed. */
export interface AwarenessEntry {
  readonly clientId: number;
  readonly clock: number;
  readonly state: string;
}

/** The entries of an awareness update (`encodeAwarenessUpdate` layout). Throws `SyncProtocolError`. */
export function readAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = readUint(decoder);
  const entries: AwarenessEntry[] = [];
  const text = new TextDecoder('utf-8', { fatal: true });
  for (let i = 0; i < count; i++) {
    const clientId = readUint(decoder);
    const clock = readUint(decoder);
    let state: string;
    try {
      state = text.decode(readBytes(decoder));
    } catch (error) {
      if (error instanceof SyncProtocolError) throw error;
      throw new SyncProtocolError('an awareness state is not UTF-8');
    }
    entries.push({ clientId, clock, state });
  }
  expectEnd(decoder);
  return entries;
}

/** An awareness update of `entries` (the state JSON written as given). */
export function encodeAwarenessEntries(entries: Iterable<AwarenessEntry>): Uint8Array {
  const list = [...entries];
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, list.length);
  for (const entry of list) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return encoding.toUint8Array(encoder);
}
