/**
 * The two fsync steps that make a file write survive a power cut on POSIX file systems:
 * flush the file's data, then flush the directory entry that names it (a fresh file or a
 * rename is only durable once its directory is). Used by every writer in this folder.
 */
import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/** fsyncs a directory so that entries created, renamed or removed in it are durable. */
export async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; its file system orders metadata itself.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `file` by `bytes` atomically: readers see either the old or the new content, never
 * a mix, even across a crash. Writes `tempFile`, fsyncs it, renames it over `file`, fsyncs
 * the directory. On failure the temporary file is removed and `file` is untouched.
 */
export async function writeFileAtomically(file: string, tempFile: string, bytes: Uint8Array | string): Promise<void> {
  const handle = await open(tempFile, 'w', 0o600);
  try {
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempFile, file);
  } catch (error) {
    await unlink(tempFile).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(file));
}
