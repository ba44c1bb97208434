/**
 * Append-only files of CRC-framed records: the durable format of Fluxo's hot data (Yjs updates
 * in `boardDocLog.ts`, history in `historyLog.ts`). One file per key (a board), one writer.
 *
 * Format (all integers big-endian):
 *
 *     header   7-byte magic + version byte                  8 bytes
 *     record   payload length (u32) | CRC-32 of payload (u32) | payload
 *     record   …
 *
 * Durability: an append resolves after `fdatasync`, so a record the server acknowledged
 * survives a crash. A crash *during* an append can leave a torn last record (short, zero-filled,
 * or with a CRC mismatch); it was never acknowledged, so the reader drops it and the next append
 * truncates it away. A bad record with valid records *after* it is not a torn write but damage:
 * reading fails with `StoreCorruptError` rather than silently losing data.
 */
import { mkdir, open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { InvalidInputError } from '@fluxo/shared/errors';
import { syncDirectory } from './fileDurability.js';
import { StoreCorruptError } from './storeErrors.js';

export interface FramedLogFormat {
  /** 8 bytes: a 7-character tag and a version byte. */
  readonly magic: Buffer;
  /** What such a file is, for error messages ("a Fluxo board log"). */
  readonly name: string;
  /** The message of the `InvalidInputError` for an empty payload ("an empty board update"). */
  readonly emptyPayload: string;
}

export const RECORD_HEADER_BYTES = 8;
/** A single record larger than this is certainly a damaged length field. */
const MAX_RECORD_BYTES = 512 * 1024 * 1024;

export interface ParsedFramedLog {
  readonly records: Uint8Array[];
  /** Bytes up to the end of the last good record; anything after it is a torn append. */
  readonly validLength: number;
}

/** Reads a log file's bytes. Throws `StoreCorruptError` for damage that is not a torn tail. */
export function parseFramedLog(format: FramedLogFormat, file: string, bytes: Uint8Array): ParsedFramedLog {
  const { magic } = format;
  if (bytes.length < magic.length) {
    // A crash while the file was being created: nothing was ever acknowledged from it.
    if (magic.subarray(0, bytes.length).equals(bytes)) return { records: [], validLength: 0 };
    throw new StoreCorruptError(file, `is not ${format.name} (bad header)`);
  }
  if (!magic.equals(bytes.subarray(0, magic.length))) {
    throw new StoreCorruptError(file, `is not ${format.name} (bad header or unknown version)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: Uint8Array[] = [];
  let offset = magic.length;
  while (offset < bytes.length) {
    const torn = { records, validLength: offset };
    if (offset + RECORD_HEADER_BYTES > bytes.length) return torn;
    const length = view.getUint32(offset);
    const checksum = view.getUint32(offset + 4);
    if (length === 0) {
      // Never written (`encodeFramedRecord` refuses empty payloads), and CRC-32 of nothing is 0,
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
    records.push(payload);
    offset = end;
  }
  return { records, validLength: offset };
}

/** One framed record for `payload` (a copy of its bytes). */
export function encodeFramedRecord(format: FramedLogFormat, payload: Uint8Array): Buffer {
  // An empty payload would be indistinguishable from a zero-filled tail.
  if (payload.length === 0) throw new InvalidInputError(format.emptyPayload);
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payload.length);
  record.writeUInt32BE(payload.length, 0);
  record.writeUInt32BE(crc32(payload), 4);
  record.set(payload, RECORD_HEADER_BYTES);
  return record;
}

/**
 * Appends an encoded record to `file`, whose valid prefix is `validLength` bytes (0: missing or
 * never completed), and makes it durable. Returns the new valid length. A torn tail beyond
 * `validLength` is truncated first.
 */
export async function appendFramedRecord(
  format: FramedLogFormat,
  file: string,
  dir: string,
  validLength: number,
  record: Buffer,
): Promise<number> {
  if (validLength === 0) {
    // New (or never completed) log: header and record in one go, then the directory entry.
    const handle = await open(file, 'w', 0o600);
    try {
      await handle.writeFile(Buffer.concat([format.magic, record]));
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await syncDirectory(dir);
    return format.magic.length + record.length;
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
  return validLength + record.length;
}

/** Creates `dir` (private) once, making its entry in the parent durable if it was new. */
export function ensureLogDirectory(dir: string): Promise<void> {
  return (async () => {
    let existed = true;
    try {
      await stat(dir);
    } catch {
      existed = false;
    }
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (!existed) await syncDirectory(join(dir, '..'));
  })();
}

/**
 * Runs operations one at a time per key, different keys in parallel; an idle key costs nothing.
 * A failed operation does not block the ones queued after it.
 */
export class KeyedQueue<K> {
  readonly #tails = new Map<K, Promise<void>>();

  run<T>(key: K, operation: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const run = previous.then(operation);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return run;
  }

  /** Resolves once every operation queued so far has settled. */
  async drain(): Promise<void> {
    await Promise.all([...this.#tails.values()]);
  }
}
