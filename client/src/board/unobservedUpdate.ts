/**
 * Applying a large update without paying for its re-encoding. After every transaction Yjs
 * encodes the transaction's changes as an update for the doc's `update` listeners — if it has
 * any. For the server's handshake state on a first visit (the whole board: ~7.5 MB, ~265,000
 * structs on a 10,000-ticket board) that encoding is ~20% of the first render, and its only
 * useful listener is the offline cache, which can store the bytes as received instead
 * (`BoardLinkEvents.received` → `BoardCache.storeReceived`). y-websocket's own listener ignores
 * updates applied with its origin, which the handshake is.
 */
import type * as Y from 'yjs';

/**
 * Runs `apply` (which applies an update to `doc`) while the doc has no `update` listeners, so
 * Yjs skips encoding that transaction for them. The listeners are back afterwards (also when
 * `apply` throws); listeners added meanwhile are kept.
 */
export function withoutUpdateObservers(doc: Y.Doc, apply: () => void): void {
  // lib0's Observable keeps its listeners in `_observers` (event name → set of listeners), and
  // Yjs encodes an update only when `_observers.has('update')`.
  const observers = doc._observers as Map<string, Set<unknown>>;
  const listeners = observers.get('update');
  if (listeners === undefined) {
    apply();
    return;
  }
  observers.delete('update');
  try {
    apply();
  } finally {
    for (const added of observers.get('update') ?? []) listeners.add(added);
    observers.set('update', listeners);
  }
}
