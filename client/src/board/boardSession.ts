/**
 * One opened board in this tab: the Yjs document and everything attached to it, created when
 * the board page opens and destroyed when it closes (or when the server refuses our state and
 * the board is loaded again from scratch).
 *
 * - `doc`: the board document. Commands from `@fluxo/shared/board` write to it with `origin`,
 *   the one `userOrigin(me.id)` object of this session: the undo manager compares origins by
 *   identity, so every command of this tab must pass this very object.
 * - Offline cache (`boardCache.ts`, IndexedDB) first, then the link to the server
 *   (`boardLink.ts`): the link opens once the cache has been read (or after a short wait if
 *   IndexedDB is unavailable), so the handshake already carries edits made offline.
 * - `reader`: the reactive board (`boardReader.ts`); `presence`: awareness (`presence.ts`).
 * - Undo/redo: a `Y.UndoManager` over the tickets map tracking only `origin` — this person's
 *   changes in this tab, never a colleague's or the server's. Creating a ticket is not captured:
 *   undoing it would delete a ticket entry, which the board forbids (tickets are archived, never
 *   deleted) and the server would refuse; a new ticket is archived from its drawer instead.
 * - Sync state: `saved` / `saving` / `offline`, with the number of local changes the server has
 *   not acknowledged as on disk (`unsavedChanges.ts`); `loading` while a preview shows.
 * - First visit from this browser (`needsFirstCards`: the cache turned out empty, or there is
 *   none): the page may fetch the server's first cards of each column and `showFirstCards`
 *   them while the document loads — read-only, the reader's preview (`boardReader.ts`). Once
 *   the document has synced the session ends the preview, before anything else sees `loaded`.
 *   With a cached copy nothing changes: the cache shows the board (local first).
 */
import { type FirstCards, TICKETS_MAP } from '@fluxo/shared/board/index';
import type { BoardId, UserId } from '@fluxo/shared/ids';
import { type TransactionOrigin, userOrigin } from '@fluxo/shared/origin';
import type { RefusalReason } from '@fluxo/shared/sync/protocol';
import { type Accessor, batch, createSignal } from 'solid-js';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { BoardCache, BoardCacheFactory } from './boardCache';
import type { BoardLink, BoardLinkFactory } from './boardLink';
import { type BoardReader, createBoardReader } from './boardReader';
import { createPresenceReader, initialPresence, type PresenceReader } from './presence';
import { UnsavedChanges } from './unsavedChanges';

export type SyncState =
  /** A preview of the board shows (read-only) while the document loads. */
  | { readonly kind: 'loading' }
  | { readonly kind: 'saved' }
  | { readonly kind: 'saving'; readonly unsaved: number }
  | { readonly kind: 'offline'; readonly unsaved: number };

/** How long the link waits for IndexedDB before connecting anyway. */
export const CACHE_WAIT_MS = 1_500;

export interface BoardSessionOptions {
  readonly boardId: BoardId;
  readonly me: { readonly id: UserId; readonly name: string };
  readonly link: BoardLinkFactory;
  /** null: keep nothing on this browser. */
  readonly cache: BoardCacheFactory | null;
  /** The server refused one of our updates: the page should `discard()` and open the board again. */
  readonly onRefused?: (reason: RefusalReason | null) => void;
  /** The server closed the connection for good (4401 session ended, 4403 access lost…). */
  readonly onClosed?: (code: number) => void;
}

export interface BoardHistory {
  readonly canUndo: Accessor<boolean>;
  readonly canRedo: Accessor<boolean>;
  undo(): void;
  redo(): void;
}

export interface BoardSession {
  readonly boardId: BoardId;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** Pass to every board command of this tab. */
  readonly origin: TransactionOrigin;
  readonly reader: BoardReader;
  readonly presence: PresenceReader;
  readonly history: BoardHistory;
  readonly sync: Accessor<SyncState>;
  /** The board has content to show: the cache held the board, or the server handshake finished. */
  readonly loaded: Accessor<boolean>;
  /**
   * This browser holds no copy of the board (its cache was empty, or there is no cache) and the
   * server has not sent the document yet: the time for a preview (`showFirstCards`).
   */
  readonly needsFirstCards: Accessor<boolean>;
  /**
   * Show the server's first cards of each column until the document has loaded (ignored once it
   * has); `null` takes a preview away (the board then says it is loading, as without one).
   */
  showFirstCards(first: FirstCards | null): void;
  /** Detach everything; unsaved changes stay in the cache for the next visit. */
  destroy(): Promise<void>;
  /** Detach everything and forget this board on this browser (after a refusal). */
  discard(): Promise<void>;
}

/** The offline cache, or none when this browser has no usable storage (the board still works). */
function openCache(options: BoardSessionOptions, doc: Y.Doc): BoardCache | null {
  try {
    return options.cache?.({ boardId: options.boardId, userId: options.me.id, doc }) ?? null;
  } catch {
    return null;
  }
}

export function createBoardSession(options: BoardSessionOptions): BoardSession {
  const doc = new Y.Doc();
  const origin = userOrigin(options.me.id);
  const ticketsMap = doc.getMap<unknown>(TICKETS_MAP);

  const cache = openCache(options, doc);
  const [unsavedCount, setUnsavedCount] = createSignal(0);
  const unsaved = new UnsavedChanges((changes) => {
    setUnsavedCount(changes.count);
    cache?.writeUnsaved(changes.list());
  });
  const onTransaction = (transaction: Y.Transaction): void => {
    unsaved.record(transaction);
  };
  doc.on('afterTransaction', onTransaction);

  const reader = createBoardReader(doc);
  const awareness = new Awareness(doc);
  awareness.setLocalState(initialPresence(options.me));
  const presence = createPresenceReader(awareness, options.me.id);

  const undoManager = new Y.UndoManager(ticketsMap, {
    trackedOrigins: new Set([origin]),
    // A transaction that adds an entry to the tickets map creates a ticket (entries are never
    // replaced or removed); see the module comment.
    captureTransaction: (transaction) => {
      for (const type of transaction.changed.keys()) if ((type as unknown) === ticketsMap) return false;
      return true;
    },
  });
  const [canUndo, setCanUndo] = createSignal(false);
  const [canRedo, setCanRedo] = createSignal(false);
  const onStacks = (): void => {
    setCanUndo(undoManager.canUndo());
    setCanRedo(undoManager.canRedo());
  };
  undoManager.on('stack-item-added', onStacks);
  undoManager.on('stack-item-popped', onStacks);
  undoManager.on('stack-cleared', onStacks);

  const [connected, setConnected] = createSignal(false);
  /** The link gave up for now (until it reconnects): a preview then says offline, not loading. */
  const [disconnected, setDisconnected] = createSignal(false);
  const [loaded, setLoaded] = createSignal(false);
  const [noLocalCopy, setNoLocalCopy] = createSignal(false);
  /** The document is here: the preview (if any) gives way in the same update. */
  const markLoaded = (): void => {
    batch(() => {
      reader.endPreview();
      setLoaded(true);
    });
  };
  let link: BoardLink | null = null;
  let stopped = false;

  const openLink = (): void => {
    if (stopped || link !== null) return;
    link = options.link({
      boardId: options.boardId,
      doc,
      awareness,
      events: {
        status: (status) => {
          if (status === 'connected') unsaved.connected();
          else unsaved.disconnected();
          setConnected(status === 'connected');
          setDisconnected(status === 'disconnected');
        },
        serverState: (vector) => unsaved.serverHolds(vector),
        received: (update) => cache?.storeReceived(update),
        synced: markLoaded,
        saved: (vector) => unsaved.acknowledge(vector),
        refused: (reason) => options.onRefused?.(reason),
        closed: (code) => options.onClosed?.(code),
      },
    });
  };

  if (cache === null) {
    setNoLocalCopy(true);
    openLink();
  } else {
    const fromCache = cache.loaded
      .then(() => cache.readUnsaved())
      .then((restored) => {
        if (stopped) return;
        unsaved.restore(restored);
        // An empty cache (first visit on this browser) has nothing to show: wait for the server.
        if (doc.store.clients.size > 0) markLoaded();
        else setNoLocalCopy(true);
      });
    const wait = new Promise<void>((resolve) => setTimeout(resolve, CACHE_WAIT_MS));
    void Promise.race([fromCache, wait]).then(openLink, openLink);
  }

  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    doc.off('afterTransaction', onTransaction);
    reader.dispose();
    presence.dispose();
    // Tell the others we left before the link goes.
    awareness.setLocalState(null);
    link?.destroy();
    undoManager.destroy();
    awareness.destroy();
  };

  let finished: Promise<void> | null = null;
  const finish = async (releaseCache: () => Promise<void> | undefined): Promise<void> => {
    stop();
    try {
      await releaseCache();
    } finally {
      doc.destroy();
    }
  };

  return {
    boardId: options.boardId,
    doc,
    awareness,
    origin,
    reader,
    presence,
    history: {
      canUndo,
      canRedo,
      undo: () => {
        undoManager.undo();
      },
      redo: () => {
        undoManager.redo();
      },
    },
    sync: () => {
      if (reader.previewing() && !disconnected()) return { kind: 'loading' };
      const count = unsavedCount();
      if (!connected()) return { kind: 'offline', unsaved: count };
      return count > 0 ? { kind: 'saving', unsaved: count } : { kind: 'saved' };
    },
    loaded,
    needsFirstCards: () => noLocalCopy() && !loaded(),
    showFirstCards(first) {
      if (stopped || loaded()) return;
      if (first === null) reader.endPreview();
      else reader.showPreview(first);
    },
    destroy() {
      finished ??= finish(() => cache?.destroy());
      return finished;
    },
    discard() {
      finished ??= finish(() => cache?.clear());
      return finished;
    },
  };
}
