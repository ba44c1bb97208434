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
import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import { type UnsavedChange, unsavedChangesSchema } from './unsavedChanges';

export interface BoardCache {
  /** Settles when the cached document has been applied to the doc (at once if none). */
  readonly loaded: Promise<void>;
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
