/**
 * The board kept on this browser (IndexedDB through `y-indexeddb`), so a board opens and works
 * offline and edits made offline are sent when the connection returns (the sync handshake sends
 * whatever the server lacks, whichever session wrote it).
 *
 * One database per person and board (`fluxo:<userId>:<boardId>`): someone else signing in on
 * this browser neither sees nor sends another person's cached board or unsaved edits. Next to
 * the document, the custom store keeps the list of unsaved changes (`unsavedChanges.ts`), so
 * "N alterações pendentes" survives a reload. Several tabs of one board share the document;
 * the unsaved list is the last writer's.
 */
import type { BoardId, UserId } from '@fluxo/shared/ids';
import * as idb from 'lib0/indexeddb';
import { IndexeddbPersistence, PREFERRED_TRIM_SIZE, storeState } from 'y-indexeddb';
import type * as Y from 'yjs';
import { type UnsavedChange, unsavedChangesSchema } from './unsavedChanges';

export interface BoardCache {
  /** Settles when the cached document has been applied to the doc (at once if none). */
  readonly loaded: Promise<void>;
  /**
   * Keep an update that was applied to the doc while its `update` observers were detached
   * (the server's handshake state, `BoardLinkEvents.received`): the bytes as received, so
   * nothing re-encodes a multi-megabyte state for this store.
   */
  storeReceived(update: Uint8Array): void;
  readUnsaved(): Promise<UnsavedChange[]>;
  writeUnsaved(changes: readonly UnsavedChange[]): void;
  /** Forget this board on this browser (the server refused our state). */
  clear(): Promise<void>;
  /** Stop persisting; pending writes are flushed first. */
  destroy(): Promise<void>;
}

export interface BoardCacheInput {
  readonly boardId: BoardId;
  readonly userId: UserId;
  readonly doc: Y.Doc;
}

export type BoardCacheFactory = (input: BoardCacheInput) => BoardCache;

const UNSAVED_KEY = 'unsaved';
/** y-indexeddb's object store of document updates. */
const UPDATES_STORE = 'updates';
const WRITE_DELAY_MS = 250;

export const boardCacheName = (userId: UserId, boardId: BoardId): string => `fluxo:${userId}:${boardId}`;

export const indexedDbCache: BoardCacheFactory = ({ boardId, userId, doc }) => {
  if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available');
  const persistence = new IndexeddbPersistence(boardCacheName(userId, boardId), doc);
  let pending: readonly UnsavedChange[] | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const flush = async (): Promise<void> => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const list = pending;
    pending = null;
    if (list === null || closed) return;
    try {
      await persistence.set(UNSAVED_KEY, JSON.stringify(list));
    } catch {
      // Storage full or closed: the count is only a display; the document itself is unaffected.
    }
  };

  return {
    loaded: persistence.whenSynced.then(() => undefined),
    storeReceived(update) {
      if (closed) return;
      // Written as y-indexeddb writes each update it hears, counted the same way so its
      // compaction (one merged state once PREFERRED_TRIM_SIZE updates pile up) still runs.
      persistence.whenSynced
        .then(async () => {
          const db = persistence.db;
          if (closed || db === null) return;
          const [updates] = idb.transact(db, [UPDATES_STORE]);
          if (updates === undefined) return;
          // The same store call as y-indexeddb's own (lib0's `addAutoKey` is typed without Uint8Array).
          await idb.rtop(updates.add(update));
          if (++persistence._dbsize >= PREFERRED_TRIM_SIZE && !closed) await storeState(persistence, false);
        })
        .catch(() => {
          // Storage full or closed: the next visit loads the board from the server again.
        });
    },
    async readUnsaved() {
      try {
        const raw: unknown = await persistence.get(UNSAVED_KEY);
        if (typeof raw !== 'string') return [];
        const parsed = unsavedChangesSchema.safeParse(JSON.parse(raw));
        return parsed.success ? parsed.data : [];
      } catch {
        return [];
      }
    },
    writeUnsaved(changes) {
      if (closed) return;
      pending = [...changes];
      if (timer === null) timer = setTimeout(() => void flush(), WRITE_DELAY_MS);
    },
    async clear() {
      pending = null;
      if (timer !== null) clearTimeout(timer);
      closed = true;
      await persistence.clearData();
    },
    async destroy() {
      await flush();
      closed = true;
      await persistence.destroy();
    },
  };
};
