import { ConflictError } from '@fluxo/shared/errors';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../auth/passwords.js';
import { createMemoryStore } from '../store/memoryStore.js';
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
    ]);
    for (const user of users) expect(await passwords.verify(user.passwordHash, DEMO_PASSWORD)).toBe(true);

    const clients = await store.clients.listByAgency(seed.agencyId);
    expect(clients.map((c) => c.name)).toEqual(['Padaria Pão Dourado', 'Clínica Sorriso', 'Loja Verde Moda']);
    for (const c of clients) {
      expect(c.backupManagerId).not.toBeNull();
      expect(c.backupManagerId).not.toBe(c.primaryManagerId);
    }
    expect((await store.clients.findBySender(seed.agencyId, 'dono@paodourado.com.br'))?.id).toBe(seed.clients.padaria.id);

    const board = await store.boards.get(seed.boardId);
    expect(board?.name).toBe('Fluxo de atendimento');
    expect(board?.memberIds).toEqual([seed.users.ana.id, seed.users.paulo.id, seed.users.dora.id]);
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
