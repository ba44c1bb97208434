import { appendFile, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BoardId, type TicketId, newBoardId, newTicketId } from '@fluxo/shared/ids';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeFramedRecord, parseFramedLog } from './framedLog.js';
import { HISTORY_LOG_FORMAT, HistoryLog } from './historyLog.js';
import { DATA_FILE_NAME, HISTORY_DIR_NAME, openLowdbStore } from './lowdbStore.js';
import { fixtures } from './store.contract.js';
import { StoreCorruptError } from './storeErrors.js';

describe('history log', () => {
  let dir: string;
  let log: HistoryLog;
  let boardId: BoardId;
  let ticketId: TicketId;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fluxo-history-'));
    log = new HistoryLog(join(dir, 'history'));
    boardId = newBoardId();
    ticketId = newTicketId();
    file = log.fileOf(boardId);
  });
  afterEach(async () => {
    await log.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one framed JSON record per append, private, read back by a fresh instance', async () => {
    const a = fixtures.historyEntry(boardId, ticketId);
    const b = fixtures.historyEntry(boardId, ticketId, { kind: 'archived' });
    await log.append([a]);
    await log.append([b]);
    const bytes = await readFile(file);
    expect(bytes.subarray(0, 7).toString('latin1')).toBe('FLXHLOG');
    const parsed = parseFramedLog(HISTORY_LOG_FORMAT, file, bytes);
    expect(parsed.records.map((r) => JSON.parse(Buffer.from(r).toString('utf8')))).toEqual([[a], [b]]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await new HistoryLog(join(dir, 'history')).listForTicket(boardId, ticketId)).toEqual([a, b]);
  });

  it('serves reads of a loaded board from memory without waiting behind an append being written: they see every resolved append', async () => {
    const a = fixtures.historyEntry(boardId, ticketId);
    const b = fixtures.historyEntry(boardId, ticketId, { kind: 'archived' });
    await log.append([a]);
    let appended = false;
    const writing = log.append([b]).then(() => {
      appended = true;
    });
    // Asked while b is being written: answered before b is on disk, without it.
    const [ticketRead, boardRead] = await Promise.all([log.listForTicket(boardId, ticketId), log.listForBoard(boardId)]);
    expect(appended).toBe(false);
    expect(ticketRead).toEqual([a]);
    expect(boardRead).toEqual([a]);
    await writing;
    expect(await log.listForTicket(boardId, ticketId)).toEqual([a, b]);
    // A board not loaded yet is read behind the appends queued for it, like its first load.
    const fresh = new HistoryLog(join(dir, 'history'));
    const c = fixtures.historyEntry(boardId, ticketId, { kind: 'restored' });
    const queued = fresh.append([c]);
    expect(await fresh.listForBoard(boardId)).toEqual([a, b, c]);
    await queued;
    await fresh.close();
  });

  it('drops a torn last batch entirely, and the next append replaces it', async () => {
    const kept = fixtures.historyEntry(boardId, ticketId);
    await log.append([kept]);
    const torn = encodeFramedRecord(
      HISTORY_LOG_FORMAT,
      Buffer.from(JSON.stringify([fixtures.historyEntry(boardId, ticketId), fixtures.historyEntry(boardId, ticketId)])),
    );
    await appendFile(file, torn.subarray(0, torn.length - 10));
    const fresh = new HistoryLog(join(dir, 'history'));
    expect(await fresh.listForBoard(boardId)).toEqual([kept]);
    const next = fixtures.historyEntry(boardId, ticketId, { kind: 'restored' });
    await fresh.append([next]);
    expect(parseFramedLog(HISTORY_LOG_FORMAT, file, await readFile(file)).validLength).toBe((await stat(file)).size);
    expect(await new HistoryLog(join(dir, 'history')).listForBoard(boardId)).toEqual([kept, next]);
  });

  it('refuses damage in the middle, and a record that is not a batch of entries', async () => {
    await log.append([fixtures.historyEntry(boardId, ticketId)]);
    await log.append([fixtures.historyEntry(boardId, ticketId)]);
    const bytes = await readFile(file);
    bytes[20] = (bytes[20] ?? 0) ^ 0xff; // inside the first record's payload
    await writeFile(file, bytes);
    await expect(new HistoryLog(join(dir, 'history')).listForBoard(boardId)).rejects.toThrow(StoreCorruptError);

    const other = newBoardId();
    const otherFile = log.fileOf(other);
    const notEntries = encodeFramedRecord(HISTORY_LOG_FORMAT, Buffer.from(JSON.stringify([{ kind: 'created' }])));
    await writeFile(otherFile, Buffer.concat([HISTORY_LOG_FORMAT.magic, notEntries]));
    await expect(new HistoryLog(join(dir, 'history')).listForBoard(other)).rejects.toThrow(/not a batch of history entries/);
    const before = await readFile(otherFile);
    await expect(new HistoryLog(join(dir, 'history')).append([fixtures.historyEntry(other, ticketId)])).rejects.toThrow(
      StoreCorruptError,
    );
    expect(await readFile(otherFile)).toEqual(before);
  });

  it('is kept out of fluxo.json, in DATA_DIR/history/<board>.hlog', async () => {
    const store = await openLowdbStore(dir);
    await store.history.append([fixtures.historyEntry(boardId, ticketId)]);
    await store.close();
    expect(await readdir(join(dir, HISTORY_DIR_NAME))).toEqual([`${boardId}.hlog`]);
    expect(await readdir(dir)).not.toContain(DATA_FILE_NAME);
  });

  it('reads a fluxo.json written before ticket counters and attention existed', async () => {
    await writeFile(
      join(dir, DATA_FILE_NAME),
      JSON.stringify({ version: 1, agencies: [], users: [], sessions: [], boards: [], clients: [] }),
    );
    const store = await openLowdbStore(dir);
    const agency = fixtures.agency();
    expect(await store.ticketNumbers.next(agency.id)).toBe(1);
    await store.close();
    const data = JSON.parse(await readFile(join(dir, DATA_FILE_NAME), 'utf8')) as { ticketCounters: unknown };
    expect(data.ticketCounters).toEqual([{ agencyId: agency.id, last: 1 }]);
  });
});
