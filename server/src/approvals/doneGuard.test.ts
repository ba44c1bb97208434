/**
 * "Done needs the client's approval" on the sync path: over real sockets, a browser that writes
 * `done` into the board document itself (no drawer to stop it) is refused until the client
 * approved; then the same write is saved. Kinds without the rule close freely, and an admin
 * turning the rule off reaches the gate at once.
 */
import { readTicket, setStatus, setTicketDetails } from '@fluxo/shared/board/index';
import { SEED_TICKET_KINDS } from '@fluxo/shared/kinds/ticketKind';
import type { TicketId } from '@fluxo/shared/ids';
import { userOrigin } from '@fluxo/shared/origin';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Conversation, createConversation } from '../conversation/conversation.js';
import { addStoredTicket } from '../conversation/testing/storedTickets.js';
import { liveTicketDirectory } from '../conversation/ticketDirectory.js';
import { type SyncHarness, startSyncHarness } from '../sync/testing/syncHarness.js';
import { decideApproval, requestApproval } from './approvalDesk.js';

let h: SyncHarness | null = null;
let conversation: Conversation | null = null;
afterEach(async () => {
  conversation?.close();
  conversation = null;
  const errors = h?.logger.lines.filter((line) => line.startsWith('error')) ?? [];
  await h?.stop();
  h = null;
  expect(errors).toEqual([]);
});

async function start(): Promise<{ h: SyncHarness; conversation: Conversation }> {
  h = await startSyncHarness();
  conversation = createConversation({ store: h.store, doneGuard: h.doneGuard, boards: h.sync, tickets: liveTicketDirectory(h.sync) });
  return { h, conversation };
}

async function boardRecord(harness: SyncHarness) {
  const board = await harness.store.boards.get(harness.demo.boardId);
  if (board === null) throw new Error('no demo board');
  return board;
}

/** A ticket of `kind` for the clinic, stored before any room holds the board. */
function clinicTicket(harness: SyncHarness, kind: string | null, number: number): Promise<TicketId> {
  const title = kind === null ? 'Ligação sobre o horário' : `Peça: ${kind}`;
  return addStoredTicket(harness.store, harness.demo.boardId, { title, channel: 'email', clientId: harness.demo.clients.clinica.id, kind }, number);
}

/** A banner whose text was sent to the clinic for approval (the ticket now waits on the client). */
async function pendingBanner(harness: SyncHarness, conversation: Conversation) {
  const ticketId = await clinicTicket(harness, 'banner', 7);
  return requestApproval(conversation, {
    board: await boardRecord(harness),
    ticketId,
    requester: harness.demo.users.ana,
    milestoneId: null,
    title: 'Texto e arte do banner',
    note: '',
    deliverable: { type: 'text', text: 'Novo horário aos sábados: das 8h às 13h.' },
  });
}

/** A fresh replica of `user` that writes `done` on `ticketId`; resolves with the server's answer. */
async function closeAsDone(harness: SyncHarness, ticketId: TicketId): Promise<string> {
  const ana = harness.demo.users.ana;
  const raw = await harness.raw(ana);
  await raw.load();
  const mark = raw.messages.length;
  raw.change((doc) => setStatus(doc, { ticketId, status: 'done' }, userOrigin(ana.id)));
  await new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      if (raw.messages.slice(mark).some((m) => m.type === 'saved' || m.type === 'refused')) resolve();
      else if (Date.now() - started > 5_000) reject(new Error('no answer to the update'));
      else setTimeout(poll, 10);
    };
    poll();
  });
  const answer = raw.messages.slice(mark).find((m) => m.type === 'saved' || m.type === 'refused');
  raw.ws.close();
  return answer?.type === 'refused' ? `refused: ${answer.reason}` : 'saved';
}

const liveStatus = (harness: SyncHarness, ticketId: TicketId) =>
  harness.sync.withBoardDoc(harness.demo.boardId, (doc) => readTicket(doc, ticketId)?.status);

describe('done needs the client’s approval, on the sync path', () => {
  it('refuses a browser’s "done" while the approval is pending, and saves it once the client approved', async () => {
    const { h, conversation } = await start();
    const approval = await pendingBanner(h, conversation);
    const stored = () => h.sync.withBoardDoc(h.demo.boardId, (doc) => Y.encodeStateAsUpdate(doc));
    const before = await stored();

    expect(await closeAsDone(h, approval.ticketId)).toBe('refused: needs_approval');
    expect(await stored()).toEqual(before);
    expect(await liveStatus(h, approval.ticketId)).toBe('waiting_client');
    expect(h.logger.lines.some((l) => l.includes('needs the client') && l.includes('Banner'))).toBe(true);

    await decideApproval(conversation, {
      approvalId: approval.id,
      boardId: approval.boardId,
      outcome: 'approved',
      note: '',
      contentHash: approval.contentHash,
      by: { name: 'Clínica Sorriso', email: null },
      via: 'share_link',
      commentId: null,
      authorEmail: 'cliente@clinica.test',
    });
    expect(await closeAsDone(h, approval.ticketId)).toBe('saved');
    expect(await liveStatus(h, approval.ticketId)).toBe('done');
  });

  it('a new version sent after the approval holds "done" again until it is approved too', async () => {
    const { h, conversation } = await start();
    const approval = await pendingBanner(h, conversation);
    await decideApproval(conversation, {
      approvalId: approval.id,
      boardId: approval.boardId,
      outcome: 'approved',
      note: '',
      contentHash: approval.contentHash,
      by: { name: 'Clínica Sorriso', email: null },
      via: 'share_link',
      commentId: null,
      authorEmail: 'cliente@clinica.test',
    });
    await requestApproval(conversation, {
      board: await boardRecord(h),
      ticketId: approval.ticketId,
      requester: h.demo.users.ana,
      milestoneId: null,
      title: 'Banner com o telefone corrigido',
      note: '',
      deliverable: { type: 'text', text: 'Novo horário aos sábados: das 8h às 12h.' },
    });
    expect(await closeAsDone(h, approval.ticketId)).toBe('refused: needs_approval');
  });

  it('kinds without the rule, and tickets without a kind, close freely', async () => {
    const { h } = await start();
    const logo = await clinicTicket(h, 'logo_file', 8);
    const none = await clinicTicket(h, null, 9);
    const banner = await clinicTicket(h, 'banner', 10);
    expect(await closeAsDone(h, logo)).toBe('saved');
    expect(await closeAsDone(h, none)).toBe('saved');
    expect(await closeAsDone(h, banner)).toBe('refused: needs_approval');
    // The rule belongs to the kind: a banner whose kind is removed is not held any more.
    const ana = h.demo.users.ana;
    const raw = await h.raw(ana);
    await raw.load();
    const mark = raw.messages.length;
    raw.change((doc) => setTicketDetails(doc, { ticketId: banner, kind: null }, userOrigin(ana.id)));
    await raw.next('saved', mark);
    raw.ws.close();
    expect(await closeAsDone(h, banner)).toBe('saved');
  });

  it('an admin turning the rule off for banners reaches the gate at once', async () => {
    const { h, conversation } = await start();
    const approval = await pendingBanner(h, conversation);
    expect(await closeAsDone(h, approval.ticketId)).toBe('refused: needs_approval');
    const kinds = SEED_TICKET_KINDS.map((k) => (k.slug === 'banner' ? { ...k, approvalBeforeDone: false } : k));
    await h.store.workspaceSettings.setTicketKinds(h.demo.agencyId, kinds, h.demo.users.dora.id, new Date().toISOString());
    await h.doneGuard.rulesChanged(h.demo.agencyId);
    expect(await closeAsDone(h, approval.ticketId)).toBe('saved');
  });
});
