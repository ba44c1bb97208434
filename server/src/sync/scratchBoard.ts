/**
 * A scratch copy of the part of a live board an incoming update can touch, so the update can be
 * tried on it and judged before the live document sees it (`updateGate.ts`).
 *
 * Why not copy the whole document: a 10,000-ticket board is megabytes of Yjs structs, and the
 * server judges every keystroke. Why not apply to the live document and roll back: Yjs has no
 * rollback, and undoing would leave the refused items in the document and on the wire.
 *
 * How it stays exact. Every Yjs item names its neighbours (`origin`, `rightOrigin`) and its
 * parent, and neighbours always share the parent; so the items of one ticket — the chain of
 * values of its key in the `tickets` map, and everything under them — only ever refer to each
 * other. The copy holds, for the chosen tickets and the `meta` map, the very structs of the live
 * document (written with `Item.write`, as `Y.encodeStateAsUpdate` writes them, deletions
 * included), and fills every other clock range of each client with a `GC` struct of the same
 * length. The copy therefore has the live document's state vector, and the chosen tickets
 * integrate to the same state as in the live document; an update whose items refer only to
 * those tickets integrates into the copy exactly as it would into the live document. The cost is
 * the size of the chosen tickets plus the number of clients named, not the size of the board.
 */
import { META_MAP, TICKETS_MAP } from '@fluxo/shared/board/index';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** What a Yjs item belongs to, as far as the board layout is concerned. */
export type BoardPart =
  | { readonly kind: 'ticket'; readonly key: string }
  | { readonly kind: 'meta' }
  /** A root other than `tickets`/`meta`, or list content in one of them: never valid. */
  | { readonly kind: 'root'; readonly name: string }
  /** Garbage-collected space: an item placed there is discarded by Yjs. */
  | { readonly kind: 'none' };

const NONE: BoardPart = { kind: 'none' };
/** The guid of every scratch copy (never synced, never stored: only the gate reads it). */
export const SCRATCH_GUID = 'fluxo-scratch';
const META: BoardPart = { kind: 'meta' };

/** The part of the board a live item sits in (walks up at most a few levels). */
export function livePartOf(doc: Y.Doc, item: Y.Item): BoardPart {
  let current = item;
  for (;;) {
    const parent = current.parent;
    if (!(parent instanceof Y.AbstractType)) return NONE;
    const parentItem: Y.Item | null = parent._item;
    if (parentItem === null) return rootPart(doc, parent, current.parentSub);
    current = parentItem;
  }
}

/** The part an item whose parent is the root `type` falls into. */
function rootPart(doc: Y.Doc, type: Y.AbstractType<unknown>, parentSub: string | null): BoardPart {
  if (type === doc.share.get(TICKETS_MAP)) {
    return parentSub === null ? { kind: 'root', name: TICKETS_MAP } : { kind: 'ticket', key: parentSub };
  }
  if (type === doc.share.get(META_MAP)) return parentSub === null ? { kind: 'root', name: META_MAP } : META;
  for (const [name, root] of doc.share) if (root === type) return { kind: 'root', name };
  return NONE;
}

/** The part a root named `name` (an item's parent as written in an update) stands for. */
export function rootNamePart(name: string, parentSub: string | null): BoardPart {
  if (name === TICKETS_MAP && parentSub !== null) return { kind: 'ticket', key: parentSub };
  if (name === META_MAP && parentSub !== null) return META;
  return { kind: 'root', name };
}

/** The live struct holding `id` (the caller checked that the document has it). */
export function liveStruct(doc: Y.Doc, id: Y.ID): Y.Item | Y.GC {
  const structs = doc.store.clients.get(id.client);
  if (structs === undefined) throw new Error(`no structs of client ${id.client}`);
  const struct = structs[Y.findIndexSS(structs, id.clock)];
  if (struct === undefined) throw new Error(`no struct at ${id.client}:${id.clock}`);
  return struct as Y.Item | Y.GC;
}

/** Every live struct overlapping [clock, clock + length) of `client`, in clock order. */
export function* liveStructsIn(doc: Y.Doc, client: number, clock: number, length: number): Generator<Y.Item | Y.GC> {
  const structs = doc.store.clients.get(client);
  if (structs === undefined || length <= 0) return;
  const end = Math.min(clock + length, Y.getState(doc.store, client));
  if (clock >= end) return;
  for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
    const struct = structs[i] as Y.Item | Y.GC;
    if (struct.id.clock >= end) return;
    yield struct;
  }
}

function collectItem(item: Y.Item, into: Set<Y.Item>): void {
  if (into.has(item)) return;
  into.add(item);
  if (item.content instanceof Y.ContentType) collectType(item.content.type, into);
}

/** The item lists of a shared type (a map's key chains, a list's items). */
interface TypeItems {
  readonly _map: Map<string, Y.Item>;
  readonly _start: Y.Item | null;
}

function collectType(type: TypeItems, into: Set<Y.Item>): void {
  for (const last of type._map.values()) {
    for (let item: Y.Item | null = last; item !== null; item = item.left) collectItem(item, into);
  }
  for (let item: Y.Item | null = type._start; item !== null; item = item.right) collectItem(item, into);
}

export interface Scratch {
  readonly doc: Y.Doc;
  /** How many ticket entries were copied (for tests: the cost is per ticket, not per board). */
  readonly tickets: number;
}

/**
 * A fresh document holding the `meta` map and the tickets `keys` of `live` (those it has), with
 * the live state vector for every client in `clients` and every client those tickets involve.
 */
export function scratchCopy(live: Y.Doc, keys: Iterable<string>, clients: Iterable<number>): Scratch {
  const kept = new Set<Y.Item>();
  const tickets = live.share.get(TICKETS_MAP);
  let copied = 0;
  if (tickets !== undefined) {
    for (const key of keys) {
      const last = tickets._map.get(key);
      if (last === undefined) continue;
      copied++;
      for (let item: Y.Item | null = last; item !== null; item = item.left) collectItem(item, kept);
    }
  }
  const meta = live.share.get(META_MAP);
  if (meta !== undefined) collectType(meta, kept);

  const byClient = new Map<number, Y.Item[]>();
  for (const client of clients) byClient.set(client, []);
  for (const item of kept) {
    let list = byClient.get(item.id.client);
    if (list === undefined) {
      list = [];
      byClient.set(item.id.client, list);
    }
    list.push(item);
  }

  const encoder = new Y.UpdateEncoderV1();
  const written: [number, (Y.Item | Y.GC)[]][] = [];
  const deleted = new Map<number, [number, number][]>();
  for (const [client, items] of byClient) {
    const state = Y.getState(live.store, client);
    if (state === 0) continue;
    items.sort((a, b) => a.id.clock - b.id.clock);
    const structs: (Y.Item | Y.GC)[] = [];
    const ranges: [number, number][] = [];
    let cursor = 0;
    for (const item of items) {
      if (item.id.clock > cursor) structs.push(new Y.GC(Y.createID(client, cursor), item.id.clock - cursor));
      structs.push(item);
      if (item.deleted) ranges.push([item.id.clock, item.length]);
      cursor = item.id.clock + item.length;
    }
    if (cursor < state) structs.push(new Y.GC(Y.createID(client, cursor), state - cursor));
    written.push([client, structs]);
    if (ranges.length > 0) deleted.set(client, ranges);
  }

  // The update format of `Y.encodeStateAsUpdate` (V1): clients with their structs from clock 0,
  // then the delete set.
  written.sort((a, b) => b[0] - a[0]);
  encoding.writeVarUint(encoder.restEncoder, written.length);
  for (const [client, structs] of written) {
    encoding.writeVarUint(encoder.restEncoder, structs.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, 0);
    for (const struct of structs) struct.write(encoder, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, deleted.size);
  for (const [client, ranges] of deleted) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const [clock, length] of ranges) {
      encoder.writeDsClock(clock);
      encoder.writeDsLen(length);
    }
  }

  // A fixed guid: the default is a random UUID, 31 calls to the system's random source per
  // document (lib0's uuidv4), paid on every update the gate judges.
  const doc = new Y.Doc({ guid: SCRATCH_GUID });
  // Define the roots as maps first, as the live document has them.
  doc.getMap(TICKETS_MAP);
  doc.getMap(META_MAP);
  Y.applyUpdate(doc, encoder.toUint8Array());
  return { doc, tickets: copied };
}
