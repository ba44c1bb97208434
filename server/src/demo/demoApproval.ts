/**
 * The demo's pending approval (issue 7, "one pending approval on its share link"): Ana has sent
 * the clinic the text of its new opening-hours banner, so the clinic's link (printed at start-up,
 * respond scope) opens on a version waiting for its decision, and the ticket waits on the client.
 * Sent through the same desk as from the drawer (`approvals/approvalDesk.ts`): stored version,
 * the client-visible message, the status change in the history.
 */
import { createConversation } from '../conversation/conversation.js';
import { requestApproval } from '../approvals/approvalDesk.js';
import type { Store } from '../store/store.js';
import type { DemoSeed } from './seedDemo.js';

export const DEMO_APPROVAL_TICKET = 'Banner para o novo horário de atendimento';

export async function seedDemoApproval(store: Store, seed: DemoSeed, now: Date): Promise<void> {
  const board = await store.boards.get(seed.boardId);
  const stored = await store.boardDocs.load(seed.boardId);
  if (board === null || stored === null) return;
  const conversation = createConversation({ store, now: () => now });
  try {
    const ticket = (await conversation.tickets.boardTickets(seed.boardId)).find((t) => t.title === DEMO_APPROVAL_TICKET);
    if (ticket === undefined) return;
    await requestApproval(conversation, {
      board,
      ticketId: ticket.id,
      requester: seed.users.ana,
      milestoneId: null,
      title: 'Texto e arte do banner',
      note: 'Conferimos a ortografia. Se estiver tudo certo, publicamos no sábado.',
      deliverable: {
        type: 'text',
        text: 'Novo horário aos sábados: das 8h às 13h.\nAgende pelo WhatsApp (11) 4000-1234 — Clínica Sorriso.',
      },
    });
  } finally {
    conversation.close();
  }
}

