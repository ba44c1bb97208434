/**
 * The embedded replica-owner file (`boards/<id>.owners`): its format, a torn last append
 * (dropped, then truncated away by the next one) and damage (refused, never skipped).
 */
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BoardId, type UserId, newBoardId, newUserId } from '@fluxo/shared/ids';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeFramedRecord, parseFramedLog } from './framedLog.js';
import { REPLICA_OWNER_LOG_FORMAT, ReplicaOwnerLog } from './replicaOwnerLog.js';
import type { ReplicaOwner } from './store.js';
import { StoreCorruptError } from './storeErrors.js';

describe('replica owner log', () => {
  let dir: string;
  let log: ReplicaOwnerLog;
  let boardId: BoardId;
  let ana: UserId;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fluxo-owners-'));
    log = new ReplicaOwnerLog(join(dir, 'boards'));
    boardId = newBoardId();
    ana = newUserId();
  });
  afterEach(async () => {
    await log.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one framed JSON record per call, beside the board’s Yjs log', async () => {
    await log.record(boardId, [[1, ana]]);
    await log.record(boardId, [[2, 'server']]);
    const file = join(dir, 'boards', `${boardId}.owners`);
    const parsed = parseFramedLog(REPLICA_OWNER_LOG_FORMAT, file, await readFile(file));
    expect(parsed.records.map((r) => JSON.parse(Buffer.from(r).toString('utf8')))).toEqual([[[1, ana]], [[2, 'server']]]);
  });

  it('drops a torn last record and writes over it', async () => {
    await log.record(boardId, [[1, ana]]);
    const file = log.fileOf(boardId);
    const torn = encodeFramedRecord(REPLICA_OWNER_LOG_FORMAT, Buffer.from('[[2,"server"]]'));
    await appendFile(file, torn.subarray(0, torn.length - 3));
    const fresh = new ReplicaOwnerLog(join(dir, 'boards'));
    expect(await fresh.load(boardId)).toEqual(new Map([[1, ana]]));
    await fresh.record(boardId, [[3, 'server']]);
    const again = new ReplicaOwnerLog(join(dir, 'boards'));
    expect(await again.load(boardId)).toEqual(
      new Map<number, ReplicaOwner>([
        [1, ana],
        [3, 'server'],
      ]),
    );
    await Promise.all([fresh.close(), again.close()]);
  });

  it('refuses to load a file whose intact record is not a batch of owners', async () => {
    const file = log.fileOf(boardId);
    await log.record(boardId, [[1, ana]]);
    await appendFile(file, encodeFramedRecord(REPLICA_OWNER_LOG_FORMAT, Buffer.from('[[1,"nobody"]]')));
    const fresh = new ReplicaOwnerLog(join(dir, 'boards'));
    await expect(fresh.load(boardId)).rejects.toBeInstanceOf(StoreCorruptError);
    await writeFile(file, Buffer.concat([REPLICA_OWNER_LOG_FORMAT.magic, encodeFramedRecord(REPLICA_OWNER_LOG_FORMAT, Buffer.from('{'))]));
    await expect(new ReplicaOwnerLog(join(dir, 'boards')).load(boardId)).rejects.toBeInstanceOf(StoreCorruptError);
    await fresh.close();
  });
});
