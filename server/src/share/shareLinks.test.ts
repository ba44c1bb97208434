/**
 * Share links and the client timeline through the routers (no HTTP): staff issue, list, revoke
 * and rotate links; a link holder reads exactly its client's timeline; canaries placed in every
 * staff-only field never appear in what the holder receives.
 */
import { archiveTicket, setStatus } from '@fluxo/shared/board/index';
import { newHistoryEntryId } from '@fluxo/shared/history/historyEntry';
import type { BoardId, TicketId } from '@fluxo/shared/ids';
import { userOrigin } from '@fluxo/shared/origin';
import { SHARE_TOKEN_LENGTH, type ShareTimeline } from '@fluxo/shared/share/timeline';
import { TRPCError } from '@trpc/server';
import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addStoredTicket } from '../conversation/testing/storedTickets.js';
import { type TestApp, createTestApp } from '../testing/testApp.js';
import { SHARE_RATE, shareRouter } from '../trpc/routers/share.js';
import { renewDemoShareLink } from '../demo/demoShareLink.js';
import { hashShareToken } from './shareLinks.js';

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

async function archiveStored(app: TestApp, boardId: BoardId, ticketId: TicketId): Promise<void> {
  const doc = new Y.Doc();
  const stored = await app.store.boardDocs.load(boardId);
  if (stored) Y.applyUpdate(doc, stored);
  const before = Y.encodeStateVector(doc);
  archiveTicket(doc, { ticketId }, userOrigin(app.demo.users.ana.id));
  await app.store.boardDocs.append(boardId, Y.encodeStateAsUpdate(doc, before));
}

describe('share links', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp({ PUBLIC_URL: 'https://fluxo.example' });
  });

  it('are issued to account managers with a 256-bit token shown once, stored only hashed', async () => {
    const { ana } = app.demo.users;
    const caller = await app.signedIn(ana);
    const issued = await caller.shareLinks.create({ boardId: app.demo.boardId, clientId: app.demo.clients.padaria.id, scope: 'view' });
    const token = tokenOf(issued.url);
    expect(issued.url).toBe(`https://fluxo.example/share/${token}`);
    expect(token).toMatch(new RegExp(`^[A-Za-z0-9_-]{${SHARE_TOKEN_LENGTH}}$`));
    expect(issued.link.active).toBe(true);
    // 90 days by default.
    expect(Date.parse(issued.link.expiresAt) - Date.parse(issued.link.createdAt)).toBe(90 * 86_400_000);

    const stored = await app.store.shareLinks.get(issued.link.id);
    expect(stored?.tokenHash).toBe(hashShareToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    const listed = await caller.shareLinks.list({ boardId: app.demo.boardId });
    expect(listed.map((l) => l.id)).toEqual([issued.link.id]);
    expect(JSON.stringify(listed)).not.toContain(stored?.tokenHash);
    expect(JSON.stringify(listed)).not.toContain(token);
  });

  it('are refused to producers (FORBIDDEN), to other agencies (NOT_FOUND) and to clients of other agencies', async () => {
    const { paulo, ana } = app.demo.users;
    const input = { boardId: app.demo.boardId, clientId: app.demo.clients.padaria.id, scope: 'view' as const };
    expect(await codeOf((await app.signedIn(paulo)).shareLinks.create(input))).toBe('FORBIDDEN');
    expect(await codeOf((await app.signedIn(app.rival.admin)).shareLinks.create(input))).toBe('NOT_FOUND');
    expect(await codeOf(app.anonymous().caller.shareLinks.list({ boardId: app.demo.boardId }))).toBe('UNAUTHORIZED');
    const issued = await (await app.signedIn(ana)).shareLinks.create(input);
    expect(await codeOf((await app.signedIn(app.rival.admin)).shareLinks.revoke({ id: issued.link.id }))).toBe('NOT_FOUND');
    expect((await app.store.shareLinks.get(issued.link.id))?.revokedAt).toBeNull();
    // Bad input: a clear message, nothing stored.
    expect(await codeOf((await app.signedIn(ana)).shareLinks.create({ ...input, expiresInDays: 366 }))).toBe('BAD_REQUEST');
    expect(await app.store.shareLinks.listByBoard(app.demo.boardId)).toHaveLength(1);
  });

  it('answer unknown, malformed, expired, revoked and rotated-away tokens alike', async () => {
    const ana = await app.signedIn(app.demo.users.ana);
    const make = () => ana.shareLinks.create({ boardId: app.demo.boardId, clientId: app.demo.clients.padaria.id, scope: 'view', expiresInDays: 1 });
    const [revoked, rotated, expiring] = [await make(), await make(), await make()];
    await ana.shareLinks.revoke({ id: revoked.link.id });
    const fresh = await ana.shareLinks.rotate({ id: rotated.link.id });
    const client = (ip: string) => app.anonymous(ip).caller.share;

    const answers: unknown[] = [];
    const refusal = async (token: string) => {
      try {
        await client(`203.0.113.${answers.length + 1}`).timeline({ token });
      } catch (error) {
        if (!(error instanceof TRPCError)) throw error;
        answers.push({ code: error.code, message: error.message });
        return;
      }
      throw new Error(`token ${token} opened the timeline`);
    };
    expect((await client('203.0.113.99').timeline({ token: tokenOf(fresh.url) })).client.name).toBe(app.demo.clients.padaria.name);
    expect((await client('203.0.113.98').timeline({ token: tokenOf(expiring.url) })).tickets).toEqual([]);
    app.advance(86_400_000 + 1);
    await refusal(tokenOf(expiring.url));
    await refusal(tokenOf(revoked.url));
    await refusal(tokenOf(rotated.url));
    await refusal('A'.repeat(SHARE_TOKEN_LENGTH));
    expect(answers).toHaveLength(4);
    for (const answer of answers) expect(answer).toEqual({ code: 'NOT_FOUND', message: 'link not found' });
    // A malformed token is refused by the input schema, before any lookup.
    expect(await codeOf(client('203.0.113.50').timeline({ token: '../../etc/passwd' }))).toBe('BAD_REQUEST');
    // Revoked and expired links cannot be brought back by rotating them.
    expect(await codeOf(ana.shareLinks.rotate({ id: revoked.link.id }))).toBe('FORBIDDEN');
  });

  it('send the privacy headers on every share answer and rate-limit each address', async () => {
    const ana = await app.signedIn(app.demo.users.ana);
    const issued = await ana.shareLinks.create({ boardId: app.demo.boardId, clientId: app.demo.clients.padaria.id, scope: 'view' });
    const { caller, response } = app.anonymous('192.0.2.77');
    await caller.share.timeline({ token: tokenOf(issued.url) });
    expect(Object.fromEntries(response.headers)).toMatchObject({ 'referrer-policy': 'no-referrer', 'x-robots-tag': 'noindex', 'cache-control': 'no-store' });
    let refusedAt = -1;
    for (let i = 0; i < SHARE_RATE.burst + 5; i++) {
      const code = await codeOf(caller.share.timeline({ token: 'B'.repeat(SHARE_TOKEN_LENGTH) }));
      if (code === 'TOO_MANY_REQUESTS') {
        refusedAt = i;
        break;
      }
      expect(code).toBe('NOT_FOUND');
    }
    // One request was spent above; the burst runs out right after.
    expect(refusedAt).toBe(SHARE_RATE.burst - 1);
    // Another address is not held back.
    expect((await app.anonymous('192.0.2.78').caller.share.timeline({ token: tokenOf(issued.url) })).tickets).toEqual([]);
  });
});

describe('client timeline', () => {
  it('shows the client its own tickets with summary, stage, status, dates, steps and client comments — and no canary', async () => {
    const app = await createTestApp();
    const { ana, paulo } = app.demo.users;
    const { padaria, clinica } = app.demo.clients;
    const boardId = app.demo.boardId;
    const canary = (field: string) => `CANARY-${field}-7f3a`;

    const banner = await addStoredTicket(
      app.store,
      boardId,
      {
        title: 'Banner da campanha',
        summary: 'Banner da página inicial com 20% de desconto.',
        description: `Margem apertada, não comentar. ${canary('description')}`,
        channel: 'email',
        clientId: padaria.id,
        assignees: [paulo.id],
        dueDate: '2025-03-20',
        createdAt: '2025-03-01T10:00:00.000Z',
      },
      7,
    );
    const archived = await addStoredTicket(app.store, boardId, { title: canary('archived'), channel: 'phone', clientId: padaria.id }, 8);
    await archiveStored(app, boardId, archived);
    await addStoredTicket(app.store, boardId, { title: canary('other-client'), channel: 'phone', clientId: clinica.id }, 9);
    await addStoredTicket(app.store, boardId, { title: canary('no-client'), channel: 'phone' }, 10);

    const base = { boardId, ticketId: banner, ticketNumber: 7 };
    await app.store.history.append([
      { ...base, id: newHistoryEntryId(), kind: 'created', at: '2025-03-01T10:00:00.000Z', author: ana.id, stage: 'triage', status: 'open', channel: 'email', clientId: padaria.id },
      { ...base, id: newHistoryEntryId(), kind: 'moved', at: '2025-03-02T10:00:00.000Z', author: ana.id, from: 'triage', to: 'analysis' },
      { ...base, id: newHistoryEntryId(), kind: 'assigned', at: '2025-03-02T11:00:00.000Z', author: ana.id, userId: paulo.id },
      { ...base, id: newHistoryEntryId(), kind: 'due_date_changed', at: '2025-03-03T10:00:00.000Z', author: ana.id, from: null, to: '2025-03-20' },
      { ...base, id: newHistoryEntryId(), kind: 'handoff', at: '2025-03-04T10:00:00.000Z', author: paulo.id, to: [ana.id] },
    ]);

    const conversation = app.conversation;
    await conversation.createComment({ boardId, ticketId: banner, author: { kind: 'staff', userId: ana.id }, visibility: 'internal', body: `Cliente paga atrasado. ${canary('internal-comment')}` });
    const reply = await conversation.createComment({
      boardId,
      ticketId: banner,
      author: { kind: 'staff', userId: ana.id },
      visibility: 'client',
      body: `Olá! O banner fica pronto na quinta. Qualquer dúvida fale com <@${paulo.id}>.`,
    });
    const gone = await conversation.createComment({ boardId, ticketId: banner, author: { kind: 'client', email: 'marcia@paodourado.com.br', name: 'Márcia' }, visibility: 'client', body: canary('deleted-comment') });
    await conversation.deleteComment({ boardId, ticketId: banner, commentId: gone.id, actor: app.demo.users.dora });

    const issued = await (await app.signedIn(ana)).shareLinks.create({ boardId, clientId: padaria.id, scope: 'view' });
    const timeline = await app.anonymous().caller.share.timeline({ token: tokenOf(issued.url) });

    expect(timeline.client).toEqual({ id: padaria.id, name: padaria.name });
    expect(timeline.tickets.map((t) => t.number)).toEqual([7]);
    const [ticket] = timeline.tickets;
    expect(ticket).toMatchObject({ title: 'Banner da campanha', summary: 'Banner da página inicial com 20% de desconto.', dueDate: '2025-03-20', stage: 'triage', status: 'open' });
    expect(ticket?.steps).toEqual([
      { kind: 'opened', at: '2025-03-01T10:00:00.000Z', stage: 'triage' },
      { kind: 'stage', at: '2025-03-02T10:00:00.000Z', from: 'triage', to: 'analysis' },
      { kind: 'deadline', at: '2025-03-03T10:00:00.000Z', from: null, to: '2025-03-20' },
      // The handoff, in the client's words: the work arrived at delivery (nobody's id travels).
      { kind: 'stage', at: '2025-03-04T10:00:00.000Z', from: 'production', to: 'delivery' },
    ]);
    expect(ticket?.comments).toEqual([
      { id: reply.id, parentId: null, author: { kind: 'agency', name: ana.name }, body: `Olá! O banner fica pronto na quinta. Qualquer dúvida fale com @${paulo.name}.`, createdAt: reply.createdAt, editedAt: null },
    ]);

    const json = JSON.stringify(timeline);
    expect(json).not.toMatch(/CANARY/);
    for (const secret of [ana.email, paulo.email, ana.id, paulo.id, 'Margem apertada', 'Cliente paga atrasado']) expect(json).not.toContain(secret);
  });
});

describe('live client timeline (share.watch)', () => {
  /** The stream's next value, or a failure naming what did not come within `ms`. */
  async function within<T>(iterator: AsyncIterator<T>, ms: number, what: string): Promise<IteratorResult<T>> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        iterator.next(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  function timelineOf(result: IteratorResult<ShareTimeline>): ShareTimeline {
    if (result.done) throw new Error('the stream ended');
    return result.value;
  }

  it('sends the timeline, then each change a client may see — never an internal note — and ends when the link is revoked', async () => {
    const app = await createTestApp();
    const { ana } = app.demo.users;
    const { padaria } = app.demo.clients;
    const boardId = app.demo.boardId;
    const staff = await app.signedIn(ana);
    const issued = await staff.shareLinks.create({ boardId, clientId: padaria.id, scope: 'view' });
    const stream: AsyncIterator<ShareTimeline> = (await app.anonymous().caller.share.watch({ token: tokenOf(issued.url) }))[Symbol.asyncIterator]();

    const first = await within(stream, 2_000, 'the first timeline');
    expect(timelineOf(first).tickets).toEqual([]);

    // A ticket of the padaria appears (the witness signals the board once it has recorded it).
    const ticketId = await addStoredTicket(app.store, boardId, { title: 'Cardápio novo', summary: 'Arte do cardápio.', channel: 'email', clientId: padaria.id }, 11);
    app.conversation.events.boardChanged(boardId);
    const arrived = await within(stream, 2_000, 'the new ticket');
    expect(timelineOf(arrived).tickets.map((t) => t.title)).toEqual(['Cardápio novo']);

    // An internal note changes nothing the client sees: no event; the next one is the reply.
    await app.conversation.createComment({ boardId, ticketId, author: { kind: 'staff', userId: ana.id }, visibility: 'internal', body: 'CANARY-live-internal' });
    await app.conversation.createComment({ boardId, ticketId, author: { kind: 'staff', userId: ana.id }, visibility: 'client', body: 'Fica pronto amanhã.' });
    const answered = await within(stream, 2_000, 'the reply');
    expect(timelineOf(answered).tickets[0]?.comments.map((c) => c.body)).toEqual(['Fica pronto amanhã.']);
    expect(JSON.stringify(timelineOf(answered))).not.toContain('CANARY');

    // Revoked: the open stream ends within seconds.
    const revokedAt = Date.now();
    await staff.shareLinks.revoke({ id: issued.link.id });
    const end = await within(stream, 5_000, 'the end of the stream');
    expect(end.done).toBe(true);
    expect(Date.now() - revokedAt).toBeLessThan(5_000);
    expect(await codeOf(app.anonymous().caller.share.watch({ token: tokenOf(issued.url) }))).toBe('NOT_FOUND');
  });
});

describe('the demo client link', () => {
  it('is issued afresh at each start for the demo clinic, and the previous one stops opening', async () => {
    const app = await createTestApp();
    const first = await renewDemoShareLink(app.store, 'http://localhost:3000', new Date());
    const second = await renewDemoShareLink(app.store, 'http://localhost:3000', new Date());
    if (first === null || second === null) throw new Error('no demo link');
    expect(second.clientName).toBe(app.demo.clients.clinica.name);
    expect(second.url).toMatch(/^http:\/\/localhost:3000\/share\/[A-Za-z0-9_-]{43}$/);
    const client = app.anonymous().caller.share;
    expect((await client.timeline({ token: tokenOf(second.url) })).client.id).toBe(app.demo.clients.clinica.id);
    expect(await codeOf(client.timeline({ token: tokenOf(first.url) }))).toBe('NOT_FOUND');
    const demoLinks = (await app.store.shareLinks.listByBoard(app.demo.boardId)).filter((l) => l.origin === 'demo');
    expect(demoLinks.map((l) => ({ scope: l.scope, revoked: l.revokedAt !== null })).sort((a, b) => Number(a.revoked) - Number(b.revoked))).toEqual([
      { scope: 'respond', revoked: false },
      { scope: 'respond', revoked: true },
    ]);
  });
});

describe('the share router', () => {
  it('holds the respond scope’s three mutations, reply, request and decide: everything else only reads', () => {
    const procedures = Object.entries(shareRouter._def.procedures as Record<string, { _def: { type: string } }>);
    expect(Object.fromEntries(procedures.map(([name, procedure]) => [name, procedure._def.type]))).toEqual({
      timeline: 'query',
      watch: 'subscription',
      reply: 'mutation',
      request: 'mutation',
      decide: 'mutation',
      // Issue 8: the satisfaction survey of a delivered ticket (`satisfaction/shareSatisfaction.ts`): rate needs respond.
      surveys: 'query',
      rate: 'mutation',
      // Issue 8: the client's report of work done (`reports/clientReportReading.ts`): read only.
      report: 'query',
    });
  });
});

describe('answering from the timeline (share.reply)', () => {
  async function setUp() {
    const app = await createTestApp();
    const { ana } = app.demo.users;
    const { padaria, clinica } = app.demo.clients;
    const boardId = app.demo.boardId;
    const waiting = await addStoredTicket(app.store, boardId, { title: 'Texto da promoção', channel: 'email', clientId: padaria.id }, 21);
    await app.conversation.boards.withBoardDoc(boardId, (doc) => setStatus(doc, { ticketId: waiting, status: 'waiting_client' }, userOrigin(ana.id)));
    const others = await addStoredTicket(app.store, boardId, { title: 'Da clínica', channel: 'email', clientId: clinica.id }, 22);
    const staff = await app.signedIn(ana);
    const token = async (scope: 'view' | 'respond') => tokenOf((await staff.shareLinks.create({ boardId, clientId: padaria.id, scope })).url);
    const snapshot = async () => ({
      comments: await app.store.comments.listForTicket(boardId, waiting),
      history: await app.store.history.listForTicket(boardId, waiting),
      ticket: await app.conversation.tickets.ticket(boardId, waiting),
    });
    return { app, boardId, waiting, others, token, snapshot, padaria };
  }

  it('with a view link changes nothing (FORBIDDEN)', async () => {
    const { app, waiting, token, snapshot } = await setUp();
    const before = await snapshot();
    const answer = app.anonymous().caller.share.reply({ token: await token('view'), ticketId: waiting, body: 'Segue o texto.' });
    expect(await codeOf(answer)).toBe('FORBIDDEN');
    expect(await snapshot()).toEqual(before);
  });

  it('with a respond link adds the client’s message and puts a waiting ticket back to open', async () => {
    const { app, boardId, waiting, others, token, snapshot, padaria } = await setUp();
    const respond = await token('respond');
    const client = app.anonymous().caller.share;
    const shown = await client.reply({ token: respond, ticketId: waiting, body: 'Segue o texto: **20% off** até domingo.' });
    expect(shown).toMatchObject({ author: { kind: 'client', name: padaria.name }, body: 'Segue o texto: **20% off** até domingo.', parentId: null });
    const after = await snapshot();
    expect(after.comments.map((c) => [c.visibility, c.author])).toEqual([['client', { kind: 'client', email: padaria.emails[0], name: padaria.name }]]);
    expect(after.ticket?.status).toBe('open');
    expect(after.history.at(-1)).toMatchObject({ kind: 'status_changed', from: 'waiting_client', to: 'open', author: null });
    expect((await client.timeline({ token: respond })).tickets.find((t) => t.id === waiting)?.comments.map((c) => c.id)).toEqual([shown.id]);

    // Not another client's ticket, not into an internal thread, not an empty message.
    expect(await codeOf(client.reply({ token: respond, ticketId: others, body: 'Oi' }))).toBe('NOT_FOUND');
    const note = await app.conversation.createComment({ boardId, ticketId: waiting, author: { kind: 'staff', userId: app.demo.users.ana.id }, visibility: 'internal', body: 'nota' });
    expect(await codeOf(client.reply({ token: respond, ticketId: waiting, parentId: note.id, body: 'Oi' }))).toBe('NOT_FOUND');
    expect(await codeOf(client.reply({ token: respond, ticketId: waiting, body: '   ' }))).toBe('BAD_REQUEST');
    expect((await app.store.comments.listForTicket(boardId, waiting)).filter((c) => c.author.kind === 'client')).toHaveLength(1);
  });
});

describe('a new request from the timeline (share.request)', () => {
  it('opens a numbered ticket of the client in Triagem (channel portal) with a respond link; a view link changes nothing', async () => {
    const app = await createTestApp();
    const { ana } = app.demo.users;
    const { padaria } = app.demo.clients;
    const boardId = app.demo.boardId;
    const staff = await app.signedIn(ana);
    const token = async (scope: 'view' | 'respond') => tokenOf((await staff.shareLinks.create({ boardId, clientId: padaria.id, scope })).url);
    const client = app.anonymous().caller.share;
    const ticketsNow = () => app.conversation.tickets.boardTickets(boardId);

    const before = await ticketsNow();
    expect(await codeOf(client.request({ token: await token('view'), title: 'Cardápio de Natal', body: 'Precisamos do cardápio.' }))).toBe('FORBIDDEN');
    expect(await ticketsNow()).toEqual(before);

    const respond = await token('respond');
    expect(await codeOf(client.request({ token: respond, title: '   ', body: '' }))).toBe('BAD_REQUEST');
    const opened = await client.request({ token: respond, title: 'Cardápio de Natal', body: 'Precisamos do cardápio até dia 10.' });
    expect(opened.number).toEqual(expect.any(Number));
    const ticket = (await ticketsNow()).find((t) => t.id === opened.ticketId);
    expect(ticket).toMatchObject({ stage: 'triage', status: 'open', channel: 'portal', clientId: padaria.id, title: 'Cardápio de Natal', summary: 'Precisamos do cardápio até dia 10.', number: opened.number });
    expect(await app.store.history.listForTicket(boardId, opened.ticketId)).toEqual([
      expect.objectContaining({ kind: 'created', author: null, channel: 'portal', clientId: padaria.id, ticketNumber: opened.number }),
    ]);
    const shown = (await client.timeline({ token: respond })).tickets.find((t) => t.id === opened.ticketId);
    expect(shown).toMatchObject({ stage: 'triage', status: 'open', summary: 'Precisamos do cardápio até dia 10.' });
  });
});
