import { ConflictError } from '@fluxo/shared/errors';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../auth/passwords.js';
import { createMemoryStore } from '../store/memoryStore.js';
import { coverFor } from '../absence/coverage.js';
import { DEMO_PASSWORD, seedDemo } from './seedDemo.js';

describe('seedDemo', () => {
  it('creates the demo agency, its staff, clients and board', async () => {
    const store = createMemoryStore();
    const passwords = new PasswordHasher(TEST_PASSWORD_PARAMS);
    const seed = await seedDemo(store, passwords);

    const users = await store.users.listByAgency(seed.agencyId);
    expect(users.map((u) => [u.email, u.role])).toEqual([
      ['ana@demo.fluxo', 'atendimento'],
      ['paulo@demo.fluxo', 'producao'],
      ['dora@demo.fluxo', 'admin'],
      ['beatriz@demo.fluxo', 'atendimento'],
    ]);
    for (const user of users) expect(await passwords.verify(user.passwordHash, DEMO_PASSWORD)).toBe(true);

    const clients = await store.clients.listByAgency(seed.agencyId);
    expect(clients.map((c) => c.name)).toEqual(['Padaria Pão Dourado', 'Clínica Sorriso', 'Loja Verde Moda', 'Estúdio Lótus Yoga']);
    for (const c of clients) {
      expect(c.backupManagerId).not.toBeNull();
      expect(c.backupManagerId).not.toBe(c.primaryManagerId);
    }
    expect((await store.clients.findBySender(seed.agencyId, 'dono@paodourado.com.br'))?.id).toBe(seed.clients.padaria.id);

    const board = await store.boards.get(seed.boardId);
    expect(board?.name).toBe('Fluxo de atendimento');
    expect(board?.memberIds).toEqual([seed.users.ana.id, seed.users.paulo.id, seed.users.dora.id, seed.users.beatriz.id]);
  });

  it('has one account manager away for a week from the seed day, whose client Ana covers — never Ana', async () => {
    const store = createMemoryStore();
    // 23:30 on 9 March in São Paulo (already the 10th in UTC): the absence starts on the 9th.
    const seed = await seedDemo(store, new PasswordHasher(TEST_PASSWORD_PARAMS), { now: new Date('2025-03-10T02:30:00.000Z') });
    const { ana, beatriz } = seed.users;
    expect(seed.clients.estudio).toMatchObject({ primaryManagerId: beatriz.id, backupManagerId: ana.id });
    const absences = await store.absences.listByAgency(seed.agencyId);
    expect(absences.map((a) => [a.userId, a.from, a.to])).toEqual([[beatriz.id, '2025-03-09', '2025-03-15']]);
    const board = await store.boards.get(seed.boardId);
    const colleagues = await store.users.listByAgency(seed.agencyId);
    expect(coverFor({ userId: beatriz.id, client: seed.clients.estudio, day: '2025-03-12', absences, colleagues, board: board! })).toEqual([ana.id]);
  });

  it('stores the board document that fillBoard writes', async () => {
    const store = createMemoryStore();
    const seed = await seedDemo(store, new PasswordHasher(TEST_PASSWORD_PARAMS), {
      fillBoard: (doc, ids) => {
        doc.getMap('probe').set('primary', ids.clients.padaria.primaryManagerId);
      },
    });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await store.boardDocs.load(seed.boardId)) ?? new Uint8Array());
    expect(doc.getMap('probe').get('primary')).toBe(seed.users.ana.id);
  });

  it('leaves the board document empty without fillBoard', async () => {
    const store = createMemoryStore();
    const seed = await seedDemo(store, new PasswordHasher(TEST_PASSWORD_PARAMS));
    expect(await store.boardDocs.load(seed.boardId)).toBeNull();
  });

  it('only seeds an empty store', async () => {
    const store = createMemoryStore();
    const passwords = new PasswordHasher(TEST_PASSWORD_PARAMS);
    await seedDemo(store, passwords);
    await expect(seedDemo(store, passwords)).rejects.toBeInstanceOf(ConflictError);
  });
});
