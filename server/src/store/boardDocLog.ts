/**
 * Yjs updates of each board in an append-only log: `DATA_DIR/boards/<boardId>.ylog`.
 *
 * Format (all integers big-endian):
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
 */
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { InvalidInputError } from '@fluxo/shared/errors';
import type { BoardId } from '@fluxo/shared/ids';
import * as Y from 'yjs';
import { syncDirectory, writeFileAtomically } from './fileDurability.js';
import { assertBoardId } from './records.js';
import { type BoardDocStore, StoreClosedError } from './store.js';
import { StoreCorruptError } from './storeErrors.js';

const MAGIC = Buffer.from('FLXYLOG\u0001', 'latin1');
const HEADER_BYTES = MAGIC.length;
const RECORD_HEADER_BYTES = 8;
/** A single Yjs update larger than this is certainly a damaged length field. */
const MAX_RECORD_BYTES = 512 * 1024 * 1024;

export interface ParsedBoardLog {
  readonly updates: Uint8Array[];
  /** Bytes up to the end of the last good record; anything after it is a torn append. */
  readonly validLength: number;
}

/** Reads a log file's bytes. Throws `StoreCorruptError` for damage that is not a torn tail. */
export function parseBoardLog(file: string, bytes: Uint8Array): ParsedBoardLog {
  if (bytes.length < HEADER_BYTES) {
    // A crash while the file was being created: nothing was ever acknowledged from it.
    if (MAGIC.subarray(0, bytes.length).equals(bytes)) return { updates: [], validLength: 0 };
    throw new StoreCorruptError(file, 'is not a Fluxo board log (bad header)');
  }
  if (!MAGIC.equals(bytes.subarray(0, HEADER_BYTES))) {
    throw new StoreCorruptError(file, 'is not a Fluxo board log (bad header or unknown version)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const updates: Uint8Array[] = [];
  let offset = HEADER_BYTES;
  while (offset < bytes.length) {
    const torn = { updates, validLength: offset };
    if (offset + RECORD_HEADER_BYTES > bytes.length) return torn;
    const length = view.getUint32(offset);
    const checksum = view.getUint32(offset + 4);
    if (length === 0) {
      // Never written (`encodeBoardLogRecord` refuses empty payloads), and CRC-32 of nothing is 0,
      // so this is where a crash left zeros instead of the appended bytes: torn if only zeros
      // follow, damage otherwise.
      if (bytes.subarray(offset).every((b) => b === 0)) return torn;
      throw new StoreCorruptError(file, `has an empty record at byte ${offset} followed by more data`);
    }
    const end = offset + RECORD_HEADER_BYTES + length;
    if (length > MAX_RECORD_BYTES || end > bytes.length) {
      // The record runs past the end of the file: a torn append if nothing can follow it.
      return torn;
    }
    const payload = bytes.subarray(offset + RECORD_HEADER_BYTES, end);
    if (crc32(payload) !== checksum) {
      if (end === bytes.length) return torn;
      throw new StoreCorruptError(file, `has a damaged record at byte ${offset} followed by more records`);
    }
    updates.push(payload);
    offset = end;
  }
  return { updates, validLength: offset };
}

/** One framed record for `payload`. */
export function encodeBoardLogRecord(payload: Uint8Array): Buffer {
  // Not a Yjs update (the smallest is 2 bytes), and indistinguishable from a zero-filled tail.
  if (payload.length === 0) throw new InvalidInputError('an empty board update');
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payload.length);
  record.writeUInt32BE(payload.length, 0);
  record.writeUInt32BE(crc32(payload), 4);
  record.set(payload, RECORD_HEADER_BYTES);
  return record;
}

export class BoardDocLog implements BoardDocStore {
  readonly dir: string;
  /** Per board: the length of the log's valid prefix, once known. */
  readonly #validLength = new Map<BoardId, number>();
  /** Per board: the tail of its operation queue. */
  readonly #queues = new Map<BoardId, Promise<unknown>>();
  #dirReady: Promise<void> | null = null;
  #closed = false;

  constructor(dir: string) {
    this.dir = dir;
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

  append(boardId: BoardId, update: Uint8Array): Promise<void> {
    let record: Buffer;
    try {
      record = encodeBoardLogRecord(update); // copies the caller's bytes right away
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#enqueue(boardId, () =>
      this.#appendRecord(boardId, record).catch((error: unknown) => {
        // The file may now hold part of the record: rescan before the next append.
        this.#validLength.delete(boardId);
        throw error;
      }),
    );
  }

  async #appendRecord(boardId: BoardId, record: Buffer): Promise<void> {
    await this.#ensureDir();
    const file = this.fileOf(boardId);
    let validLength = this.#validLength.get(boardId);
    if (validLength === undefined) validLength = (await this.#scan(boardId)).validLength;

    if (validLength === 0) {
      // New (or never completed) log: write header and record in one go, then make the
      // directory entry durable.
      const handle = await open(file, 'w', 0o600);
      try {
        await handle.writeFile(Buffer.concat([MAGIC, record]));
        await handle.datasync();
      } finally {
        await handle.close();
      }
      await syncDirectory(this.dir);
      this.#validLength.set(boardId, HEADER_BYTES + record.length);
      return;
    }

    const handle = await open(file, 'r+');
    try {
      const { size } = await handle.stat();
      if (size !== validLength) await handle.truncate(validLength); // drop a torn tail
      let written = 0;
      while (written < record.length) {
        const { bytesWritten } = await handle.write(record, written, record.length - written, validLength + written);
        written += bytesWritten;
      }
      await handle.datasync();
    } finally {
      await handle.close();
    }
    this.#validLength.set(boardId, validLength + record.length);
  }

  replace(boardId: BoardId, state: Uint8Array): Promise<void> {
    let bytes: Buffer;
    try {
      bytes = Buffer.concat([MAGIC, encodeBoardLogRecord(state)]);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#enqueue(boardId, async () => {
      await this.#ensureDir();
      const file = this.fileOf(boardId);
      await writeFileAtomically(file, `${file}.tmp`, bytes);
      this.#validLength.set(boardId, bytes.length);
    });
  }

  /** Waits for every queued operation, then refuses new ones. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#queues.values()]);
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
    this.#dirReady ??= (async () => {
      let existed = true;
      try {
        await stat(this.dir);
      } catch {
        existed = false;
      }
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      if (!existed) await syncDirectory(join(this.dir, '..'));
    })().catch((error: unknown) => {
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
    const previous = this.#queues.get(boardId) ?? Promise.resolve();
    const run = previous.then(operation);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.#queues.set(boardId, tail);
    // Forget the queue once it drains, so idle boards cost nothing.
    void tail.then(() => {
      if (this.#queues.get(boardId) === tail) this.#queues.delete(boardId);
    });
    return run;
  }
}
