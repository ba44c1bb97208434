import { newBoardId, newClientId } from '@fluxo/shared/ids';
import { TRPCError } from '@trpc/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../testing/testApp.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error.code;
}

describe('boards router', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp();
    const { ana, dora } = app.demo.users;
    // A second board of the demo agency that Paulo is not on.
    await app.store.boards.create({
      id: newBoardId(),
      agencyId: app.demo.agencyId,
      name: 'Atendimento interno',
      memberIds: [ana.id, dora.id],
      createdAt: '2025-03-10T12:00:00.000Z',
    });
  });

  it('refuses a request without a session', async () => {
    expect(await codeOf(app.anonymous().caller.boards.list())).toBe('UNAUTHORIZED');
    expect(await codeOf(app.anonymous().caller.boards.get({ boardId: app.demo.boardId }))).toBe('UNAUTHORIZED');
  });

  it('lists only the boards the person is a member of, sorted by name, with members', async () => {
    const paulo = await app.signedIn(app.demo.users.paulo);
    expect(await paulo.boards.list()).toEqual([
      {
        id: app.demo.boardId,
        name: 'Fluxo de atendimento',
        members: [
          { id: app.demo.users.ana.id, name: 'Ana', role: 'atendimento' },
          { id: app.demo.users.paulo.id, name: 'Paulo', role: 'producao' },
          { id: app.demo.users.dora.id, name: 'Dora', role: 'admin' },
        ],
        clients: [
          { id: app.demo.clients.clinica.id, name: 'Clínica Sorriso' },
          { id: app.demo.clients.loja.id, name: 'Loja Verde Moda' },
          { id: app.demo.clients.padaria.id, name: 'Padaria Pão Dourado' },
        ],
        wipLimits: { analysis: 8, production: 6 },
      },
    ]);
    const ana = await app.signedIn(app.demo.users.ana);
    expect((await ana.boards.list()).map((b) => b.name)).toEqual(['Atendimento interno', 'Fluxo de atendimento']);
  });

  it("shows an admin every board of the agency, never another agency's", async () => {
    await app.store.boards.create({
      id: newBoardId(),
      agencyId: app.demo.agencyId,
      name: 'Só produção',
      memberIds: [app.demo.users.paulo.id],
      createdAt: '2025-03-10T12:00:00.000Z',
    });
    const dora = await app.signedIn(app.demo.users.dora);
    expect((await dora.boards.list()).map((b) => b.name)).toEqual([
      'Atendimento interno',
      'Fluxo de atendimento',
      'Só produção',
    ]);
    const rival = await app.signedIn(app.rival.admin);
    expect((await rival.boards.list()).map((b) => b.name)).toEqual(['Quadro rival']);
  });

  it("gives the agency's own clients and the board's WIP limits, none of another agency", async () => {
    const rivalClient = {
      id: newClientId(),
      agencyId: app.rival.board.agencyId,
      name: 'Cliente Rival',
      emails: [],
      domains: [],
      primaryManagerId: app.rival.admin.id,
      backupManagerId: null,
      createdAt: '2025-03-10T12:00:00.000Z',
    };
    await app.store.clients.create(rivalClient);
    const internal = (await app.store.boards.listByAgency(app.demo.agencyId)).find((b) => b.name === 'Atendimento interno');
    const ana = await app.signedIn(app.demo.users.ana);
    const summary = await ana.boards.get({ boardId: internal!.id });
    expect(summary.wipLimits).toEqual({});
    expect(summary.clients.map((c) => c.name)).toEqual(['Clínica Sorriso', 'Loja Verde Moda', 'Padaria Pão Dourado']);
    await app.store.boards.update(internal!.id, { wipLimits: { triage: 12 } });
    expect((await ana.boards.get({ boardId: internal!.id })).wipLimits).toEqual({ triage: 12 });
    const rival = await app.signedIn(app.rival.admin);
    expect((await rival.boards.get({ boardId: app.rival.board.id })).clients).toEqual([
      { id: rivalClient.id, name: 'Cliente Rival' },
    ]);
  });

  it('gets a board one may open; any other is NOT_FOUND, like a missing one', async () => {
    const paulo = await app.signedIn(app.demo.users.paulo);
    expect((await paulo.boards.get({ boardId: app.demo.boardId })).name).toBe('Fluxo de atendimento');
    const internal = (await (await app.signedIn(app.demo.users.ana)).boards.list())[0];
    expect(await codeOf(paulo.boards.get({ boardId: internal!.id }))).toBe('NOT_FOUND');
    expect(await codeOf(paulo.boards.get({ boardId: app.rival.board.id }))).toBe('NOT_FOUND');
    expect(await codeOf(paulo.boards.get({ boardId: newBoardId() }))).toBe('NOT_FOUND');
    const rivalAdmin = await app.signedIn(app.rival.admin);
    expect(await codeOf(rivalAdmin.boards.get({ boardId: app.demo.boardId }))).toBe('NOT_FOUND');
  });
});
