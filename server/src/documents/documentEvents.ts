/**
 * "A document changed" inside this process, for whoever keeps something derived from the archive
 * — the full-text search index first. Unlike `ConversationEvents` watches (wake-ups without
 * data), a listener here hears *which* document changed and how, then reads it from the store
 * (`documentSearchText`), so it never indexes something that is not durable: `changed` is called
 * only after the store's write resolved.
 *
 * Listeners run synchronously in registration order; one that throws is skipped (the archive's
 * write already happened and must not look failed), and the error goes to `onListenerError`.
 */
import type { AgencyId } from '@fluxo/shared/ids';
import type { DocumentId } from '../store/documentRecords.js';

export type DocumentChangeKind = 'created' | 'version_added' | 'linked' | 'unlinked' | 'archived';

export interface DocumentChange {
  readonly agencyId: AgencyId;
  readonly documentId: DocumentId;
  readonly kind: DocumentChangeKind;
}

export type DocumentListener = (change: DocumentChange) => void;

export class DocumentEvents {
  readonly #listeners = new Set<DocumentListener>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(options: { readonly onListenerError?: (error: unknown) => void } = {}) {
    this.#onListenerError = options.onListenerError ?? (() => undefined);
  }

  /** Registers `listener`; returns the function that removes it. */
  subscribe(listener: DocumentListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Tells every listener; call once the change is durable. */
  changed(change: DocumentChange): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  get listening(): number {
    return this.#listeners.size;
  }
}
