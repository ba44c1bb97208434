/**
 * The promised date (prazo combinado) told to the client by email, end to end: board commands
 * recorded as the sync server hands them over (`recordChange`), the real witness enqueuing
 * `promised_date` rows, the real composer and outbox worker, and a real SMTP server in this
 * process (`testing/smtpMailbox.ts`). The clock is the test's: the grace delay is walked through.
 */
import { archiveTicket, createTicket, readTicket, setDueDate, setStatus } from '@fluxo/shared/board/index';
import { type ClientId, type TicketId, type UserId, newClientId } from '@fluxo/shared/ids';
import { type TransactionOrigin, userOrigin } from '@fluxo/shared/origin';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../auth/passwords.js';
import { type DemoSeed, seedDemo } from '../demo/seedDemo.js';
import { silentLogger } from '../log.js';
import { issueShareLink } from '../share/shareLinks.js';
import { mailTimelineLinks } from '../share/mailTimelineLinks.js';
import { type OutboxRecord, type OutboxRecordOf, newOutboxId } from '../store/conversationRecords.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { Store } from '../store/store.js';
import { type StoreHarness, STORE_ADAPTERS } from '../store/testing/storeAdapters.js';
import type { BoardWitness } from '../witness/boardChange.js';
import { recordChange } from '../witness/recordChange.js';
import { createWitness } from '../witness/witness.js';
import { MailComposer } from './mailComposer.js';
import { humanDate } from './mailTemplates.js';
import { type MailTransport, smtpTransport } from './mailTransport.js';
import { OutboxWorker, type SendOutcome } from './outboxWorker.js';
import { promisedDateOutbox } from './promisedDateOutbox.js';
import { readyGroups } from './outboxGroups.js';
import { type MemoryBoards, memoryBoards } from './testing/memoryBoards.js';
import { type ReceivedMail, type SmtpMailbox, startSmtpMailbox } from './testing/smtpMailbox.js';

const PUBLIC_URL = 'https://fluxo.agencia.test';
const INBOUND_DOMAIN = 'atendimento.agencia.test';
const T0 = Date.parse('2025-11-24T12:00:00.000Z');
const GRACE = 120_000;
const MARCIA = 'marcia@paodourado.com.br';
const PADARIA = 'Padaria Pão Dourado';

let store: Store;
let demo: DemoSeed;
let boards: MemoryBoards;
let witness: BoardWitness;
let mailbox: SmtpMailbox;
let clock: number;
let outcomes: SendOutcome[];
const workers: OutboxWorker[] = [];
const transports: MailTransport[] = [];
const harnesses: StoreHarness[] = [];

const now = () => new Date(clock);

/** The live pieces over `store`: boards, the witness with promised dates, a fresh worker. */
function wire(): void {
  boards = memoryBoards(store);
  witness = createWitness({ store, logger: silentLogger, promisedDates: promisedDateOutbox({ store, graceMs: GRACE }) });
}

beforeEach(async () => {
  store = createMemoryStore();
  demo = await seedDemo(store, new PasswordHasher(TEST_PASSWORD_PARAMS), { now: new Date(T0) });
  wire();
  mailbox = await startSmtpMailbox();
  clock = T0;
  outcomes = [];
});

afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
  for (const t of transports.splice(0)) t.close();
  await mailbox.close();
  await store.close();
  for (const h of harnesses.splice(0)) await h.cleanup();
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
  const w = new OutboxWorker({
    store,
    composer,
    transport,
    messageIdDomain: 'agencia.test',
    logger: silentLogger,
    now,
    windowMs: 0,
    onSettled: (outcome) => outcomes.push(outcome),
  });
  workers.push(w);
  return w;
}

/** `author` runs `command` on the live board at the test's clock; the witness records it. */
async function act<T>(author: UserId, command: (doc: Y.Doc, origin: TransactionOrigin) => T): Promise<T> {
  const doc = await boards.doc(demo.boardId);
  const { result, change } = recordChange(doc, { agencyId: demo.agencyId, boardId: demo.boardId, author, at: now() }, () =>
    command(doc, userOrigin(author)),
  );
  await witness.witness(change, doc);
  return result;
}

interface Opened {
  readonly ticketId: TicketId;
  readonly number: number;
}

async function open(
  options: { title?: string; clientId?: ClientId | null; dueDate?: string | null; description?: string } = {},
): Promise<Opened> {
  const ticketId = await act(demo.users.ana.id, (doc, origin) =>
    createTicket(
      doc,
      {
        title: options.title ?? 'Banner para a campanha de Natal',
        channel: 'email',
        clientId: options.clientId === undefined ? demo.clients.padaria.id : options.clientId,
        summary: 'Banner 1200×400 para a home.',
        description: options.description ?? 'INTERNO: margem de 40%, usar fornecedor B.',
        dueDate: options.dueDate ?? null,
      },
      origin,
    ),
  );
  const number = readTicket(await boards.doc(demo.boardId), ticketId)?.number;
  if (typeof number !== 'number') throw new Error('the witness did not number the ticket');
  return { ticketId, number };
}

const promise = (ticket: Opened, dueDate: string | null) =>
  act(demo.users.ana.id, (doc, origin) => setDueDate(doc, { ticketId: ticket.ticketId, dueDate }, origin));

async function promisedRows(ticket: Opened): Promise<OutboxRecordOf<'promised_date'>[]> {
  const rows = await store.outbox.list({ ticketId: ticket.ticketId, limit: 1_000 });
  return rows.filter((r): r is OutboxRecordOf<'promised_date'> => r.kind === 'promised_date').reverse();
}

/** Lets the clock run `ms` and the worker send what is due then. */
async function after(ms: number, w: OutboxWorker): Promise<void> {
  clock += ms;
  await w.runOnce();
}

const only = (): ReceivedMail => {
  expect(mailbox.received).toHaveLength(1);
  return mailbox.received[0] as ReceivedMail;
};

describe('promised date emails', () => {
  it('tells the client a date set at Planning: one email after the grace, with the date written out', async () => {
    const ticket = await open();
    const w = worker();
    await promise(ticket, '2025-12-05');
    expect(await promisedRows(ticket)).toMatchObject([
      { to: MARCIA, status: 'pending', nextAttemptAt: new Date(T0 + GRACE).toISOString(), payload: { dueDate: '2025-12-05' } },
    ]);

    await after(GRACE - 1_000, w);
    expect(mailbox.received).toHaveLength(0); // still within the grace

    await after(1_000, w);
    const mail = only();
    expect(mail.envelope.to).toEqual([MARCIA]);
    expect(mail.email.subject).toBe(`Prazo combinado: [${PADARIA}] #${ticket.number} Banner para a campanha de Natal`);
    expect(mail.email.text).toContain(`#${ticket.number} "Banner para a campanha de Natal" é sexta-feira, 5 de dezembro de 2025.`);
    expect(mail.email.html).toContain('sexta-feira, 5 de dezembro de 2025');
    expect(mail.email.text).not.toMatch(/Antes:/);
    expect(mail.email.text).toContain('É só responder a este e-mail');
    // Staff-only data never: the internal description, staff addresses.
    for (const part of [mail.email.text, mail.email.html, mail.raw.toString('utf8')]) {
      expect(part).not.toContain('INTERNO');
      expect(part).not.toContain('@demo.fluxo');
    }
    // Threaded like the ticket's client emails: the reply address of the ticket, its Message-ID on record.
    expect(mail.header('reply-to')).toMatch(new RegExp(`^<?t\\+[^@]+@${INBOUND_DOMAIN.replace(/\./g, '\\.')}>?$`));
    expect((await store.mail.findMessages([mail.messageId as string])).map((m) => m.ticketId)).toEqual([ticket.ticketId]);
    expect(await promisedRows(ticket)).toMatchObject([{ status: 'sent', messageId: mail.messageId }]);

    await after(3_600_000, w);
    expect(mailbox.received).toHaveLength(1); // told once
  });

  it('a ticket opened with a date tells it too, and answers in the thread of the client’s own email', async () => {
    const ticket = await open({ dueDate: '2025-12-10' });
    await store.mail.recordMessages([
      { messageId: 'pedido-1@paodourado.com.br', direction: 'in', agencyId: demo.agencyId, boardId: demo.boardId, ticketId: ticket.ticketId, from: MARCIA, at: now().toISOString() },
    ]);
    const w = worker();
    await after(GRACE, w);
    const mail = only();
    expect(mail.email.subject).toBe(`Prazo combinado: [${PADARIA}] #${ticket.number} Banner para a campanha de Natal`);
    expect(mail.email.text).toContain('quarta-feira, 10 de dezembro de 2025');
    expect(mail.email.inReplyTo).toBe('<pedido-1@paodourado.com.br>');
    expect(mail.email.references).toContain('pedido-1@paodourado.com.br');
  });

  it('coalesces: 10/12 then 12/12 a minute later is one email with the last date', async () => {
    const ticket = await open();
    const w = worker();
    await promise(ticket, '2025-12-10');
    clock += 60_000;
    await promise(ticket, '2025-12-12');

    await after(GRACE - 60_000, w); // the first row is due: a later one will speak
    expect(mailbox.received).toHaveLength(0);
    await after(60_000, w);
    const mail = only();
    expect(mail.email.subject).toBe(`Prazo combinado: [${PADARIA}] #${ticket.number} Banner para a campanha de Natal`);
    expect(mail.email.text).toContain('sexta-feira, 12 de dezembro de 2025');
    expect(mail.email.text).not.toContain('10 de dezembro');
    expect((await promisedRows(ticket)).map((r) => r.status)).toEqual(['skipped', 'sent']);
    expect(outcomes.map((o) => o.result)).toEqual(['nothing_to_tell', 'sent']);
    expect((await promisedRows(ticket))[0]?.lastError).toBeNull(); // skipped is not an error
  });

  it('two changes within the grace after a date was told: one email, the last date, "antes" the date told', async () => {
    const ticket = await open();
    const w = worker();
    await promise(ticket, '2025-12-10');
    await after(GRACE, w);
    expect(mailbox.received).toHaveLength(1);

    await promise(ticket, '2025-12-11');
    clock += 30_000;
    await promise(ticket, '2025-12-12');
    await after(GRACE - 30_000, w);
    await after(30_000, w);
    expect(mailbox.received).toHaveLength(2);
    const mail = mailbox.received[1] as ReceivedMail;
    expect(mail.email.subject).toBe(`Novo prazo: [${PADARIA}] #${ticket.number} Banner para a campanha de Natal`);
    expect(mail.email.text).toContain('Novo prazo: sexta-feira, 12 de dezembro de 2025.');
    expect(mail.email.text).toContain('Antes: quarta-feira, 10 de dezembro de 2025');
    expect(mail.email.text).not.toContain('11 de dezembro');
    // Same thread as the first: the same reply address.
    expect(mail.header('reply-to')).toBe(mailbox.received[0]?.header('reply-to'));
  });

  it('a change undone within the grace sends nothing: the client already knows the date', async () => {
    const ticket = await open();
    const w = worker();
    await promise(ticket, '2025-12-10');
    await after(GRACE, w);
    expect(mailbox.received).toHaveLength(1);

    await promise(ticket, '2025-12-15');
    clock += 20_000;
    await promise(ticket, '2025-12-10');
    await after(GRACE, w);
    await after(GRACE, w);
    expect(mailbox.received).toHaveLength(1);
    expect((await promisedRows(ticket)).map((r) => r.status)).toEqual(['sent', 'skipped', 'skipped']);
  });

  it('a removed date is said plainly, with the date it replaces', async () => {
    const ticket = await open({ dueDate: '2025-12-05' });
    const w = worker();
    await after(GRACE, w);
    await promise(ticket, null);
    await after(GRACE, w);
    expect(mailbox.received).toHaveLength(2);
    const mail = mailbox.received[1] as ReceivedMail;
    expect(mail.email.subject).toBe(`Prazo retirado: [${PADARIA}] #${ticket.number} Banner para a campanha de Natal`);
    expect(mail.email.text).toContain('está, por enquanto, sem prazo definido');
    expect(mail.email.text).toContain('Antes: sexta-feira, 5 de dezembro de 2025');
  });

  it('sends nothing for a ticket without a client, or whose client has no address', async () => {
    const internal = await open({ clientId: null, dueDate: '2025-12-05' });
    await promise(internal, '2025-12-06');
    const mute = { ...demo.clients.loja, id: newClientId(), name: 'Sem contato', emails: [], domains: [] };
    await store.clients.create(mute);
    const unreachable = await open({ clientId: mute.id, dueDate: '2025-12-05' });
    await promise(unreachable, '2025-12-07');

    expect(await promisedRows(internal)).toEqual([]);
    expect(await promisedRows(unreachable)).toEqual([]);
    await after(GRACE * 2, worker());
    expect(mailbox.received).toHaveLength(0);
  });

  it('a ticket cancelled or archived before the grace ends is not told', async () => {
    const cancelled = await open();
    await promise(cancelled, '2025-12-05');
    await act(demo.users.ana.id, (doc, origin) => setStatus(doc, { ticketId: cancelled.ticketId, status: 'cancelled' }, origin));
    const archived = await open({ dueDate: '2025-12-06' });
    await act(demo.users.ana.id, (doc, origin) => archiveTicket(doc, { ticketId: archived.ticketId }, origin));
    await after(GRACE, worker());
    expect(mailbox.received).toHaveLength(0);
    expect((await promisedRows(cancelled)).map((r) => [r.status, r.lastError])).toEqual([['skipped', null]]);
    expect((await promisedRows(archived)).map((r) => [r.status, r.lastError])).toEqual([['skipped', null]]);
  });

  it('a date changed without a row (its enqueue failed) is caught up: the client is told the live date, once', async () => {
    const ticket = await open();
    await promise(ticket, '2025-12-10');
    // The next change is witnessed by a witness whose enqueue fails: the history is still recorded.
    const lines: string[] = [];
    witness = createWitness({
      store,
      logger: { ...silentLogger, warn: (message) => void lines.push(message) },
      promisedDates: { enqueue: () => Promise.reject(new Error('disk full')) },
    });
    clock += 10_000;
    await promise(ticket, '2025-12-12');
    expect(lines).toEqual(['witness: promised-date emails not enqueued']);
    const history = await store.history.listForBoard(demo.boardId);
    expect(history.filter((e) => e.kind === 'due_date_changed').map((e) => e.kind === 'due_date_changed' && e.to)).toEqual(['2025-12-10', '2025-12-12']);

    const w = worker();
    await after(GRACE, w); // the 10/12 row: the ticket says 12/12 now
    expect(mailbox.received).toHaveLength(0);
    await w.runOnce();
    const mail = only();
    expect(mail.email.text).toContain('sexta-feira, 12 de dezembro de 2025');
    expect((await promisedRows(ticket)).map((r) => [r.status, r.payload.dueDate])).toEqual([
      ['skipped', '2025-12-10'],
      ['sent', '2025-12-12'],
    ]);
    await after(GRACE * 2, w);
    expect(mailbox.received).toHaveLength(1);
  });

  it('carries a timeline link only when the client already follows the board’s timeline', async () => {
    const ticket = await open();
    const w = worker();
    await promise(ticket, '2025-12-05');
    await after(GRACE, w);
    expect(only().email.text).not.toContain('/share/');

    await issueShareLink(
      store,
      { agencyId: demo.agencyId, boardId: demo.boardId, clientId: demo.clients.padaria.id, scope: 'view', createdBy: demo.users.ana.id, origin: null },
      now(),
    );
    await promise(ticket, '2025-12-09');
    await after(GRACE, w);
    const mail = mailbox.received[1] as ReceivedMail;
    expect(mail.email.text).toMatch(new RegExp(`Acompanhe o andamento: ${PUBLIC_URL}/share/[A-Za-z0-9_-]+`));
    expect(mail.email.html).toMatch(/<a href="https:\/\/fluxo\.agencia\.test\/share\/[A-Za-z0-9_-]+">/);
  });

  it('escapes a hostile title in the HTML part and keeps it as typed in the text part', async () => {
    const title = '<img src=x onerror=alert(1)> "Banner" & <script>alert(2)</script>';
    const ticket = await open({ title });
    await promise(ticket, '2025-12-05');
    await after(GRACE, worker());
    const mail = only();
    expect(mail.email.html).not.toMatch(/<img|<script/i);
    expect(mail.email.html).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;Banner&quot; &amp; &lt;script&gt;');
    expect(mail.email.text).toContain(title);
    expect(mail.email.subject).toContain(title);
  });

  it('writes the subject and the date in the email’s language: pt-BR, en, ru', async () => {
    const ticket = await open();
    await promise(ticket, '2025-12-05');
    await after(GRACE, worker());
    // The same news in English and Russian: rows in those languages for other contacts.
    const row = (to: string, locale: 'en' | 'ru'): OutboxRecord => ({
      id: newOutboxId(),
      idempotencyKey: `promised_date:test:${to}`,
      kind: 'promised_date',
      to,
      locale,
      agencyId: demo.agencyId,
      boardId: demo.boardId,
      ticketId: ticket.ticketId,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now().toISOString(),
      lastError: null,
      messageId: null,
      createdAt: now().toISOString(),
      sentAt: null,
      payload: { dueDate: '2025-12-05' },
    });
    const client = demo.clients.padaria;
    await store.clients.update(client.id, { emails: [MARCIA, 'john@paodourado.com.br', 'olga@paodourado.com.br'] });
    await store.outbox.enqueue([row('john@paodourado.com.br', 'en'), row('olga@paodourado.com.br', 'ru')]);
    await worker().runOnce();
    const subjects = Object.fromEntries(mailbox.received.map((m) => [m.envelope.to[0], m.email.subject]));
    const rest = `[${PADARIA}] #${ticket.number} Banner para a campanha de Natal`;
    expect(subjects).toEqual({
      [MARCIA]: `Prazo combinado: ${rest}`,
      'john@paodourado.com.br': `Promised date: ${rest}`,
      'olga@paodourado.com.br': `Согласованный срок: ${rest}`,
    });
    const texts = Object.fromEntries(mailbox.received.map((m) => [m.envelope.to[0], m.email.text ?? '']));
    expect(texts['john@paodourado.com.br']).toContain('is Friday, December 5, 2025.');
    expect(texts['olga@paodourado.com.br']).toContain('пятница, 5 декабря 2025 г.');
  });

  it('groups due rows per recipient and ticket, without waiting the burst window (their grace is their due time)', async () => {
    const first = await open();
    const second = await open();
    await promise(first, '2025-12-05');
    clock += 1_000;
    await promise(first, '2025-12-06');
    await promise(second, '2025-12-07');
    const rows = await store.outbox.list({ limit: 100 });
    const groups = readyGroups(rows, new Date(clock + GRACE), 10 * GRACE);
    expect(groups.map((g) => [g.kind, g.rows.map((r) => r.ticketId)])).toEqual([
      ['promisedDate', [first.ticketId, first.ticketId]],
      ['promisedDate', [second.ticketId]],
    ]);
  });

  it('writes days out the same whatever the time zone', () => {
    expect(humanDate('pt-BR', '2025-12-05')).toBe('sexta-feira, 5 de dezembro de 2025');
    expect(humanDate('en', '2026-01-01')).toBe('Thursday, January 1, 2026');
    expect(humanDate('ru', '2025-02-28')).toBe('пятница, 28 февраля 2025 г.');
    expect(humanDate('pt-BR', 'amanhã')).toBe('amanhã');
  });
});

describe('promised date emails across a restart (lowdb store reopened)', () => {
  async function reopen(harness: StoreHarness): Promise<void> {
    const doc = await boards.doc(demo.boardId);
    await store.boardDocs.replace(demo.boardId, Y.encodeStateAsUpdate(doc));
    await store.close();
    store = await harness.open();
    wire();
  }

  it('enqueued, restarted, sent exactly once; restarted again, nothing repeated, and the next change says "antes"', async () => {
    const harness = await STORE_ADAPTERS.lowdb();
    harnesses.push(harness);
    await store.close();
    store = await harness.open();
    demo = await seedDemo(store, new PasswordHasher(TEST_PASSWORD_PARAMS), { now: new Date(T0) });
    wire();

    const ticket = await open();
    await promise(ticket, '2025-12-10');
    clock += 30_000;
    await promise(ticket, '2025-12-12');
    await reopen(harness); // between enqueue and send

    await after(GRACE, worker());
    expect(mailbox.received).toHaveLength(1);
    expect(mailbox.received[0]?.email.text).toContain('sexta-feira, 12 de dezembro de 2025');

    await reopen(harness); // after the send: nothing is told again
    const w = worker();
    await after(GRACE * 3, w);
    expect(mailbox.received).toHaveLength(1);
    expect(mailbox.deliveriesByMessageId().size).toBe(1);

    await promise(ticket, '2025-12-19');
    await after(GRACE, w);
    expect(mailbox.received).toHaveLength(2);
    expect(mailbox.received[1]?.email.text).toContain('Antes: sexta-feira, 12 de dezembro de 2025');
  });
});
