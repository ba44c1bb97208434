/**
 * The mail worker's outbox operations (`claimable`, `claim`, `release`, `requeue`), on both
 * adapters; the lowdb one also across a restart (a lease must survive the process that took it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictError, NotFoundError } from '@fluxo/shared/errors';
import { newAgencyId, newBoardId, newTicketId } from '@fluxo/shared/ids';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OutboxRecord, newOutboxId } from './conversationRecords.js';
import { openLowdbStore } from './lowdbStore.js';
import { createMemoryStore } from './memoryStore.js';
import type { Store } from './store.js';

const T0 = Date.parse('2025-03-10T12:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);
const iso = (ms: number) => at(ms).toISOString();

interface Harness {
  open(): Promise<Store>;
  readonly persistent: boolean;
  cleanup(): Promise<void>;
}

const adapters: Record<string, () => Promise<Harness>> = {
  memory: async () => ({ open: async () => createMemoryStore(), persistent: false, cleanup: async () => undefined }),
  lowdb: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fluxo-outbox-lease-'));
    return { open: () => openLowdbStore(dir), persistent: true, cleanup: () => rm(dir, { recursive: true, force: true }) };
  },
};

const agencyId = newAgencyId();
function row(dueInMs: number, overrides: Partial<OutboxRecord> = {}): OutboxRecord {
  const id = newOutboxId();
  return {
    id,
    idempotencyKey: `ticket_received:${id}`,
    kind: 'ticket_received',
    to: 'cliente@exemplo.com.br',
    locale: 'pt-BR',
    agencyId,
    boardId: newBoardId(),
    ticketId: newTicketId(),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: iso(dueInMs),
    lastError: null,
    messageId: null,
    createdAt: iso(0),
    sentAt: null,
    payload: { inReplyTo: null },
    ...overrides,
  } as OutboxRecord;
}

for (const [name, createHarness] of Object.entries(adapters)) {
  describe(`outbox leases: ${name}`, () => {
    let harness: Harness;
    let store: Store;
    beforeEach(async () => {
      harness = await createHarness();
      store = await harness.open();
    });
    afterEach(async () => {
      await store.close();
      await harness.cleanup();
    });
    async function restart(): Promise<Store> {
      if (!harness.persistent) return store;
      await store.close();
      store = await harness.open();
      return store;
    }

    it('claims due rows under a lease, records the Message-ID, and counts the attempt', async () => {
      const due = row(0);
      const later = row(60_000);
      const failed = row(0, { status: 'failed', nextAttemptAt: null });
      await store.outbox.enqueue([due, later, failed]);
      expect((await store.outbox.claimable(at(1_000))).map((r) => r.id)).toEqual([due.id]);

      const lease = { id: 'lease-one-xyz', until: iso(61_000) };
      const claimed = await store.outbox.claim(
        [due, later, failed].map((r) => ({ id: r.id, messageId: `fluxo.${r.id}@x.test` })),
        lease,
        at(1_000),
      );
      expect(claimed.map((r) => r.id)).toEqual([due.id]);
      expect(claimed[0]).toMatchObject({ status: 'sending', attempts: 1, messageId: `fluxo.${due.id}@x.test`, lease });

      const reopened = await restart();
      expect(await reopened.outbox.get(due.id)).toMatchObject({ status: 'sending', lease });
      expect(await reopened.outbox.claimable(at(30_000))).toEqual([]); // held
      // A second claim while the lease holds gets nothing.
      expect(await reopened.outbox.claim([{ id: due.id, messageId: 'other@x.test' }], { id: 'lease-two-xyz', until: iso(99_000) }, at(30_000))).toEqual([]);
    });

    it('lets another worker take a row whose lease ended, keeping its Message-ID; the old lease then changes nothing', async () => {
      const r = row(0);
      await store.outbox.enqueue([r]);
      await store.outbox.claim([{ id: r.id, messageId: 'first@x.test' }], { id: 'lease-dead-xyz', until: iso(60_000) }, at(0));
      expect((await store.outbox.claimable(at(60_000))).map((x) => x.id)).toEqual([r.id]);
      const [taken] = await store.outbox.claim([{ id: r.id, messageId: 'second@x.test' }], { id: 'lease-new-xyz', until: iso(120_000) }, at(60_000));
      expect(taken).toMatchObject({ messageId: 'first@x.test', attempts: 2, lease: { id: 'lease-new-xyz' } });

      expect(await store.outbox.release([r.id], 'lease-dead-xyz', { status: 'pending', nextAttemptAt: iso(70_000) })).toEqual([]);
      const done = await store.outbox.release([r.id], 'lease-new-xyz', { status: 'sent', sentAt: iso(61_000), nextAttemptAt: null });
      expect(done[0]).toMatchObject({ status: 'sent', lease: null, messageId: 'first@x.test' });
      expect(await (await restart()).outbox.get(r.id)).toMatchObject({ status: 'sent', lease: null });
    });

    it('requeues a failed or pending row, and refuses one being sent or sent', async () => {
      const failed = row(0, { status: 'failed', attempts: 8, nextAttemptAt: null, lastError: '550', messageId: 'm@x.test' });
      const busy = row(0);
      await store.outbox.enqueue([failed, busy]);
      const again = await store.outbox.requeue(failed.id, at(5_000));
      expect(again).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: iso(5_000), messageId: 'm@x.test' });
      await store.outbox.claim([{ id: busy.id, messageId: 'b@x.test' }], { id: 'lease-busy-xyz', until: iso(60_000) }, at(0));
      await expect(store.outbox.requeue(busy.id, at(1_000))).rejects.toBeInstanceOf(ConflictError);
      await expect(store.outbox.requeue(newOutboxId(), at(1_000))).rejects.toBeInstanceOf(NotFoundError);
    });
  });
}
