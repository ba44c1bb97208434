/**
 * The real board link: the stock `y-websocket` client on `/sync/<boardId>` of the page's own
 * origin (ws: or wss: after the page's scheme; the session cookie and the server's Origin check
 * need the same origin). Fluxo's own messages are plugged into the provider's
 * `messageHandlers` table; the stock sync handler is wrapped to read the server's state
 * vector from its sync step 1, and to apply its sync step 2 (the whole board on a first visit:
 * megabytes) with the doc's `update` observers detached: otherwise Yjs re-encodes everything it
 * just integrated for its listeners (y-websocket ignores its own origin anyway; y-indexeddb
 * would store it) — ~20% of a first render. The payload, as received, goes to `received` for
 * the cache to store instead.
 *
 * Messages that arrive over the cross-tab BroadcastChannel go through the same handlers with
 * `emitSynced = false`; only messages from the socket speak for the server.
 */
import {
  CLOSE_FORBIDDEN,
  CLOSE_PROTOCOL_ERROR,
  CLOSE_UNAUTHENTICATED,
  MESSAGE_REFUSED,
  MESSAGE_SAVED,
  MESSAGE_SYNC,
  SYNC_PATH_PREFIX,
} from '@fluxo/shared/sync/protocol';
import { WebsocketProvider } from 'y-websocket';
import type { BoardLink, BoardLinkFactory } from './boardLink';
import { peekSyncStep1, peekSyncStep2, readRefusalReason, readSavedVector } from './syncMessages';
import { withoutUpdateObservers } from './unobservedUpdate';

/** Longest wait between reconnection attempts. */
const MAX_BACKOFF_MS = 10_000;

/**
 * Closes after which reconnecting cannot help: the session ended, access was lost, or this
 * client spoke the protocol wrong. Everything else — going away, rate limiting (4429), a lost
 * network — is retried with backoff (y-websocket would give up on the whole 4400–4499 range).
 */
const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([CLOSE_UNAUTHENTICATED, CLOSE_FORBIDDEN, CLOSE_PROTOCOL_ERROR]);

export function syncServerUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${SYNC_PATH_PREFIX.replace(/\/$/, '')}`;
}

export const websocketLink: BoardLinkFactory = ({ boardId, doc, awareness, events }): BoardLink => {
  const provider = new WebsocketProvider(syncServerUrl(window.location), boardId, doc, {
    awareness,
    connect: false,
    maxBackoffTime: MAX_BACKOFF_MS,
    shouldReconnect: (event) => !FINAL_CLOSE_CODES.has(event.code),
  });
  type Handler = (typeof provider.messageHandlers)[number];

  const stockSync = provider.messageHandlers[MESSAGE_SYNC];
  if (stockSync === undefined) throw new Error('y-websocket has no sync handler');
  const sync: Handler = (encoder, decoder, p, fromSocket, type) => {
    if (fromSocket) {
      const vector = peekSyncStep1(decoder);
      if (vector !== null) events.serverState(vector);
      const state = peekSyncStep2(decoder);
      if (state !== null) {
        withoutUpdateObservers(doc, () => stockSync(encoder, decoder, p, fromSocket, type));
        events.received?.(state);
        return;
      }
    }
    stockSync(encoder, decoder, p, fromSocket, type);
  };
  const saved: Handler = (_encoder, decoder, _p, fromSocket) => {
    if (!fromSocket) return;
    const vector = readSavedVector(decoder);
    if (vector !== null) events.saved(vector);
  };
  const refused: Handler = (_encoder, decoder, _p, fromSocket) => {
    if (fromSocket) events.refused(readRefusalReason(decoder));
  };
  provider.messageHandlers[MESSAGE_SYNC] = sync;
  provider.messageHandlers[MESSAGE_SAVED] = saved;
  provider.messageHandlers[MESSAGE_REFUSED] = refused;

  provider.on('status', ({ status }) => events.status(status));
  provider.on('sync', (isSynced: boolean) => {
    if (isSynced) events.synced();
  });
  provider.on('closed', ({ code }) => events.closed(code));
  provider.connect();

  return { destroy: () => provider.destroy() };
};
