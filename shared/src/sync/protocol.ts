/**
 * The `/sync/<boardId>` WebSocket protocol: the standard y-websocket messages (so the stock
 * `y-websocket` client works unchanged) plus Fluxo's own message types, which the stock client
 * ignores (its `messageHandlers` has no entry for them and it logs nothing fatal).
 *
 * Every message starts with a varUint message type (lib0 encoding), like y-websocket's.
 *
 * - `MESSAGE_SYNC` (0) and `MESSAGE_AWARENESS` (1), `MESSAGE_QUERY_AWARENESS` (3): y-protocols.
 * - `MESSAGE_SAVED` (100), server → client: "these of your changes are on disk". Payload: a Yjs
 *   state vector (`Y.encodeStateVector` format) restricted to the Yjs client ids this connection
 *   has sent updates for. A replica's change with (clientId, clock) is durably saved when
 *   `clock < saved.get(clientId)`. The server sends it after the write reached disk (fsync),
 *   never before.
 * - `MESSAGE_REFUSED` (101), server → client: one of the sender's updates was refused and not
 *   applied. Payload: a varString reason (`RefusalReason`). The server's document is unchanged;
 *   the client must drop its local state and load the board again (its replica now holds changes
 *   the server will never accept).
 *
 * Refusals at the HTTP upgrade (before a socket exists) are HTTP statuses: 401 no/expired session,
 * 403 foreign `Origin`, 404 unknown board or not a member (the same answer for both), 400 bad path,
 * 429 too many sockets from one address, 503 the server is shutting down, 500 unexpected failure.
 * After the upgrade the server closes with the `CLOSE_*` codes below.
 */

export const SYNC_PATH_PREFIX = '/sync/';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
export const MESSAGE_SAVED = 100;
export const MESSAGE_REFUSED = 101;

/** Largest WebSocket message the server accepts (`ws` `maxPayload`): 1 MiB. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Largest encoded board document the server accepts an update into: 32 MiB. */
export const MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;

export const REFUSAL_REASONS = [
  /** The update does not decode as a Yjs update. */
  'malformed',
  /** Applying it would break the board schema or its invariants. */
  'invalid_board',
  /** Applying it would make the document larger than `MAX_DOCUMENT_BYTES`. */
  'document_too_large',
  /** The update references changes the server never received (missing dependencies). */
  'incomplete',
  /**
   * The update adds changes under a Yjs client id that belongs to another person or to the
   * server (the server binds each client id to the person who first wrote under it or claimed
   * it in presence), or claims more new client ids than a person may in a short time.
   */
  'foreign_replica',
  /**
   * It would close a ticket as done whose kind requires the client's approval first, and the
   * client has not approved (what is missing is shown in the ticket's drawer).
   */
  'needs_approval',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export function isRefusalReason(value: string): value is RefusalReason {
  return (REFUSAL_REASONS as readonly string[]).includes(value);
}

/** WebSocket close codes (4000–4999 are the application's). */
export const CLOSE_NORMAL = 1000;
/** The server is shutting down; reconnect later. */
export const CLOSE_GOING_AWAY = 1001;
/** A message was not valid protocol (undecodable frame, unknown message type). */
export const CLOSE_PROTOCOL_ERROR = 4400;
/** The session ended (logout, expiry) while the socket was open. */
export const CLOSE_UNAUTHENTICATED = 4401;
/** The user lost access to the board while the socket was open. */
export const CLOSE_FORBIDDEN = 4403;
/** A message larger than `MAX_MESSAGE_BYTES` (ws uses 1009 itself for frames over maxPayload). */
export const CLOSE_TOO_LARGE = 1009;
/** Too many messages or bytes per second from this socket. */
export const CLOSE_RATE_LIMITED = 4429;
