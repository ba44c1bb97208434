/**
 * The board's link to the server, as the session sees it: a port with one real adapter
 * (`websocketLink`, the stock y-websocket client) and an in-memory one for tests
 * (`testing/localServer.ts`). The session never touches a socket; it only hears these events.
 *
 * Event order for one connection: `status('connected')` → `serverState(vector)` (the server's
 * side of the handshake) → `synced()` → any number of `saved` / `refused` → `status('disconnected')`.
 */
import type { BoardId } from '@fluxo/shared/ids';
import type { RefusalReason } from '@fluxo/shared/sync/protocol';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';

export type LinkStatus = 'connecting' | 'connected' | 'disconnected';

export interface BoardLinkEvents {
  status(status: LinkStatus): void;
  /** The server's state vector, from its sync step 1 on a fresh connection. */
  serverState(vector: Map<number, number>): void;
  /**
   * Optional. The server's handshake state (its sync step 2 payload, as received) was applied
   * with the doc's `update` observers detached, so Yjs did not re-encode it for them: whoever
   * persists the doc must store these bytes (`BoardCache.storeReceived`).
   */
  received?(update: Uint8Array): void;
  /** The handshake finished: this replica holds everything the server had. */
  synced(): void;
  /** `MESSAGE_SAVED`: a vector of this connection's changes that are on disk. */
  saved(vector: Map<number, number>): void;
  /** `MESSAGE_REFUSED`: the server refused one of our updates (reason null if unknown). */
  refused(reason: RefusalReason | null): void;
  /** The server closed the socket for good (4400–4499: session ended, access lost…). */
  closed(code: number): void;
}

export interface BoardLink {
  destroy(): void;
}

export interface BoardLinkInput {
  readonly boardId: BoardId;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  readonly events: BoardLinkEvents;
}

export type BoardLinkFactory = (input: BoardLinkInput) => BoardLink;
