/**
 * Client approvals through the routers (no HTTP): staff send a version, the client decides from
 * its link or by answering the email, and what was approved is kept exactly — plus who may do
 * what, and what never reaches a client.
 */
import { type ShareApproval, shortHash } from '@fluxo/shared/approvals/approval';
import { readTicket, setStatus } from '@fluxo/shared/board/index';
import type { BoardId, TicketId } from '@fluxo/shared/ids';
import { userOrigin } from '@fluxo/shared/origin';
import { TRPCError } from '@trpc/server';
import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addStoredTicket } from '../conversation/testing/storedTickets.js';
import { clientCommentOutbox } from '../mail/clientCommentOutbox.js';
import { conversationInbound } from '../mail/conversationInbound.js';
import { type TestApp, createTestApp } from '../testing/testApp.js';
import { approvalHash } from './approvalHash.js';

const tokenOf = (url: string): string => url.slice(url.lastIndexOf('/') + 1);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

async function statusOf(app: TestApp, boardId: BoardId, ticketId: TicketId): Promise<string | undefined> {
  return app.conversation.boards.withBoardDoc(boardId, (doc: Y.Doc) => readTicket(doc, ticketId)?.status);
}

describe('client approvals', () => {
  let app: TestApp;
  let boardId: BoardId;
  let banner: TicketId;

  beforeEach(async () => {
    app = await createTestApp({ PUBLIC_URL: 'https://fluxo.example' });
    boardId = app.demo.boardId;
    banner = await addStoredTicket(
      app.store,
      boardId,
      { title: 'Banner de Natal', channel: 'email', clientId: app.demo.clients.padaria.id, kind: 'banner' },
      31,
    );
  });

  const link = async (scope: 'view' | 'respond', clientId = app.demo.clients.padaria.id) =>
    tokenOf((await (await app.signedIn(app.demo.users.ana)).shareLinks.create({ boardId, clientId, scope })).url);

  const send = async (url = 'https://figma.example/banner-v1') =>
    (await app.signedIn(app.demo.users.ana)).approvals.request({
      boardId,
      ticketId: banner,
      title: 'Arte final',
      note: 'Segue a arte para aprovação.',
      deliverable: { type: 'link', url },
    });

  it('sends a version, the client approves it from the link, and the account manager sees it', async () => {
    const sent = await send();
    expect(sent).toMatchObject({ version: 1, status: 'pending', requestedBy: { name: 'Ana' } });
    expect(sent.contentHash).toBe(approvalHash({ milestone: null, title: 'Arte final', deliverable: { type: 'link', url: 'https://figma.example/banner-v1' } }));
    // Waiting on the client now (the SLA clock pauses), and the message is on the conversation.
    expect(await statusOf(app, boardId, banner)).toBe('waiting_client');
    const [message] = await app.store.comments.listForTicket(boardId, banner);
    expect(message?.visibility).toBe('client');
    expect(message?.revisions[0]?.body).toContain('Para sua aprovação: Arte final (versão 1)');
    expect(message?.revisions[0]?.body).toContain(shortHash(sent.contentHash));

    const token = await link('respond');
    const client = app.anonymous().caller.share;
    const shown = (await client.timeline({ token })).tickets.find((t) => t.id === banner)?.approvals ?? [];
    expect(shown).toEqual([
      expect.objectContaining({ id: sent.id, status: 'pending', version: 1, requestedBy: 'Ana', deliverable: { type: 'link', url: 'https://figma.example/banner-v1' } }),
    ]);

    const decided: ShareApproval = await client.decide({ token, approvalId: sent.id, outcome: 'approved', contentHash: sent.contentHash, note: 'Ficou ótimo!' });
    expect(decided).toMatchObject({ status: 'approved', decision: { outcome: 'approved', by: 'Padaria Pão Dourado', note: 'Ficou ótimo!' } });
    const stored = await app.store.approvals.get(sent.id);
    expect(stored?.decision).toMatchObject({ via: 'share_link', contentHash: sent.contentHash, at: app.conversation.now().toISOString() });
    expect(stored?.decision?.commentId).not.toBeNull();
    // Back with the account manager, and the board says so.
    expect(await statusOf(app, boardId, banner)).toBe('open');
    const staff = await app.signedIn(app.demo.users.ana);
    expect(await staff.approvals.board({ boardId })).toEqual([
      { ticketId: banner, state: 'approved', title: 'Arte final', version: 1, decidedAt: stored?.decision?.at, doneAllowed: true },
    ]);
    const comments = await app.store.comments.listForTicket(boardId, banner);
    expect(comments.at(-1)?.author).toMatchObject({ kind: 'client', name: 'Padaria Pão Dourado' });
    expect(comments.at(-1)?.revisions[0]?.body).toContain('Aprovado: Arte final (versão 1)');

    // Decided once: a second decision is a conflict, and changes nothing.
    expect(await codeOf(client.decide({ token, approvalId: sent.id, outcome: 'changes_requested', contentHash: sent.contentHash, note: 'Não' }))).toBe('CONFLICT');
    expect((await app.store.approvals.get(sent.id))?.status).toBe('approved');
  });

  it('the client answered by phone: the account manager records it in their name, and the client sees the record', async () => {
    const sent = await send();
    const ana = await app.signedIn(app.demo.users.ana);
    const paulo = await app.signedIn(app.demo.users.paulo);
    const answer = { boardId, approvalId: sent.id, outcome: 'approved' as const, via: 'phone' as const, clientName: 'Márcia', note: 'Pode publicar na sexta.' };
    // Producers do not speak for the client; a change needs words; someone must have answered.
    expect(await codeOf(paulo.approvals.record(answer))).toBe('FORBIDDEN');
    expect(await codeOf(ana.approvals.record({ ...answer, outcome: 'changes_requested', note: '  ' }))).toBe('BAD_REQUEST');
    expect(await codeOf(ana.approvals.record({ ...answer, clientName: ' ' }))).toBe('BAD_REQUEST');
    expect(await codeOf(ana.approvals.record({ ...answer, via: 'share_link' as never }))).toBe('BAD_REQUEST');
    expect((await app.store.approvals.get(sent.id))?.status).toBe('pending');

    const recorded = await ana.approvals.record(answer);
    expect(recorded).toMatchObject({
      status: 'approved',
      decision: { outcome: 'approved', via: 'phone', by: { name: 'Márcia', email: null }, note: 'Pode publicar na sexta.', recordedBy: app.demo.users.ana.id, recordedByName: 'Ana', contentHash: sent.contentHash },
    });
    expect(await statusOf(app, boardId, banner)).toBe('open');
    expect((await ana.approvals.forTicket({ boardId, ticketId: banner })).gate).toEqual({ ok: true });
    // The message is Ana's, visible to the client: they see what was recorded in their name.
    const last = (await app.store.comments.listForTicket(boardId, banner)).at(-1);
    expect(last).toMatchObject({ visibility: 'client', author: { kind: 'staff', userId: app.demo.users.ana.id } });
    expect(last?.revisions[0]?.body).toContain('Resposta de Márcia por telefone, registrada pela agência.');
    const token = await link('view');
    const shown = (await app.anonymous().caller.share.timeline({ token })).tickets.find((t) => t.id === banner)?.approvals ?? [];
    expect(shown[0]).toMatchObject({ status: 'approved', decision: { by: 'Márcia', note: 'Pode publicar na sexta.' } });
    expect(JSON.stringify(shown)).not.toContain(app.demo.users.ana.id);
    // Decided once.
    expect(await codeOf(ana.approvals.record({ ...answer, via: 'meeting' }))).toBe('CONFLICT');
    const rival = await app.signedIn(app.rival.admin);
    expect(await codeOf(rival.approvals.record(answer))).toBe('NOT_FOUND');
  });

  it('a new version supersedes the pending one: the client cannot approve what is no longer asked', async () => {
    const v1 = await send();
    const v2 = await send('https://figma.example/banner-v2');
    expect(v2.version).toBe(2);
    expect((await app.store.approvals.get(v1.id))?.status).toBe('superseded');
    const token = await link('respond');
    const client = app.anonymous().caller.share;
    const shown = (await client.timeline({ token })).tickets.find((t) => t.id === banner)?.approvals ?? [];
    expect(shown.map((a) => a.id)).toEqual([v2.id]);
    expect(await codeOf(client.decide({ token, approvalId: v1.id, outcome: 'approved', contentHash: v1.contentHash }))).toBe('CONFLICT');
    // What was seen must be what was sent.
    expect(await codeOf(client.decide({ token, approvalId: v2.id, outcome: 'approved', contentHash: v1.contentHash }))).toBe('CONFLICT');
    // Changes need words.
    expect(await codeOf(client.decide({ token, approvalId: v2.id, outcome: 'changes_requested', contentHash: v2.contentHash }))).toBe('BAD_REQUEST');
    const asked = await client.decide({ token, approvalId: v2.id, outcome: 'changes_requested', contentHash: v2.contentHash, note: 'Aumentar o logo' });
    expect(asked.status).toBe('changes_requested');
    const staff = await app.signedIn(app.demo.users.ana);
    expect((await staff.approvals.board({ boardId }))[0]).toMatchObject({ state: 'changes_requested', version: 2, doneAllowed: false });
    const forTicket = await staff.approvals.forTicket({ boardId, ticketId: banner });
    expect(forTicket.approvals.map((a) => [a.version, a.status])).toEqual([
      [2, 'changes_requested'],
      [1, 'superseded'],
    ]);
    expect(forTicket.gate).toEqual({ ok: false, missing: ['Banner'] });
  });

  it('refuses who may not: a view link, another client’s link, a producer, another agency', async () => {
    const sent = await send();
    const anon = app.anonymous().caller.share;
    const input = { approvalId: sent.id, outcome: 'approved' as const, contentHash: sent.contentHash };
    expect(await codeOf(anon.decide({ token: await link('view'), ...input }))).toBe('FORBIDDEN');
    expect(await codeOf(anon.decide({ token: await link('respond', app.demo.clients.clinica.id), ...input }))).toBe('NOT_FOUND');
    expect(await codeOf(anon.decide({ token: 'x'.repeat(43), ...input }))).toBe('NOT_FOUND');
    const paulo = await app.signedIn(app.demo.users.paulo);
    expect(await codeOf(paulo.approvals.request({ boardId, ticketId: banner, title: 'x', deliverable: { type: 'text', text: 'y' } }))).toBe('FORBIDDEN');
    expect(await codeOf(paulo.approvals.withdraw({ boardId, approvalId: sent.id }))).toBe('FORBIDDEN');
    expect((await paulo.approvals.forTicket({ boardId, ticketId: banner })).approvals).toHaveLength(1);
    const rival = await app.signedIn(app.rival.admin);
    expect(await codeOf(rival.approvals.forTicket({ boardId, ticketId: banner }))).toBe('NOT_FOUND');
    expect(await codeOf(rival.approvals.board({ boardId }))).toBe('NOT_FOUND');
    expect(await codeOf(rival.approvals.withdraw({ boardId: app.rival.board.id, approvalId: sent.id }))).toBe('NOT_FOUND');
    expect((await app.store.approvals.get(sent.id))?.status).toBe('pending');
  });

  it('refuses bad requests clearly: no client, unknown milestone, a file the agency does not hold, a script link', async () => {
    const ana = await app.signedIn(app.demo.users.ana);
    const internal = await addStoredTicket(app.store, boardId, { title: 'Interno', channel: 'meeting' }, 32);
    await expect(ana.approvals.request({ boardId, ticketId: internal, title: 'x', deliverable: { type: 'text', text: 'y' } })).rejects.toThrow(/no client/);
    await expect(
      ana.approvals.request({ boardId, ticketId: banner, milestoneId: 'rafe', title: 'x', deliverable: { type: 'text', text: 'y' } }),
    ).rejects.toThrow(/no milestone "rafe"/);
    const file = { type: 'file' as const, sha256: 'a'.repeat(64), name: 'arte.png', contentType: 'image/png', size: 10 };
    expect(await codeOf(ana.approvals.request({ boardId, ticketId: banner, title: 'x', deliverable: file }))).toBe('NOT_FOUND');
    expect(await codeOf(ana.approvals.request({ boardId, ticketId: banner, title: 'x', deliverable: { type: 'link', url: 'javascript:alert(1)' } }))).toBe('BAD_REQUEST');
    expect(await app.store.approvals.listForTicket(boardId, banner)).toEqual([]);
    expect(await statusOf(app, boardId, banner)).toBe('open');
  });

  it('milestones of the kind are approved one by one; the kind holds "done" until each is', async () => {
    const loja = await addStoredTicket(
      app.store,
      boardId,
      { title: 'Loja virtual', channel: 'meeting', clientId: app.demo.clients.padaria.id, kind: 'online_store' },
      33,
    );
    const ana = await app.signedIn(app.demo.users.ana);
    const rafe = await ana.approvals.request({ boardId, ticketId: loja, milestoneId: 'rafe', title: 'Rafe da home', deliverable: { type: 'text', text: 'Rafe: topo, vitrine, rodapé' } });
    expect(rafe.milestone).toEqual({ id: 'rafe', name: 'Rafe' });
    const token = await link('respond');
    await app.anonymous().caller.share.decide({ token, approvalId: rafe.id, outcome: 'approved', contentHash: rafe.contentHash });
    const gate = (await ana.approvals.forTicket({ boardId, ticketId: loja })).gate;
    expect(gate).toEqual({ ok: false, missing: ['Briefing e orçamento com o diretor', 'Wireframe', 'Layout final', 'Pós-venda'] });
  });

  it('the client answers the request’s email with APROVADO: the version that email carried is approved', async () => {
    const v1 = await send();
    const inbound = conversationInbound(app.conversation);
    // The request's email, as the comment outbox makes it and the worker stamps it when sending.
    const emailOf = async (commentId: string | null) => {
      const comment = (await app.store.comments.listForTicket(boardId, banner)).find((c) => c.id === commentId);
      const board = await app.store.boards.get(boardId);
      const ticket = await app.conversation.tickets.ticket(boardId, banner);
      if (comment === undefined || board === null || ticket === null) throw new Error('no request message');
      const [row] = await clientCommentOutbox(app.store)({ change: 'created', comment, ticket, board });
      if (row === undefined) throw new Error('the request is not emailed to the client');
      const messageId = `fluxo.${row.id}@fluxo.example`;
      await app.store.outbox.enqueue([{ ...row, messageId }]);
      return messageId;
    };
    const v1Email = await emailOf((await app.store.approvals.get(v1.id))?.requestCommentId ?? null);
    const v2 = await send('https://figma.example/banner-v2');
    const v2Email = await emailOf((await app.store.approvals.get(v2.id))?.requestCommentId ?? null);
    const from = { email: 'marcia@paodourado.com.br', name: 'Márcia' };
    const ticket = { agencyId: app.demo.agencyId, boardId, ticketId: banner };

    // Answering the older email approves nothing: that version is no longer asked.
    await inbound.addClientReply({ ticket, messageId: 'm1@cliente', author: from, body: 'Aprovado!', at: app.conversation.now(), references: [v1Email] });
    expect((await app.store.approvals.get(v2.id))?.status).toBe('pending');
    // A reply that does not start with the word is an ordinary reply.
    await inbound.addClientReply({ ticket, messageId: 'm2@cliente', author: from, body: 'Ainda não está aprovado, aguardem.', at: app.conversation.now(), references: [v2Email] });
    expect((await app.store.approvals.get(v2.id))?.status).toBe('pending');

    const answer = await inbound.addClientReply({
      ticket,
      messageId: 'm3@cliente',
      author: from,
      body: 'ok, APROVADO — pode publicar\nObrigada!',
      at: app.conversation.now(),
      references: [v2Email, v1Email],
    });
    const approved = await app.store.approvals.get(v2.id);
    expect(approved).toMatchObject({
      status: 'approved',
      decision: { via: 'email', by: { email: 'marcia@paodourado.com.br', name: 'Márcia' }, note: 'pode publicar\nObrigada!', commentId: answer?.commentId },
    });
    expect(approved && approvalHash(approved)).toBe(v2.contentHash);
  });

  it('staff withdraw a pending request: the page stops offering it', async () => {
    const sent = await send();
    const ana = await app.signedIn(app.demo.users.ana);
    expect((await ana.approvals.withdraw({ boardId, approvalId: sent.id })).status).toBe('withdrawn');
    const token = await link('respond');
    const timeline = await app.anonymous().caller.share.timeline({ token });
    expect(timeline.tickets.find((t) => t.id === banner)?.approvals).toEqual([]);
    expect(await codeOf(app.anonymous().caller.share.decide({ token, approvalId: sent.id, outcome: 'approved', contentHash: sent.contentHash }))).toBe('CONFLICT');
    expect(await ana.approvals.board({ boardId })).toEqual([]);
  });

  it('never shows a client staff ids or addresses, nor other clients’ approvals', async () => {
    const sent = await send();
    const other = await addStoredTicket(app.store, boardId, { title: 'Da clínica', channel: 'email', clientId: app.demo.clients.clinica.id }, 34);
    await app.conversation.boards.withBoardDoc(boardId, (doc: Y.Doc) => setStatus(doc, { ticketId: other, status: 'open' }, userOrigin(app.demo.users.ana.id)));
    const ana = await app.signedIn(app.demo.users.ana);
    await ana.approvals.request({ boardId, ticketId: other, title: 'CANARY-other-client', deliverable: { type: 'text', text: 'CANARY' } });
    const json = JSON.stringify(await app.anonymous().caller.share.timeline({ token: await link('respond') }));
    expect(json).toContain(sent.id);
    expect(json).not.toContain('CANARY');
    expect(json).not.toContain(app.demo.users.ana.id);
    expect(json).not.toContain(app.demo.users.ana.email);
  });
});
