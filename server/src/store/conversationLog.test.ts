import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newUserId } from '@fluxo/shared/ids';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { conversationFixtures } from './conversation.contract.js';
import { CONVERSATION_FILE_NAME, CONVERSATION_LOG_FORMAT, ConversationLog } from './conversationLog.js';
import { createConversationPorts } from './conversationPorts.js';
import { encodeFramedRecord } from './framedLog.js';
import { StoreCorruptError } from './storeErrors.js';

describe('conversation log', () => {
  let dir: string;
  const place = conversationFixtures.place();
  const ana = newUserId();

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fluxo-clog-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function open(compactMinOps?: number) {
    const log = await ConversationLog.open(dir, compactMinOps === undefined ? {} : { compactMinOps });
    return { log, ports: createConversationPorts(log.state) };
  }

  it('writes nothing until the first write, then one record per write', async () => {
    const { log, ports } = await open();
    await expect(stat(join(dir, CONVERSATION_FILE_NAME))).rejects.toThrow();
    await ports.conversation.write({}); // nothing to write: no file either
    await expect(stat(join(dir, CONVERSATION_FILE_NAME))).rejects.toThrow();
    const comment = conversationFixtures.comment(place, ana);
    await ports.conversation.write({
      comments: [{ record: comment, expectedSeq: null }],
      notifications: [conversationFixtures.notification(place, newUserId())],
    });
    const bytes = await readFile(log.file);
    expect(bytes.subarray(0, 8)).toEqual(CONVERSATION_LOG_FORMAT.magic);
    const payload = JSON.parse(bytes.subarray(16).toString('utf8')) as { ops: { t: string }[] };
    expect(payload.ops.map((op) => op.t)).toEqual(['comment', 'notification']);
    await log.state.close();
  });

  it('drops a torn last write (never acknowledged) and appends after it', async () => {
    const first = await open();
    const kept = conversationFixtures.comment(place, ana);
    await first.ports.conversation.write({ comments: [{ record: kept, expectedSeq: null }] });
    await first.log.state.close();
    const torn = encodeFramedRecord(CONVERSATION_LOG_FORMAT, Buffer.from('{"ops":[{"t":"comment"'));
    await appendFile(join(dir, CONVERSATION_FILE_NAME), torn.subarray(0, torn.length - 3));

    const second = await open();
    expect((await second.ports.comments.listForTicket(place.boardId, place.ticketId)).map((c) => c.id)).toEqual([kept.id]);
    const next = conversationFixtures.comment(place, ana);
    await second.ports.conversation.write({ comments: [{ record: next, expectedSeq: null }] });
    await second.log.state.close();
    const third = await open();
    expect((await third.ports.comments.listForTicket(place.boardId, place.ticketId)).map((c) => c.id)).toEqual([
      kept.id,
      next.id,
    ]);
    await third.log.state.close();
  });

  it('refuses a file whose record holds something that is not a valid write, naming the file', async () => {
    const file = join(dir, CONVERSATION_FILE_NAME);
    const bad = encodeFramedRecord(CONVERSATION_LOG_FORMAT, Buffer.from(JSON.stringify({ ops: [{ t: 'comment', r: { id: 'x' } }] })));
    await writeFile(file, Buffer.concat([CONVERSATION_LOG_FORMAT.magic, bad]));
    const error = await ConversationLog.open(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(/not a conversation write/);

    await writeFile(file, Buffer.concat([CONVERSATION_LOG_FORMAT.magic, encodeFramedRecord(CONVERSATION_LOG_FORMAT, Buffer.from('{'))]));
    await expect(ConversationLog.open(dir)).rejects.toThrow(/not JSON/);
    await writeFile(file, 'FLXHLOG\u0001');
    await expect(ConversationLog.open(dir)).rejects.toThrow(/not a Fluxo conversation log/);
  });

  it('compacts to the current version of every record, in creation order, and reads it back', async () => {
    const { log, ports } = await open(10);
    const userId = newUserId();
    const notifications = Array.from({ length: 3 }, () => conversationFixtures.notification(place, userId));
    await ports.conversation.write({ notifications });
    await ports.notifications.markRead(userId, [notifications[1]!.id], '2025-03-10T12:10:00.000Z');
    // A row retried again and again: many ops, few records.
    const row = conversationFixtures.outbox(place);
    await ports.outbox.enqueue([row]);
    for (let attempts = 1; attempts <= 30; attempts++) await ports.outbox.update(row.id, { attempts });
    expect(log.compactions).toBeGreaterThan(0);
    const cursor = await ports.notifications.cursor(userId);
    const before = await ports.notifications.listForUser(userId);
    const sizeBefore = (await stat(log.file)).size;
    await log.state.close();

    const reopened = await open(10);
    expect(await reopened.ports.notifications.listForUser(userId)).toEqual(before);
    expect(await reopened.ports.notifications.cursor(userId)).toBe(cursor);
    expect(await reopened.ports.outbox.get(row.id)).toMatchObject({ attempts: 30 });
    expect(before.map((n) => n.id)).toEqual(notifications.map((n) => n.id).reverse());
    const later = conversationFixtures.notification(place, userId);
    const [stored] = (await reopened.ports.conversation.write({ notifications: [later] })).notifications;
    expect(stored!.seq).toBeGreaterThan(cursor);
    expect((await stat(reopened.log.file)).size).toBeGreaterThan(sizeBefore);
    await reopened.log.state.close();
  });
});
