/**
 * The committed low-churn state of one store, with serialised, all-or-nothing mutations.
 *
 * `commit(change)` runs `change` on a deep copy of the committed data, hands the copy to
 * `persist` (a no-op in memory, an fsync'd atomic file write in lowdb), and only when that
 * resolves publishes the copy as the new committed data. So:
 * - readers never see a change that is not durable yet, nor one whose write failed;
 * - a `change` that throws (a conflict, a missing record) leaves nothing behind;
 * - commits run one at a time in call order, so each sees the previous one's result.
 *
 * Copying the whole state per commit is deliberate: these records change a few times per
 * person per day (logins, settings), not per keystroke — the Yjs documents live elsewhere.
 */
import { type FluxoData } from './records.js';
import { StoreClosedError } from './store.js';

export type PersistFluxoData = (next: FluxoData) => Promise<void>;

export class RecordState {
  #data: FluxoData;
  readonly #persist: PersistFluxoData;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(initial: FluxoData, persist: PersistFluxoData) {
    this.#data = initial;
    this.#persist = persist;
  }

  /** The committed data. Treat it as read-only; copy what you hand out. */
  read(): FluxoData {
    if (this.#closed) throw new StoreClosedError();
    return this.#data;
  }

  commit<T>(change: (draft: FluxoData) => T): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreClosedError());
    const run = this.#queue.then(async () => {
      const draft = structuredClone(this.#data);
      const result = change(draft);
      await this.#persist(draft);
      this.#data = draft;
      return result;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Waits for queued commits, then refuses further use. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue;
  }
}
