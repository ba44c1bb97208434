/**
 * The in-memory twin of the embedded store: the same record code (`recordPorts.ts`) with a
 * no-op persistence, and Yjs updates kept as a list per board. Nothing survives the process;
 * it exists so tests run fast and so the contract suite has a reference to compare against.
 */
import { InvalidInputError } from '@fluxo/shared/errors';
import type { HistoryEntry } from '@fluxo/shared/history/historyEntry';
import type { BoardId, TicketId } from '@fluxo/shared/ids';
import * as Y from 'yjs';
import { BoardHistory, checkHistoryBatch, parseHistoryQuery } from './boardHistory.js';
import { createConversationPorts } from './conversationPorts.js';
import { ConversationIndex, ConversationState } from './conversationState.js';
import { createMailPorts } from './mailPorts.js';
import { createShareLinkPorts } from './shareLinkPorts.js';
import { createAbsencePorts } from './absencePorts.js';
import { createClientProfilePorts } from './clientProfilePorts.js';
import { createCannedReplyPorts } from './cannedReplyPorts.js';
import { createWorkspacePorts } from './workspacePorts.js';
import { createUploadPorts } from './uploadPorts.js';
import { createDocumentPorts } from './documentPorts.js';
import { createApprovalPorts } from './approvalPorts.js';
import { createWorkspaceArchivePorts } from './workspaceArchivePorts.js';
import { createClientReportPorts } from './clientReportPorts.js';
import { createSatisfactionPorts } from './satisfactionPorts.js';
import { createRecordPorts } from './recordPorts.js';
import { RecordState } from './recordState.js';
import { type FluxoData, assertBoardId, emptyFluxoData } from './records.js';
import { MemoryReplicaOwners } from './replicaOwners.js';
import { type BoardDocStore, type HistoryListOptions, type HistoryStore, type Store, StoreClosedError } from './store.js';

class MemoryBoardDocs implements BoardDocStore {
  readonly #updates = new Map<BoardId, Uint8Array[]>();
  closed = false;

  async load(boardId: BoardId): Promise<Uint8Array | null> {
    this.#check(boardId);
    const updates = this.#updates.get(boardId);
    if (!updates || updates.length === 0) return null;
    return updates.length === 1 ? Uint8Array.from(updates[0] as Uint8Array) : Y.mergeUpdates(updates);
  }

  async append(boardId: BoardId, update: Uint8Array): Promise<void> {
    this.#check(boardId, update);
    const list = this.#updates.get(boardId) ?? [];
    list.push(Uint8Array.from(update));
    this.#updates.set(boardId, list);
  }

  async replace(boardId: BoardId, state: Uint8Array): Promise<void> {
    this.#check(boardId, state);
    this.#updates.set(boardId, [Uint8Array.from(state)]);
  }

  #check(boardId: BoardId, update?: Uint8Array): void {
    if (this.closed) throw new StoreClosedError();
    assertBoardId(boardId);
    if (update?.length === 0) throw new InvalidInputError('an empty board update'); // as boardDocLog.ts
  }
}

class MemoryHistory implements HistoryStore {
  readonly #boards = new Map<BoardId, BoardHistory>();
  closed = false;

  async append(entries: readonly HistoryEntry[]): Promise<void> {
    this.#check();
    const batch = checkHistoryBatch(entries);
    if (batch === null) return;
    this.#board(batch.boardId).add(batch.entries);
  }

  async listForTicket(boardId: BoardId, ticketId: TicketId): Promise<HistoryEntry[]> {
    this.#check(boardId);
    return this.#boards.get(boardId)?.forTicket(ticketId) ?? [];
  }

  async listForBoard(boardId: BoardId, options?: HistoryListOptions): Promise<HistoryEntry[]> {
    this.#check(boardId);
    const query = parseHistoryQuery(options);
    return this.#boards.get(boardId)?.list(query) ?? [];
  }

  #board(boardId: BoardId): BoardHistory {
    let board = this.#boards.get(boardId);
    if (!board) {
      board = new BoardHistory();
      this.#boards.set(boardId, board);
    }
    return board;
  }

  #check(boardId?: BoardId): void {
    if (this.closed) throw new StoreClosedError();
    if (boardId !== undefined) assertBoardId(boardId);
  }
}

/** A fresh, empty in-memory store (or one holding `initial`, copied). */
export function createMemoryStore(initial: FluxoData = emptyFluxoData()): Store {
  const state = new RecordState(structuredClone(initial), async () => undefined);
  const records = createRecordPorts(state);
  const mailPorts = createMailPorts(state);
  const shareLinkPorts = createShareLinkPorts(state);
  const absencePorts = createAbsencePorts(state);
  const clientProfilePorts = createClientProfilePorts(state);
  const cannedReplyPorts = createCannedReplyPorts(state);
  const workspacePorts = createWorkspacePorts(state);
  const uploadPorts = createUploadPorts(state);
  const documentPorts = createDocumentPorts(state);
  const approvalPorts = createApprovalPorts(state);
  const clientReportPorts = createClientReportPorts(state);
  const satisfactionPorts = createSatisfactionPorts(state);
  const conversationState = new ConversationState(new ConversationIndex(), async () => undefined);
  const conversation = createConversationPorts(conversationState);
  const boardDocs = new MemoryBoardDocs();
  const history = new MemoryHistory();
  const replicaOwners = new MemoryReplicaOwners();
  const workspaceArchivePorts = createWorkspaceArchivePorts({ records: state, conversation: conversationState, boardDocs, history, replicaOwners });
  return {
    kind: 'memory',
    ...records,
    ...mailPorts,
    ...shareLinkPorts,
    ...absencePorts,
    ...clientProfilePorts,
    ...cannedReplyPorts,
    ...workspacePorts,
    ...uploadPorts,
    ...documentPorts,
    ...approvalPorts,
    ...clientReportPorts,
    ...satisfactionPorts,
    ...conversation,
    ...workspaceArchivePorts,
    boardDocs,
    replicaOwners,
    history,
    async close() {
      await conversationState.close();
      boardDocs.closed = true;
      history.closed = true;
      replicaOwners.closed = true;
      await state.close();
    },
  };
}
