import { STAGES, STATUSES, checkBoardInvariants, readBoard } from '@fluxo/shared';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../auth/passwords.js';
import { createMemoryStore } from '../store/memoryStore.js';
import { fillDemoBoard } from './demoBoard.js';
import { seedDemo } from './seedDemo.js';

async function seededBoard() {
  const store = createMemoryStore();
  const now = new Date('2026-11-23T12:00:00Z');
  const seed = await seedDemo(store, new PasswordHasher(TEST_PASSWORD_PARAMS), {
    now,
    fillBoard: (doc, demo) => fillDemoBoard(doc, demo, now),
  });
  const stored = await store.boardDocs.load(seed.boardId);
  expect(stored).not.toBeNull();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, stored as Uint8Array);
  return { seed, board: readBoard(doc) };
}

describe('demo board', () => {
  it('is stored with the board and keeps every invariant', async () => {
    const { board } = await seededBoard();
    expect(board.tickets.length).toBe(9);
    expect(checkBoardInvariants(board)).toEqual([]);
  });

  it('has tickets in every stage and every status', async () => {
    const { board } = await seededBoard();
    expect(new Set(board.tickets.map((t) => t.stage))).toEqual(new Set(STAGES));
    expect(new Set(board.tickets.map((t) => t.status))).toEqual(new Set(STATUSES));
  });

  it('replays the seed-001 banner flow to the end: delivered, every banner step done', async () => {
    const { board, seed } = await seededBoard();
    const banner = board.tickets.find((t) => t.title === 'Banner no site para a campanha de desconto');
    expect(banner).toMatchObject({ status: 'done', stage: 'delivery', clientId: seed.clients.padaria.id });
    expect(banner?.steps).toEqual([
      { step: 'concept', done: true },
      { step: 'copy', done: true },
      { step: 'design', done: true },
      { step: 'review', done: true },
    ]);
    expect(banner?.assignees).toEqual(expect.arrayContaining([seed.users.ana.id, seed.users.paulo.id]));
  });

  it('stops the logo-file request where seed 001 does: done in analysis, no production', async () => {
    const { board } = await seededBoard();
    const logo = board.tickets.find((t) => t.title === 'Arquivo da logomarca em alta resolução');
    expect(logo).toMatchObject({ status: 'done', stage: 'analysis', steps: [] });
  });
});
