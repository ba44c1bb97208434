/**
 * Presence on one board: who is there and what each tab is viewing, dragging or typing
 * (`@fluxo/shared/sync/presence`), relayed with the y-protocols awareness encoding so the stock
 * `y-websocket` client understands it, under three rules.
 *
 * 1. **Nobody speaks for someone else.** An entry is keyed by a Yjs client id. A connection
 *    claims an id by sending the first entry for it (at most `maxClientIdsPerConnection`); from
 *    then on only that connection may update it, and each state must pass `presenceStateSchema`
 *    with `user.id` equal to the connection's signed-in person. Entries for ids claimed by another
 *    connection, or with someone else's `user.id`, are dropped (not relayed, not fatal).
 * 2. **No echo storms.** The stock client re-broadcasts every awareness change it applies, so
 *    every entry the server relays comes back from every viewer. An entry is relayed only when
 *    its clock is newer than the one the room holds; echoes carry the same clock and stop here.
 *    After a connection closes, its ids are remembered with their last clock (a tombstone), so a
 *    late echo cannot claim them. The tab itself, reconnecting, re-sends its entry with that
 *    same clock in its first awareness message: that message may reclaim a tombstoned id.
 * 3. **One message per tick.** Accepted changes are gathered and broadcast to every connection
 *    of the room as one awareness message every `tickMs`, whatever the number of senders. With N
 *    viewers a presence change costs N outgoing messages, and their echoes cost N small parses.
 *
 * A broadcast to many sockets is written `broadcastChunk` sockets at a time, yielding to the event
 * loop in between (`sendInChunks`): with 500 viewers one synchronous loop takes milliseconds, and
 * document updates and acks would wait behind every tick. The message is encoded once per tick
 * and the same bytes go to every socket.
 *
 * When a connection closes, its entries are broadcast as removed (`null` with the last clock,
 * which y-protocols applies as a removal).
 *
 * A new claim also asks the room (`claim`): a Yjs client id belongs to one person for good
 * (`replicaBinding.ts`), so an id bound to someone else cannot be claimed, even when its tab is
 * gone. States are checked for size and shape before the schema runs: at most `maxStateBytes`,
 * `maxStateDepth` levels and `maxStateValues` JSON values — the caret positions are free JSON
 * (`z.json()`), whose recursive check would otherwise cost milliseconds per entry on a flat
 * 8 KiB array and overflow the stack on a deeply nested one.
 */
import type { UserId } from '@fluxo/shared/ids';
import { presenceStateSchema } from '@fluxo/shared/sync/presence';
import { type AwarenessEntry, awarenessMessage, encodeAwarenessEntries, readAwarenessEntries } from './syncMessages.js';

/** Who sent an awareness update: the room's view of a connection. */
export interface PresenceSender {
  readonly userId: UserId;
}

export interface PresenceOptions {
  /** How long accepted changes are gathered before one broadcast (ms). */
  readonly tickMs: number;
  /** Yjs client ids one connection may hold (a tab has one; a few more cover odd clients). */
  readonly maxClientIdsPerConnection: number;
  /** A state JSON longer than this (UTF-16 code units) is dropped. */
  readonly maxStateBytes: number;
  /** A state nested deeper than this (the state object itself is level 1) is dropped. */
  readonly maxStateDepth: number;
  /** A state with more JSON values than this (objects, arrays and leaves) is dropped. */
  readonly maxStateValues: number;
  /** Remembered ids of closed connections, oldest forgotten first. */
  readonly maxTombstones: number;
  /** Sockets one broadcast writes to before yielding (`setImmediate`) to other work. */
  readonly broadcastChunk: number;
}

export const DEFAULT_PRESENCE: PresenceOptions = {
  tickMs: 50,
  maxClientIdsPerConnection: 4,
  maxStateBytes: 4 * 1024,
  maxStateDepth: 8,
  maxStateValues: 128,
  maxTombstones: 10_000,
  broadcastChunk: 64,
};

export interface PresenceStats {
  /** Entries received. */
  received: number;
  /** Entries accepted (and broadcast at the next tick). */
  accepted: number;
  /** Echoes: entries no newer than what the room holds. */
  echoes: number;
  /** Entries refused: someone else's id or user, invalid state, too many ids. */
  refused: number;
  /** Broadcast messages (one per tick with changes, to each connection). */
  broadcasts: number;
}

interface Entry<S> {
  readonly owner: S;
  clock: number;
  state: string;
}

export class PresenceRelay<S extends PresenceSender> {
  readonly #entries = new Map<number, Entry<S>>();
  /** The ids each connection holds: a short array (at most `maxClientIdsPerConnection`), not a Set, per socket. */
  readonly #owned = new Map<S, number[]>();
  readonly #tombstones = new Map<number, number>();
  readonly #pending = new Map<number, AwarenessEntry>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  readonly stats: PresenceStats = { received: 0, accepted: 0, echoes: 0, refused: 0, broadcasts: 0 };

  constructor(
    readonly options: PresenceOptions,
    /** Sends one awareness message to every connection of the room. */
    readonly broadcast: (message: Uint8Array) => void,
    /** May `sender` claim the Yjs client id `clientId` (no entry holds it)? Binds it if so. */
    readonly claim: (sender: S, clientId: number) => boolean = () => true,
  ) {}

  /**
   * Takes an awareness update from `sender`; `first` says it is the connection's first one.
   * Throws `SyncProtocolError` if the update does not decode.
   */
  receive(sender: S, update: Uint8Array, first: boolean): void {
    for (const { clientId, clock, state } of readAwarenessEntries(update)) {
      this.stats.received++;
      const entry = this.#entries.get(clientId);
      if (entry !== undefined) {
        if (clock <= entry.clock) this.stats.echoes++;
        else if (entry.owner !== sender) this.stats.refused++;
        else if (state === 'null') this.#remove(clientId, entry, clock);
        else {
          const checked = this.#check(sender, state);
          if (checked === null) continue;
          entry.clock = clock;
          entry.state = checked;
          this.#accept({ clientId, clock, state: checked });
        }
        continue;
      }
      const tombstone = this.#tombstones.get(clientId);
      if (tombstone !== undefined && (clock < tombstone || (clock === tombstone && !first))) {
        this.stats.echoes++;
        continue;
      }
      if (state === 'null') {
        this.stats.echoes++; // the removal of something the room does not hold
        continue;
      }
      const owned = this.#owned.get(sender) ?? [];
      if (owned.length >= this.options.maxClientIdsPerConnection) {
        this.stats.refused++;
        continue;
      }
      const checked = this.#check(sender, state);
      if (checked === null) continue;
      if (!this.claim(sender, clientId)) {
        this.stats.refused++;
        continue;
      }
      owned.push(clientId);
      this.#owned.set(sender, owned);
      this.#tombstones.delete(clientId);
      this.#entries.set(clientId, { owner: sender, clock, state: checked });
      this.#accept({ clientId, clock, state: checked });
    }
  }

  /** The Yjs client ids `sender` holds. */
  ownedBy(sender: S): readonly number[] {
    return this.#owned.get(sender) ?? [];
  }

  /** An awareness message with every current entry, or null when nobody is present. */
  snapshot(): Uint8Array | null {
    if (this.#entries.size === 0) return null;
    const entries: AwarenessEntry[] = [];
    for (const [clientId, { clock, state }] of this.#entries) entries.push({ clientId, clock, state });
    return awarenessMessage(encodeAwarenessEntries(entries));
  }

  /** `sender` is gone: its entries are removed and the removal broadcast at the next tick. */
  remove(sender: S): void {
    const owned = this.#owned.get(sender);
    if (owned === undefined) return;
    for (const clientId of [...owned]) {
      const entry = this.#entries.get(clientId);
      if (entry !== undefined) this.#remove(clientId, entry, entry.clock);
    }
    this.#owned.delete(sender);
  }

  /** Sends what is pending now. */
  flush(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (this.#pending.size === 0) return;
    const message = awarenessMessage(encodeAwarenessEntries(this.#pending.values()));
    this.#pending.clear();
    this.stats.broadcasts++;
    this.broadcast(message);
  }

  /** Drops what is pending and stops the timer (the room is going away). */
  close(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The state as relayed (re-serialised), or null — counted as refused — if it is not acceptable. */
  #check(sender: S, state: string): string | null {
    if (state.length > this.options.maxStateBytes) {
      this.stats.refused++;
      return null;
    }
    let value: unknown;
    try {
      value = JSON.parse(state);
    } catch {
      this.stats.refused++;
      return null;
    }
    if (!withinShape(value, this.options.maxStateDepth, this.options.maxStateValues)) {
      this.stats.refused++;
      return null;
    }
    const parsed = presenceStateSchema.safeParse(value);
    if (!parsed.success || parsed.data.user.id !== sender.userId) {
      this.stats.refused++;
      return null;
    }
    return JSON.stringify(parsed.data);
  }

  #remove(clientId: number, entry: Entry<S>, clock: number): void {
    this.#entries.delete(clientId);
    const owned = this.#owned.get(entry.owner);
    const at = owned?.indexOf(clientId) ?? -1;
    if (owned !== undefined && at >= 0) owned.splice(at, 1);
    this.#tombstones.set(clientId, clock);
    if (this.#tombstones.size > this.options.maxTombstones) {
      const oldest = this.#tombstones.keys().next();
      if (!oldest.done) this.#tombstones.delete(oldest.value);
    }
    this.#accept({ clientId, clock, state: 'null' });
  }

  #accept(entry: AwarenessEntry): void {
    if (entry.state !== 'null') this.stats.accepted++;
    this.#pending.set(entry.clientId, entry);
    if (this.#timer === null) {
      this.#timer = setTimeout(() => this.flush(), this.options.tickMs);
      this.#timer.unref();
    }
  }
}

/** A target of `sendInChunks`. */
export interface ChunkTarget {
  send(message: Uint8Array): void;
}

/**
 * Sends `message` to every one of `targets` (a snapshot is taken now), `chunk` at a time: the
 * first chunk at once, each next one after `setImmediate`, so other I/O callbacks run between
 * chunks. A target for which `still(target)` is false by its turn is skipped (it left); when
 * `still` returns false for every remaining target nothing more is scheduled. Per target, two
 * calls keep their order: their chunks run in the order they were scheduled.
 */
export function sendInChunks<T extends ChunkTarget>(
  targets: Iterable<T>,
  message: Uint8Array,
  chunk: number,
  still: (target: T) => boolean,
): void {
  // One Buffer view for all: `ws` sends a Buffer as is instead of wrapping it per socket.
  const bytes = Buffer.isBuffer(message) ? message : Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  const list = [...targets];
  const size = Math.max(1, Math.floor(chunk));
  let next = 0;
  const step = (): void => {
    const end = Math.min(list.length, next + size);
    for (; next < end; next++) {
      const target = list[next] as T;
      if (still(target)) target.send(bytes);
    }
    if (next < list.length) setImmediate(step);
  };
  step();
}

/** Whether parsed JSON `value` nests at most `maxDepth` levels and holds at most `maxValues` values. */
export function withinShape(value: unknown, maxDepth: number, maxValues: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  let count = 0;
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (++count > maxValues) return false;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) return false;
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push([child, depth + 1]);
  }
  return true;
}
