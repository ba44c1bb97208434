/**
 * The client report schedule with an injected clock, on both store adapters: due times (daily
 * from 08:00, weekly on Monday, monthly on the 1st — agency time), one queuing per period, and
 * none again after the store is reopened (a restart), while the next period still goes.
 */
import { type AgencyId, type ClientId, newAgencyId, newClientId, newUserId } from '@fluxo/shared/ids';
import { afterEach, describe, expect, it } from 'vitest';
import { STORE_ADAPTERS, type StoreHarness } from '../store/testing/storeAdapters.js';
import type { Store } from '../store/store.js';
import { createClientReportDesk } from './clientReportDesk.js';
import { clientReportRows } from './clientReportOutbox.js';

const manager = newUserId();

async function agencyWithClient(store: Store, emails: string[]): Promise<{ agencyId: AgencyId; clientId: ClientId }> {
  const agencyId = newAgencyId();
  const clientId = newClientId();
  const createdAt = '2025-01-01T00:00:00.000Z';
  await store.agencies.create({ id: agencyId, name: 'Agência', createdAt });
  await store.clients.create({ id: clientId, agencyId, name: 'Padaria', emails, domains: [], primaryManagerId: manager, backupManagerId: null, createdAt });
  return { agencyId, clientId };
}

describe.each(Object.keys(STORE_ADAPTERS) as (keyof typeof STORE_ADAPTERS)[])('client report schedule (%s)', (adapter) => {
  let harness: StoreHarness;
  let store: Store;
  afterEach(async () => {
    await store.close().catch(() => undefined);
    await harness.cleanup();
  });

  it('queues a weekly report on Monday from 08:00 São Paulo, once per period, also after a restart', async () => {
    harness = await STORE_ADAPTERS[adapter]();
    store = await harness.open();
    const { agencyId, clientId } = await agencyWithClient(store, ['marcia@padaria.test', 'joao@padaria.test']);
    let clock = Date.parse('2025-05-07T15:00:00Z'); // Wednesday 7 May
    const now = () => new Date(clock);
    // Set on Wednesday: starts at the period owed then (the previous week), so nothing goes now.
    await store.clientReportSchedules.set({ agencyId, clientId, frequency: 'weekly', by: manager, at: now().toISOString(), startAt: { from: '2025-04-28', to: '2025-05-05' } });
    const desk = createClientReportDesk({ store, now });
    expect(await desk.tick()).toBe(0);

    clock = Date.parse('2025-05-12T10:59:00Z'); // Monday 12 May, 07:59 in São Paulo
    expect(await desk.tick()).toBe(0);
    clock = Date.parse('2025-05-12T11:00:00Z'); // 08:00
    expect(await desk.tick()).toBe(1);
    expect(await desk.tick()).toBe(0);
    const rows = await clientReportRows(store, agencyId, clientId);
    expect(rows.map((r) => [r.to, r.payload.period, r.payload.trigger]).sort()).toEqual([
      ['joao@padaria.test', { from: '2025-05-05', to: '2025-05-12' }, 'schedule'],
      ['marcia@padaria.test', { from: '2025-05-05', to: '2025-05-12' }, 'schedule'],
    ]);
    if (adapter === 'memory') return; // a restart is the lowdb adapter's

    // A restart in the same week: the period is on record, nothing is queued again.
    await store.close();
    store = await harness.open();
    clock = Date.parse('2025-05-13T12:00:00Z');
    expect(await createClientReportDesk({ store, now }).tick()).toBe(0);
    expect(await clientReportRows(store, agencyId, clientId)).toHaveLength(2);

    // Even if the mark were lost (a crash between the rows and the mark), the rows' keys hold.
    await store.clientReportSchedules.set({ agencyId, clientId, frequency: 'daily', by: manager, at: now().toISOString(), startAt: null });
    await store.clientReportSchedules.set({ agencyId, clientId, frequency: 'weekly', by: manager, at: now().toISOString(), startAt: null });
    expect(await createClientReportDesk({ store, now }).tick()).toBe(1);
    expect(await clientReportRows(store, agencyId, clientId)).toHaveLength(2);

    // The next Monday sends the next week.
    clock = Date.parse('2025-05-19T11:30:00Z');
    expect(await createClientReportDesk({ store, now }).tick()).toBe(1);
    const after = await clientReportRows(store, agencyId, clientId);
    expect(after).toHaveLength(4);
    expect(after[0]?.payload.period).toEqual({ from: '2025-05-12', to: '2025-05-19' });
  });

  it('daily and monthly follow their own days; off and other agencies send nothing', async () => {
    harness = await STORE_ADAPTERS[adapter]();
    store = await harness.open();
    const daily = await agencyWithClient(store, ['a@daily.test']);
    const monthly = await agencyWithClient(store, ['b@monthly.test']);
    const off = await agencyWithClient(store, ['c@off.test']);
    const nobody = await agencyWithClient(store, []);
    let clock = Date.parse('2025-05-30T12:00:00Z');
    const now = () => new Date(clock);
    const at = now().toISOString();
    await store.clientReportSchedules.set({ ...daily, frequency: 'daily', by: manager, at, startAt: { from: '2025-05-29', to: '2025-05-30' } });
    await store.clientReportSchedules.set({ ...monthly, frequency: 'monthly', by: manager, at, startAt: { from: '2025-04-01', to: '2025-05-01' } });
    await store.clientReportSchedules.set({ ...off, frequency: 'off', by: manager, at, startAt: null });
    await store.clientReportSchedules.set({ ...nobody, frequency: 'daily', by: manager, at, startAt: { from: '2025-05-29', to: '2025-05-30' } });
    const desk = createClientReportDesk({ store, now });

    clock = Date.parse('2025-05-31T11:05:00Z'); // Saturday 31 May 08:05: the daily owes the 30th
    expect(await desk.tick()).toBe(2); // daily + nobody (recorded, nothing to send)
    expect((await clientReportRows(store, daily.agencyId, daily.clientId)).map((r) => r.payload.period)).toEqual([{ from: '2025-05-30', to: '2025-05-31' }]);
    expect(await clientReportRows(store, nobody.agencyId, nobody.clientId)).toEqual([]);
    expect((await store.clientReportSchedules.get(nobody.clientId))?.lastPeriod).toEqual({ from: '2025-05-30', to: '2025-05-31' });
    expect(await clientReportRows(store, monthly.agencyId, monthly.clientId)).toEqual([]);

    clock = Date.parse('2025-06-01T11:00:00Z'); // Sunday 1 June 08:00: a month and a day
    expect(await desk.tick()).toBe(3);
    expect((await clientReportRows(store, monthly.agencyId, monthly.clientId)).map((r) => r.payload.period)).toEqual([{ from: '2025-05-01', to: '2025-06-01' }]);
    expect(await clientReportRows(store, off.agencyId, off.clientId)).toEqual([]);
  });
});
