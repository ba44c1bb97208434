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
  return { seed, store, now, board: readBoard(doc) };
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

  it('numbers every ticket once, 1 to 9, oldest first', async () => {
    const { board } = await seededBoard();
    const byAge = [...board.tickets].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    expect(byAge.map((t) => t.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(byAge[0]?.title).toBe('Campanha de Páscoa');
  });

  it('has the history of the banner flow as Ana and Paulo worked it, over past days', async () => {
    const { board, seed, store, now } = await seededBoard();
    const banner = board.tickets.find((t) => t.title === 'Banner no site para a campanha de desconto');
    const history = await store.history.listForTicket(seed.boardId, banner!.id);
    const moves = history.filter((e) => e.kind === 'moved' || e.kind === 'handoff' || e.kind === 'status_changed');
    expect(moves.map((e) => [e.kind, 'from' in e ? e.from : null, 'to' in e ? e.to : null, e.author])).toEqual([
      ['moved', 'triage', 'analysis', seed.users.ana.id],
      ['status_changed', 'open', 'waiting_client', seed.users.ana.id],
      ['status_changed', 'waiting_client', 'open', seed.users.ana.id],
      ['moved', 'analysis', 'planning', seed.users.ana.id],
      ['moved', 'planning', 'production', seed.users.paulo.id],
      ['handoff', null, [seed.users.ana.id], seed.users.paulo.id],
      ['status_changed', 'open', 'waiting_client', seed.users.ana.id],
      ['status_changed', 'waiting_client', 'done', seed.users.ana.id],
    ]);
    expect(history[0]).toMatchObject({ kind: 'created', ticketNumber: banner!.number, at: banner!.createdAt });
    expect(history.filter((e) => e.kind === 'step_done')).toHaveLength(4);
    const times = history.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.max(...times)).toBeLessThan(now.getTime());
    expect(times[times.length - 1]! - times[0]!).toBeGreaterThan(7 * 86_400_000);
    const all = await store.history.listForBoard(seed.boardId);
    expect(new Set(all.map((e) => e.ticketId)).size).toBe(9);
  });

  it('leaves the handed-back tickets waiting for their account manager', async () => {
    const { board, seed, store } = await seededBoard();
    const titleOf = (id: string) => board.tickets.find((t) => t.id === id)?.title;
    const ana = await store.attention.list(seed.users.ana.id, seed.boardId);
    const dora = await store.attention.list(seed.users.dora.id, seed.boardId);
    // Ana has since worked the finished banner, so only the new one waits for her.
    expect(ana.map((m) => titleOf(m.ticketId))).toEqual(['Banner para o novo horário de atendimento']);
    expect(dora.map((m) => titleOf(m.ticketId))).toEqual(['Landing page da coleção de verão']);
  });
});

describe('the demo satisfaction surveys (issue 8)', () => {
  it('asked every delivered client ticket once, when it turned done; the logo file was answered a day later', async () => {
    const { board, seed, store } = await seededBoard();
    const delivered = board.tickets.filter((t) => t.status === 'done' && t.clientId !== null);
    expect(delivered.length).toBeGreaterThanOrEqual(2);
    const surveys = await store.satisfaction.listForAgency(seed.agencyId);
    expect(surveys.map((s) => s.ticketId).sort()).toEqual(delivered.map((t) => t.id).sort());
    const logo = delivered.find((t) => t.title === 'Arquivo da logomarca em alta resolução');
    const answered = surveys.filter((s) => s.rating !== null);
    expect(answered).toHaveLength(1);
    expect(answered[0]).toMatchObject({ ticketId: logo?.id, rating: 5, comment: 'Chegou no mesmo dia, obrigada!' });
    const doneAt = (await store.history.listForTicket(seed.boardId, logo!.id)).filter((e) => e.kind === 'status_changed' && e.to === 'done').at(-1)?.at;
    expect(answered[0]?.askedAt).toBe(doneAt);
    expect(Date.parse(answered[0]?.answeredAt ?? '')).toBe(Date.parse(doneAt ?? '') + 86_400_000);
  });
});
