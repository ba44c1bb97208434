/**
 * A lowdb `Adapter` for one JSON file with crash-safe writes and a strict reader.
 *
 * lowdb's own `JSONFile` (through steno) writes a temporary file and renames it, but never
 * fsyncs, so a power cut can leave an empty or stale file behind a rename the disk had not
 * seen yet. Here every write is temp file → fsync → rename → fsync directory
 * (`writeFileAtomically`), and writes are serialised.
 *
 * Reading is strict: a missing file is "no data yet" (`null`), but a file that is not JSON or
 * does not match the schema raises `StoreCorruptError` naming the file. The adapter never
 * writes in response to a failed read, so a damaged file stays byte-for-byte as it was for
 * the operator to inspect or restore.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import type { z } from 'zod';
import { writeFileAtomically } from './fileDurability.js';
import { StoreCorruptError } from './storeErrors.js';

export class DurableJsonFile<T> implements Adapter<T> {
  readonly file: string;
  readonly #tempFile: string;
  readonly #schema: z.ZodType<T>;
  #writing: Promise<void> = Promise.resolve();

  constructor(file: string, schema: z.ZodType<T>) {
    this.file = file;
    this.#tempFile = join(dirname(file), `.${basename(file)}.tmp`);
    this.#schema = schema;
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new StoreCorruptError(this.file, `is not valid JSON (${reason})`);
    }
    const parsed = this.#schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
      throw new StoreCorruptError(
        this.file,
        `does not match Fluxo's data format (${where}: ${issue?.message ?? 'invalid'})`,
      );
    }
    return parsed.data;
  }

  /** Resolves once the new content is durable; writes run one after the other. */
  write(data: T): Promise<void> {
    const text = `${JSON.stringify(data, null, 2)}\n`;
    const run = this.#writing.then(() => writeFileAtomically(this.file, this.#tempFile, text));
    this.#writing = run.catch(() => undefined);
    return run;
  }
}
