import { worstDeadlineState } from '@fluxo/shared/deadlines/ticketDeadlines';
import { describe, expect, it } from 'vitest';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../auth/passwords.js';
import { createConversation } from '../conversation/conversation.js';
import { fillDemoBoard } from '../demo/demoBoard.js';
import { seedDemo } from '../demo/seedDemo.js';
import { createMemoryStore } from '../store/memoryStore.js';

/** The demo's deadline states when it is seeded at `now` (the witness records its history). */
async function demoStates(now: Date): Promise<Map<string, string | null>> {
  const store = createMemoryStore();
  const seed = await seedDemo(store, new PasswordHasher(TEST_PASSWORD_PARAMS), {
    now,
    fillBoard: (doc, demo) => fillDemoBoard(doc, demo, now),
  });
  const conversation = createConversation({ store, now: () => now });
  const board = await store.boards.get(seed.boardId);
  if (!board) throw new Error('demo board missing');
  const view = await conversation.deadlines.forBoard(board);
  const titles = new Map((await conversation.tickets.boardTickets(seed.boardId)).map((t) => [t.id, t.title]));
  return new Map(view.tickets.map((t) => [titles.get(t.ticketId) ?? t.ticketId, worstDeadlineState(t.deadlines, now)]));
}

describe('the demo agency’s deadlines', () => {
  // A weekday morning, a Friday evening after closing, a Saturday, and the Friday holiday of 2026-11-20.
  it.each(['2026-11-23T13:00:00Z', '2026-11-27T22:30:00Z', '2026-11-28T15:00:00Z', '2026-11-20T14:00:00Z'])(
    'has a ticket at risk and one overdue whenever it is seeded (%s)',
    async (iso) => {
      const states = await demoStates(new Date(iso));
      expect(states.get('Banner de Dia das Mães para o Instagram')).toBe('at_risk');
      expect(states.get('Landing page do novo tratamento de clareamento')).toBe('overdue');
      expect([...states.values()].filter((s) => s === 'at_risk')).toHaveLength(1);
    },
  );
});
