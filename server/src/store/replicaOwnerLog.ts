/**
 * The embedded adapter's replica owners: `DATA_DIR/boards/<boardId>.owners`, one append-only
 * file per board beside its Yjs log, in the framing of `framedLog.ts` (CRC per record, fdatasync
 * per append, torn tail dropped, damage refused). Each record is one `record` call: the JSON
 * (UTF-8) of its `[clientId, owner]` pairs, on disk entirely or not at all.
 *
 * Why a file of its own: an owner is written once per browser tab that opens the board (a few
 * dozen bytes), far too often for a whole-file rewrite of `fluxo.json`, and it is not a Yjs
 * update, so it cannot go into the board's Yjs log. The sync server reads a board's owners once
 * when it loads the board and keeps them in memory, so this file is read once per load.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BoardId } from '@fluxo/shared/ids';
import {
  type FramedLogFormat,
  KeyedQueue,
  appendFramedRecord,
  encodeFramedRecord,
  ensureLogDirectory,
  parseFramedLog,
} from './framedLog.js';
import { assertBoardId } from './records.js';
import { type ReplicaOwnerBatch, addFirstOwners, checkReplicaOwners, replicaOwnerBatchSchema } from './replicaOwners.js';
import { type ReplicaOwner, type ReplicaOwnerStore, StoreClosedError } from './store.js';
import { StoreCorruptError } from './storeErrors.js';

export const REPLICA_OWNER_LOG_FORMAT: FramedLogFormat = {
  magic: Buffer.from('FLXOLOG\u0001', 'latin1'),
  name: 'a Fluxo replica owner log',
  emptyPayload: 'an empty replica owner batch',
};

/** Decodes one record's payload; `StoreCorruptError` when it is not a batch of owners. */
function decodeRecord(file: string, payload: Uint8Array, index: number): [number, ReplicaOwner][] {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'));
  } catch {
    throw new StoreCorruptError(file, `has a record (#${index + 1}) that is not JSON`);
  }
  const parsed = replicaOwnerBatchSchema.safeParse(json);
  if (!parsed.success) throw new StoreCorruptError(file, `has a record (#${index + 1}) that is not a batch of replica owners`);
  return parsed.data.map(([id, owner]) => [id, owner as ReplicaOwner]);
}

export class ReplicaOwnerLog implements ReplicaOwnerStore {
  readonly dir: string;
  /** Per board: the length of the file's valid prefix, once known. */
  readonly #validLength = new Map<BoardId, number>();
  readonly #queue = new KeyedQueue<BoardId>();
  #dirReady: Promise<void> | null = null;
  #closed = false;

  constructor(dir: string) {
    this.dir = dir;
  }

  fileOf(boardId: BoardId): string {
    return join(this.dir, `${boardId}.owners`);
  }

  load(boardId: BoardId): Promise<Map<number, ReplicaOwner>> {
    return this.#enqueue(boardId, async () => {
      const { owners, validLength } = await this.#scan(boardId);
      this.#validLength.set(boardId, validLength);
      return owners;
    });
  }

  record(boardId: BoardId, owners: ReplicaOwnerBatch): Promise<void> {
    let record: Buffer;
    try {
      if (this.#closed) throw new StoreClosedError();
      const checked = checkReplicaOwners(owners);
      if (checked.length === 0) return Promise.resolve();
      record = encodeFramedRecord(REPLICA_OWNER_LOG_FORMAT, Buffer.from(JSON.stringify(checked), 'utf8'));
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#enqueue(boardId, async () => {
      await this.#ensureDir();
      let validLength = this.#validLength.get(boardId);
      if (validLength === undefined) validLength = (await this.#scan(boardId)).validLength;
      try {
        const next = await appendFramedRecord(REPLICA_OWNER_LOG_FORMAT, this.fileOf(boardId), this.dir, validLength, record);
        this.#validLength.set(boardId, next);
      } catch (error) {
        // The file may now hold part of the record: rescan before the next append.
        this.#validLength.delete(boardId);
        throw error;
      }
    });
  }

  /** Waits for queued operations, then refuses new ones. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue.drain();
  }

  async #scan(boardId: BoardId): Promise<{ owners: Map<number, ReplicaOwner>; validLength: number }> {
    const file = this.fileOf(boardId);
    const owners = new Map<number, ReplicaOwner>();
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { owners, validLength: 0 };
      throw error;
    }
    const parsed = parseFramedLog(REPLICA_OWNER_LOG_FORMAT, file, bytes);
    parsed.records.forEach((payload, index) => addFirstOwners(owners, decodeRecord(file, payload, index)));
    return { owners, validLength: parsed.validLength };
  }

  #ensureDir(): Promise<void> {
    this.#dirReady ??= ensureLogDirectory(this.dir).catch((error: unknown) => {
      this.#dirReady = null;
      throw error;
    });
    return this.#dirReady;
  }

  #enqueue<T>(boardId: BoardId, operation: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreClosedError());
    try {
      assertBoardId(boardId);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#queue.run(boardId, operation);
  }
}
