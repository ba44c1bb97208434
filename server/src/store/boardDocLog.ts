/**
 * Yjs updates of each board in an append-only log: `DATA_DIR/boards/<boardId>.ylog`.
 *
 * Format (`framedLog.ts`, shared with the history log; integers big-endian):
 *
 *     header   "FLXYLOG" + version byte (1)                    8 bytes
 *     record   payload length (u32) | CRC-32 of payload (u32) | payload (one Yjs update)
 *     record   …
 *
 * Why: a keystroke on the board produces a small Yjs update; appending it costs one small write
 * and one fsync, where rewriting a JSON document would cost the whole board. `replace` compacts
 * the log into a single record (the merged state) with an atomic temp-file rename.
 *
 * Durability: `append` resolves after `fdatasync`, so an update the server acknowledged as
 * saved survives a crash. A crash *during* an append can leave a torn last record (short, or
 * with a CRC mismatch); that update was never acknowledged, so the reader drops it and the next
 * append truncates it away. A bad record with valid records *after* it is not a torn write but
 * damage, and loading the board fails with `StoreCorruptError` rather than silently losing
 * history. Yjs updates are idempotent and commutative, so replaying all records in order (or
 * merging them) gives the document back.
 *
 * Operations on one board run one at a time; different boards proceed in parallel.
 *
 * Group commit: appends to one board that arrive while an operation of that board is in flight
 * wait together and go to disk as the next single record — their updates merged with
 * `Y.mergeUpdates`, in time proportional to the batch — with one write and one fdatasync; each
 * of their promises resolves when that record is durable. One batch is one record on purpose:
 * a crash can then only tear the last record, which the reader drops, whereas several unsynced
 * records could tear in the middle and read as damage. `stats()` counts appends, records and
 * fdatasyncs.
 *
 * Open file: a board's log stays open between appends, so a record costs one positional write
 * and one fdatasync — two trips through libuv's thread pool instead of five (open, stat, write,
 * fdatasync, close), each of which also waits for a turn of a busy event loop. It is closed by
 * `replace` (the rename puts a new file in place), after a failed write (the next append rescans
 * and truncates a partial record), after `idleCloseMs` without appends, and by `close`.
 */
import { type FileHandle, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BoardId } from '@fluxo/shared/ids';
import * as Y from 'yjs';
import { writeFileAtomically } from './fileDurability.js';
import {
  type FramedLogFormat,
  KeyedQueue,
  appendFramedRecord,
  encodeFramedRecord,
  ensureLogDirectory,
  parseFramedLog,
} from './framedLog.js';
import { assertBoardId } from './records.js';
import { type BoardDocStore, StoreClosedError } from './store.js';

/** The framing is shared with the history log (`framedLog.ts`); only the header differs. */
export const BOARD_LOG_FORMAT: FramedLogFormat = {
  magic: Buffer.from('FLXYLOG\u0001', 'latin1'),
  name: 'a Fluxo board log',
  emptyPayload: 'an empty board update',
};

export interface ParsedBoardLog {
  readonly updates: Uint8Array[];
  /** Bytes up to the end of the last good record; anything after it is a torn append. */
  readonly validLength: number;
}

/** Reads a log file's bytes. Throws `StoreCorruptError` for damage that is not a torn tail. */
export function parseBoardLog(file: string, bytes: Uint8Array): ParsedBoardLog {
  const { records, validLength } = parseFramedLog(BOARD_LOG_FORMAT, file, bytes);
  return { updates: records, validLength };
}

/** One framed record for `payload` (not a Yjs update if empty: refused). */
export function encodeBoardLogRecord(payload: Uint8Array): Buffer {
  return encodeFramedRecord(BOARD_LOG_FORMAT, payload);
}

/** A batch stops taking appends past this many bytes; the next append opens another. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024;

/** A board's log file stays open this long after its last append (ms), then is closed. */
export const DEFAULT_IDLE_CLOSE_MS = 30_000;

export interface BoardDocLogOptions {
  /** How long a board's log file stays open after its last append (default 30 s). */
  readonly idleCloseMs?: number;
}

/** What the log has done since it was opened (all boards together). */
export interface BoardDocLogStats {
  /** `append` calls accepted. */
  readonly appends: number;
  /** Records appended (one per batch; one per update for a batch that could not be merged). */
  readonly records: number;
  /** fdatasyncs made for those records. */
  readonly syncs: number;
}

/** Appends queued behind the operation in flight; they become one record. */
interface AppendBatch {
  readonly updates: Uint8Array[];
  bytes: number;
  promise: Promise<void>;
}

export class BoardDocLog implements BoardDocStore {
  readonly dir: string;
  /** Per board: the length of the log's valid prefix, once known. */
  readonly #validLength = new Map<BoardId, number>();
  /** Operations on one board run one at a time. */
  readonly #queue = new KeyedQueue<BoardId>();
  /** Per board: the batch waiting behind the operation in flight, still taking appends. */
  readonly #openBatches = new Map<BoardId, AppendBatch>();
  /**
   * Per board: the log file kept open for appends (an append is then one positional write and
   * one fdatasync, not open + stat + write + fdatasync + close), with when it was last used.
   * Closed by `replace` (the file is a new one after it), by a failed write, after
   * `idleCloseMs` without appends, and by `close`.
   */
  readonly #handles = new Map<BoardId, { readonly handle: FileHandle; usedAt: number }>();
  #idleSweep: ReturnType<typeof setInterval> | null = null;
  #dirReady: Promise<void> | null = null;
  #closed = false;
  #appends = 0;
  #records = 0;

  readonly #idleCloseMs: number;

  constructor(dir: string, options: BoardDocLogOptions = {}) {
    this.dir = dir;
    this.#idleCloseMs = options.idleCloseMs ?? DEFAULT_IDLE_CLOSE_MS;
  }

  fileOf(boardId: BoardId): string {
    return join(this.dir, `${boardId}.ylog`);
  }

  load(boardId: BoardId): Promise<Uint8Array | null> {
    return this.#enqueue(boardId, async () => {
      const { updates } = await this.#scan(boardId);
      if (updates.length === 0) return null;
      return updates.length === 1 ? Uint8Array.from(updates[0] as Uint8Array) : Y.mergeUpdates(updates);
    });
  }

  stats(): BoardDocLogStats {
    // Every record is made durable by exactly one fdatasync (appendFramedRecord).
    return { appends: this.#appends, records: this.#records, syncs: this.#records };
  }

  append(boardId: BoardId, update: Uint8Array): Promise<void> {
    let copy: Uint8Array;
    try {
      encodeBoardLogRecord(update); // refuses an empty update now, not inside a batch
      if (this.#closed) throw new StoreClosedError();
      assertBoardId(boardId);
      copy = Uint8Array.from(update); // the caller may reuse its buffer once we return
    } catch (error) {
      return Promise.reject(error);
    }
    this.#appends++;
    const open = this.#openBatches.get(boardId);
    if (open !== undefined && open.bytes + copy.length <= MAX_BATCH_BYTES) {
      open.updates.push(copy);
      open.bytes += copy.length;
      return open.promise;
    }
    const batch: AppendBatch = { updates: [copy], bytes: copy.length, promise: Promise.resolve() };
    this.#openBatches.set(boardId, batch);
    batch.promise = this.#enqueue(boardId, () => {
      // Being written from here on: later appends open the next batch.
      if (this.#openBatches.get(boardId) === batch) this.#openBatches.delete(boardId);
      return this.#appendBatch(boardId, batch.updates).catch((error: unknown) => {
        // The file may now hold part of the record: rescan before the next append.
        this.#validLength.delete(boardId);
        throw error;
      });
    });
    return batch.promise;
  }

  async #appendBatch(boardId: BoardId, updates: readonly Uint8Array[]): Promise<void> {
    let merged: Uint8Array | null = updates.length === 1 ? (updates[0] ?? null) : null;
    if (merged === null) {
      try {
        merged = Y.mergeUpdates([...updates]);
      } catch {
        merged = null; // not all Yjs updates: store each as it came
      }
    }
    if (merged !== null) {
      await this.#appendRecord(boardId, encodeBoardLogRecord(merged));
      return;
    }
    for (const update of updates) await this.#appendRecord(boardId, encodeBoardLogRecord(update));
  }

  async #appendRecord(boardId: BoardId, record: Buffer): Promise<void> {
    await this.#ensureDir();
    let validLength = this.#validLength.get(boardId);
    if (validLength === undefined) validLength = (await this.#scan(boardId)).validLength;
    if (validLength === 0) {
      // A new log: header and record, then its directory entry (`appendFramedRecord`).
      await this.#closeHandle(boardId);
      const next = await appendFramedRecord(BOARD_LOG_FORMAT, this.fileOf(boardId), this.dir, 0, record);
      this.#records++;
      this.#validLength.set(boardId, next);
      return;
    }
    const held = this.#handles.get(boardId) ?? (await this.#openForAppend(boardId, validLength));
    held.usedAt = Date.now();
    try {
      let written = 0;
      while (written < record.length) {
        const { bytesWritten } = await held.handle.write(record, written, record.length - written, validLength + written);
        written += bytesWritten;
      }
      await held.handle.datasync();
    } catch (error) {
      // Part of the record may be in the file: the next append rescans and truncates it.
      await this.#closeHandle(boardId);
      throw error;
    }
    this.#records++;
    this.#validLength.set(boardId, validLength + record.length);
  }

  /** Opens the existing log of `boardId` for appends, dropping a torn tail past `validLength`. */
  async #openForAppend(boardId: BoardId, validLength: number): Promise<{ readonly handle: FileHandle; usedAt: number }> {
    const handle = await open(this.fileOf(boardId), 'r+');
    try {
      const { size } = await handle.stat();
      if (size !== validLength) await handle.truncate(validLength);
    } catch (error) {
      await handle.close();
      throw error;
    }
    const entry = { handle, usedAt: Date.now() };
    this.#handles.set(boardId, entry);
    this.#idleSweep ??= setInterval(() => this.#closeIdleHandles(), this.#idleCloseMs);
    this.#idleSweep.unref();
    return entry;
  }

  async #closeHandle(boardId: BoardId): Promise<void> {
    const held = this.#handles.get(boardId);
    if (held === undefined) return;
    this.#handles.delete(boardId);
    if (this.#handles.size === 0 && this.#idleSweep !== null) {
      clearInterval(this.#idleSweep);
      this.#idleSweep = null;
    }
    await held.handle.close().catch(() => undefined);
  }

  /** Closes, in each board's turn, the files not appended to for `idleCloseMs`. */
  #closeIdleHandles(): void {
    const idle = (held: { usedAt: number }): boolean => Date.now() - held.usedAt >= this.#idleCloseMs;
    for (const [boardId, held] of this.#handles) {
      if (!idle(held)) continue;
      void this.#queue.run(boardId, async () => {
        // Used again while this waited for its turn: keep it.
        if (this.#handles.get(boardId) === held && idle(held)) await this.#closeHandle(boardId);
      });
    }
  }

  /** Log files currently held open for appends (tests). */
  get openFiles(): number {
    return this.#handles.size;
  }

  replace(boardId: BoardId, state: Uint8Array): Promise<void> {
    let bytes: Buffer;
    try {
      bytes = Buffer.concat([BOARD_LOG_FORMAT.magic, encodeBoardLogRecord(state)]);
    } catch (error) {
      return Promise.reject(error);
    }
    // Appends made after this call land after the replacement, not in a batch before it.
    this.#openBatches.delete(boardId);
    return this.#enqueue(boardId, async () => {
      await this.#ensureDir();
      // The rename below puts a new file in place; appends must not go to the old one.
      await this.#closeHandle(boardId);
      const file = this.fileOf(boardId);
      await writeFileAtomically(file, `${file}.tmp`, bytes);
      this.#validLength.set(boardId, bytes.length);
    });
  }

  /** Waits for every queued operation, then refuses new ones. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue.drain();
    await Promise.all([...this.#handles.keys()].map((boardId) => this.#closeHandle(boardId)));
  }

  async #scan(boardId: BoardId): Promise<ParsedBoardLog> {
    const file = this.fileOf(boardId);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.#validLength.set(boardId, 0);
      return { updates: [], validLength: 0 };
    }
    const parsed = parseBoardLog(file, bytes);
    this.#validLength.set(boardId, parsed.validLength);
    return parsed;
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
