/**
 * Which of this browser's changes to a board are not yet durably saved by the server — the
 * number behind "Salvando…" and "Offline — N alterações pendentes".
 *
 * The protocol (`shared/src/sync/protocol.ts`, `MESSAGE_SAVED`) acknowledges with a Yjs state
 * vector: a change written by Yjs client `c` that ended at clock `k` (exclusive) is on disk once
 * `saved.get(c) >= k`. So every local transaction that wrote something becomes one entry
 * `{client, clock}` — the doc's clock for its own client id right after the transaction.
 *
 * Deletions do not advance a clock (Yjs records them in the delete set), so a transaction that
 * only deletes (removing an assignee, erasing text, undoing an insertion) cannot be named by a
 * vector. Such an entry counts as saved by the first acknowledgement that
 *   - arrives on the connection it was sent on (every unsaved change is sent again, in the sync
 *     handshake, when a connection opens), and
 *   - covers every change recorded before it.
 * That is what "this update and everything before it reached disk" looks like from here; an
 * acknowledgement already in flight when the deletion left can, rarely, count it early.
 *
 * When a connection opens, the server's own state vector (its sync step 1) also settles entries
 * it already holds: they were acknowledged on a connection that dropped before its message
 * arrived. Were the server to have lost them, this replica still holds them and sends them again
 * on the next handshake.
 *
 * Entries are plain data so they can be kept in IndexedDB with the board: edits made offline are
 * still counted after a reload.
 */
import type * as Y from 'yjs';
import { z } from 'zod';

export const unsavedChangeSchema = z.strictObject({
  /** The Yjs client id that wrote the change. */
  client: z.number().int().nonnegative(),
  /** Its clock right after the change (exclusive end). */
  clock: z.number().int().nonnegative(),
  /** The change only deleted: no clock of its own (see the module comment). */
  deletionOnly: z.boolean(),
});
export type UnsavedChange = z.infer<typeof unsavedChangeSchema>;
export const unsavedChangesSchema = z.array(unsavedChangeSchema).max(100_000);

interface Entry extends UnsavedChange {
  /** Number of the connection this entry was last sent on; null while offline. */
  sentOn: number | null;
}

export class UnsavedChanges {
  private entries: Entry[];
  private connection: number | null = null;
  private connections = 0;

  /** `onChange` runs after every change of the list (to update the UI and the stored copy). */
  constructor(
    private readonly onChange: (changes: UnsavedChanges) => void = () => {},
    restored: readonly UnsavedChange[] = [],
  ) {
    this.entries = restored.map((e) => ({ ...e, sentOn: null }));
  }

  get count(): number {
    return this.entries.length;
  }

  /** The entries, for storage. */
  list(): UnsavedChange[] {
    return this.entries.map(({ client, clock, deletionOnly }) => ({ client, clock, deletionOnly }));
  }

  /** Entries kept from an earlier page load (IndexedDB), added before anything else is recorded. */
  restore(restored: readonly UnsavedChange[]): void {
    if (restored.length === 0) return;
    const known = new Set(this.entries.map(key));
    const older = restored.filter((e) => !known.has(key(e))).map((e) => ({ ...e, sentOn: this.connection }));
    this.entries = [...older, ...this.entries];
    this.onChange(this);
  }

  /**
   * Record a transaction of this replica (`transaction.local`). Updates applied from the network
   * or from IndexedDB are not changes of ours to save. Returns whether an entry was added.
   */
  record(transaction: Y.Transaction): boolean {
    if (!transaction.local) return false;
    const client = transaction.doc.clientID;
    const before = transaction.beforeState.get(client) ?? 0;
    const after = transaction.afterState.get(client) ?? 0;
    let deletionOnly: boolean;
    if (after > before) deletionOnly = false;
    else if (transaction.deleteSet.clients.size > 0) deletionOnly = true;
    else return false;
    this.entries.push({ client, clock: after, deletionOnly, sentOn: this.connection });
    this.onChange(this);
    return true;
  }

  /** A connection opened: everything unsaved goes out again in its handshake. */
  connected(): void {
    this.connections += 1;
    this.connection = this.connections;
    for (const entry of this.entries) entry.sentOn = this.connection;
  }

  disconnected(): void {
    this.connection = null;
    for (const entry of this.entries) entry.sentOn = null;
  }

  /** `MESSAGE_SAVED` arrived on the current connection with this vector. */
  acknowledge(saved: ReadonlyMap<number, number>): void {
    const connection = this.connection;
    let blocked = false;
    const kept: Entry[] = [];
    for (const entry of this.entries) {
      let done: boolean;
      if (!entry.deletionOnly) done = (saved.get(entry.client) ?? 0) >= entry.clock;
      else done = !blocked && connection !== null && entry.sentOn === connection;
      if (!done) {
        blocked = true;
        kept.push(entry);
      }
    }
    this.replace(kept);
  }

  /**
   * The server's state vector, from its side of the sync handshake: changes it already holds
   * need no acknowledgement. A vector says nothing about deletions, so deletion-only entries
   * wait for the acknowledgement of the handshake that carries them.
   */
  serverHolds(vector: ReadonlyMap<number, number>): void {
    this.replace(this.entries.filter((entry) => entry.deletionOnly || (vector.get(entry.client) ?? 0) < entry.clock));
  }

  private replace(kept: Entry[]): void {
    if (kept.length === this.entries.length) return;
    this.entries = kept;
    this.onChange(this);
  }
}

const key = (e: UnsavedChange): string => `${e.client}:${e.clock}:${e.deletionOnly ? 'd' : 'i'}`;
