/**
 * The mail ports' contract, run on both adapters (the lowdb one also across a restart).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError } from '@fluxo/shared/errors';
import { newAgencyId, newBoardId, newId, newTicketId } from '@fluxo/shared/ids';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from './lowdbStore.js';
import type { AttachmentRecord, MailMessageRecord } from './mailRecords.js';
import { createMemoryStore } from './memoryStore.js';
import type { Store, TicketRef } from './store.js';

const NOW = new Date('2025-03-10T12:00:00.000Z');

interface Harness {
  open(): Promise<Store>;
  readonly persistent: boolean;
  cleanup(): Promise<void>;
}

const adapters: Record<string, () => Promise<Harness>> = {
  memory: async () => ({ open: async () => createMemoryStore(), persistent: false, cleanup: async () => undefined }),
  lowdb: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fluxo-mail-store-'));
    return { open: () => openLowdbStore(dir), persistent: true, cleanup: () => rm(dir, { recursive: true, force: true }) };
  },
};

for (const [name, createHarness] of Object.entries(adapters)) {
  describe(`mail ports: ${name}`, () => {
    let harness: Harness;
    let store: Store;
    const ticket: TicketRef = { agencyId: newAgencyId(), boardId: newBoardId(), ticketId: newTicketId() };

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

    const message = (messageId: string, direction: 'in' | 'out' = 'in'): MailMessageRecord => ({
      messageId,
      direction,
      ...ticket,
      from: direction === 'in' ? 'marcia@paodourado.com.br' : null,
      at: NOW.toISOString(),
    });

    it('records Message-IDs once; the first sighting wins', async () => {
      expect(await store.mail.recordMessages([message('a@x.test'), message('b@x.test', 'out')])).toBe(2);
      const other = { ...message('a@x.test'), ticketId: newTicketId() };
      expect(await store.mail.recordMessages([other, message('c@x.test')])).toBe(1);
      expect(await store.mail.recordMessages([message('c@x.test')])).toBe(0);
      const found = await (await restart()).mail.findMessages(['c@x.test', 'nope@x.test', 'a@x.test']);
      expect(found.map((m) => m.messageId)).toEqual(['c@x.test', 'a@x.test']);
      expect(found[1]?.ticketId).toBe(ticket.ticketId);
      expect(await store.mail.ticketSenders(ticket.boardId, ticket.ticketId)).toEqual(['marcia@paodourado.com.br']);
      expect(await store.mail.ticketSenders(ticket.boardId, newTicketId())).toEqual([]);
      expect((await store.mail.ticketMessages(ticket.boardId, ticket.ticketId)).map((m) => m.messageId)).toEqual([
        'a@x.test',
        'b@x.test',
        'c@x.test',
      ]);
    });

    it('refuses a malformed Message-ID and stores nothing of the batch', async () => {
      await expect(store.mail.recordMessages([message('ok@x.test'), message('<with brackets>')])).rejects.toBeInstanceOf(
        InvalidInputError,
      );
      expect(await store.mail.findMessages(['ok@x.test'])).toEqual([]);
    });

    it('gives each ticket one reply address and finds it by token', async () => {
      const first = await store.mail.ticketAddress(ticket, NOW);
      expect(first.token).toMatch(/^[0-9a-z]{20}$/);
      const [again, otherTicket] = await Promise.all([
        store.mail.ticketAddress(ticket, NOW),
        store.mail.ticketAddress({ ...ticket, ticketId: newTicketId() }, NOW),
      ]);
      expect(again.token).toBe(first.token);
      expect(otherTicket.token).not.toBe(first.token);
      const reopened = await restart();
      expect(await reopened.mail.findTicketAddress(first.token)).toEqual(first);
      expect(await reopened.mail.findTicketAddress('0'.repeat(20))).toBeNull();
    });

    it('keeps one unsubscribe token per (agency, address) and remembers the unsubscribe', async () => {
      const r = await store.mail.recipient(ticket.agencyId, ' Marcia@PaoDourado.com.br ', NOW);
      expect(r.email).toBe('marcia@paodourado.com.br');
      expect(r.unsubscribeToken).toMatch(/^[0-9A-Za-z]{32}$/);
      expect((await store.mail.recipient(ticket.agencyId, 'marcia@paodourado.com.br', NOW)).unsubscribeToken).toBe(
        r.unsubscribeToken,
      );
      const otherAgency = newAgencyId();
      expect((await store.mail.recipient(otherAgency, 'marcia@paodourado.com.br', NOW)).unsubscribeToken).not.toBe(
        r.unsubscribeToken,
      );
      expect(await store.mail.isUnsubscribed(ticket.agencyId, 'marcia@paodourado.com.br')).toBe(false);
      expect(await store.mail.findRecipientByToken(r.unsubscribeToken)).toEqual(r);
      expect(await store.mail.findRecipientByToken('y'.repeat(32))).toBeNull();

      const done = await store.mail.unsubscribe(r.unsubscribeToken, NOW);
      expect(done?.unsubscribedAt).toBe(NOW.toISOString());
      const later = new Date(NOW.getTime() + 60_000);
      expect((await store.mail.unsubscribe(r.unsubscribeToken, later))?.unsubscribedAt).toBe(NOW.toISOString());
      expect(await store.mail.unsubscribe('x'.repeat(32), NOW)).toBeNull();

      const reopened = await restart();
      expect(await reopened.mail.isUnsubscribed(ticket.agencyId, 'MARCIA@paodourado.com.br')).toBe(true);
      expect(await reopened.mail.isUnsubscribed(otherAgency, 'marcia@paodourado.com.br')).toBe(false);
    });

    it('adds attachment metadata once per id and lists it per ticket', async () => {
      const attachment: AttachmentRecord = {
        id: newId(),
        ...ticket,
        commentId: null,
        messageId: 'a@x.test',
        fileName: 'briefing.pdf',
        mimeType: 'application/pdf',
        size: 1234,
        sha256: 'a'.repeat(64),
        createdAt: NOW.toISOString(),
      };
      await store.attachments.add([attachment]);
      await store.attachments.add([attachment]);
      await store.attachments.add([{ ...attachment, id: newId(), ticketId: newTicketId() }]);
      const reopened = await restart();
      expect(await reopened.attachments.listForTicket(ticket.boardId, ticket.ticketId)).toEqual([attachment]);
      expect(await reopened.attachments.get(attachment.id)).toEqual(attachment);
      await expect(reopened.attachments.add([{ ...attachment, id: newId(), sha256: 'nope' }])).rejects.toBeInstanceOf(
        InvalidInputError,
      );
    });
  });
}
