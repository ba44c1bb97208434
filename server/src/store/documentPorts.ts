/**
 * The document-archive port over a `RecordState`, shared by the in-memory twin and the lowdb
 * adapter like `absencePorts.ts`. Every write validates the whole record after the change
 * (`documentRecords.ts`), inside the commit, so the invariants hold whatever the caller did:
 * versions only ever appended (numbered by the port, never by the caller), tickets only with
 * their board, one board per document.
 */
import { ConflictError, NotFoundError } from '@fluxo/shared/errors';
import type { AgencyId, BoardId, ClientId, TicketId } from '@fluxo/shared/ids';
import {
  type DocumentId,
  type DocumentRecord,
  type DocumentVersion,
  MAX_DOCUMENT_TICKETS,
  documentRecordSchema,
} from './documentRecords.js';
import { checked } from './recordPorts.js';
import type { RecordState } from './recordState.js';

export interface DocumentStore {
  /** Stores a new document; `InvalidInputError` for a bad record, `ConflictError` for a taken id. */
  create(document: DocumentRecord): Promise<void>;
  get(id: DocumentId): Promise<DocumentRecord | null>;
  /** The agency's documents (archived too), in creation order — what a search index reads. */
  listByAgency(agencyId: AgencyId): Promise<DocumentRecord[]>;
  /** A client's documents (archived too), in creation order. */
  listByClient(agencyId: AgencyId, clientId: ClientId): Promise<DocumentRecord[]>;
  /** The documents that list this ticket (archived too), in creation order. */
  listByTicket(boardId: BoardId, ticketId: TicketId): Promise<DocumentRecord[]>;
  /** Appends a version numbered `versions.length + 1`; earlier versions stay as they are. */
  addVersion(id: DocumentId, version: Omit<DocumentVersion, 'version'>): Promise<DocumentRecord>;
  /**
   * Lists the ticket (once; linking it again changes nothing). A document without a board takes
   * `boardId`; one of another board refuses with `ConflictError`.
   */
  link(id: DocumentId, boardId: BoardId, ticketId: TicketId): Promise<DocumentRecord>;
  /** Stops listing the ticket (not listed: nothing changes). The board stays the document's. */
  unlink(id: DocumentId, ticketId: TicketId): Promise<DocumentRecord>;
  /** Marks it archived (again: nothing changes). Nothing is deleted. */
  archive(id: DocumentId): Promise<DocumentRecord>;
}

const copy = <T>(value: T): T => structuredClone(value);

export function createDocumentPorts(state: RecordState): { documents: DocumentStore } {
  const find = (id: DocumentId) => state.read().documents.find((d) => d.id === id);

  /** Runs `change` on the stored document inside a commit, re-checks it, returns the result. */
  const update = async (id: DocumentId, change: (document: DocumentRecord) => void): Promise<DocumentRecord> => {
    if (find(id) === undefined) throw new NotFoundError(`document ${id} not found`);
    return state.commit((data) => {
      const index = data.documents.findIndex((d) => d.id === id);
      const current = data.documents[index];
      if (current === undefined) throw new NotFoundError(`document ${id} not found`);
      const next = copy(current);
      change(next);
      const valid = checked(documentRecordSchema, 'document', next);
      data.documents[index] = valid;
      return copy(valid);
    });
  };

  const documents: DocumentStore = {
    async create(candidate) {
      const document = checked(documentRecordSchema, 'document', candidate);
      await state.commit((data) => {
        if (data.documents.some((d) => d.id === document.id)) throw new ConflictError(`document ${document.id} exists`);
        data.documents.push(copy(document));
      });
    },
    async get(id) {
      const found = find(id);
      return found ? copy(found) : null;
    },
    async listByAgency(agencyId) {
      return copy(state.read().documents.filter((d) => d.agencyId === agencyId));
    },
    async listByClient(agencyId, clientId) {
      return copy(state.read().documents.filter((d) => d.agencyId === agencyId && d.clientId === clientId));
    },
    async listByTicket(boardId, ticketId) {
      return copy(state.read().documents.filter((d) => d.boardId === boardId && d.ticketIds.includes(ticketId)));
    },
    addVersion(id, version) {
      return update(id, (document) => {
        document.versions.push({ ...copy(version), version: document.versions.length + 1 });
      });
    },
    link(id, boardId, ticketId) {
      return update(id, (document) => {
        if (document.boardId !== null && document.boardId !== boardId)
          throw new ConflictError('this document belongs to another board: its tickets are that board’s');
        document.boardId = boardId;
        if (document.ticketIds.includes(ticketId)) return;
        if (document.ticketIds.length >= MAX_DOCUMENT_TICKETS)
          throw new ConflictError(`a document lists at most ${MAX_DOCUMENT_TICKETS} tickets`);
        document.ticketIds.push(ticketId);
      });
    },
    unlink(id, ticketId) {
      return update(id, (document) => {
        document.ticketIds = document.ticketIds.filter((t) => t !== ticketId);
      });
    },
    archive(id) {
      return update(id, (document) => {
        document.archived = true;
      });
    },
  };
  return { documents };
}
