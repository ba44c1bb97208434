/**
 * The embedded store, Fluxo's default: no database to install.
 *
 *     DATA_DIR/
 *       fluxo.lock            one writer process (dataDirLock.ts)
 *       fluxo.json            agencies, users, sessions, boards, clients, ticket counters,
 *                             attention marks, mail bookkeeping (mailRecords.ts),
 *                             share links, absences (absenceRecords.ts)
 *                             (lowdb, atomic writes)
 *       boards/<id>.ylog      Yjs updates per board, append-only (boardDocLog.ts)
 *       boards/<id>.owners    who each Yjs client id of the board belongs to (replicaOwnerLog.ts)
 *       history/<id>.hlog     history entries per board, append-only (historyLog.ts)
 *       conversation.clog     comments, notifications, their preferences and the email outbox,
 *                             append-only, compacted (conversationLog.ts)
 *       attachments/<sha256>  files that came with inbound mail (written by mail/attachmentFiles.ts)
 *                             and files staff uploaded (documents/uploadEndpoint.ts); their records
 *                             (`uploads`, `documents`) are in fluxo.json
 *
 * Opening takes the lock first, then reads `fluxo.json` strictly: a damaged file stops start-up
 * with `StoreCorruptError` (and the lock is released) without the file being written. A missing
 * file is an empty store; the file is first written by the first mutation.
 */
import { join } from 'node:path';
import { Low } from 'lowdb';
import { BoardDocLog } from './boardDocLog.js';
import { ConversationLog } from './conversationLog.js';
import { createConversationPorts } from './conversationPorts.js';
import { type DataDirLock, acquireDataDirLock } from './dataDirLock.js';
import { DurableJsonFile } from './durableJsonFile.js';
import { HistoryLog } from './historyLog.js';
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
import { type FluxoData, emptyFluxoData, fluxoDataSchema } from './records.js';
import { ReplicaOwnerLog } from './replicaOwnerLog.js';
import type { Store } from './store.js';

export const DATA_FILE_NAME = 'fluxo.json';
export const BOARD_DOCS_DIR_NAME = 'boards';
export const HISTORY_DIR_NAME = 'history';

export interface LowdbStore extends Store {
  readonly kind: 'lowdb';
  readonly dataDir: string;
}

/**
 * Opens the store in `dataDir` (created if missing). Throws `DataDirLockedError` when another
 * live process has it open, `StoreCorruptError` when `fluxo.json` cannot be trusted.
 */
export async function openLowdbStore(dataDir: string): Promise<LowdbStore> {
  const lock: DataDirLock = await acquireDataDirLock(dataDir);
  try {
    const file = new DurableJsonFile<FluxoData>(join(dataDir, DATA_FILE_NAME), fluxoDataSchema);
    const db = new Low<FluxoData>(file, emptyFluxoData());
    await db.read();

    // `db.data` always holds the committed state: a commit is published only after its write
    // reached the disk (see recordState.ts), so lowdb's own in-place `write()` is not used.
    const state = new RecordState(db.data, async (next) => {
      await db.adapter.write(next);
      db.data = next;
    });
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
    const conversationLog = await ConversationLog.open(dataDir);
    const conversation = createConversationPorts(conversationLog.state);
    const boardDocs = new BoardDocLog(join(dataDir, BOARD_DOCS_DIR_NAME));
    const history = new HistoryLog(join(dataDir, HISTORY_DIR_NAME));
    const replicaOwners = new ReplicaOwnerLog(join(dataDir, BOARD_DOCS_DIR_NAME));
    const workspaceArchivePorts = createWorkspaceArchivePorts({ records: state, conversation: conversationLog.state, boardDocs, history, replicaOwners });

    let closing: Promise<void> | null = null;
    return {
      kind: 'lowdb',
      dataDir,
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
      close() {
        closing ??= (async () => {
          try {
            await Promise.all([state.close(), boardDocs.close(), replicaOwners.close(), history.close(), conversationLog.state.close()]);
          } finally {
            await lock.release();
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
