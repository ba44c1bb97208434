/**
 * The embedded adapter's history: `DATA_DIR/history/<boardId>.hlog`, one append-only file per
 * board in the framing of `framedLog.ts` (CRC per record, fsync per append, torn tail dropped,
 * damage refused). Each record is one `append` call: the JSON (UTF-8) of that batch of entries,
 * so a batch is on disk entirely or not at all.
 *
 * Why not `fluxo.json`: history grows with every accepted change on every board; a whole-file
 * JSON rewrite per drag would cost more with each day of use. Appending costs one small write.
 *
 * Reads are served from memory: a board's file is read (and validated) once, on first use, and
 * its `BoardHistory` extended after each durable append. A record that passes its CRC but is not
 * a batch of valid entries is damage (`StoreCorruptError`), never silently skipped.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type HistoryEntry, historyEntrySchema } from '@fluxo/shared/history/historyEntry';
import type { BoardId } from '@fluxo/shared/ids';
import { z } from 'zod';
import { BoardHistory, type BoardHistoryQuery, checkHistoryBatch, parseHistoryQuery } from './boardHistory.js';
import {
  type FramedLogFormat,
  KeyedQueue,
  appendFramedRecord,
  encodeFramedRecord,
  ensureLogDirectory,
  parseFramedLog,
} from './framedLog.js';
import { assertBoardId } from './records.js';
import { type HistoryListOptions, type HistoryStore, StoreClosedError } from './store.js';
import { StoreCorruptError } from './storeErrors.js';

export const HISTORY_LOG_FORMAT: FramedLogFormat = {
  magic: Buffer.from('FLXHLOG\u0001', 'latin1'),
  name: 'a Fluxo history log',
  emptyPayload: 'an empty history batch',
};

const batchSchema = z.array(historyEntrySchema).min(1);

interface LoadedBoard {
  readonly history: BoardHistory;
  /** Bytes up to the end of the last good record. */
  validLength: number;
}

/** Decodes one record's payload; `StoreCorruptError` when it is not a batch of valid entries. */
export function decodeHistoryRecord(file: string, payload: Uint8Array, index: number): HistoryEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'));
  } catch {
    throw new StoreCorruptError(file, `has a record (#${index + 1}) that is not JSON`);
  }
  const parsed = batchSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoreCorruptError(
      file,
      `has a record (#${index + 1}) that is not a batch of history entries (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})`,
    );
  }
  return parsed.data;
}

export class HistoryLog implements HistoryStore {
  readonly dir: string;
  readonly #boards = new Map<BoardId, LoadedBoard>();
  readonly #queue = new KeyedQueue<BoardId>();
  #dirReady: Promise<void> | null = null;
  #closed = false;

  constructor(dir: string) {
    this.dir = dir;
  }

  fileOf(boardId: BoardId): string {
    return join(this.dir, `${boardId}.hlog`);
  }

  append(entries: readonly HistoryEntry[]): Promise<void> {
    let batch: ReturnType<typeof checkHistoryBatch>;
    let record: Buffer;
    try {
      if (this.#closed) throw new StoreClosedError();
      batch = checkHistoryBatch(entries);
      if (batch === null) return Promise.resolve();
      record = encodeFramedRecord(HISTORY_LOG_FORMAT, Buffer.from(JSON.stringify(batch.entries), 'utf8'));
    } catch (error) {
      return Promise.reject(error);
    }
    const { boardId, entries: checked } = batch;
    return this.#enqueue(boardId, async () => {
      const board = await this.#load(boardId);
      await this.#ensureDir();
      try {
        board.validLength = await appendFramedRecord(
          HISTORY_LOG_FORMAT,
          this.fileOf(boardId),
          this.dir,
          board.validLength,
          record,
        );
      } catch (error) {
        // The file may now hold part of the record: read it again before the next use.
        this.#boards.delete(boardId);
        throw error;
      }
      board.history.add(checked);
    });
  }

  listForTicket(boardId: BoardId, ticketId: Parameters<HistoryStore['listForTicket']>[1]): Promise<HistoryEntry[]> {
    return this.#read(boardId, (board) => board.history.forTicket(ticketId));
  }

  listForBoard(boardId: BoardId, options?: HistoryListOptions): Promise<HistoryEntry[]> {
    let query: BoardHistoryQuery;
    try {
      query = parseHistoryQuery(options);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#read(boardId, (board) => board.history.list(query));
  }

  /**
   * A read of a board's history. Once the board's log is in memory it is served at once, with
   * every batch whose `append` has resolved, without waiting behind appends still being written
   * (a client's timeline, read when a change is on disk, used to wait there for the witness's
   * own fsync). Before that, it queues behind them like the first load.
   */
  #read<T>(boardId: BoardId, read: (board: LoadedBoard) => T): Promise<T> {
    const board = this.#boards.get(boardId);
    if (board !== undefined && !this.#closed) return Promise.resolve(read(board));
    return this.#enqueue(boardId, async () => read(await this.#load(boardId)));
  }

  /** Waits for queued operations, then refuses new ones. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue.drain();
  }

  async #load(boardId: BoardId): Promise<LoadedBoard> {
    const loaded = this.#boards.get(boardId);
    if (loaded) return loaded;
    const file = this.fileOf(boardId);
    const board: LoadedBoard = { history: new BoardHistory(), validLength: 0 };
    let bytes: Buffer | null = null;
    try {
      bytes = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (bytes !== null) {
      const parsed = parseFramedLog(HISTORY_LOG_FORMAT, file, bytes);
      parsed.records.forEach((payload, index) => board.history.add(decodeHistoryRecord(file, payload, index)));
      board.validLength = parsed.validLength;
    }
    this.#boards.set(boardId, board);
    return board;
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
