/**
 * The client document archive (`documents/`) as a search source: a document is found by its
 * title, its files' names and the text of its latest version (`documentSearchText`), at the
 * document field's weight — below tickets and comments. Its key is `d:<documentId>`; it belongs
 * to its board (null: a client-wide document, which every staff member of the agency may find,
 * as `documents.get` allows) and to its first ticket, if any; an archived document is archived.
 * Changes come from `ConversationEvents.documents`, told once the store's write resolved.
 */
import type { AgencyId, TicketId } from '@fluxo/shared/ids';
import type { DocumentEvents } from '../documents/documentEvents.js';
import { type VaultReader, documentSearchText } from '../documents/documentText.js';
import { type DocumentId, documentIdSchema, latestVersion } from '../store/documentRecords.js';
import type { Store } from '../store/store.js';
import type { SearchEntry } from './searchIndex.js';
import type { SearchSource } from './workspaceSearch.js';

export const documentEntryKey = (documentId: string): string => `d:${documentId}`;

export function documentSearchSource(deps: { store: Store; vault: VaultReader; events: DocumentEvents }): SearchSource {
  const { store, vault } = deps;
  async function entry(agencyId: AgencyId, documentId: DocumentId): Promise<SearchEntry | null> {
    const document = await store.documents.get(documentId);
    if (document === null || document.agencyId !== agencyId) return null;
    const text = await documentSearchText(store, vault, documentId);
    if (text === null) return null;
    return {
      key: documentEntryKey(document.id),
      type: 'document',
      boardId: document.boardId,
      ticketId: (document.ticketIds[0] ?? null) as TicketId | null,
      commentId: null,
      documentId: document.id,
      ticketNumber: null,
      title: document.title,
      fields: [{ field: 'document', text: text.text }],
      at: Date.parse(latestVersion(document).uploadedAt),
      archived: document.archived,
    };
  }
  return {
    prefix: 'd',
    keyOf: documentEntryKey,
    async agencyEntries(agencyId) {
      const entries: SearchEntry[] = [];
      for (const document of await store.documents.listByAgency(agencyId)) {
        const found = await entry(agencyId, document.id);
        if (found !== null) entries.push(found);
      }
      return entries;
    },
    async entry(agencyId, itemId) {
      const id = documentIdSchema.safeParse(itemId);
      return id.success ? entry(agencyId, id.data) : null;
    },
    subscribe(listener) {
      return deps.events.subscribe((change) => listener(change.agencyId, change.documentId));
    },
  };
}
