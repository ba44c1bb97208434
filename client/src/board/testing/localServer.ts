/**
 * An in-memory sync server for tests: the `BoardLink` adapter that the page uses instead of the
 * WebSocket, so board tests run the real session, reader, undo manager and UI against real
 * Yjs replicas without a network. It behaves like `server/src/sync` as the protocol describes
 * it: a handshake (server state vector, then both sides' missing updates), relaying updates
 * and awareness between connections, acknowledging with a saved vector of the client ids each
 * connection sent, refusing, closing.
 *
 * Acknowledgements are automatic unless `holdAcks` is set; then `flushAcks()` sends them, which
 * lets a test see "Salvando…" before "Salvo".
 */
import type { RefusalReason } from '@fluxo/shared/sync/protocol';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { BoardLink, BoardLinkFactory, BoardLinkInput } from '../boardLink';
import { withoutUpdateObservers } from '../unobservedUpdate';

interface Connection {
  readonly input: BoardLinkInput;
  /** Client ids this connection sent updates for. */
  readonly sent: Set<number>;
  open: boolean;
  detach: () => void;
}

export interface LocalServer {
  /** The server's copy of the board. */
  readonly doc: Y.Doc;
  /** Link factory to give the session (through `BoardConnectionContext`). */
  readonly link: BoardLinkFactory;
  /** Keep acknowledgements until `flushAcks()`. */
  holdAcks: boolean;
  flushAcks(): void;
  /** Drop every connection (the network went away); `reconnect()` brings them back. */
  disconnectAll(): void;
  reconnect(): void;
  /** Send `MESSAGE_REFUSED` to every connection. */
  refuseAll(reason: RefusalReason): void;
  /** Refuse (not apply, not relay) the next update any connection sends, with this reason. */
  refuseNext: RefusalReason | null;
  /** Close every connection for good with a code (4401, 4403…). */
  closeAll(code: number): void;
  readonly connections: number;
}

export function createLocalServer(doc: Y.Doc = new Y.Doc()): LocalServer {
  const serverAwareness = new Awareness(doc);
  serverAwareness.setLocalState(null);
  const connections = new Set<Connection>();
  let online = true;
  let holdAcks = false;
  let refuseNext: RefusalReason | null = null;

  const ack = (connection: Connection): void => {
    if (!connection.open) return;
    const vector = Y.decodeStateVector(Y.encodeStateVector(doc));
    const saved = new Map<number, number>();
    for (const client of connection.sent) saved.set(client, vector.get(client) ?? 0);
    connection.input.events.saved(saved);
  };

  const open = (connection: Connection): void => {
    const { doc: replica, awareness, events } = connection.input;
    connection.open = true;
    events.status('connected');
    events.serverState(Y.decodeStateVector(Y.encodeStateVector(doc)));
    // Handshake: the server's missing part to the replica, the replica's missing part to us.
    // As the WebSocket link does: the server's part is applied unobserved and handed to the
    // session as received, for its cache to store.
    const handshake = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(replica));
    withoutUpdateObservers(replica, () => Y.applyUpdate(replica, handshake, connection));
    events.received?.(handshake);
    const missing = Y.encodeStateAsUpdate(replica, Y.encodeStateVector(doc));
    receive(connection, missing);
    events.synced();

    const onUpdate = (update: Uint8Array, origin: unknown): void => {
      if (origin !== connection && connection.open) receive(connection, update);
    };
    const onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
      if (origin === connection || !connection.open) return;
      const update = encodeAwarenessUpdate(awareness, [...added, ...updated, ...removed]);
      for (const other of connections) {
        if (other !== connection && other.open) applyAwarenessUpdate(other.input.awareness, update, other);
      }
      applyAwarenessUpdate(serverAwareness, update, connection);
    };
    replica.on('update', onUpdate);
    awareness.on('update', onAwareness);
    // Everyone already here, to the newcomer; the newcomer, to everyone.
    const present = [...serverAwareness.getStates().keys()];
    if (present.length > 0) applyAwarenessUpdate(awareness, encodeAwarenessUpdate(serverAwareness, present), connection);
    onAwareness({ added: [awareness.clientID], updated: [], removed: [] }, null);
    connection.detach = () => {
      replica.off('update', onUpdate);
      awareness.off('update', onAwareness);
    };
  };

  const receive = (from: Connection, update: Uint8Array): void => {
    if (refuseNext !== null) {
      const reason = refuseNext;
      refuseNext = null;
      from.input.events.refused(reason);
      return;
    }
    for (const struct of Y.decodeUpdate(update).structs) from.sent.add(struct.id.client);
    Y.applyUpdate(doc, update, from);
    for (const other of connections) {
      if (other !== from && other.open) Y.applyUpdate(other.input.doc, update, other);
    }
    if (!holdAcks) ack(from);
  };

  const close = (connection: Connection): void => {
    if (!connection.open) return;
    connection.open = false;
    connection.detach();
    const gone = connection.input.awareness.clientID;
    for (const other of connections) {
      if (other !== connection && other.open) removeAwarenessStates(other.input.awareness, [gone], other);
    }
    removeAwarenessStates(serverAwareness, [gone], connection);
    // Like y-websocket on disconnect: the replica forgets everyone but itself.
    const own = connection.input.awareness;
    const strangers = [...own.getStates().keys()].filter((id) => id !== own.clientID);
    if (strangers.length > 0) removeAwarenessStates(own, strangers, connection);
    connection.input.events.status('disconnected');
  };

  const link: BoardLinkFactory = (input): BoardLink => {
    const connection: Connection = { input, sent: new Set(), open: false, detach: () => {} };
    connections.add(connection);
    input.events.status('connecting');
    if (online) queueMicrotask(() => connections.has(connection) && !connection.open && online && open(connection));
    return {
      destroy() {
        // A leaving tab first publishes its empty state, which `onAwareness` relays.
        close(connection);
        connections.delete(connection);
      },
    };
  };

  return {
    doc,
    link,
    get holdAcks() {
      return holdAcks;
    },
    set holdAcks(value: boolean) {
      holdAcks = value;
    },
    flushAcks() {
      for (const connection of connections) ack(connection);
    },
    disconnectAll() {
      online = false;
      for (const connection of connections) close(connection);
    },
    reconnect() {
      online = true;
      for (const connection of connections) if (!connection.open) open(connection);
    },
    get refuseNext() {
      return refuseNext;
    },
    set refuseNext(reason: RefusalReason | null) {
      refuseNext = reason;
    },
    refuseAll(reason) {
      for (const connection of connections) if (connection.open) connection.input.events.refused(reason);
    },
    closeAll(code) {
      for (const connection of connections) {
        close(connection);
        connection.input.events.closed(code);
      }
    },
    get connections() {
      return [...connections].filter((c) => c.open).length;
    },
  };
}
