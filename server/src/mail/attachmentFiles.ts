/**
 * The bytes of inbound attachments: `DATA_DIR/attachments/<sha256>`, content-addressed.
 *
 * - The file name is the SHA-256 of the content, never anything the sender wrote, so a name
 *   like `../../fluxo.json` cannot become a path; the sender's name is metadata
 *   (`store.attachments`).
 * - Writing is atomic (temp file, fsync, rename, fsync dir) and idempotent: the same content
 *   twice is one file, so a redelivered email costs nothing.
 * - Files are written before their metadata is stored: a crash in between leaves an orphan
 *   file (harmless), never a record without bytes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../store/fileDurability.js';

export const ATTACHMENTS_DIR_NAME = 'attachments';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class AttachmentFiles {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, ATTACHMENTS_DIR_NAME);
  }

  /** Stores `bytes` (if not stored yet) and returns their SHA-256. Resolves once durable. */
  async save(bytes: Uint8Array): Promise<string> {
    const sha256 = sha256Hex(bytes);
    const file = this.#path(sha256);
    try {
      await access(file);
      return sha256;
    } catch {
      // not stored yet
    }
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomically(file, `${file}.${randomBytes(6).toString('hex')}.tmp`, bytes);
    return sha256;
  }

  /** The stored bytes, or `null` when there are none for that hash. */
  async read(sha256: string): Promise<Uint8Array | null> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    try {
      return await readFile(this.#path(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /**
   * Where the bytes of `sha256` would be, for streaming them (`documents/uploadEndpoint.ts`
   * `sendVaultFile`); `null` for anything that is not a SHA-256, so no other path comes out.
   */
  pathOf(sha256: string): string | null {
    return /^[0-9a-f]{64}$/.test(sha256) ? this.#path(sha256) : null;
  }

  #path(sha256: string): string {
    return join(this.dir, sha256);
  }
}
