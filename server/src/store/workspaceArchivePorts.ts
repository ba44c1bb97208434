/**
 * `store.workspaceArchive`: one agency's whole workspace out of a store, and into another
 * (`workspaceArchiveRecords.ts` describes the format). Shared by both adapters: it works on the
 * same `RecordState` / `ConversationState` and board-level ports they are built from.
 *
 * **Import** validates everything before writing anything:
 * 1. the schema (`InvalidInputError` naming the first bad path);
 * 2. that it is one agency's workspace: exactly one agency, every record, board document,
 *    history entry and conversation record belongs to it, keys are not repeated inside it,
 *    a reply's parent is a thread's first comment of the same ticket (`InvalidInputError`);
 * 3. that the target holds none of it: the agency id, any user id or email, any board, client,
 *    share link token, … (`WORKSPACE_RECORD_KINDS` keys), any comment / notification / outbox
 *    id, or a non-empty history for one of its boards (`ConflictError`, no silent merge).
 *
 * Then it writes, in an order that keeps a crash harmless: board documents, replica owners and
 * history (files under board ids nothing references yet), then the conversation (one atomic
 * write), and last `fluxo.json` (one atomic commit, conflicts checked again inside it), which is
 * what makes the agency, its people and its boards exist. An import interrupted before that
 * last step left data nobody can reach; running the same import again completes it (documents
 * are replaced, history found as a prefix of the archive's is continued, a conversation already
 * written whole is kept).
 *
 * `seq` (comments, notifications) keeps its order: imported values are shifted past the
 * target's highest, so a fresh store gets them unchanged and export → import → export is
 * identical.
 */
import { ConflictError, InvalidInputError } from '@fluxo/shared/errors';
import { type HistoryEntry, MAX_HISTORY_BATCH } from '@fluxo/shared/history/historyEntry';
import type { AgencyId, BoardId } from '@fluxo/shared/ids';
import * as Y from 'yjs';
import type { ConversationIndex, ConversationOp, ConversationState } from './conversationState.js';
import type { RecordState } from './recordState.js';
import { type FluxoData, normaliseEmail } from './records.js';
import type { BoardDocStore, HistoryStore, ReplicaOwnerStore } from './store.js';
import {
  WORKSPACE_RECORD_KINDS,
  WORKSPACE_RECORD_KIND_NAMES,
  type WorkspaceData,
  type WorkspaceRecordKind,
  type WorkspaceRecordKindRule,
  type WorkspaceScope,
  describeZodIssue,
  workspaceDataSchema,
} from './workspaceArchiveRecords.js';

export interface WorkspaceArchiveStore {
  /** Everything the agency owns (`NotFound`-free: an unknown agency is `InvalidInputError`). */
  export(agencyId: AgencyId): Promise<WorkspaceData>;
  /**
   * Writes an agency's workspace into this store (see the module comment): `InvalidInputError`
   * for a malformed or inconsistent archive, `ConflictError` for anything the store already
   * holds — in both cases nothing is written.
   */
  import(data: WorkspaceData): Promise<void>;
  /**
   * `import`'s checks without its writes (the same errors), so a caller can refuse a workspace
   * before writing what travels with it (the file bytes, `export/workspaceArchive.ts`).
   */
  check(data: WorkspaceData): Promise<void>;
}

export interface WorkspaceArchivePortDeps {
  readonly records: RecordState;
  readonly conversation: ConversationState;
  readonly boardDocs: BoardDocStore;
  readonly history: HistoryStore;
  readonly replicaOwners: ReplicaOwnerStore;
}

type AnyRule = WorkspaceRecordKindRule<unknown>;
const rule = (kind: WorkspaceRecordKind): AnyRule => WORKSPACE_RECORD_KINDS[kind] as AnyRule;
const list = (records: FluxoData | WorkspaceData['records'], kind: WorkspaceRecordKind): readonly unknown[] =>
  records[kind] as readonly unknown[];

function scopeOf(records: FluxoData | WorkspaceData['records'], agencyId: string): WorkspaceScope {
  return {
    agencyId,
    boardIds: new Set(records.boards.filter((b) => b.agencyId === agencyId).map((b) => b.id)),
    userIds: new Set(records.users.filter((u) => u.agencyId === agencyId).map((u) => u.id)),
  };
}

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** Every installation-wide key the stored records hold. */
function storedKeys(data: FluxoData): Set<string> {
  const keys = new Set<string>();
  for (const kind of WORKSPACE_RECORD_KIND_NAMES) for (const record of list(data, kind)) for (const key of rule(kind).keys(record)) keys.add(key);
  return keys;
}

/** `ConflictError` naming the first archived key the target already holds. */
function checkRecordConflicts(data: FluxoData, archived: WorkspaceData['records']): void {
  const taken = storedKeys(data);
  for (const kind of WORKSPACE_RECORD_KIND_NAMES) {
    for (const record of list(archived, kind)) {
      for (const key of rule(kind).keys(record)) {
        if (taken.has(key)) throw new ConflictError(`this installation already has ${key}: nothing was imported`);
      }
    }
  }
}

/** Checks that `data` is one agency's consistent workspace; returns that agency's id. */
function checkConsistent(data: WorkspaceData): string {
  const { records } = data;
  if (records.agencies.length !== 1) throw new InvalidInputError(`records.agencies: an archive holds exactly one agency, not ${records.agencies.length}`);
  const agencyId = (records.agencies[0] as { id: string }).id;
  const scope = scopeOf(records, agencyId);
  const seen = new Set<string>();
  for (const kind of WORKSPACE_RECORD_KIND_NAMES) {
    list(records, kind).forEach((record, index) => {
      if (!rule(kind).owned(record, scope)) throw new InvalidInputError(`records.${kind}.${index}: belongs to another agency`);
      for (const key of rule(kind).keys(record)) {
        if (seen.has(key)) throw new InvalidInputError(`records.${kind}.${index}: ${key} appears twice`);
        seen.add(key);
      }
    });
  }
  records.users.forEach((user, index) => {
    if (user.email !== normaliseEmail(user.email)) throw new InvalidInputError(`records.users.${index}.email: not normalised (trimmed, lower-case)`);
  });
  const perBoard = (what: string, items: readonly { boardId: string }[]) => {
    const boards = new Set<string>();
    items.forEach((item, index) => {
      if (!scope.boardIds.has(item.boardId)) throw new InvalidInputError(`${what}.${index}: board ${item.boardId} is not in the archive`);
      if (boards.has(item.boardId)) throw new InvalidInputError(`${what}.${index}: board ${item.boardId} appears twice`);
      boards.add(item.boardId);
    });
  };
  perBoard('boardDocs', data.boardDocs);
  perBoard('replicaOwners', data.replicaOwners);
  perBoard('history', data.history);
  const entryIds = new Set<string>();
  data.history.forEach((board, b) =>
    board.entries.forEach((entry, e) => {
      if (entry.boardId !== board.boardId) throw new InvalidInputError(`history.${b}.entries.${e}: an entry of another board`);
      if (entryIds.has(entry.id)) throw new InvalidInputError(`history.${b}.entries.${e}: entry ${entry.id} appears twice`);
      entryIds.add(entry.id);
    }),
  );
  data.boardDocs.forEach((doc, index) => {
    try {
      Y.applyUpdate(new Y.Doc(), Buffer.from(doc.state, 'base64'));
    } catch {
      throw new InvalidInputError(`boardDocs.${index}: not a Yjs document`);
    }
  });
  data.replicaOwners.forEach((board, b) =>
    board.owners.forEach(([, owner], o) => {
      if (owner !== 'server' && !scope.userIds.has(owner)) throw new InvalidInputError(`replicaOwners.${b}.owners.${o}: not a person of the archive`);
    }),
  );

  const { comments, notifications, prefs, outbox } = data.conversation;
  const unique = (what: string, ids: readonly string[]) => {
    const ids2 = new Set<string>();
    ids.forEach((id, index) => {
      if (ids2.has(id)) throw new InvalidInputError(`conversation.${what}.${index}: ${id} appears twice`);
      ids2.add(id);
    });
  };
  unique('comments', comments.map((c) => c.id));
  unique('notifications', notifications.map((n) => n.id));
  unique('prefs', prefs.map((p) => p.userId));
  unique('outbox', outbox.map((o) => o.id));
  unique('outbox', outbox.map((o) => o.idempotencyKey));
  unique('seq', [...comments.map((c) => String(c.seq)), ...notifications.map((n) => String(n.seq))]);
  const byId = new Map(comments.map((c) => [c.id as string, c]));
  comments.forEach((c, index) => {
    const where = `conversation.comments.${index}`;
    if (c.agencyId !== agencyId || !scope.boardIds.has(c.boardId)) throw new InvalidInputError(`${where}: belongs to another agency`);
    if (c.parentId !== null) {
      const parent = byId.get(c.parentId);
      if (!parent || parent.parentId !== null || parent.ticketId !== c.ticketId || parent.boardId !== c.boardId || parent.visibility !== c.visibility)
        throw new InvalidInputError(`${where}: its parent is not the first comment of a thread on the same ticket`);
    }
  });
  notifications.forEach((n, index) => {
    if (n.agencyId !== agencyId || !scope.userIds.has(n.userId) || !scope.boardIds.has(n.boardId))
      throw new InvalidInputError(`conversation.notifications.${index}: belongs to another agency`);
  });
  prefs.forEach((p, index) => {
    if (!scope.userIds.has(p.userId)) throw new InvalidInputError(`conversation.prefs.${index}: not a person of the archive`);
  });
  outbox.forEach((o, index) => {
    if (o.agencyId !== agencyId || (o.boardId !== null && !scope.boardIds.has(o.boardId)))
      throw new InvalidInputError(`conversation.outbox.${index}: belongs to another agency`);
  });
  return agencyId;
}

/** Which of the archive's conversation records the index already holds. */
function conversationPresent(index: ConversationIndex, data: WorkspaceData): { present: number; total: number; foreign: string | null } {
  const { comments, notifications, prefs, outbox } = data.conversation;
  let present = 0;
  let foreign: string | null = null;
  const agencyId = data.records.agencies[0]?.id;
  for (const c of comments) {
    const stored = index.comments.get(c.id);
    if (stored) {
      present++;
      if (stored.agencyId !== agencyId) foreign ??= `comment ${c.id}`;
    }
  }
  for (const n of notifications) {
    const stored = index.notifications.get(n.id);
    if (stored) {
      present++;
      if (stored.agencyId !== agencyId) foreign ??= `notification ${n.id}`;
    }
  }
  for (const p of prefs) if (index.prefs.has(p.userId)) present++;
  for (const o of outbox) {
    const storedId = index.outbox.has(o.id) ? o.id : index.outboxByKey.get(o.idempotencyKey);
    const stored = storedId === undefined ? undefined : index.outbox.get(storedId);
    if (stored) {
      present++;
      if (stored.agencyId !== agencyId) foreign ??= `outbox row ${o.id}`;
    }
  }
  return { present, total: comments.length + notifications.length + prefs.length + outbox.length, foreign };
}

/** The board's stored history must be empty or a prefix of the archive's; returns how much is stored. */
async function storedHistoryPrefix(history: HistoryStore, boardId: BoardId, entries: readonly HistoryEntry[]): Promise<number> {
  const stored = await history.listForBoard(boardId);
  stored.forEach((entry, index) => {
    if (entries[index]?.id !== entry.id) throw new ConflictError(`this installation already has history for board ${boardId}: nothing was imported`);
  });
  return stored.length;
}

export function createWorkspaceArchivePorts(deps: WorkspaceArchivePortDeps): { workspaceArchive: WorkspaceArchiveStore } {
  /** Steps 1–3 of the module comment; what the writes need. */
  async function checkImport(input: WorkspaceData) {
    const parsed = workspaceDataSchema.safeParse(input);
    if (!parsed.success) throw new InvalidInputError(`not a Fluxo workspace: ${describeZodIssue(parsed.error)}`);
    const data = parsed.data;
    checkConsistent(data);

    // 3. Nothing of it may exist here (checked again inside the final commit).
    checkRecordConflicts(deps.records.read(), data.records);
    const conversation = conversationPresent(deps.conversation.read(), data);
    if (conversation.foreign !== null) throw new ConflictError(`this installation already has ${conversation.foreign}: nothing was imported`);
    if (conversation.present !== 0 && conversation.present !== conversation.total)
      throw new ConflictError('this installation already has part of this workspace’s conversation: nothing was imported');
    const historyStored = new Map<string, number>();
    for (const board of data.history) historyStored.set(board.boardId, await storedHistoryPrefix(deps.history, board.boardId, board.entries));
    for (const board of data.records.boards) {
      if (!historyStored.has(board.id) && (await deps.history.listForBoard(board.id)).length > 0)
        throw new ConflictError(`this installation already has history for board ${board.id}: nothing was imported`);
    }
    return { data, conversation, historyStored };
  }

  return {
    workspaceArchive: {
      async export(agencyId) {
        const data = deps.records.read();
        if (!data.agencies.some((a) => a.id === agencyId)) throw new InvalidInputError(`no agency ${String(agencyId)} in this installation`);
        const scope = scopeOf(data, agencyId);
        const records = Object.fromEntries(
          WORKSPACE_RECORD_KIND_NAMES.map((kind) => [kind, structuredClone(list(data, kind).filter((r) => rule(kind).owned(r, scope)))]),
        ) as WorkspaceData['records'];
        const index = deps.conversation.read();
        const conversation: WorkspaceData['conversation'] = structuredClone({
          comments: [...index.comments.values()].filter((c) => c.agencyId === agencyId),
          notifications: [...index.notifications.values()].filter((n) => n.agencyId === agencyId),
          prefs: [...index.prefs.values()].filter((p) => scope.userIds.has(p.userId)),
          outbox: [...index.outbox.values()].filter((o) => o.agencyId === agencyId),
        });
        const boardDocs: WorkspaceData['boardDocs'] = [];
        const replicaOwners: WorkspaceData['replicaOwners'] = [];
        const history: WorkspaceData['history'] = [];
        for (const board of records.boards) {
          const stored = await deps.boardDocs.load(board.id);
          if (stored !== null) {
            const doc = new Y.Doc();
            try {
              Y.applyUpdate(doc, stored);
              boardDocs.push({ boardId: board.id, state: toBase64(Y.encodeStateAsUpdate(doc)) });
            } finally {
              doc.destroy();
            }
          }
          const owners = await deps.replicaOwners.load(board.id);
          if (owners.size > 0) replicaOwners.push({ boardId: board.id, owners: [...owners.entries()] });
          const entries = await deps.history.listForBoard(board.id);
          if (entries.length > 0) history.push({ boardId: board.id, entries });
        }
        return { records, boardDocs, replicaOwners, history, conversation };
      },

      async check(input) {
        await checkImport(input);
      },

      async import(input) {
        const { data, conversation, historyStored } = await checkImport(input);

        // 4. Write: unreachable files first, the records that make them reachable last.
        for (const doc of data.boardDocs) await deps.boardDocs.replace(doc.boardId, Buffer.from(doc.state, 'base64'));
        for (const board of data.replicaOwners) await deps.replicaOwners.record(board.boardId, board.owners);
        for (const board of data.history) {
          const rest = board.entries.slice(historyStored.get(board.boardId) ?? 0);
          for (let i = 0; i < rest.length; i += MAX_HISTORY_BATCH) await deps.history.append(rest.slice(i, i + MAX_HISTORY_BATCH));
        }
        if (conversation.present === 0) {
          await deps.conversation.commit((index) => {
            const again = conversationPresent(index, data);
            if (again.present !== 0) throw new ConflictError('the conversation changed meanwhile: nothing was imported');
            const offset = index.seq;
            const c = data.conversation;
            const ops: ConversationOp[] = [
              ...c.comments.map((r): ConversationOp => ({ t: 'comment', r: { ...r, seq: r.seq + offset } })),
              ...c.notifications.map((r): ConversationOp => ({ t: 'notification', r: { ...r, seq: r.seq + offset } })),
              ...c.prefs.map((r): ConversationOp => ({ t: 'prefs', r })),
              ...c.outbox.map((r): ConversationOp => ({ t: 'outbox', r })),
            ];
            return { ops, result: undefined };
          });
        }
        await deps.records.commit((draft) => {
          checkRecordConflicts(draft, data.records);
          for (const kind of WORKSPACE_RECORD_KIND_NAMES) (draft[kind] as unknown[]).push(...structuredClone(list(data.records, kind)));
        });
      },
    },
  };
}
