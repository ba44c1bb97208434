import { appendFile, mkdtemp, readFile, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BoardId, newBoardId } from '@fluxo/shared/ids';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardDocLog, encodeBoardLogRecord, parseBoardLog } from './boardDocLog.js';
import { StoreCorruptError } from './storeErrors.js';

function textUpdate(clientId: number, text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

function textOf(update: Uint8Array | null): string {
  const doc = new Y.Doc();
  if (update) Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
}

describe('board document log', () => {
  let dir: string;
  let log: BoardDocLog;
  let boardId: BoardId;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fluxo-boardlog-'));
    log = new BoardDocLog(join(dir, 'boards'));
    boardId = newBoardId();
    file = log.fileOf(boardId);
  });
  afterEach(async () => {
    await log.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('appends framed records after a header, and a fresh instance reads them back', async () => {
    await log.append(boardId, textUpdate(1, 'a'));
    await log.append(boardId, textUpdate(2, 'b'));
    const bytes = await readFile(file);
    expect(bytes.subarray(0, 7).toString('latin1')).toBe('FLXYLOG');
    expect(parseBoardLog(file, bytes).updates).toHaveLength(2);
    const fresh = new BoardDocLog(join(dir, 'boards'));
    expect(textOf(await fresh.load(boardId))).toMatch(/^(ab|ba)$/);
  });

  it('drops a torn last record, and the next append replaces it', async () => {
    await log.append(boardId, textUpdate(1, 'a'));
    const good = (await stat(file)).size;
    // A crash in the middle of an append: the length says more than was written.
    const torn = encodeBoardLogRecord(textUpdate(2, 'lost'));
    await appendFile(file, torn.subarray(0, torn.length - 3));

    const fresh = new BoardDocLog(join(dir, 'boards'));
    expect(textOf(await fresh.load(boardId))).toBe('a');
    await fresh.append(boardId, textUpdate(3, 'c'));
    const parsed = parseBoardLog(file, await readFile(file));
    expect(parsed.updates).toHaveLength(2);
    expect(parsed.validLength).toBe((await stat(file)).size);
    expect((await stat(file)).size).toBeGreaterThan(good);
    expect(textOf(await new BoardDocLog(join(dir, 'boards')).load(boardId))).toMatch(/^(ac|ca)$/);
  });

  it('drops a zero-filled tail (a crash that extended the file but lost the bytes)', async () => {
    await log.append(boardId, textUpdate(1, 'a'));
    const good = (await stat(file)).size;
    await appendFile(file, Buffer.alloc(4096));
    const fresh = new BoardDocLog(join(dir, 'boards'));
    expect(textOf(await fresh.load(boardId))).toBe('a');
    await fresh.append(boardId, textUpdate(2, 'b'));
    expect(parseBoardLog(file, await readFile(file)).updates).toHaveLength(2);
    expect((await stat(file)).size).toBeLessThan(good + 4096);
    expect(textOf(await new BoardDocLog(join(dir, 'boards')).load(boardId))).toMatch(/^(ab|ba)$/);
  });

  it('drops a last record whose checksum does not match (torn in place)', async () => {
    await log.append(boardId, textUpdate(1, 'a'));
    await log.append(boardId, textUpdate(2, 'b'));
    const bytes = await readFile(file);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    await writeFile(file, bytes);
    expect(textOf(await new BoardDocLog(join(dir, 'boards')).load(boardId))).toBe('a');
  });

  it('refuses a log damaged in the middle instead of losing history silently', async () => {
    await log.append(boardId, textUpdate(1, 'a'));
    await log.append(boardId, textUpdate(2, 'b'));
    const bytes = await readFile(file);
    bytes[8 + 8] = (bytes[8 + 8] ?? 0) ^ 0xff; // first payload byte of the first record
    await writeFile(file, bytes);
    const error = await new BoardDocLog(join(dir, 'boards')).load(boardId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect((error as Error).message).toContain(file);
  });

  it('refuses a file that is not a board log', async () => {
    await log.append(boardId, textUpdate(1, 'a'));
    await writeFile(file, 'hello, this is not a log');
    await expect(new BoardDocLog(join(dir, 'boards')).load(boardId)).rejects.toThrow(/not a Fluxo board log/);
  });

  it('treats a file cut inside its header as empty (crash while creating it)', async () => {
    await log.append(boardId, textUpdate(1, 'a'));
    await truncate(file, 4);
    const fresh = new BoardDocLog(join(dir, 'boards'));
    expect(await fresh.load(boardId)).toBeNull();
    await fresh.append(boardId, textUpdate(2, 'b'));
    expect(textOf(await fresh.load(boardId))).toBe('b');
  });

  it('compacts with an atomic replace that leaves no temporary file', async () => {
    for (const [i, ch] of ['a', 'b', 'c'].entries()) await log.append(boardId, textUpdate(i + 1, ch));
    const before = (await stat(file)).size;
    const doc = new Y.Doc();
    const merged = await log.load(boardId);
    if (merged) Y.applyUpdate(doc, merged);
    await log.replace(boardId, Y.encodeStateAsUpdate(doc));
    expect(parseBoardLog(file, await readFile(file)).updates).toHaveLength(1);
    expect((await stat(file)).size).toBeLessThan(before);
    expect(await readdir(join(dir, 'boards'))).toEqual([`${boardId}.ylog`]);
    await log.append(boardId, textUpdate(9, 'z'));
    expect(textOf(await new BoardDocLog(join(dir, 'boards')).load(boardId))).toHaveLength(4);
  });

  it('groups appends that arrive while another is being written into one record and one fdatasync', async () => {
    const letter = (i: number) => String.fromCharCode(97 + (i % 26));
    // Appends made together are one batch.
    await Promise.all(Array.from({ length: 20 }, (_, i) => log.append(boardId, textUpdate(100 + i, letter(i)))));
    expect(log.stats()).toEqual({ appends: 20, records: 1, syncs: 1 });
    // One append starts writing; the ones arriving meanwhile wait for it, then go together.
    const first = log.append(boardId, textUpdate(200, 'x'));
    await new Promise((resolve) => setImmediate(resolve));
    const rest = Array.from({ length: 19 }, (_, i) => log.append(boardId, textUpdate(300 + i, letter(i))));
    await Promise.all([first, ...rest]);
    const stats = log.stats();
    expect(stats.appends).toBe(40);
    expect(stats.syncs).toBeLessThanOrEqual(3);
    expect(stats.records).toBe(stats.syncs);
    expect(parseBoardLog(file, await readFile(file)).updates).toHaveLength(stats.records);
    expect(textOf(await new BoardDocLog(join(dir, 'boards')).load(boardId))).toHaveLength(40);
  });

  it('keeps appends made after a replace out of the batch before it', async () => {
    await log.append(boardId, textUpdate(1, 'a'));
    const early = log.append(boardId, textUpdate(2, 'b'));
    const replaced = log.replace(boardId, textUpdate(3, 'c'));
    const late = log.append(boardId, textUpdate(4, 'd'));
    await Promise.all([early, replaced, late]);
    expect(textOf(await new BoardDocLog(join(dir, 'boards')).load(boardId))).toMatch(/^(cd|dc)$/);
  });

  it('keeps a board\'s log open between appends, and appends after a replace go to the new file', async () => {
    await log.append(boardId, textUpdate(1, 'a')); // creates the file
    expect(log.openFiles).toBe(0);
    await log.append(boardId, textUpdate(2, 'b'));
    expect(log.openFiles).toBe(1);
    await log.append(boardId, textUpdate(3, 'c'));
    expect(log.openFiles).toBe(1);
    // The file held open is the one on disk: what it wrote is what a fresh reader sees.
    expect(parseBoardLog(file, await readFile(file)).updates).toHaveLength(3);

    await log.replace(boardId, textUpdate(4, 'd'));
    expect(log.openFiles).toBe(0);
    await log.append(boardId, textUpdate(5, 'e'));
    await log.append(boardId, textUpdate(6, 'f'));
    expect(parseBoardLog(file, await readFile(file)).updates).toHaveLength(3);
    expect(textOf(await new BoardDocLog(join(dir, 'boards')).load(boardId))).toHaveLength(3);
    await log.close();
    expect(log.openFiles).toBe(0);
  });

  it('closes a log left idle, and the next append reopens it where the valid records end', async () => {
    const idle = new BoardDocLog(join(dir, 'boards'), { idleCloseMs: 40 });
    try {
      await idle.append(boardId, textUpdate(1, 'a'));
      await idle.append(boardId, textUpdate(2, 'b'));
      expect(idle.openFiles).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(idle.openFiles).toBe(0);
      // Meanwhile a torn append (another writer's crash is impossible, but a torn tail is not).
      const torn = encodeBoardLogRecord(textUpdate(3, 'lost'));
      await appendFile(file, torn.subarray(0, torn.length - 2));
      // The valid length is still known: the reopened file is cut back to it before the write.
      await idle.append(boardId, textUpdate(4, 'c'));
      const parsed = parseBoardLog(file, await readFile(file));
      expect(parsed.updates).toHaveLength(3);
      expect(parsed.validLength).toBe((await stat(file)).size);
      expect(textOf(await new BoardDocLog(join(dir, 'boards')).load(boardId))).toHaveLength(3);
    } finally {
      await idle.close();
    }
  });
});
