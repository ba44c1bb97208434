/**
 * The gate's typing path (`updateGate.ts`): most updates a board receives are keystrokes, and a
 * keystroke cannot break a ticket. Such an update is recognised from its structs and the live
 * items they refer to, and accepted without the scratch copy, whose cost grows with the ticket's
 * text (every item of a long, much-edited description copied and re-integrated per keystroke).
 *
 * An update is typing when, after the gate's own checks (references present, clocks continuous,
 * deletions the live document already has dropped):
 * - its new structs are items of **one** Yjs client, each plain text (`ContentString`, no map
 *   key), none only partly new;
 * - each item lands in a `Y.Text` through its parent, left and right references — live items,
 *   or earlier items of the same update (a lower clock of the same client, so Yjs integrates them
 *   in order and nothing waits) — and all of them agree on that text;
 * - each remaining deletion covers plain text items of such texts (live ones, or the update's own);
 * - every such text is the current value of `title`, `summary` or `description` of a live entry
 *   of the `tickets` map.
 * The board's texts accept any string (no length or content rule beyond "plain text", which
 * `ContentString` is), so such an update leaves every ticket as valid as it was. Anything else —
 * formatting, embeds, nested types, map writes, a text no ticket holds — returns null and takes
 * the scratch copy. `updateGate.test.ts` holds this path to the copy on every update its fuzz
 * produces.
 */
import { TEXT_FIELDS, TICKETS_MAP } from '@fluxo/shared/board/index';
import * as Y from 'yjs';
import { liveStruct, liveStructsIn } from './scratchBoard.js';

const TEXT_FIELD_SET: ReadonlySet<string> = new Set(TEXT_FIELDS);

/**
 * The tickets whose texts `items` and `deletions` type into, or null when the update is not
 * only typing. `items`: the update's new structs in clock order (the caller has ruled out GC
 * and Skip structs); `deletions`: the deleted ranges still to make, `[start, end)` per client.
 */
export function typedTickets(live: Y.Doc, items: readonly Y.Item[], deletions: ReadonlyMap<number, readonly (readonly [number, number])[]>): Set<string> | null {
  const tickets = live.share.get(TICKETS_MAP);
  if (tickets === undefined) return items.length === 0 && deletions.size === 0 ? new Set() : null;
  const keys = new Set<string>();
  const client = items[0]?.id.client;
  const textOf = new Map<Y.Item, Y.Text>();
  const state = (c: number): number => Y.getState(live.store, c);

  /** The text a reference of `item` places it in, or null. */
  const textOfRef = (ref: Y.ID, item: Y.Item): Y.Text | null => {
    if (ref.clock < state(ref.client)) {
      const struct = liveStruct(live, ref);
      return struct instanceof Y.Item && struct.parent instanceof Y.Text ? struct.parent : null;
    }
    if (ref.client !== item.id.client || ref.clock >= item.id.clock) return null;
    const earlier = itemAt(items, ref.clock);
    return earlier === null ? null : (textOf.get(earlier) ?? null);
  };

  for (const item of items) {
    if (item.id.client !== client || item.id.clock < state(item.id.client)) return null;
    if (!(item.content instanceof Y.ContentString) || item.parentSub !== null) return null;
    const texts: (Y.Text | null)[] = [];
    if (item.parent instanceof Y.ID) {
      if (item.parent.clock >= state(item.parent.client)) return null;
      const holder = liveStruct(live, item.parent);
      const type = holder instanceof Y.Item && holder.content instanceof Y.ContentType ? holder.content.type : null;
      texts.push(type instanceof Y.Text ? type : null);
    } else if (item.parent !== null) return null; // a root, by name
    if (item.origin !== null) texts.push(textOfRef(item.origin, item));
    if (item.rightOrigin !== null) texts.push(textOfRef(item.rightOrigin, item));
    const text = texts[0];
    if (text === undefined || text === null || texts.some((t) => t !== text)) return null;
    const key = ticketOfText(tickets, text);
    if (key === null) return null;
    keys.add(key);
    textOf.set(item, text);
  }

  for (const [deleter, ranges] of deletions) {
    for (const [start, end] of ranges) {
      const liveEnd = Math.min(end, state(deleter));
      for (const struct of liveStructsIn(live, deleter, start, liveEnd - start)) {
        if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString) || !(struct.parent instanceof Y.Text)) return null;
        const key = ticketOfText(tickets, struct.parent);
        if (key === null) return null;
        keys.add(key);
      }
      // Past the live document: the update's own items, all typing (checked above).
      if (end > liveEnd && deleter !== client) return null;
    }
  }
  return keys;
}

/** The ticket key of a text that is the current title, summary or description of a live ticket. */
function ticketOfText(tickets: { readonly _map: Map<string, Y.Item> }, text: Y.Text): string | null {
  const textItem = text._item;
  if (textItem === null || textItem.deleted || textItem.parentSub === null || !TEXT_FIELD_SET.has(textItem.parentSub)) return null;
  const entry = textItem.parent;
  if (!(entry instanceof Y.Map) || entry._map.get(textItem.parentSub) !== textItem) return null;
  const entryItem = entry._item;
  if (entryItem === null || entryItem.deleted || entryItem.parentSub === null || entryItem.parent !== tickets) return null;
  return tickets._map.get(entryItem.parentSub) === entryItem ? entryItem.parentSub : null;
}

/** The item of `items` (one client, clock order) covering `clock`, or null. */
function itemAt(items: readonly Y.Item[], clock: number): Y.Item | null {
  let low = 0;
  let high = items.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const item = items[mid] as Y.Item;
    if (clock < item.id.clock) high = mid - 1;
    else if (clock >= item.id.clock + item.length) low = mid + 1;
    else return item;
  }
  return null;
}
