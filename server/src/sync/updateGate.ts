/**
 * The gate every Yjs update from a browser passes before it reaches a live board document.
 *
 * `judgeUpdate(live, update, author)` leaves `live` untouched and answers either "accepted",
 * with the plain state of every ticket the update touches before and after it, or "refused"
 * with a `RefusalReason`:
 *
 * - `malformed`: the bytes do not decode as a Yjs update (or Yjs throws applying them), or they
 *   hold what no Yjs client writes: a struct of length 0 (Yjs would file it at a clock it does
 *   not advance, where the gate cannot see it), a clock past `MAX_CLOCK`, a client listed twice;
 *   an item naming a root other than `tickets`/`meta` is `invalid_board`, even one the server
 *   already has (Yjs creates the named root while decoding, before skipping known items);
 * - `incomplete`: the update needs structs or deletions the server does not have (Yjs would keep
 *   it pending, and a board with pending parts cannot be judged or shown) — an item the server
 *   already has included, since Yjs resolves its references too;
 * - `foreign_replica`: `options.checkReplicas` refused the Yjs client ids the update adds
 *   structs under (the room binds each id to one person, `replicaBinding.ts`);
 * - `invalid_board`: the result breaks the board schema or its invariants (`validateTickets`,
 *   strict), or a person wrote what only the server writes: a ticket's `number` (the witness
 *   numbers tickets), or its `createdAt`/`createdBy` once it exists.
 *
 * Cost is proportional to the update and the tickets it touches, never to the board:
 * 1. decode the update; check each client's new structs start where the live document ends and
 *    every id they refer to exists (state vectors, no document scan);
 * 2. drop the deletions the live document already has (`options.deleted`, a range index: a
 *    reconnecting tab's step 2 carries its whole delete set), then find which tickets the new
 *    items and the remaining deletions land in (`scratchBoard.ts`: walking up from the live
 *    items they refer to, or through the update's own items);
 * 3. if the update only types into tickets' texts (`typingUpdate.ts`), accept it as it is: no
 *    keystroke can break a ticket; otherwise copy just those tickets into a scratch document
 *    (`scratchCopy`), apply the update there, and validate those tickets strictly, roots and
 *    `meta` included.
 * When deletions were dropped, the verdict carries the update rewritten without them
 * (`updateRewrite.ts`): the caller applies that, the very bytes the scratch copy judged.
 * The size cap is the caller's: it tracks the document's size incrementally.
 */
import { META_MAP, TICKETS_MAP, type Ticket, readTicket, touchedTickets, validateTickets } from '@fluxo/shared/board/index';
import type { UserId } from '@fluxo/shared/ids';
import type { RefusalReason } from '@fluxo/shared/sync/protocol';
import * as Y from 'yjs';
import type { DeletedRanges } from './deletedRanges.js';
import { type BoardPart, liveStruct, livePartOf, liveStructsIn, rootNamePart, scratchCopy } from './scratchBoard.js';
import { typedTickets } from './typingUpdate.js';
import { encodeUpdate } from './updateRewrite.js';

/**
 * No struct may reach past this clock. A tab's clock counts the items it ever made, so no real
 * one gets near; far beyond it, clock arithmetic would lose precision (2^53).
 */
export const MAX_CLOCK = 2 ** 40;

export interface GateOptions {
  /** The live document's deleted ranges (kept by the room): deletions it already has are skipped. */
  readonly deleted?: DeletedRanges;
  /**
   * Judges the Yjs client ids the update adds new structs under, before any further work: a
   * reason to refuse it `foreign_replica`, or null.
   */
  readonly checkReplicas?: (clients: ReadonlySet<number>) => string | null;
  /**
   * false: judge typing on a scratch copy too (the reference the tests hold the typing path to).
   * Default true.
   */
  readonly typingPath?: boolean;
}

export interface TicketBeforeAfter {
  /** `null`: the update creates the ticket. */
  readonly before: Ticket | null;
  /**
   * As the scratch copy reads it after the update (the caller re-reads the live document);
   * absent when the update only typed into the ticket's texts and no copy was made.
   */
  readonly after?: Ticket | null;
}

export type GateVerdict =
  | {
      readonly accepted: true;
      /** Every ticket the update's items or deletions land in, keyed by ticket id. */
      readonly tickets: ReadonlyMap<string, TicketBeforeAfter>;
      /** The Yjs client ids of the structs the update adds (what `MESSAGE_SAVED` reports on). */
      readonly clients: ReadonlySet<number>;
      /** How it was judged: recognised as typing, or tried on a scratch copy. */
      readonly judged: 'typing' | 'copy';
      /** Ticket entries copied into the scratch document. */
      readonly copiedTickets: number;
      /** What to apply to the live document: the update, or it without deletions already made. */
      readonly update: Uint8Array;
      /** Live structs visited to place the update's deletions (tests: cost per new deletion). */
      readonly walked: number;
    }
  | { readonly accepted: false; readonly reason: RefusalReason; readonly detail: string };

class Refusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    detail: string,
  ) {
    super(detail);
  }
}

type Struct = Y.Item | Y.GC | Y.Skip;

/** The structs of one client in an update, in clock order, and how far they reach. */
interface ClientStructs {
  readonly structs: Struct[];
  /** The clock after the last struct, when the update continues the live document. */
  reach: number;
}

export function judgeUpdate(live: Y.Doc, update: Uint8Array, author: UserId, options: GateOptions = {}): GateVerdict {
  try {
    return judge(live, update, author, options);
  } catch (error) {
    if (error instanceof Refusal) return { accepted: false, reason: error.reason, detail: error.message };
    throw error;
  }
}

function judge(live: Y.Doc, update: Uint8Array, author: UserId, options: GateOptions): GateVerdict {
  let decoded: { structs: Struct[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };
  try {
    decoded = Y.decodeUpdate(update);
  } catch (error) {
    throw new Refusal('malformed', `not a Yjs update: ${String(error)}`);
  }
  const state = (client: number): number => Y.getState(live.store, client);

  // 1. Each client's structs must continue what the live document has, without gaps.
  const byClient = new Map<number, ClientStructs>();
  let previousClient: number | null = null;
  /** A GC or Skip struct: typing never sends one. */
  let notTyping = false;
  for (const struct of decoded.structs) {
    const client = struct.id.client;
    if (!(struct instanceof Y.Item)) notTyping = true;
    if (struct.length <= 0) throw new Refusal('malformed', `a struct of client ${client} has length ${struct.length}`);
    if (struct.id.clock + struct.length > MAX_CLOCK) throw new Refusal('malformed', `client ${client} reaches past clock ${MAX_CLOCK}`);
    // Old items too: Yjs makes the root an item names (`doc.get(name)`) while decoding, before it
    // skips what it has — a re-sent update naming another root left that root on the live board.
    const parent: unknown = struct instanceof Y.Item ? struct.parent : null; // a root's name is a string, undeclared by Yjs
    if (typeof parent === 'string' && parent !== TICKETS_MAP && parent !== META_MAP) {
      throw new Refusal('invalid_board', `an item names the root ${parent.slice(0, 40)}, outside the board layout`);
    }
    let entry = byClient.get(client);
    if (entry === undefined) {
      entry = { structs: [], reach: state(client) };
      byClient.set(client, entry);
    } else if (client !== previousClient) {
      throw new Refusal('malformed', `client ${client} is listed twice`);
    }
    previousClient = client;
    entry.structs.push(struct);
    if (struct instanceof Y.Skip) continue;
    if (struct.id.clock > entry.reach) {
      throw new Refusal('incomplete', `client ${client} starts at ${struct.id.clock}, the server has up to ${entry.reach}`);
    }
    entry.reach = Math.max(entry.reach, struct.id.clock + struct.length);
  }
  const has = (id: Y.ID): boolean => id.clock < (byClient.get(id.client)?.reach ?? state(id.client));

  const newItems: Y.Item[] = [];
  const clients = new Set<number>();
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue;
    const known = struct.id.clock + struct.length <= state(struct.id.client);
    if (!known) clients.add(struct.id.client);
    if (!(struct instanceof Y.Item)) continue;
    // Items the server has too: Yjs looks up every item's references before it skips the ones
    // it has, and one of its own author it takes on trust — a re-sent update with such a
    // reference bit-flipped past the author's clock threw half-way into the live document.
    for (const ref of [struct.origin, struct.rightOrigin, struct.parent instanceof Y.ID ? struct.parent : null]) {
      if (ref !== null && !has(ref)) {
        throw new Refusal('incomplete', `an item refers to ${ref.client}:${ref.clock}, which the server does not have`);
      }
    }
    if (!known) newItems.push(struct);
  }
  for (const [client, ranges] of decoded.ds.clients) {
    const reach = byClient.get(client)?.reach ?? state(client);
    for (const range of ranges) {
      if (range.clock + range.len > reach) {
        throw new Refusal('incomplete', `a deletion reaches ${client}:${range.clock + range.len - 1}, which the server does not have`);
      }
    }
  }
  const replicas = options.checkReplicas?.(clients) ?? null;
  if (replicas !== null) throw new Refusal('foreign_replica', replicas);

  // 2. Where the update lands. Deletions the live document already has change nothing: dropped.
  const parts = new BoardParts(live, byClient);
  const keys = new Set<string>();
  const note = (part: BoardPart): void => {
    if (part.kind === 'root') throw new Refusal('invalid_board', `writes to ${part.name} outside the board layout`);
    if (part.kind === 'ticket') keys.add(part.key);
  };
  for (const item of newItems) note(parts.ofUpdateItem(item));
  // Every client the update has structs of or refers to, new or not: in the scratch copy, the
  // structs the live document already has must find their clock range (GC filler) and be
  // skipped, as they are live — a resent update would otherwise be new to the copy and land in
  // tickets not copied, or wait there for the clients it refers to (Yjs checks references
  // before it checks whether it has a struct).
  const named = new Set<number>(byClient.keys());
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    for (const ref of [struct.origin, struct.rightOrigin, struct.parent instanceof Y.ID ? struct.parent : null]) {
      if (ref !== null) named.add(ref.client);
    }
  }
  const kept = new Map<number, [number, number][]>();
  let dropped = false;
  let walked = 0;
  for (const [client, ranges] of decoded.ds.clients) {
    const keep: [number, number][] = [];
    for (const range of ranges) {
      const missing = options.deleted?.missing(client, range.clock, range.len) ?? (range.len > 0 ? [[range.clock, range.clock + range.len]] : []);
      if (missing.length !== 1 || missing[0]?.[0] !== range.clock || missing[0]?.[1] !== range.clock + range.len) dropped = true;
      for (const [start, end] of missing) {
        keep.push([start, end]);
        for (const struct of liveStructsIn(live, client, start, end - start)) {
          walked++;
          if (struct instanceof Y.Item && !struct.deleted) note(livePartOf(live, struct));
        }
      }
    }
    if (keep.length > 0) {
      kept.set(client, keep);
      named.add(client);
    }
  }
  const applied = dropped ? encodeUpdate(decoded.structs, kept) : update;

  if (options.typingPath !== false && !notTyping) {
    const typed = typedTickets(live, newItems, kept);
    if (typed !== null) {
      const tickets = new Map<string, TicketBeforeAfter>();
      for (const key of typed) tickets.set(key, { before: readTicket(live, key) });
      return { accepted: true, judged: 'typing', tickets, clients, copiedTickets: 0, update: applied, walked };
    }
  }

  // 3. Try it on a copy of just those tickets.
  const scratch = scratchCopy(live, keys, named);
  try {
    let touched = new Set<string>();
    scratch.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      touched = touchedTickets(transaction);
    });
    try {
      Y.applyUpdate(scratch.doc, applied);
    } catch (error) {
      throw new Refusal('malformed', `Yjs could not apply it: ${String(error)}`);
    }
    if (scratch.doc.store.pendingStructs !== null || scratch.doc.store.pendingDs !== null) {
      throw new Refusal('incomplete', 'parts of it wait for changes the server does not have');
    }
    for (const key of touched) {
      // Cannot happen if the walk above is right; refuse rather than judge a partial copy.
      if (!keys.has(key)) throw new Refusal('invalid_board', `touches ticket ${key} it does not refer to`);
    }
    const violations = validateTickets(scratch.doc, keys, { strict: true });
    if (violations.length > 0) {
      const shown = violations.slice(0, 5).map((v) => `${v.path}: ${v.message}`);
      throw new Refusal('invalid_board', shown.join('; '));
    }

    const tickets = new Map<string, TicketBeforeAfter>();
    for (const key of keys) {
      const before = readTicket(live, key);
      const after = readTicket(scratch.doc, key);
      checkServerFields(key, before, after, author);
      tickets.set(key, { before, after });
    }
    return { accepted: true, judged: 'copy', tickets, clients, copiedTickets: scratch.tickets, update: applied, walked };
  } finally {
    scratch.doc.destroy();
  }
}

/**
 * Fields a person never writes: the human number is the witness's, and who opened a ticket and
 * when is history. (A new ticket arrives without a number; its author is not checked against
 * `author`, because a browser also relays tickets of colleagues that the server lost in a crash
 * between broadcasting and saving them.)
 */
function checkServerFields(key: string, before: Ticket | null, after: Ticket | null, author: UserId): void {
  if (after === null) return;
  if (before === null) {
    if (after.number !== null) throw new Refusal('invalid_board', `${author} numbered the new ticket ${key}`);
    return;
  }
  if (after.number !== before.number) throw new Refusal('invalid_board', `${author} changed the number of ticket ${key}`);
  if (after.createdAt !== before.createdAt || after.createdBy !== before.createdBy) {
    throw new Refusal('invalid_board', `${author} changed who opened ticket ${key} or when`);
  }
}

/**
 * Resolves which board part an item of the update lands in: through its parent when the update
 * names one, else through its left or right neighbour, in the live document or among the
 * update's own items (memoised; a reference cycle is malformed).
 */
class BoardParts {
  readonly #memo = new Map<Y.Item, BoardPart>();
  readonly #visiting = new Set<Y.Item>();

  constructor(
    readonly live: Y.Doc,
    readonly update: ReadonlyMap<number, ClientStructs>,
  ) {}

  ofUpdateItem(item: Y.Item): BoardPart {
    const known = this.#memo.get(item);
    if (known !== undefined) return known;
    if (this.#visiting.has(item)) throw new Refusal('malformed', 'items refer to each other in a cycle');
    this.#visiting.add(item);
    const refs: BoardPart[] = [];
    const parent = item.parent;
    if (typeof parent === 'string') refs.push(rootNamePart(parent, item.parentSub));
    else if (parent instanceof Y.ID) refs.push(this.#ofId(parent));
    if (item.origin !== null) refs.push(this.#ofId(item.origin));
    if (item.rightOrigin !== null) refs.push(this.#ofId(item.rightOrigin));
    this.#visiting.delete(item);
    const part = samePart(refs);
    this.#memo.set(item, part);
    return part;
  }

  /** The part of whatever holds `id`: a live item, or an item of the update. */
  #ofId(id: Y.ID): BoardPart {
    if (id.clock < Y.getState(this.live.store, id.client)) {
      const struct = liveStruct(this.live, id);
      return struct instanceof Y.Item ? livePartOf(this.live, struct) : { kind: 'none' };
    }
    const structs = this.update.get(id.client)?.structs ?? [];
    const struct = findStruct(structs, id.clock);
    if (struct === null || struct instanceof Y.Skip) {
      throw new Refusal('incomplete', `refers to ${id.client}:${id.clock}, which the server does not have`);
    }
    return struct instanceof Y.Item ? this.ofUpdateItem(struct) : { kind: 'none' };
  }
}

/**
 * The one part an item's parent and neighbours agree on. Yjs discards an item next to a
 * garbage-collected struct or under one (`Item.getMissing`), hence `none` wins; neighbours in
 * different parts are no Yjs client's doing and could splice one ticket's list into another's.
 */
function samePart(refs: readonly BoardPart[]): BoardPart {
  const first = refs[0];
  if (first === undefined) throw new Refusal('malformed', 'an item without parent or neighbours');
  if (refs.some((part) => part.kind === 'none')) return { kind: 'none' };
  for (const part of refs) {
    if (part.kind !== first.kind || (part.kind === 'ticket' && first.kind === 'ticket' && part.key !== first.key)) {
      throw new Refusal('malformed', 'an item whose parent and neighbours lie in different places');
    }
  }
  return first;
}

/** The struct covering `clock` in a clock-ordered list, or null. */
function findStruct(structs: readonly Struct[], clock: number): Struct | null {
  let low = 0;
  let high = structs.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const struct = structs[mid] as Struct;
    if (clock < struct.id.clock) high = mid - 1;
    else if (clock >= struct.id.clock + struct.length) low = mid + 1;
    else return struct;
  }
  return null;
}
