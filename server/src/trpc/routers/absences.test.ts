import { TRPCError } from '@trpc/server';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AbsenceId } from '../../store/absenceRecords.js';
import { type TestApp, createTestApp } from '../../testing/testApp.js';

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}
const codeOf = async (promise: Promise<unknown>) => (await failure(promise)).code;

// The test clock: 2025-03-10T12:00Z, 09:00 in São Paulo. The demo has Beatriz away 10–16 March.
describe('absences router', () => {
  let app: TestApp;

  beforeEach(async () => {
    app = await createTestApp();
  });

  it("shows staff who is away and who covers each of their clients on the board (the demo's Beatriz: Ana)", async () => {
    const { ana, beatriz, paulo } = app.demo.users;
    const asPaulo = await app.signedIn(paulo);
    const list = await asPaulo.absences.list({ boardId: app.demo.boardId });
    expect(list.today).toBe('2025-03-10');
    expect(list.absences).toEqual([
      expect.objectContaining({
        user: { id: beatriz.id, name: 'Beatriz' },
        from: '2025-03-10',
        to: '2025-03-16',
        note: 'Férias',
        current: true,
        coverage: [{ clientId: app.demo.clients.estudio.id, clientName: 'Estúdio Lótus Yoga', role: 'primary', coveredBy: [{ id: ana.id, name: 'Ana' }] }],
      }),
    ]);
    // Without a board: the absences, no coverage.
    expect((await asPaulo.absences.list()).absences.map((a) => [a.user.name, a.coverage])).toEqual([['Beatriz', []]]);
  });

  it('is for staff who can open the board: anonymous callers and other agencies see nothing', async () => {
    expect(await codeOf(app.anonymous().caller.absences.list())).toBe('UNAUTHORIZED');
    expect(await codeOf(app.anonymous().caller.absences.create({ userId: app.demo.users.ana.id, from: '2025-03-20', to: '2025-03-21' }))).toBe(
      'UNAUTHORIZED',
    );
    const rival = await app.signedIn(app.rival.admin);
    expect(await codeOf(rival.absences.list({ boardId: app.demo.boardId }))).toBe('NOT_FOUND');
    expect((await rival.absences.list()).absences).toEqual([]);
    const ana = await app.signedIn(app.demo.users.ana);
    expect(await codeOf(ana.absences.list({ boardId: app.rival.board.id }))).toBe('NOT_FOUND');
  });

  it('lets a person record their own absence, an admin anyone’s, nobody else’s', async () => {
    const { ana, paulo, dora } = app.demo.users;
    const asAna = await app.signedIn(ana);
    const own = await asAna.absences.create({ userId: ana.id, from: '2025-03-20', to: '2025-03-22', note: '  Curso de UX  ' });
    expect(own).toMatchObject({ user: { id: ana.id, name: 'Ana' }, from: '2025-03-20', to: '2025-03-22', note: 'Curso de UX', createdBy: ana.id });
    expect(await codeOf(asAna.absences.create({ userId: paulo.id, from: '2025-03-20', to: '2025-03-22' }))).toBe('FORBIDDEN');

    const asDora = await app.signedIn(dora);
    const pauloAway = await asDora.absences.create({ userId: paulo.id, from: '2025-04-01', to: '2025-04-01' });
    expect(pauloAway.createdBy).toBe(dora.id);
    expect(await codeOf(asDora.absences.create({ userId: app.rival.admin.id, from: '2025-04-01', to: '2025-04-02' }))).toBe('NOT_FOUND');

    expect((await asAna.absences.list()).absences.map((a) => [a.user.name, a.from])).toEqual([
      ['Beatriz', '2025-03-10'],
      ['Ana', '2025-03-20'],
      ['Paulo', '2025-04-01'],
    ]);
  });

  it('offers an admin everyone of the agency, anyone else themself', async () => {
    const { ana, dora } = app.demo.users;
    expect((await (await app.signedIn(dora)).absences.people()).map((p) => p.name)).toEqual(['Ana', 'Beatriz', 'Dora', 'Paulo']);
    expect(await (await app.signedIn(ana)).absences.people()).toEqual([{ id: ana.id, name: 'Ana' }]);
  });

  it('refuses bad days, notes, reversed or overlong spans and overlaps, saying why, and keeps nothing', async () => {
    const { ana, beatriz } = app.demo.users;
    const asAna = await app.signedIn(ana);
    const asBeatriz = await app.signedIn(beatriz);
    expect(await codeOf(asAna.absences.create({ userId: ana.id, from: '2025-3-20', to: '2025-03-22' }))).toBe('BAD_REQUEST');
    expect(await codeOf(asAna.absences.create({ userId: ana.id, from: '2025-03-20', to: '2025-03-22', note: 'x'.repeat(201) }))).toBe('BAD_REQUEST');
    expect(await failure(asAna.absences.create({ userId: ana.id, from: '2025-03-22', to: '2025-03-20' }))).toEqual({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('cannot end before it starts'),
    });
    expect(await failure(asAna.absences.create({ userId: ana.id, from: '2025-03-01', to: '2026-03-02' }))).toEqual({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('at most 366 days'),
    });
    expect(await failure(asBeatriz.absences.create({ userId: beatriz.id, from: '2025-03-16', to: '2025-03-18' }))).toEqual({
      code: 'CONFLICT',
      message: expect.stringContaining('already away from 2025-03-10 to 2025-03-16'),
    });
    expect((await asAna.absences.list()).absences).toHaveLength(1);
  });

  it('removes: the person themself or an admin; unknown ids and other agencies’ are NOT_FOUND', async () => {
    const { ana, beatriz, dora } = app.demo.users;
    const [beatrizAway] = (await app.store.absences.listByAgency(app.demo.agencyId)).filter((a) => a.userId === beatriz.id);
    const id = beatrizAway!.id;
    expect(await codeOf((await app.signedIn(ana)).absences.remove({ id }))).toBe('FORBIDDEN');
    expect(await codeOf((await app.signedIn(app.rival.admin)).absences.remove({ id }))).toBe('NOT_FOUND');
    const asBeatriz = await app.signedIn(beatriz);
    const mine = await asBeatriz.absences.create({ userId: beatriz.id, from: '2025-05-01', to: '2025-05-02' });
    expect(await asBeatriz.absences.remove({ id: mine.id })).toEqual({ id: mine.id });
    const asDora = await app.signedIn(dora);
    expect(await asDora.absences.remove({ id })).toEqual({ id });
    expect(await codeOf(asDora.absences.remove({ id }))).toBe('NOT_FOUND');
    expect(await codeOf(asDora.absences.remove({ id: 'NoSuchAbsence000' as AbsenceId }))).toBe('NOT_FOUND');
    expect(await codeOf(asDora.absences.remove({ id: 'bad id' as AbsenceId }))).toBe('BAD_REQUEST');
    expect((await asDora.absences.list()).absences).toEqual([]);
  });

  it('leaves out ended absences; an upcoming one says who will cover on its first day, and [] when nobody can', async () => {
    const { ana, dora } = app.demo.users;
    const asDora = await app.signedIn(dora);
    await asDora.absences.create({ userId: ana.id, from: '2025-03-01', to: '2025-03-09' }); // ended yesterday
    await asDora.absences.create({ userId: ana.id, from: '2025-03-15', to: '2025-03-20' }); // Beatriz back on the 17th
    const list = await asDora.absences.list({ boardId: app.demo.boardId });
    const anaAway = list.absences.find((a) => a.user.id === ana.id);
    expect(list.absences.map((a) => [a.user.name, a.from, a.current])).toEqual([
      ['Beatriz', '2025-03-10', true],
      ['Ana', '2025-03-15', false],
    ]);
    // On the 15th both Ana and Beatriz are away: Dora (backup) covers Ana's clients; Estúdio,
    // whose primary Beatriz is away too, has no present account manager on the board.
    expect(anaAway?.coverage.map((c) => [c.clientName, c.role, c.coveredBy.map((p) => p.name)])).toEqual([
      ['Padaria Pão Dourado', 'primary', ['Dora']],
      ['Clínica Sorriso', 'primary', ['Dora']],
      ['Loja Verde Moda', 'backup', ['Dora']],
      ['Estúdio Lótus Yoga', 'backup', []],
    ]);
  });

  it("routes a client's request from the timeline page to the present manager: Estúdio's (Beatriz away) to Ana, Padaria's to both", async () => {
    const { ana, beatriz, dora } = app.demo.users;
    const staff = await app.signedIn(ana);
    const share = app.anonymous().caller.share;
    const request = async (clientId: string, title: string) => {
      const { url } = await staff.shareLinks.create({ boardId: app.demo.boardId, clientId: clientId as never, scope: 'respond' });
      const { ticketId } = await share.request({ token: url.slice(url.lastIndexOf('/') + 1), title, body: 'Oi' });
      const told = [];
      for (const person of [ana, beatriz, dora]) {
        const notices = await app.store.notifications.listForUser(person.id);
        if (notices.some((n) => n.ticketId === ticketId && n.kind === 'new_ticket_by_portal')) told.push(person.name);
      }
      return told;
    };
    expect(await request(app.demo.clients.estudio.id, 'Aula aberta')).toEqual(['Ana']);
    expect(await request(app.demo.clients.padaria.id, 'Cardápio de Natal')).toEqual(['Ana', 'Dora']);
    const [notice] = await app.store.notifications.listForUser(dora.id);
    expect(notice).toMatchObject({ kind: 'new_ticket_by_portal', actor: { kind: 'client', email: 'marcia@paodourado.com.br', name: 'Padaria Pão Dourado' } });
  });
});
