/**
 * The process's search: one `WorkspaceSearch` per `Conversation` (one per process on the server,
 * one per test app), made on the first search with the conversation's live signals and board
 * documents, and the document archive as an extra source (its file vault under `DATA_DIR`).
 * Nothing is built before someone searches.
 */
import type { Conversation } from '../conversation/conversation.js';
import type { Logger } from '../log.js';
import { AttachmentFiles } from '../mail/attachmentFiles.js';
import { documentSearchSource } from './documentSource.js';
import { type WorkspaceSearch, createWorkspaceSearch } from './workspaceSearch.js';

const searches = new WeakMap<Conversation, WorkspaceSearch>();

export function conversationSearch(conversation: Conversation, deps: { readonly dataDir: string; readonly logger: Logger }): WorkspaceSearch {
  let search = searches.get(conversation);
  if (!search) {
    const { store, events } = conversation;
    search = createWorkspaceSearch({
      store,
      events,
      boards: conversation.boards,
      logger: deps.logger,
      sources: [documentSearchSource({ store, vault: new AttachmentFiles(deps.dataDir), events: events.documents })],
    });
    searches.set(conversation, search);
  }
  return search;
}
