/**
 * The embedded adapter's conversation storage: `DATA_DIR/conversation.clog`, one append-only
 * file in the framing of `framedLog.ts` (CRC per record, fdatasync per append, torn tail
 * dropped, damage refused). Each record is one `ConversationState` commit — the JSON
 * `{"ops": [...]}` of the full new version of every record it wrote — so a comment, the
 * notifications it causes and its outbox rows are on disk together or not at all.
 *
 * Why not `fluxo.json`: comments and notifications arrive all day and are kept for good; a
 * whole-file JSON rewrite per comment would cost more with each month of use. An append costs
 * the size of what changed.
 *
 * The file is read once when the store opens (every op validated; a record that passes its CRC
 * but does not hold valid ops is `StoreCorruptError`, never skipped) and served from memory.
 * **Compaction**: when the ops appended since the last compaction outnumber the live records
 * twice over (and exceed `COMPACT_MIN_OPS`), the next write first replaces the file — by an
 * atomic temp-file rename — with the current version of every record, in creation order.
 *
 * Limits (DESIGN.md §3): everything is held in memory and read at start-up, which suits an
 * agency's years of conversation on one machine (≈ 1 KiB per comment: 100,000 comments ≈
 * 100 MiB, a few seconds to load). Beyond that, the PostgreSQL adapter of these ports is the plan.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ConversationIndex, type ConversationOp, ConversationState, conversationOpSchema } from './conversationState.js';
import { writeFileAtomically } from './fileDurability.js';
import { type FramedLogFormat, appendFramedRecord, encodeFramedRecord, parseFramedLog } from './framedLog.js';
import { StoreCorruptError } from './storeErrors.js';

export const CONVERSATION_FILE_NAME = 'conversation.clog';

export const CONVERSATION_LOG_FORMAT: FramedLogFormat = {
  magic: Buffer.from('FLXCLOG\u0001', 'latin1'),
  name: 'a Fluxo conversation log',
  emptyPayload: 'an empty conversation write',
};

/** Compaction waits for at least this many appended ops. */
export const COMPACT_MIN_OPS = 5_000;
/** Ops per record in a compacted file, so no single record is huge. */
const SNAPSHOT_OPS_PER_RECORD = 500;

const recordSchema = z.strictObject({ ops: z.array(conversationOpSchema).min(1) });

function encode(ops: readonly ConversationOp[]): Buffer {
  return encodeFramedRecord(CONVERSATION_LOG_FORMAT, Buffer.from(JSON.stringify({ ops }), 'utf8'));
}

/** Decodes one record; `StoreCorruptError` when it is not a list of valid ops. */
export function decodeConversationRecord(file: string, payload: Uint8Array, index: number): ConversationOp[] {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'));
  } catch {
    throw new StoreCorruptError(file, `has a record (#${index + 1}) that is not JSON`);
  }
  const parsed = recordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoreCorruptError(
      file,
      `has a record (#${index + 1}) that is not a conversation write (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})`,
    );
  }
  return parsed.data.ops;
}

export interface ConversationLogOptions {
  /** Compaction threshold (tests lower it). */
  readonly compactMinOps?: number;
}

/** The open log: the state to build ports on, and the file's bookkeeping. */
export class ConversationLog {
  readonly file: string;
  readonly state: ConversationState;
  readonly #compactMinOps: number;
  #validLength: number;
  #opsSinceCompaction: number;
  /** Ops since the last compaction at which the next one may start. */
  #compactAfter: number;
  #compactions = 0;

  private constructor(file: string, index: ConversationIndex, validLength: number, ops: number, options: ConversationLogOptions) {
    this.file = file;
    this.#validLength = validLength;
    this.#opsSinceCompaction = ops;
    this.#compactMinOps = options.compactMinOps ?? COMPACT_MIN_OPS;
    this.#compactAfter = this.#compactMinOps;
    this.state = new ConversationState(index, (next, current) => this.#persist(next, current));
  }

  /** Reads `dataDir/conversation.clog` (missing: empty). Throws `StoreCorruptError` on damage. */
  static async open(dataDir: string, options: ConversationLogOptions = {}): Promise<ConversationLog> {
    const file = join(dataDir, CONVERSATION_FILE_NAME);
    const index = new ConversationIndex();
    let bytes: Buffer | null = null;
    try {
      bytes = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    let validLength = 0;
    let ops = 0;
    if (bytes !== null) {
      const parsed = parseFramedLog(CONVERSATION_LOG_FORMAT, file, bytes);
      parsed.records.forEach((payload, i) => {
        for (const op of decodeConversationRecord(file, payload, i)) {
          index.apply(op);
          ops++;
        }
      });
      validLength = parsed.validLength;
    }
    return new ConversationLog(file, index, validLength, ops, options);
  }

  /** How many times the file was compacted since it was opened. */
  get compactions(): number {
    return this.#compactions;
  }

  async #persist(ops: readonly ConversationOp[], index: ConversationIndex): Promise<void> {
    const record = encode(ops);
    if (this.#opsSinceCompaction >= this.#compactAfter && this.#opsSinceCompaction > 2 * index.size) {
      try {
        await this.#compact(index);
      } catch {
        // The file is as it was (atomic replace): append as usual, try again later.
        this.#compactAfter = this.#opsSinceCompaction + this.#compactMinOps;
      }
    }
    this.#validLength = await appendFramedRecord(
      CONVERSATION_LOG_FORMAT,
      this.file,
      dirname(this.file),
      this.#validLength,
      record,
    );
    this.#opsSinceCompaction += ops.length;
  }

  /** Replaces the file by the current version of every record (`index` is committed state). */
  async #compact(index: ConversationIndex): Promise<void> {
    const snapshot = index.snapshot();
    const parts: Buffer[] = [CONVERSATION_LOG_FORMAT.magic];
    for (let i = 0; i < snapshot.length; i += SNAPSHOT_OPS_PER_RECORD) {
      parts.push(encode(snapshot.slice(i, i + SNAPSHOT_OPS_PER_RECORD)));
    }
    const bytes = Buffer.concat(parts);
    await writeFileAtomically(this.file, `${this.file}.tmp`, bytes);
    this.#validLength = bytes.length;
    this.#opsSinceCompaction = snapshot.length;
    this.#compactAfter = this.#compactMinOps;
    this.#compactions++;
  }
}
