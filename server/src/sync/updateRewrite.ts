/**
 * Writes a Yjs update (V1, the y-websocket wire format) back from its decoded parts, with a
 * different delete set: what the update gate applies instead of an update whose deletions the
 * live document mostly has already (`deletedRanges.ts`) — so neither the scratch copy nor the
 * live document walks structs that are long deleted.
 *
 * The structs are written exactly as decoded (`Item.write` handles the parent-as-name or
 * parent-as-id forms of a decoded update, as `Y.mergeUpdates` relies on), one group per client
 * in the order they came; the gate has refused updates that list a client twice (Yjs itself
 * would read only the last group, `Y.decodeUpdate` both).
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export type DecodedStruct = Y.Item | Y.GC | Y.Skip;

/** `[start, end)` clock ranges to delete, per client. */
export type DeleteRanges = ReadonlyMap<number, readonly (readonly [number, number])[]>;

export function encodeUpdate(structs: readonly DecodedStruct[], deletions: DeleteRanges): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  const groups: DecodedStruct[][] = [];
  for (const struct of structs) {
    const last = groups.at(-1);
    if (last !== undefined && (last[0] as DecodedStruct).id.client === struct.id.client) last.push(struct);
    else groups.push([struct]);
  }
  encoding.writeVarUint(encoder.restEncoder, groups.length);
  for (const group of groups) {
    const first = group[0] as DecodedStruct;
    encoding.writeVarUint(encoder.restEncoder, group.length);
    encoder.writeClient(first.id.client);
    encoding.writeVarUint(encoder.restEncoder, first.id.clock);
    for (const struct of group) struct.write(encoder, 0);
  }
  const clients = [...deletions].filter(([, ranges]) => ranges.length > 0);
  encoding.writeVarUint(encoder.restEncoder, clients.length);
  for (const [client, ranges] of clients) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const [start, end] of ranges) {
      encoder.writeDsClock(start);
      encoder.writeDsLen(end - start);
    }
  }
  return encoder.toUint8Array();
}
