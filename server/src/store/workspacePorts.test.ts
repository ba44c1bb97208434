/**
 * The workspace-settings and deadline-alert ports, on both adapters (the lowdb one also across a
 * restart).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultBusinessCalendar } from '@fluxo/shared/deadlines/businessCalendar';
import { InvalidInputError } from '@fluxo/shared/errors';
import { newAgencyId, newBoardId, newTicketId, newUserId } from '@fluxo/shared/ids';
import { SEED_TICKET_KINDS } from '@fluxo/shared/kinds/ticketKind';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from './lowdbStore.js';
import { createMemoryStore } from './memoryStore.js';
import type { Store } from './store.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const adapters: Record<string, () => Promise<{ store: Store; reopen: () => Promise<Store> }>> = {
  memory: async () => {
    const store = createMemoryStore();
    return { store, reopen: async () => store };
  },
  lowdb: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fluxo-workspace-store-'));
    dirs.push(dir);
    const store = await openLowdbStore(dir);
    return {
      store,
      reopen: async () => {
        await store.close();
        return openLowdbStore(dir);
      },
    };
  },
};

const AT = '2026-11-23T12:00:00.000Z';

for (const [name, open] of Object.entries(adapters)) {
  describe(`workspace ports: ${name}`, () => {
    it('keeps an agency’s calendar and kinds apart from another’s, and across a restart', async () => {
      const { store, reopen } = await open();
      const agency = newAgencyId();
      const other = newAgencyId();
      const dora = newUserId();
      expect(await store.workspaceSettings.get(agency)).toBeNull();
      const calendar = { ...defaultBusinessCalendar(new Date(AT)), timeZone: 'Europe/Moscow' };
      await store.workspaceSettings.setCalendar(agency, calendar, dora, AT);
      const kinds = SEED_TICKET_KINDS.slice(0, 2);
      const saved = await store.workspaceSettings.setTicketKinds(agency, kinds, dora, AT);
      expect(saved).toMatchObject({ agencyId: agency, calendar, ticketKinds: kinds, updatedBy: dora });
      expect(await store.workspaceSettings.get(other)).toBeNull();
      const again = await reopen();
      expect(await again.workspaceSettings.get(agency)).toEqual(saved);
      await again.close();
    });

    it('refuses an invalid calendar or kind list and keeps what was there', async () => {
      const { store } = await open();
      const agency = newAgencyId();
      const calendar = defaultBusinessCalendar(new Date(AT));
      await store.workspaceSettings.setCalendar(agency, calendar, null, AT);
      await expect(store.workspaceSettings.setCalendar(agency, { ...calendar, timeZone: 'Nowhere/Land' }, null, AT)).rejects.toThrow(
        InvalidInputError,
      );
      const banner = SEED_TICKET_KINDS[0];
      if (!banner) throw new Error('no seed kind');
      await expect(store.workspaceSettings.setTicketKinds(agency, [banner, banner], null, AT)).rejects.toThrow(InvalidInputError);
      expect((await store.workspaceSettings.get(agency))?.calendar?.timeZone).toBe('America/Sao_Paulo');
      await store.close();
    });

    it('records each deadline alert once per ticket and key, and lists them by board', async () => {
      const { store, reopen } = await open();
      const board = newBoardId();
      const otherBoard = newBoardId();
      const ticket = newTicketId();
      await store.deadlineAlerts.record([
        { boardId: board, ticketId: ticket, key: 'first_response:7200000:due_soon', at: AT },
        { boardId: board, ticketId: ticket, key: 'first_response:7200000:due_soon', at: AT },
        { boardId: otherBoard, ticketId: ticket, key: 'resolution:1:overdue', at: AT },
      ]);
      await store.deadlineAlerts.record([{ boardId: board, ticketId: ticket, key: 'first_response:7200000:due_soon', at: AT }]);
      const again = await reopen();
      const sent = await again.deadlineAlerts.sentForBoard(board);
      expect([...sent.keys()]).toEqual([ticket]);
      expect([...(sent.get(ticket) ?? [])]).toEqual(['first_response:7200000:due_soon']);
      await expect(again.deadlineAlerts.record([{ boardId: board, ticketId: ticket, key: '', at: AT }])).rejects.toThrow(
        InvalidInputError,
      );
      await again.close();
    });
  });
}
