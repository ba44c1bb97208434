/**
 * In-process fan-out of "the conversation changed" signals, for the live subscriptions
 * (`comments.onTicket`, `notifications.onNew`, the client timeline's `share.watch`).
 *
 * A signal carries no data, only *where* something changed (a ticket's comments, a person's
 * notifications). A subscriber that wakes up reads what changed from the store, after the
 * cursor it has sent so far (`seq`): so a signal can never deliver something that is not
 * durable, coalesced or duplicated signals cost one read, and a subscriber that was slow misses
 * nothing. This is also the seam for several server processes later (DESIGN.md §3): the same
 * signals published over Redis, the data still read from the shared store.
 *
 * Watches are registered *before* the subscriber reads its starting state, so a change between
 * the read and the wait still wakes it.
 */
import type { BoardId, TicketId, UserId } from '@fluxo/shared/ids';
import { DocumentEvents } from '../documents/documentEvents.js';

export interface ChangeWatch {
  /**
   * Resolves `true` once something changed since the previous call (at once if it already
   * did), `false` when the watch ended (closed, aborted, or the hub closed).
   */
  next(): Promise<boolean>;
  close(): void;
}

class Watcher implements ChangeWatch {
  #pending = false;
  #closed = false;
  #waiting: ((changed: boolean) => void) | null = null;
  readonly #unregister: () => void;

  constructor(unregister: () => void) {
    this.#unregister = unregister;
  }

  notify(): void {
    if (this.#closed) return;
    const waiting = this.#waiting;
    if (waiting) {
      this.#waiting = null;
      waiting(true);
    } else {
      this.#pending = true;
    }
  }

  next(): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unregister();
    const waiting = this.#waiting;
    this.#waiting = null;
    waiting?.(false);
  }
}

export class ConversationEvents {
  /** Which client document changed (the archive, `documents/`), for the search index: data, not a wake-up. */
  readonly documents = new DocumentEvents();
  readonly #watchers = new Map<string, Set<Watcher>>();
  /** Hear *which* ticket's comments changed (the search index re-reads just those); see `onTicketChanged`. */
  readonly #ticketListeners = new Set<(boardId: BoardId, ticketId: TicketId) => void>();
  #closed = false;

  /** A ticket's comments changed (created, edited, deleted). */
  ticketChanged(boardId: BoardId, ticketId: TicketId): void {
    this.#notify(`ticket:${boardId}/${ticketId}`);
    this.#notify(`board:${boardId}`);
    for (const listener of [...this.#ticketListeners]) listener(boardId, ticketId);
  }

  /**
   * Calls `listener` synchronously on every `ticketChanged` (data, not a wake-up: for an index
   * kept per ticket, `search/workspaceSearch.ts`). It must not throw. Returns the function that
   * removes it.
   */
  onTicketChanged(listener: (boardId: BoardId, ticketId: TicketId) => void): () => void {
    this.#ticketListeners.add(listener);
    return () => void this.#ticketListeners.delete(listener);
  }

  /**
   * Something on the board changed that a client timeline may show: a ticket (the witness
   * recorded a change), a comment (`ticketChanged` signals this too), or a share link of the
   * board (revoked, rotated: its streams wake up and end).
   */
  boardChanged(boardId: BoardId): void {
    this.#notify(`board:${boardId}`);
  }

  /** A person's notifications changed (new ones, or marked read). */
  userChanged(userId: UserId): void {
    this.#notify(`user:${userId}`);
  }

  watchTicket(boardId: BoardId, ticketId: TicketId, signal?: AbortSignal): ChangeWatch {
    return this.#watch(`ticket:${boardId}/${ticketId}`, signal);
  }

  watchBoard(boardId: BoardId, signal?: AbortSignal): ChangeWatch {
    return this.#watch(`board:${boardId}`, signal);
  }

  watchUser(userId: UserId, signal?: AbortSignal): ChangeWatch {
    return this.#watch(`user:${userId}`, signal);
  }

  /** Open watches (for tests and stats). */
  get watching(): number {
    let count = 0;
    for (const set of this.#watchers.values()) count += set.size;
    return count;
  }

  /** Ends every watch (their subscriptions finish) and refuses new ones. Idempotent. */
  close(): void {
    this.#closed = true;
    for (const set of [...this.#watchers.values()]) for (const watcher of [...set]) watcher.close();
  }

  #notify(key: string): void {
    for (const watcher of this.#watchers.get(key) ?? []) watcher.notify();
  }

  #watch(key: string, signal: AbortSignal | undefined): ChangeWatch {
    let set = this.#watchers.get(key);
    if (!set) {
      set = new Set();
      this.#watchers.set(key, set);
    }
    const watchers = set;
    const onAbort = () => watcher.close();
    const watcher: Watcher = new Watcher(() => {
      watchers.delete(watcher);
      if (watchers.size === 0 && this.#watchers.get(key) === watchers) this.#watchers.delete(key);
      signal?.removeEventListener('abort', onAbort);
    });
    watchers.add(watcher);
    if (this.#closed || signal?.aborted) watcher.close();
    else signal?.addEventListener('abort', onAbort, { once: true });
    return watcher;
  }
}
