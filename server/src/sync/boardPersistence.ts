/**
 * Keeps one live board document on disk through the `BoardDocStore` port, and says when what it
 * was given is durable.
 *
 * - `append(update)` hands every change of the live document to `store.boardDocs.append` at
 *   once (the embedded adapter groups concurrent appends into one write + fdatasync). It
 *   returns a promise that resolves `true` once this update *and every one given before it* is
 *   on disk — the moment the sync server may say `MESSAGE_SAVED` — and `false` only if that can
 *   no longer happen (the store was closed).
 * - A failed write (disk full, I/O error) is not the end: the whole document is rewritten with
 *   `replace` (retried with back-off) and the waiting promises resolve when that succeeds. The
 *   document in memory stays the truth meanwhile.
 * - Compaction: once the appended bytes pass `max(compactAfterBytes, size of the last
 *   compaction)` or the appended updates pass `compactAfterUpdates`, the whole state is encoded
 *   (the one place the server pays for the whole document, amortised over that many edits) and
 *   written with `replace`, in order with the appends. `flush()` (unload, shutdown) compacts
 *   whatever was appended since the last compaction.
 * - `sizeEstimate` is the last measured encoded size plus every byte appended since, an upper
 *   bound of the document's size kept without re-encoding it (the size cap's input).
 */
import type { BoardId } from '@fluxo/shared/ids';
import type { Logger } from '../log.js';
import { type BoardDocStore, StoreClosedError } from '../store/store.js';

export interface CompactionOptions {
  readonly compactAfterBytes: number;
  readonly compactAfterUpdates: number;
}

export const DEFAULT_COMPACTION: CompactionOptions = {
  compactAfterBytes: 4 * 1024 * 1024,
  compactAfterUpdates: 2_000,
};

const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5_000;

export interface PersistenceStats {
  appends: number;
  compactions: number;
  failures: number;
}

export class BoardPersistence {
  #tail: Promise<boolean> = Promise.resolve(true);
  #recovery: Promise<boolean> = Promise.resolve(true);
  #measuredBytes: number;
  #bytesSince = 0;
  #updatesSince = 0;
  #pending = 0;
  #compacting = false;
  #closed = false;
  readonly stats: PersistenceStats = { appends: 0, compactions: 0, failures: 0 };

  constructor(
    readonly boardId: BoardId,
    readonly docs: BoardDocStore,
    /** The whole document as one update (`Y.encodeStateAsUpdate`). */
    readonly encodeState: () => Uint8Array,
    readonly logger: Logger,
    readonly options: CompactionOptions,
    /** Encoded size of what was loaded. */
    loadedBytes: number,
  ) {
    this.#measuredBytes = loadedBytes;
  }

  /** Upper bound of the encoded document size. */
  get sizeEstimate(): number {
    return this.#measuredBytes + this.#bytesSince;
  }

  /** Whether anything was appended since the size was last measured. */
  get unmeasured(): boolean {
    return this.#bytesSince > 0;
  }

  /** Writes still in flight. */
  get pending(): number {
    return this.#pending;
  }

  append(update: Uint8Array): Promise<boolean> {
    this.stats.appends++;
    this.#bytesSince += update.length;
    this.#updatesSince++;
    const written = this.#settle(this.docs.append(this.boardId, update));
    this.#chain(written);
    const durable = this.#tail;
    this.compactIfDue();
    return durable;
  }

  /** Resolves `true` once everything given so far is on disk. */
  whenDurable(): Promise<boolean> {
    return this.#tail;
  }

  compactIfDue(): void {
    if (this.#compacting || this.#closed) return;
    const byBytes = this.#bytesSince >= Math.max(this.options.compactAfterBytes, this.#measuredBytes);
    if (byBytes || this.#updatesSince >= this.options.compactAfterUpdates) this.compact();
  }

  /** Encodes the whole document now and replaces the stored log with it; returns its size. */
  compact(): number {
    const state = this.encodeState();
    this.#measuredBytes = state.length;
    this.#bytesSince = 0;
    this.#updatesSince = 0;
    this.#compacting = true;
    this.stats.compactions++;
    const written = this.#settle(this.docs.replace(this.boardId, state));
    void written.then(() => {
      this.#compacting = false;
    });
    this.#chain(written);
    return state.length;
  }

  /** Waits for every write, compacting first if anything was appended since the last compaction. */
  async flush(): Promise<boolean> {
    await this.#tail;
    if (this.#updatesSince > 0 && !this.#closed) this.compact();
    return this.#tail;
  }

  /** Stops retrying failed writes (the store is going away). */
  close(): void {
    this.#closed = true;
  }

  #chain(written: Promise<boolean>): void {
    this.#pending++;
    const previous = this.#tail;
    this.#tail = Promise.all([previous, written]).then(([a, b]) => a && b);
    void written.then(() => {
      this.#pending--;
    });
  }

  /** A write's outcome: true when it succeeded or a later full rewrite covered it. */
  #settle(write: Promise<void>): Promise<boolean> {
    return write.then(
      () => true,
      (error: unknown) => {
        this.stats.failures++;
        if (error instanceof StoreClosedError || this.#closed) return false;
        this.logger.error('board document write failed; rewriting the whole document', {
          boardId: this.boardId,
          error: error instanceof Error ? error.message : String(error),
        });
        // One rewrite at a time; each encodes the document when it runs, covering every
        // update applied before it.
        this.#recovery = this.#recovery.then(() => this.#rewrite());
        return this.#recovery;
      },
    );
  }

  async #rewrite(): Promise<boolean> {
    let delay = RETRY_FIRST_MS;
    for (;;) {
      if (this.#closed) return false;
      try {
        const state = this.encodeState();
        await this.docs.replace(this.boardId, state);
        // Bytes appended meanwhile stay counted: an estimate too high is safe, too low is not.
        this.#measuredBytes = state.length;
        return true;
      } catch (error) {
        if (error instanceof StoreClosedError) return false;
        this.stats.failures++;
        this.logger.error('board document rewrite failed; retrying', {
          boardId: this.boardId,
          error: error instanceof Error ? error.message : String(error),
          retryInMs: delay,
        });
      }
      await new Promise<void>((resolve) => setTimeout(resolve, delay).unref());
      delay = Math.min(RETRY_MAX_MS, delay * 2);
    }
  }
}
