/**
 * `clientReports.*` through `createCaller`: who may see, schedule and send a client's report
 * (admins and account managers; production FORBIDDEN; another agency NOT_FOUND), what
 * "Enviar relatório agora" answers (queued to N addresses / nobody to email), the default
 * period, and that a schedule survives as set.
 */
import { newClientId } from '@fluxo/shared/ids';
import { TRPCError } from '@trpc/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { clientReportRows } from '../../reports/clientReportOutbox.js';
import { type TestApp, createTestApp } from '../../testing/testApp.js';

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error.code;
};

// The test clock: Monday 2025-03-10T12:00Z (09:00 in São Paulo).
describe('clientReports router', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp();
  });

  it('lets admins and account managers handle reports; production gets FORBIDDEN, other agencies NOT_FOUND', async () => {
    const { padaria } = app.demo.clients;
    const asPaulo = await app.signedIn(app.demo.users.paulo);
    const asRival = await app.signedIn(app.rival.admin);
    const asAna = await app.signedIn(app.demo.users.ana);
    const asDora = await app.signedIn(app.demo.users.dora);

    expect(await asPaulo.clientReports.get({ clientId: padaria.id })).toMatchObject({ mayManage: false, recipients: [], recent: [] });
    expect(await codeOf(asPaulo.clientReports.sendNow({ clientId: padaria.id }))).toBe('FORBIDDEN');
    expect(await codeOf(asPaulo.clientReports.setSchedule({ clientId: padaria.id, frequency: 'daily' }))).toBe('FORBIDDEN');
    expect(await codeOf(asPaulo.clientReports.preview({ clientId: padaria.id }))).toBe('FORBIDDEN');
    for (const call of [
      asRival.clientReports.get({ clientId: padaria.id }),
      asRival.clientReports.sendNow({ clientId: padaria.id }),
      asRival.clientReports.setSchedule({ clientId: padaria.id, frequency: 'weekly' }),
      asAna.clientReports.sendNow({ clientId: newClientId() }),
    ]) {
      expect(await codeOf(call)).toBe('NOT_FOUND');
    }
    expect(await codeOf(app.anonymous().caller.clientReports.get({ clientId: padaria.id }))).toBe('UNAUTHORIZED');
    expect(await clientReportRows(app.store, app.demo.agencyId, padaria.id)).toEqual([]);
    expect(await app.store.clientReportSchedules.get(padaria.id)).toBeNull();

    const view = await asAna.clientReports.setSchedule({ clientId: padaria.id, frequency: 'weekly' });
    // Set on a Monday after 08:00: the week just ended is owed already, so the schedule starts after it.
    expect(view).toMatchObject({ frequency: 'weekly', lastPeriod: { from: '2025-03-03', to: '2025-03-10' }, mayManage: true });
    expect((await asDora.clientReports.get({ clientId: padaria.id })).frequency).toBe('weekly');
  });

  it('queues an on-demand report to every emailable contact, and says when there is nobody to email', async () => {
    const { padaria } = app.demo.clients;
    const asAna = await app.signedIn(app.demo.users.ana);
    // The padaria's address on record and its contact Márcia's are one address; Roberto has only a phone.
    const sent = await asAna.clientReports.sendNow({ clientId: padaria.id });
    expect(sent).toEqual({ period: { from: '2025-03-04', to: '2025-03-11' }, recipients: ['marcia@paodourado.com.br'], queued: 1 });
    // Asking again is another email (on demand always goes).
    expect((await asAna.clientReports.sendNow({ clientId: padaria.id, from: '2025-02-01', to: '2025-03-01' })).queued).toBe(1);
    const rows = await clientReportRows(app.store, app.demo.agencyId, padaria.id);
    expect(rows.map((r) => [r.payload.trigger, r.payload.period, r.payload.requestedBy])).toEqual([
      ['on_demand', { from: '2025-02-01', to: '2025-03-01' }, app.demo.users.ana.id],
      ['on_demand', { from: '2025-03-04', to: '2025-03-11' }, app.demo.users.ana.id],
    ]);
    expect((await asAna.clientReports.get({ clientId: padaria.id })).recent).toHaveLength(2);

    // An address that unsubscribed is left out; a client without any address gets nothing.
    const token = (await app.store.mail.recipient(app.demo.agencyId, 'marcia@paodourado.com.br', new Date())).unsubscribeToken;
    await app.store.mail.unsubscribe(token, new Date());
    expect(await asAna.clientReports.sendNow({ clientId: padaria.id })).toMatchObject({ recipients: [], queued: 0 });
    expect(await codeOf(asAna.clientReports.sendNow({ clientId: padaria.id, from: '2025-03-10', to: '2025-03-01' }))).toBe('BAD_REQUEST');
    expect(await codeOf(asAna.clientReports.sendNow({ clientId: padaria.id, from: '2025-03-10' }))).toBe('BAD_REQUEST');
    expect(await clientReportRows(app.store, app.demo.agencyId, padaria.id)).toHaveLength(2);
  });

  it('previews the report through the client projection', async () => {
    const asDora = await app.signedIn(app.demo.users.dora);
    const report = await asDora.clientReports.preview({ clientId: app.demo.clients.padaria.id, from: '2025-03-01', to: '2025-03-11' });
    expect(report).toMatchObject({ client: { id: app.demo.clients.padaria.id, name: 'Padaria Pão Dourado' }, period: { from: '2025-03-01', to: '2025-03-11' }, today: '2025-03-10' });
  });
});
