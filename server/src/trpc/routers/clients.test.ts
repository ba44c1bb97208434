import { TRPCError } from '@trpc/server';
import type { ClientNoteId } from '@fluxo/shared/clients/clientProfile';
import { beforeEach, describe, expect, it } from 'vitest';
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

// The test clock: 2025-03-10T12:00Z. The demo (`demo/demoClients.ts`) gives the padaria two
// contacts, rungs 3 then 4, a note and a briefing; Estúdio Lótus Yoga has an empty record.
describe('clients router', () => {
  let app: TestApp;

  beforeEach(async () => {
    app = await createTestApp();
  });

  it("lists the agency's clients by name with their managers and rung, and shows a record", async () => {
    const { ana, dora, beatriz } = app.demo.users;
    const asPaulo = await app.signedIn(app.demo.users.paulo);
    expect((await asPaulo.clients.list()).map((c) => [c.name, c.primaryManager?.name, c.backupManager?.name, c.rung])).toEqual([
      ['Clínica Sorriso', 'Ana', 'Dora', 5],
      ['Estúdio Lótus Yoga', 'Beatriz', 'Ana', null],
      ['Loja Verde Moda', 'Dora', 'Ana', 2],
      ['Padaria Pão Dourado', 'Ana', 'Dora', 4],
    ]);
    const padaria = await asPaulo.clients.get({ clientId: app.demo.clients.padaria.id });
    expect(padaria.contacts[0]).toMatchObject({
      name: 'Márcia Lima',
      primary: true,
      channels: [
        { kind: 'office_phone', value: '1134567890' },
        { kind: 'whatsapp', value: '+5511912345678' },
        { kind: 'email', value: 'marcia@paodourado.com.br' },
      ],
    });
    expect(padaria.rungHistory.map((s) => [s.from, s.rung, s.by.name])).toEqual([
      [3, 4, 'Ana'],
      [null, 3, 'Ana'],
    ]);
    expect(padaria.notes.map((n) => [n.by.name, n.mayDelete])).toEqual([['Ana', false]]);
    expect(padaria.meetings.map((m) => [m.title, m.kind])).toEqual([['Briefing e orçamento da loja virtual', 'briefing']]);
    // Paulo (produção) manages none of them: he reads, he does not write.
    expect([padaria.mayEdit, padaria.mayAssign]).toEqual([false, false]);
    expect(padaria.staff).toEqual([]);
    const asDora = await app.signedIn(dora);
    const forAdmin = await asDora.clients.get({ clientId: app.demo.clients.padaria.id });
    expect([forAdmin.mayEdit, forAdmin.mayAssign]).toEqual([true, true]);
    expect(forAdmin.staff.map((p) => p.id)).toEqual([ana.id, beatriz.id, dora.id, app.demo.users.paulo.id]);
  });

  it('is for staff of the client’s agency only: anonymous is UNAUTHORIZED, another agency NOT_FOUND, a producer FORBIDDEN to write', async () => {
    const clientId = app.demo.clients.padaria.id;
    const anonymous = app.anonymous().caller;
    expect(await codeOf(anonymous.clients.list())).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.clients.get({ clientId }))).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.clients.addNote({ clientId, body: 'x' }))).toBe('UNAUTHORIZED');

    const rival = await app.signedIn(app.rival.admin);
    expect(await rival.clients.list()).toEqual([]);
    for (const attempt of [
      rival.clients.get({ clientId }),
      rival.clients.setRung({ clientId, rung: 6 }),
      rival.clients.addNote({ clientId, body: 'espionagem' }),
      rival.clients.saveContact({ clientId, contact: { name: 'X', channels: [] } }),
      rival.clients.addMeeting({ clientId, meeting: { title: 'X', at: '2025-03-10T12:00:00.000Z', attendees: [], minutes: '' } }),
      rival.clients.setManagers({ clientId, primaryManagerId: app.rival.admin.id, backupManagerId: null }),
    ])
      expect(await codeOf(attempt)).toBe('NOT_FOUND');
    expect(await codeOf(rival.clients.get({ clientId: 'NoSuchClient0000' as typeof clientId }))).toBe('NOT_FOUND');

    const asPaulo = await app.signedIn(app.demo.users.paulo);
    expect(await codeOf(asPaulo.clients.setRung({ clientId, rung: 5 }))).toBe('FORBIDDEN');
    expect(await codeOf(asPaulo.clients.addNote({ clientId, body: 'Oi' }))).toBe('FORBIDDEN');
    expect(await codeOf(asPaulo.clients.setManagers({ clientId, primaryManagerId: app.demo.users.paulo.id, backupManagerId: null }))).toBe('FORBIDDEN');
    const after = await asPaulo.clients.get({ clientId });
    expect([after.rung, after.notes.length]).toEqual([4, 1]);
  });

  it('lets a producer who manages a client edit it, and only an admin name the managers (staff of the agency, two people)', async () => {
    const { ana, dora, paulo } = app.demo.users;
    const clientId = app.demo.clients.estudio.id;
    const asDora = await app.signedIn(dora);
    expect(await codeOf(asDora.clients.setManagers({ clientId, primaryManagerId: ana.id, backupManagerId: ana.id }))).toBe('BAD_REQUEST');
    expect(await codeOf(asDora.clients.setManagers({ clientId, primaryManagerId: app.rival.admin.id, backupManagerId: null }))).toBe('BAD_REQUEST');
    expect(await codeOf((await app.signedIn(ana)).clients.setManagers({ clientId, primaryManagerId: ana.id, backupManagerId: null }))).toBe('FORBIDDEN');
    const changed = await asDora.clients.setManagers({ clientId, primaryManagerId: paulo.id, backupManagerId: null });
    expect([changed.primaryManager?.name, changed.backupManager]).toEqual(['Paulo', null]);
    expect((await app.store.clients.get(clientId))?.primaryManagerId).toBe(paulo.id);

    const asPaulo = await app.signedIn(paulo);
    const placed = await asPaulo.clients.setRung({ clientId, rung: 1, note: 'Achou a agência numa feira' });
    expect([placed.rung, placed.mayEdit]).toEqual([1, true]);
  });

  it('saves contacts with normalised channels and refuses bad phones and emails, storing nothing', async () => {
    const clientId = app.demo.clients.estudio.id;
    const asAna = await app.signedIn(app.demo.users.ana);
    const saved = await asAna.clients.saveContact({
      clientId,
      contact: { name: '  Luíza  ', role: 'Professora', primary: true, channels: [{ kind: 'mobile', value: '+55 (11) 9 1234-5678' }, { kind: 'email', value: 'Luiza@LotusYoga.com.br' }] },
    });
    const luiza = saved.contacts[0];
    expect(luiza).toMatchObject({ name: 'Luíza', role: 'Professora', primary: true, channels: [{ kind: 'mobile', value: '+5511912345678' }, { kind: 'email', value: 'luiza@lotusyoga.com.br' }] });
    if (!luiza) throw new Error('no contact');

    for (const channel of [
      { kind: 'mobile', value: '9123' },
      { kind: 'whatsapp', value: 'ligue 11 91234-5678' },
      { kind: 'office_phone', value: '(11) 3456+7890' },
      { kind: 'email', value: 'luiza@lotusyoga' },
      { kind: 'email', value: 'luiza lotusyoga.com.br' },
    ] as const) {
      const refused = await failure(asAna.clients.saveContact({ clientId, contact: { id: luiza.id, name: 'Luíza', channels: [channel] } }));
      expect(refused.code).toBe('BAD_REQUEST');
      expect(refused.message).toMatch(channel.kind === 'email' ? /invalid email address/ : new RegExp(`invalid phone number for ${channel.kind}`));
    }
    expect(await codeOf(asAna.clients.setRung({ clientId, rung: 7 as 6 }))).toBe('BAD_REQUEST');
    expect(await codeOf(asAna.clients.setRung({ clientId, rung: 0 as 1 }))).toBe('BAD_REQUEST');
    expect((await asAna.clients.get({ clientId })).contacts).toEqual(saved.contacts);
    expect((await app.store.clientProfiles.get(clientId))?.loyalty.history).toEqual([]);

    const edited = await asAna.clients.saveContact({ clientId, contact: { id: luiza.id, name: 'Luíza Prado', channels: [] } });
    expect(edited.contacts).toEqual([{ id: luiza.id, name: 'Luíza Prado', role: null, channels: [], primary: false }]);
    const removed = await asAna.clients.removeContact({ clientId, contactId: luiza.id });
    expect(removed.contacts).toEqual([]);
    expect(await codeOf(asAna.clients.removeContact({ clientId, contactId: luiza.id }))).toBe('NOT_FOUND');
  });

  it('keeps the whole loyalty history, newest first, and refuses a move to the same rung', async () => {
    const clientId = app.demo.clients.padaria.id;
    const asDora = await app.signedIn(app.demo.users.dora);
    await asDora.clients.setRung({ clientId, rung: 5, note: 'Terceiro projeto no ano' });
    const same = await failure(asDora.clients.setRung({ clientId, rung: 5 }));
    expect([same.code, same.message]).toEqual(['BAD_REQUEST', 'the client is already on rung 5']);
    app.advance(60_000);
    const view = await asDora.clients.setRung({ clientId, rung: 3, note: 'Reclamou do prazo' });
    expect(view.rungHistory.map((s) => [s.from, s.rung, s.by.name, s.note])).toEqual([
      [5, 3, 'Dora', 'Reclamou do prazo'],
      [4, 5, 'Dora', 'Terceiro projeto no ano'],
      [3, 4, 'Ana', 'Voltou para o cardápio e já pediu a loja virtual.'],
      [null, 3, 'Ana', 'Primeiro trabalho: o banner da fachada.'],
    ]);
    expect((await app.store.clientProfiles.get(clientId))?.loyalty.history).toHaveLength(4);
  });

  it('appends notes, lets their author or an admin delete them, and keeps a deleted note marked, not erased', async () => {
    const clientId = app.demo.clients.padaria.id;
    const { ana, dora, beatriz } = app.demo.users;
    const asAna = await app.signedIn(ana);
    expect(await codeOf(asAna.clients.addNote({ clientId, body: '   ' }))).toBe('BAD_REQUEST');
    expect(await codeOf(asAna.clients.addNote({ clientId, body: 'x'.repeat(5001) }))).toBe('BAD_REQUEST');
    const added = await asAna.clients.addNote({ clientId, body: '  Pediu orçamento de fotos  ' });
    const mine = added.notes[0];
    expect(mine).toMatchObject({ body: 'Pediu orçamento de fotos', by: { name: 'Ana' }, mayDelete: true, deleted: null });
    if (!mine) throw new Error('no note');

    const asBeatriz = await app.signedIn(beatriz);
    expect(await codeOf(asBeatriz.clients.deleteNote({ clientId, noteId: mine.id }))).toBe('FORBIDDEN');
    expect(await codeOf(asAna.clients.deleteNote({ clientId, noteId: 'NoSuchNote000000' as ClientNoteId }))).toBe('NOT_FOUND');
    const afterDelete = await (await app.signedIn(dora)).clients.deleteNote({ clientId, noteId: mine.id });
    expect(afterDelete.notes[0]).toMatchObject({ id: mine.id, body: null, deleted: { by: { name: 'Dora' } }, mayDelete: false });
    const stored = (await app.store.clientProfiles.get(clientId))?.notes.find((n) => n.id === mine.id);
    expect(stored).toMatchObject({ body: 'Pediu orçamento de fotos', deletedBy: dora.id });
  });

  it('records meetings and corrects them; a linked board must be the agency’s', async () => {
    const clientId = app.demo.clients.estudio.id;
    const asAna = await app.signedIn(app.demo.users.ana);
    const meeting = {
      title: 'Rafe da página inicial',
      at: '2025-03-12T17:00:00.000Z',
      kind: 'rafe' as const,
      attendees: ['Luíza', ' Ana '],
      minutes: 'Aprovado com ajustes no topo.',
      boardId: app.demo.boardId,
    };
    const added = await asAna.clients.addMeeting({ clientId, meeting });
    const recorded = added.meetings[0];
    expect(recorded).toMatchObject({ ...meeting, attendees: ['Luíza', 'Ana'], ticketIds: [], createdBy: { name: 'Ana' } });
    if (!recorded) throw new Error('no meeting');
    expect(await codeOf(asAna.clients.addMeeting({ clientId, meeting: { ...meeting, boardId: app.rival.board.id } }))).toBe('NOT_FOUND');
    expect(await codeOf(asAna.clients.addMeeting({ clientId, meeting: { ...meeting, at: '12/03/2025' } }))).toBe('BAD_REQUEST');
    expect(await codeOf(asAna.clients.addMeeting({ clientId, meeting: { ...meeting, minutes: 'x'.repeat(20_001) } }))).toBe('BAD_REQUEST');

    app.advance(3_600_000);
    const asDora = await app.signedIn(app.demo.users.dora);
    const corrected = await asDora.clients.updateMeeting({ clientId, meetingId: recorded.id, meeting: { ...meeting, minutes: 'Aprovado sem ajustes.' } });
    expect(corrected.meetings).toHaveLength(1);
    expect(corrected.meetings[0]).toMatchObject({ minutes: 'Aprovado sem ajustes.', createdBy: { name: 'Ana' }, updatedBy: { name: 'Dora' }, createdAt: '2025-03-10T12:00:00.000Z', updatedAt: '2025-03-10T13:00:00.000Z' });
  });

  it('never shows any of it to the client: the share timeline has no contact, note or minutes', async () => {
    const clientId = app.demo.clients.padaria.id;
    const asAna = await app.signedIn(app.demo.users.ana);
    await asAna.clients.addNote({ clientId, body: 'CANARY-NOTE-7f3a' });
    await asAna.clients.saveContact({ clientId, contact: { name: 'CANARY-CONTACT-7f3a', channels: [{ kind: 'email', value: 'canary7f3a@paodourado.com.br' }] } });
    await asAna.clients.addMeeting({ clientId, meeting: { title: 'CANARY-MEETING-7f3a', at: '2025-03-10T12:00:00.000Z', attendees: [], minutes: 'CANARY-MINUTES-7f3a' } });
    const issued = await asAna.shareLinks.create({ boardId: app.demo.boardId, clientId, scope: 'respond' });
    const token = issued.url.split('/share/')[1] ?? '';
    const timeline = JSON.stringify(await app.anonymous().caller.share.timeline({ token }));
    expect(timeline).toContain('Padaria Pão Dourado');
    for (const canary of ['7f3a', 'Márcia Lima', '1134567890', 'fornada', 'Briefing e orçamento da loja virtual']) expect(timeline).not.toContain(canary);
  });
});
