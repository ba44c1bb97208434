/**
 * The records of `ReplicaOwnerStore` (`store.ts`): which person each Yjs client id ("replica":
 * one browser tab's copy of a board document) of a board belongs to, as the sync server bound
 * it (`sync/replicaBinding.ts`). Shared by both adapters: input validation and the reading rule
 * — an id recorded twice keeps its first owner, so a record can never move an id to someone else.
 */
import { InvalidInputError } from '@fluxo/shared/errors';
import { type BoardId, userIdSchema } from '@fluxo/shared/ids';
import { z } from 'zod';
import { assertBoardId } from './records.js';
import { type ReplicaOwner, type ReplicaOwnerStore, StoreClosedError } from './store.js';

/** A person's user id, or `'server'` for the ids the server writes its own changes under. */
export const replicaOwnerSchema = z.union([z.literal('server'), userIdSchema]);

/** Yjs client ids are unsigned integers (32-bit in practice; anything a varUint can hold). */
export const replicaIdSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const replicaOwnerBatchSchema = z.array(z.tuple([replicaIdSchema, replicaOwnerSchema]));

export type ReplicaOwnerBatch = readonly (readonly [number, ReplicaOwner])[];

/** The batch, validated; `InvalidInputError` naming the first bad entry otherwise. */
export function checkReplicaOwners(owners: ReplicaOwnerBatch): [number, ReplicaOwner][] {
  const parsed = replicaOwnerBatchSchema.safeParse(owners);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidInputError(`not a replica owner (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})`);
  }
  return parsed.data.map(([id, owner]) => [id, owner as ReplicaOwner]);
}

/** Adds `batch` to `into`; an id already there keeps its owner. */
export function addFirstOwners(into: Map<number, ReplicaOwner>, batch: ReplicaOwnerBatch): void {
  for (const [id, owner] of batch) if (!into.has(id)) into.set(id, owner);
}

/** The in-memory adapter (`memoryStore.ts`): a map per board. */
export class MemoryReplicaOwners implements ReplicaOwnerStore {
  readonly #boards = new Map<BoardId, Map<number, ReplicaOwner>>();
  closed = false;

  async load(boardId: BoardId): Promise<Map<number, ReplicaOwner>> {
    this.#check(boardId);
    return new Map(this.#boards.get(boardId));
  }

  async record(boardId: BoardId, owners: ReplicaOwnerBatch): Promise<void> {
    this.#check(boardId);
    const checked = checkReplicaOwners(owners);
    if (checked.length === 0) return;
    let board = this.#boards.get(boardId);
    if (board === undefined) {
      board = new Map();
      this.#boards.set(boardId, board);
    }
    addFirstOwners(board, checked);
  }

  #check(boardId: BoardId): void {
    if (this.closed) throw new StoreClosedError();
    assertBoardId(boardId);
  }
}
