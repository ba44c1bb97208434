/**
 * The demo's satisfaction answers (issue 8): the delivered client tickets of the demo board were
 * asked "Como foi a entrega?" when they turned done, and the clients answered a day later (or
 * by now) — the logo file well, so the agency dashboard and the ticket drawer have something to
 * show from the first start. Written through the store port the live asker uses.
 */
import { randomBytes } from 'node:crypto';
import { newSurveyId } from '@fluxo/shared/satisfaction/satisfaction';
import type { Store } from '../store/store.js';
import { storedTicketDirectory } from '../conversation/ticketDirectory.js';
import type { DemoSeed } from './seedDemo.js';

const DAY_MS = 86_400_000;
/** What each delivered demo ticket's client said, by title; tickets not listed are asked and not answered yet. */
export const DEMO_SATISFACTION: Readonly<Record<string, { readonly rating: number; readonly comment: string | null }>> = {
  'Arquivo da logomarca em alta resolução': { rating: 5, comment: 'Chegou no mesmo dia, obrigada!' },
};

export async function seedDemoSatisfaction(store: Store, seed: DemoSeed, now: Date): Promise<void> {
  const tickets = await storedTicketDirectory(store).boardTickets(seed.boardId);
  for (const ticket of tickets) {
    if (ticket.status !== 'done' || ticket.clientId === null || ticket.archived) continue;
    const history = await store.history.listForTicket(seed.boardId, ticket.id);
    const done = history.filter((e) => e.kind === 'status_changed' && e.to === 'done').at(-1);
    const askedAt = done === undefined ? now : new Date(done.at);
    const { survey } = await store.satisfaction.ask({
      id: newSurveyId(),
      agencyId: seed.agencyId,
      boardId: seed.boardId,
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      clientId: ticket.clientId,
      token: randomBytes(32).toString('base64url'),
      askedAt: askedAt.toISOString(),
    });
    const answer = DEMO_SATISFACTION[ticket.title];
    if (answer === undefined) continue;
    const at = new Date(Math.min(askedAt.getTime() + DAY_MS, now.getTime()));
    await store.satisfaction.answer(survey.id, { rating: answer.rating, comment: answer.comment, at: at.toISOString() });
  }
}
