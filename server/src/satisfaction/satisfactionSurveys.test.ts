/**
 * Satisfaction after delivery, end to end (issue 8): board commands recorded as the sync server
 * hands them over (`recordChange`), the real witness wrapped by `satisfactionWitness`, the real
 * composer and outbox worker with a real SMTP server in this process, and the tRPC procedures
 * called through `createCaller` — the rating page (`satisfaction.*`), the timeline link
 * (`share.surveys` / `share.rate`) and the ticket drawer (`satisfaction.forTicket`).
 */
import { archiveTicket, createTicket, readTicket, setStatus } from '@fluxo/shared/board/index';
import { type ClientId, type TicketId, type UserId, newBoardId, newTicketId } from '@fluxo/shared/ids';
import { type TransactionOrigin, userOrigin } from '@fluxo/shared/origin';
import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { Authenticator } from '../auth/authenticator.js';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../auth/passwords.js';
import { hashSessionToken, newSessionToken } from '../auth/sessionTokens.js';
import { parseConfig } from '../config.js';
import { type Conversation, createConversation } from '../conversation/conversation.js';
import { liveTicketDirectory } from '../conversation/ticketDirectory.js';
import { type DemoSeed, seedDemo } from '../demo/seedDemo.js';
import { silentLogger } from '../log.js';
import { MailComposer } from '../mail/mailComposer.js';
import { type MailTransport, smtpTransport } from '../mail/mailTransport.js';
import { OutboxWorker } from '../mail/outboxWorker.js';
import { type MemoryBoards, memoryBoards } from '../mail/testing/memoryBoards.js';
import { type ReceivedMail, type SmtpMailbox, startSmtpMailbox } from '../mail/testing/smtpMailbox.js';
import { issueShareLink } from '../share/shareLinks.js';
import { mailTimelineLinks } from '../share/mailTimelineLinks.js';
import { SHARE_RATE } from '../share/shareRateLimit.js';
import type { OutboxRecordOf } from '../store/conversationRecords.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { UserRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { collectingResponse, createContextInner } from '../trpc/context.js';
import { appRouter } from '../trpc/router.js';
import { createCallerFactory } from '../trpc/trpc.js';
import type { BoardWitness } from '../witness/boardChange.js';
import { recordChange } from '../witness/recordChange.js';
import { createWitness } from '../witness/witness.js';
import { satisfactionAsker, satisfactionWitness } from './satisfactionSurveys.js';

const PUBLIC_URL = 'https://fluxo.agencia.test';
const INBOUND_DOMAIN = 'atendimento.agencia.test';
const T0 = Date.parse('2025-11-24T12:00:00.000Z');
const GRACE = 120_000;
const MARCIA = 'marcia@paodourado.com.br';
const createCaller = createCallerFactory(appRouter);

let store: Store;
let demo: DemoSeed;
let boards: MemoryBoards;
let witness: BoardWitness;
let conversation: Conversation;
let mailbox: SmtpMailbox;
let clock: number;
let ipCounter = 0;
const workers: OutboxWorker[] = [];
const transports: MailTransport[] = [];
const now = () => new Date(clock);
const config = parseConfig({ NODE_ENV: 'test', PORT: '0', PUBLIC_URL }, { cwd: '/tmp' });

beforeEach(async () => {
  clock = T0;
  store = createMemoryStore();
  const passwords = new PasswordHasher(TEST_PASSWORD_PARAMS);
  demo = await seedDemo(store, passwords, { now: new Date(T0) });
  boards = memoryBoards(store);
  conversation = createConversation({ store, now, tickets: liveTicketDirectory(boards), boards });
  witness = satisfactionWitness(createWitness({ store, logger: silentLogger }), satisfactionAsker({ store, graceMs: GRACE }), silentLogger);
  mailbox = await startSmtpMailbox();
});

afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
  for (const t of transports.splice(0)) t.close();
  await mailbox.close();
  await store.close();
});

function worker(): OutboxWorker {
  const transport = smtpTransport(mailbox.url);
  transports.push(transport);
  const composer = new MailComposer({
    store,
    boards,
    publicUrl: PUBLIC_URL,
    mailFrom: 'Agência Ponto Criativo <contato@agencia.test>',
    inboundDomain: INBOUND_DOMAIN,
    timelineLinks: mailTimelineLinks({ store, boards, publicUrl: PUBLIC_URL, now }),
    now,
  });
  const w = new OutboxWorker({ store, composer, transport, messageIdDomain: 'agencia.test', logger: silentLogger, now, windowMs: 0 });
  workers.push(w);
  return w;
}

async function after(ms: number, w: OutboxWorker): Promise<void> {
  clock += ms;
  await w.runOnce();
}

/** A caller without a session, from its own address (the share budget is per address). */
function anonymous() {
  ipCounter += 1;
  const response = collectingResponse();
  const ip = `198.51.100.${ipCounter}`;
  return { caller: createCaller(createContextInner({ store, config, auth: authenticator(), ip, response, conversation })), response };
}

function authenticator(): Authenticator {
  return new Authenticator({ store, passwords: new PasswordHasher(TEST_PASSWORD_PARAMS), now });
}

async function staff(user: UserRecord) {
  const token = newSessionToken();
  const session = { tokenHash: hashSessionToken(token), userId: user.id, createdAt: now().toISOString(), expiresAt: new Date(clock + 86_400_000).toISOString() };
  await store.sessions.create(session);
  return createCaller(createContextInner({ store, config, auth: authenticator(), user, session, conversation }));
}

async function act<T>(author: UserId, command: (doc: Y.Doc, origin: TransactionOrigin) => T): Promise<T> {
  const doc = await boards.doc(demo.boardId);
  const { result, change } = recordChange(doc, { agencyId: demo.agencyId, boardId: demo.boardId, author, at: now() }, () =>
    command(doc, userOrigin(author)),
  );
  await witness.witness(change, doc);
  return result;
}

async function open(options: { clientId?: ClientId | null; title?: string } = {}): Promise<{ ticketId: TicketId; number: number }> {
  const ticketId = await act(demo.users.ana.id, (doc, origin) =>
    createTicket(
      doc,
      {
        title: options.title ?? 'Cardápio novo',
        channel: 'email',
        clientId: options.clientId === undefined ? demo.clients.padaria.id : options.clientId,
        summary: 'Cardápio impresso A4, frente e verso.',
        description: 'INTERNO: cobrar a mais pela arte-final.',
      },
      origin,
    ),
  );
  const number = readTicket(await boards.doc(demo.boardId), ticketId)?.number;
  if (typeof number !== 'number') throw new Error('the witness did not number the ticket');
  return { ticketId, number };
}

const status = (ticketId: TicketId, to: 'open' | 'done' | 'cancelled') =>
  act(demo.users.ana.id, (doc, origin) => setStatus(doc, { ticketId, status: to }, origin));

async function surveyRows(ticketId: TicketId): Promise<OutboxRecordOf<'satisfaction_survey'>[]> {
  return (await store.outbox.list({ ticketId, limit: 1_000 })).filter((r): r is OutboxRecordOf<'satisfaction_survey'> => r.kind === 'satisfaction_survey');
}

async function surveyOf(ticketId: TicketId) {
  const [survey] = await store.satisfaction.listForTicket(demo.boardId, ticketId);
  if (!survey) throw new Error('no survey');
  return survey;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
  return 'OK';
}

describe('asking after delivery', () => {
  it('a client ticket turning done is asked once: one email after the grace, with the rating link, threaded', async () => {
    const ticket = await open();
    const w = worker();
    await status(ticket.ticketId, 'done');
    const survey = await surveyOf(ticket.ticketId);
    expect(survey).toMatchObject({ ticketNumber: ticket.number, clientId: demo.clients.padaria.id, rating: null, askedAt: new Date(T0).toISOString() });
    expect(await surveyRows(ticket.ticketId)).toMatchObject([{ to: MARCIA, status: 'pending', nextAttemptAt: new Date(T0 + GRACE).toISOString() }]);

    await after(GRACE - 1_000, w);
    expect(mailbox.received).toHaveLength(0);
    await after(1_000, w);
    expect(mailbox.received).toHaveLength(1);
    const mail = mailbox.received[0] as ReceivedMail;
    expect(mail.envelope.to).toEqual([MARCIA]);
    expect(mail.email.subject).toBe(`Como foi a entrega? [Padaria Pão Dourado] #${ticket.number} Cardápio novo`);
    const link = `${PUBLIC_URL}/avaliacao/${survey.token}`;
    expect(mail.email.text).toContain(link);
    expect(mail.email.html).toContain(`href="${link}"`);
    expect(mail.header('reply-to')).toMatch(/^<?t\+[^@]+@atendimento\.agencia\.test>?$/);
    expect(mail.header('auto-submitted')).toBe('auto-generated');
    for (const part of [mail.email.text, mail.email.html ?? '', mail.raw.toString('utf8')]) {
      expect(part).not.toContain('INTERNO');
      expect(part).not.toContain('@demo.fluxo');
    }

    // Reopened and done again: not asked twice (same survey, no new email).
    await status(ticket.ticketId, 'open');
    await status(ticket.ticketId, 'done');
    await after(GRACE, w);
    expect(await store.satisfaction.listForTicket(demo.boardId, ticket.ticketId)).toHaveLength(1);
    expect(mailbox.received).toHaveLength(1);
    expect((await surveyRows(ticket.ticketId)).map((r) => r.status)).toEqual(['sent']);
  });

  it('never asks about a cancelled ticket, a ticket without a client, nor an archived one', async () => {
    const cancelled = await open();
    await status(cancelled.ticketId, 'cancelled');
    const clientless = await open({ clientId: null });
    await status(clientless.ticketId, 'done');
    const archived = await open();
    await act(demo.users.ana.id, (doc, origin) => archiveTicket(doc, { ticketId: archived.ticketId }, origin));
    await status(archived.ticketId, 'done');
    const w = worker();
    await after(GRACE, w);
    expect(await store.satisfaction.listForAgency(demo.agencyId)).toEqual([]);
    expect(mailbox.received).toHaveLength(0);
  });

  it('a ticket reopened within the grace sends nothing then, and is asked when delivered again', async () => {
    const ticket = await open();
    const w = worker();
    await status(ticket.ticketId, 'done');
    clock += 30_000;
    await status(ticket.ticketId, 'open');
    await after(GRACE, w);
    expect(mailbox.received).toHaveLength(0);
    expect((await surveyRows(ticket.ticketId)).map((r) => r.status)).toEqual(['skipped']);

    await status(ticket.ticketId, 'done');
    await after(GRACE, w);
    expect(mailbox.received).toHaveLength(1);
    expect(await store.satisfaction.listForTicket(demo.boardId, ticket.ticketId)).toHaveLength(1);
  });
});

describe('the rating page (satisfaction.*)', () => {
  it('shows the survey without recording anything; answers are validated; the last answer wins', async () => {
    const ticket = await open();
    await status(ticket.ticketId, 'done');
    const { token } = await surveyOf(ticket.ticketId);
    const { caller, response } = anonymous();

    expect(await caller.satisfaction.survey({ token })).toEqual({ ticketNumber: ticket.number, title: 'Cardápio novo', agencyName: 'Agência Ponto Criativo', answer: null });
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect((await surveyOf(ticket.ticketId)).answeredAt).toBeNull(); // looking is not answering

    for (const rating of [0, 6, 3.5]) expect(await codeOf(caller.satisfaction.answer({ token, rating, comment: null }))).toBe('BAD_REQUEST');
    expect(await codeOf(caller.satisfaction.answer({ token, rating: 4, comment: 'x'.repeat(2_001) }))).toBe('BAD_REQUEST');
    expect((await surveyOf(ticket.ticketId)).rating).toBeNull();

    clock += 60_000;
    const first = await caller.satisfaction.answer({ token, rating: 4, comment: '  Ótimo trabalho!  ' });
    expect(first.answer).toEqual({ rating: 4, comment: 'Ótimo trabalho!', answeredAt: new Date(clock).toISOString() });
    clock += 60_000;
    const second = await caller.satisfaction.answer({ token, rating: 5, comment: '   ' });
    expect(second.answer).toEqual({ rating: 5, comment: null, answeredAt: new Date(clock).toISOString() });
    expect(await surveyOf(ticket.ticketId)).toMatchObject({ rating: 5, comment: null });
  });

  it('one NOT_FOUND for an unknown, malformed or empty token', async () => {
    const { caller } = anonymous();
    for (const token of ['A'.repeat(43), 'nope', '', '../../etc']) {
      expect(await codeOf(caller.satisfaction.survey({ token }))).toBe('NOT_FOUND');
      expect(await codeOf(caller.satisfaction.answer({ token, rating: 5, comment: null }))).toBe('NOT_FOUND');
    }
  });

  it('is rate limited per address like the timeline link (the same budget)', async () => {
    const { caller, response } = anonymous();
    const codes: string[] = [];
    for (let i = 0; i <= SHARE_RATE.burst; i++) codes.push(await codeOf(caller.satisfaction.survey({ token: 'C'.repeat(43) })));
    expect(codes.slice(0, SHARE_RATE.burst).every((code) => code === 'NOT_FOUND')).toBe(true);
    expect(codes.at(-1)).toBe('TOO_MANY_REQUESTS');
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await codeOf(caller.share.surveys({ token: 'C'.repeat(43) }))).toBe('TOO_MANY_REQUESTS');
  });

  it('a low score tells the account manager once, in the app and by email; a high score tells nobody', async () => {
    const happy = await open({ title: 'Logo' });
    await status(happy.ticketId, 'done');
    const unhappy = await open({ title: 'Banner' });
    await status(unhappy.ticketId, 'done');
    const w = worker();
    await after(GRACE, w); // the two survey emails to the client
    expect(mailbox.received).toHaveLength(2);

    const { caller } = anonymous();
    await caller.satisfaction.answer({ token: (await surveyOf(happy.ticketId)).token, rating: 5, comment: 'Perfeito' });
    expect((await store.notifications.listForUser(demo.users.ana.id)).filter((n) => n.kind === 'low_satisfaction')).toEqual([]);

    await caller.satisfaction.answer({ token: (await surveyOf(unhappy.ticketId)).token, rating: 2, comment: 'Atrasou <b>muito</b>' });
    await caller.satisfaction.answer({ token: (await surveyOf(unhappy.ticketId)).token, rating: 1, comment: 'Pior ainda' });
    const told = (await store.notifications.listForUser(demo.users.ana.id)).filter((n) => n.kind === 'low_satisfaction');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ ticketId: unhappy.ticketId, ticketNumber: unhappy.number, excerpt: '2/5 · Atrasou <b>muito</b>', actor: { kind: 'client', name: 'Padaria Pão Dourado' } });
    // Nobody else: not the producer, not the backup while Ana is present.
    expect((await store.notifications.listForUser(demo.users.dora.id)).filter((n) => n.kind === 'low_satisfaction')).toEqual([]);

    await after(1_000, w);
    const toAna = mailbox.received.filter((m) => m.envelope.to.includes('ana@demo.fluxo'));
    expect(toAna).toHaveLength(1);
    expect(toAna[0]?.email.text).toContain('Padaria Pão Dourado deu nota baixa à entrega.');
    expect(toAna[0]?.email.text).toContain('2/5 · Atrasou <b>muito</b>');
  });

  it('an absent primary manager is covered by the backup', async () => {
    const ticket = await open({ clientId: demo.clients.estudio.id, title: 'Flyer de aulas' });
    await status(ticket.ticketId, 'done');
    const { caller } = anonymous();
    await caller.satisfaction.answer({ token: (await surveyOf(ticket.ticketId)).token, rating: 1, comment: null });
    const byUser = async (user: UserRecord) => (await store.notifications.listForUser(user.id)).filter((n) => n.kind === 'low_satisfaction').length;
    expect(await byUser(demo.users.beatriz)).toBe(1); // kept in her list for her return
    expect(await byUser(demo.users.ana)).toBe(1); // the backup, present, covers
  });
});

describe('on the timeline link and in the drawer', () => {
  it('the link lists its delivered tickets’ surveys and rates them; another client’s ticket is NOT_FOUND; a view link is FORBIDDEN', async () => {
    const mine = await open();
    await status(mine.ticketId, 'done');
    const theirs = await open({ clientId: demo.clients.loja.id, title: 'Catálogo' });
    await status(theirs.ticketId, 'done');
    const stillOpen = await open();
    const respond = await issueShareLink(store, { agencyId: demo.agencyId, boardId: demo.boardId, clientId: demo.clients.padaria.id, scope: 'respond', createdBy: demo.users.ana.id }, now());
    const view = await issueShareLink(store, { agencyId: demo.agencyId, boardId: demo.boardId, clientId: demo.clients.padaria.id, scope: 'view', createdBy: demo.users.ana.id }, now());
    const { caller, response } = anonymous();

    expect(await caller.share.surveys({ token: respond.token })).toEqual([{ ticketId: mine.ticketId, answer: null }]);
    expect(response.headers.get('x-robots-tag')).toBe('noindex');
    expect(await codeOf(caller.share.rate({ token: respond.token, ticketId: theirs.ticketId, rating: 1, comment: null }))).toBe('NOT_FOUND');
    expect(await codeOf(caller.share.rate({ token: respond.token, ticketId: stillOpen.ticketId, rating: 1, comment: null }))).toBe('NOT_FOUND');
    expect(await codeOf(caller.share.rate({ token: respond.token, ticketId: newTicketId(), rating: 1, comment: null }))).toBe('NOT_FOUND');
    expect(await codeOf(caller.share.rate({ token: view.token, ticketId: mine.ticketId, rating: 5, comment: null }))).toBe('FORBIDDEN');
    expect(await codeOf(caller.share.surveys({ token: 'B'.repeat(43) }))).toBe('NOT_FOUND');
    expect((await surveyOf(theirs.ticketId)).rating).toBeNull();

    const rated = await caller.share.rate({ token: respond.token, ticketId: mine.ticketId, rating: 3, comment: 'Ok' });
    expect(rated).toEqual({ ticketId: mine.ticketId, answer: { rating: 3, comment: 'Ok', answeredAt: now().toISOString() } });
    expect(await caller.share.surveys({ token: view.token })).toEqual([rated]);
  });

  it('staff who can open the board see the answer in the drawer; a board they cannot open is NOT_FOUND', async () => {
    const ticket = await open();
    const ana = await staff(demo.users.ana);
    expect(await ana.satisfaction.forTicket({ boardId: demo.boardId, ticketId: ticket.ticketId })).toBeNull();
    await status(ticket.ticketId, 'done');
    expect(await ana.satisfaction.forTicket({ boardId: demo.boardId, ticketId: ticket.ticketId })).toEqual({ askedAt: now().toISOString(), answer: null, low: false });
    await anonymous().caller.satisfaction.answer({ token: (await surveyOf(ticket.ticketId)).token, rating: 2, comment: 'Demorou' });
    expect(await ana.satisfaction.forTicket({ boardId: demo.boardId, ticketId: ticket.ticketId })).toMatchObject({ answer: { rating: 2, comment: 'Demorou' }, low: true });
    expect(await codeOf(anonymous().caller.satisfaction.forTicket({ boardId: demo.boardId, ticketId: ticket.ticketId }))).toBe('UNAUTHORIZED');
    expect(await codeOf(ana.satisfaction.forTicket({ boardId: newBoardId(), ticketId: ticket.ticketId }))).toBe('NOT_FOUND');
    const beatriz = await staff(demo.users.beatriz);
    expect(await beatriz.satisfaction.forTicket({ boardId: demo.boardId, ticketId: ticket.ticketId })).toMatchObject({ low: true });
  });
});
