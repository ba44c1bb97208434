/**
 * The outbox worker against a real SMTP server in this process (`testing/smtpMailbox.ts`):
 * retries, permanent refusals, bursts collapsed, what a client may see, a stopped worker and a
 * worker overtaken after its lease, unsubscribe, and mail waiting without `SMTP_URL`.
 */
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../auth/passwords.js';
import { parseConfig } from '../config.js';
import { type DemoSeed, seedDemo } from '../demo/seedDemo.js';
import { createConversation } from '../conversation/conversation.js';
import { createServer } from '../http.js';
import { silentLogger } from '../log.js';
import type { OutboxId, OutboxRecord } from '../store/conversationRecords.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { Store, TicketRef } from '../store/store.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { conversationInbound } from './conversationInbound.js';
import { MailComposer } from './mailComposer.js';
import { startMail } from './mailService.js';
import { type MailTransport, smtpTransport } from './mailTransport.js';
import { OutboxWorker, type OutboxWorkerOptions, backoffMs } from './outboxWorker.js';
import { comment, notification, seedTicket } from './testing/mailFixtures.js';
import { type MemoryBoards, memoryBoards } from './testing/memoryBoards.js';
import { type SmtpMailbox, startSmtpMailbox } from './testing/smtpMailbox.js';
import { createUnsubscribeHandler } from './unsubscribePage.js';

const PUBLIC_URL = 'https://fluxo.agencia.test';
const T0 = Date.parse('2025-03-10T12:00:00.000Z');
const MARCIA = 'marcia@paodourado.com.br';

let store: Store;
let demo: DemoSeed;
let boards: MemoryBoards;
let mailbox: SmtpMailbox;
let clock: number;
const workers: OutboxWorker[] = [];
const transports: MailTransport[] = [];

beforeEach(async () => {
  store = createMemoryStore();
  demo = await seedDemo(store, new PasswordHasher(TEST_PASSWORD_PARAMS), { now: new Date(T0) });
  boards = memoryBoards(store);
  mailbox = await startSmtpMailbox();
  clock = T0;
});

afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
  for (const t of transports.splice(0)) t.close();
  await mailbox.close();
  await store.close();
});

const now = () => new Date(clock);
const board = () => ({ agencyId: demo.agencyId, boardId: demo.boardId });

function worker(options: Partial<OutboxWorkerOptions> = {}): OutboxWorker {
  const transport = smtpTransport(mailbox.url);
  transports.push(transport);
  const composer = new MailComposer({
    store,
    boards,
    publicUrl: PUBLIC_URL,
    mailFrom: 'Agência Ponto Criativo <contato@agencia.test>',
    inboundDomain: null,
    timelineLinks: async () => null,
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
    retry: { baseMs: 1_000, maxMs: 60_000, maxAttempts: 5 },
    ...options,
  });
  workers.push(w);
  return w;
}

async function row(id: OutboxId): Promise<OutboxRecord> {
  const found = await store.outbox.get(id);
  if (!found) throw new Error('row vanished');
  return found;
}

async function padariaTicket(): Promise<TicketRef & { number: number }> {
  return seedTicket(store, boards, board(), {
    title: 'Banner para a campanha de desconto',
    clientId: demo.clients.padaria.id,
    summary: 'Banner 1200×400 para a home, com o desconto de 20%.',
    description: 'INTERNO: margem de 40%, usar fornecedor B.',
  });
}

describe('outbox worker', () => {
  it('retries after the SMTP server refuses, then sends the email once, with the same Message-ID', async () => {
    const ticket = await padariaTicket();
    const { row: enqueued } = await comment(store, ticket, {
      author: demo.users.ana,
      body: 'Olá Márcia, segue o primeiro layout.',
      visibility: 'client',
      to: MARCIA,
      at: now(),
    });
    const id = (enqueued as OutboxRecord).id;
    mailbox.refuseNext(2, 451);
    const w = worker();

    await w.runOnce();
    const first = await row(id);
    expect(first).toMatchObject({ status: 'pending', attempts: 1, sentAt: null });
    expect(first.lastError).toContain('451');
    expect(first.messageId).toBe(`fluxo.${id}@agencia.test`);
    expect(Date.parse(first.nextAttemptAt ?? '')).toBeGreaterThan(clock);

    await w.runOnce(); // not due yet: nothing is tried
    expect((await row(id)).attempts).toBe(1);

    clock += 60_000;
    await w.runOnce();
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 2, messageId: first.messageId });

    clock += 60_000;
    await w.runOnce();
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 3, lastError: null, messageId: first.messageId });
    expect(mailbox.received).toHaveLength(1);
    const mail = mailbox.received[0];
    expect(mail?.messageId).toBe(first.messageId);
    expect(mail?.envelope.to).toEqual([MARCIA]);
    expect(mail?.email.subject).toBe(`[Padaria Pão Dourado] #${ticket.number} Banner para a campanha de desconto`);
    expect(mail?.email.text).toContain('segue o primeiro layout');
    expect(mail?.email.text).toContain('Banner 1200×400');
    expect(mail?.email.text).not.toContain('INTERNO');
    expect(mail?.email.html).not.toContain('INTERNO');

    clock += 3_600_000;
    await w.runOnce();
    expect(mailbox.received).toHaveLength(1);
  });

  it('gives up at once on a permanent refusal, and after the last attempt on temporary ones', async () => {
    const ticket = await padariaTicket();
    const a = (await comment(store, ticket, { author: demo.users.ana, body: 'Um', visibility: 'client', to: MARCIA, at: now() })).row as OutboxRecord;
    mailbox.refuseNext(1, 550);
    const w = worker({ retry: { baseMs: 1_000, maxMs: 1_000, maxAttempts: 2 } });
    await w.runOnce();
    expect(await row(a.id)).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null });
    expect((await row(a.id)).lastError).toContain('550');

    const b = (await comment(store, ticket, { author: demo.users.ana, body: 'Dois', visibility: 'client', to: 'outra@paodourado.com.br', at: now() })).row as OutboxRecord;
    mailbox.refuseNext(5, 421);
    await w.runOnce();
    clock += 2_000;
    await w.runOnce();
    expect(await row(b.id)).toMatchObject({ status: 'failed', attempts: 2 });
    clock += 60_000;
    await w.runOnce();
    expect(mailbox.received).toHaveLength(0);
  });

  it('backs off exponentially, capped, with jitter', () => {
    const policy = { baseMs: 1_000, maxMs: 10_000, maxAttempts: 8 };
    expect(backoffMs(policy, 1, () => 0.5)).toBe(1_000);
    expect(backoffMs(policy, 3, () => 0.5)).toBe(4_000);
    expect(backoffMs(policy, 10, () => 0.5)).toBe(10_000);
    expect(backoffMs(policy, 3, () => 0)).toBe(3_200);
    expect(backoffMs(policy, 3, () => 1)).toBe(4_800);
  });

  it('collapses a burst on one ticket into one email per recipient, after the window', async () => {
    const t1 = await padariaTicket();
    const t2 = await seedTicket(store, boards, board(), { title: 'Post de Páscoa', clientId: demo.clients.padaria.id });
    const ana = demo.users.ana;
    for (const [offset, body] of [
      [0, 'Primeira mensagem'],
      [10_000, 'Segunda mensagem'],
      [30_000, 'Terceira mensagem'],
    ] as const) {
      await comment(store, t1, { author: demo.users.dora, body, visibility: 'client', to: MARCIA, at: new Date(T0 + offset) });
    }
    await comment(store, t2, { author: ana, body: 'Sobre a Páscoa', visibility: 'client', to: MARCIA, at: new Date(T0) });
    await notification(store, t1, { to: ana, kind: 'mentioned', actor: { id: demo.users.paulo.id, name: 'Paulo' }, excerpt: '<@x> veja', at: new Date(T0) });
    await notification(store, t1, { to: ana, kind: 'assigned', actor: { id: demo.users.paulo.id, name: 'Paulo' }, at: new Date(T0 + 5_000) });

    const w = worker({ windowMs: 120_000 });
    clock = T0 + 60_000;
    await w.runOnce();
    expect(mailbox.received).toHaveLength(0);

    clock = T0 + 121_000;
    await w.runOnce();
    expect(mailbox.received).toHaveLength(3);
    const toMarcia = mailbox.received.filter((m) => m.envelope.to[0] === MARCIA);
    expect(toMarcia).toHaveLength(2);
    const burst = toMarcia.find((m) => m.email.subject?.includes('Banner'));
    for (const body of ['Primeira mensagem', 'Segunda mensagem', 'Terceira mensagem']) expect(burst?.email.text).toContain(body);
    expect(burst?.email.text).toContain('Há 3 novas mensagens');
    const toAna = mailbox.received.find((m) => m.envelope.to[0] === ana.email);
    expect(toAna?.email.text).toContain('Paulo mencionou você.');
    expect(toAna?.email.text).toContain('Paulo atribuiu o ticket a você.');
    expect(toAna?.email.text).toContain(`${PUBLIC_URL}/boards/${t1.boardId}?ticket=${t1.ticketId}`);
    expect(toAna?.header('auto-submitted')).toBe('auto-generated');

    // A later comment is the next burst: its own email, a new Message-ID.
    await comment(store, t1, { author: ana, body: 'Quarta mensagem', visibility: 'client', to: MARCIA, at: new Date(T0 + 200_000) });
    clock = T0 + 330_000;
    await w.runOnce();
    expect(mailbox.received).toHaveLength(4);
    expect(mailbox.received[3]?.email.text).toContain('Quarta mensagem');
    expect(mailbox.received[3]?.email.text).not.toContain('Primeira mensagem');
    expect(new Set(mailbox.received.map((m) => m.messageId)).size).toBe(4);
  });

  it('gathers digest notifications of several tickets into one email', async () => {
    const t1 = await padariaTicket();
    const t2 = await seedTicket(store, boards, board(), { title: 'Site da clínica', clientId: demo.clients.clinica.id });
    const actor = { id: demo.users.paulo.id, name: 'Paulo' };
    await notification(store, t1, { to: demo.users.ana, kind: 'due_soon', actor, delivery: 'digest', at: now() });
    await notification(store, t2, { to: demo.users.ana, kind: 'overdue', actor, delivery: 'digest', at: now() });
    await worker({ windowMs: 120_000 }).runOnce();
    expect(mailbox.received).toHaveLength(1);
    const digest = mailbox.received[0];
    expect(digest?.email.subject).toBe('Fluxo: 2 novidades nos seus tickets');
    expect(digest?.email.text).toContain(`[Padaria Pão Dourado] #${t1.number} Banner`);
    expect(digest?.email.text).toContain(`[Clínica Sorriso] #${t2.number} Site da clínica`);
    expect(digest?.email.text).toContain('O prazo deste ticket venceu.');
  });

  it('never sends a client what only the staff may see', async () => {
    const ticket = await padariaTicket();
    const ana = demo.users.ana;
    // A row that (wrongly, or before an edit) points at an internal note, next to a client comment.
    const internal = await comment(store, ticket, { author: ana, body: 'NOTA INTERNA: cliente atrasa pagamentos', visibility: 'internal', to: MARCIA, at: now() });
    await comment(store, ticket, { author: ana, body: 'Segue a prova final.', visibility: 'client', to: MARCIA, at: now() });
    // Only an internal note for this address: nothing goes.
    const alone = await comment(store, ticket, { author: ana, body: 'OUTRA NOTA INTERNA', visibility: 'internal', to: 'financeiro@paodourado.com.br', at: now() });

    await worker().runOnce();
    expect(mailbox.received).toHaveLength(1);
    const mail = mailbox.received[0];
    expect(mail?.email.text).toContain('Segue a prova final.');
    for (const part of [mail?.email.text, mail?.email.html, mail?.raw.toString('utf8')]) {
      expect(part).not.toContain('NOTA INTERNA');
      expect(part).not.toContain('INTERNO');
    }
    expect(await row((internal.row as OutboxRecord).id)).toMatchObject({ status: 'sent' }); // carried in that email, without its text
    const dropped = await row((alone.row as OutboxRecord).id);
    expect(dropped.status).toBe('failed');
    expect(dropped.lastError).toContain('no client-visible comment');
  });

  it('escapes what people wrote: the HTML part carries no markup of theirs', async () => {
    const ticket = await seedTicket(store, boards, board(), {
      title: '<img src=x onerror=alert(1)> Banner',
      clientId: demo.clients.padaria.id,
      summary: '<script>alert("summary")</script>',
    });
    await comment(store, ticket, { author: demo.users.ana, body: '<a href="javascript:alert(1)">clique</a> & <b>', visibility: 'client', to: MARCIA, at: now() });
    await worker().runOnce();
    const html = mailbox.received[0]?.email.html ?? '';
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; Banner');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('&lt;a href=&quot;javascript:alert(1)&quot;&gt;clique&lt;/a&gt; &amp; &lt;b&gt;');
    expect(html).not.toMatch(/<script|<img|<a href="javascript/i);
  });

  it('a stopped worker loses nothing and sends nothing twice; the next one finishes the batch', async () => {
    const ticket = await padariaTicket();
    const rows: OutboxRecord[] = [];
    for (let i = 0; i < 8; i++) {
      const { row: r } = await comment(store, ticket, {
        author: demo.users.ana,
        body: `Mensagem ${i}`,
        visibility: 'client',
        to: `pessoa${i}@paodourado.com.br`,
        at: new Date(T0 - 8 + i),
      });
      rows.push(r as OutboxRecord);
    }
    const first = worker();
    mailbox.beforeAccept = () => {
      if (mailbox.received.length === 2) void first.stop(); // the third email is in flight: it finishes
    };
    await first.runOnce();
    await first.stop();
    expect(mailbox.received).toHaveLength(3);
    const states = await Promise.all(rows.map((r) => row(r.id)));
    expect(states.filter((r) => r.status === 'sent')).toHaveLength(3);
    expect(states.filter((r) => r.status === 'pending' && r.attempts === 0)).toHaveLength(5);
    expect(states.some((r) => r.status === 'sending')).toBe(false);

    mailbox.beforeAccept = null;
    await worker().runOnce();
    const deliveries = mailbox.deliveriesByMessageId();
    expect(deliveries.size).toBe(8);
    expect([...deliveries.values()].every((n) => n === 1)).toBe(true);
    const final = await Promise.all(rows.map((r) => row(r.id)));
    expect(final.map((r) => r.status)).toEqual(Array(8).fill('sent'));
    expect(new Set(final.map((r) => r.messageId))).toEqual(new Set(deliveries.keys()));
  });

  it('a worker stuck mid-send is overtaken once its lease ends, with the same Message-ID, and cannot undo it', async () => {
    const ticket = await padariaTicket();
    const enqueued = (await comment(store, ticket, { author: demo.users.ana, body: 'Olá', visibility: 'client', to: MARCIA, at: now() })).row as OutboxRecord;
    let failStuck: (reason: Error) => void = () => undefined;
    const reachedServer = new Promise<void>((entered) => {
      mailbox.beforeAccept = () =>
        new Promise<void>((_resolve, reject) => {
          failStuck = reject;
          entered();
        });
    });
    const stuck = worker({ leaseMs: 60_000 });
    const stuckRun = stuck.runOnce();
    await reachedServer; // the message is on the wire, its `250` withheld
    const claimed = await row(enqueued.id);
    expect(claimed.status).toBe('sending');
    expect(claimed.messageId).toBe(`fluxo.${enqueued.id}@agencia.test`);

    mailbox.beforeAccept = null;
    await worker().runOnce(); // the lease has not ended: hands off
    expect(mailbox.received).toHaveLength(0);

    clock += 61_000;
    await worker().runOnce();
    expect(mailbox.received.map((m) => m.messageId)).toEqual([claimed.messageId]);
    expect(await row(enqueued.id)).toMatchObject({ status: 'sent', attempts: 2 });

    failStuck(new Error('connection lost')); // the stuck send fails late: its release changes nothing
    await stuckRun;
    expect(await row(enqueued.id)).toMatchObject({ status: 'sent', messageId: claimed.messageId });
    expect(mailbox.deliveriesByMessageId().get(claimed.messageId ?? '')).toBe(1);
  });

  it('offers one-click unsubscribe, and sends nothing more to whoever used it', async () => {
    const ticket = await padariaTicket();
    await comment(store, ticket, { author: demo.users.ana, body: 'Primeira', visibility: 'client', to: MARCIA, at: now() });
    const w = worker();
    await w.runOnce();
    const mail = mailbox.received[0];
    expect(mail?.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const link = /^<(https:\/\/fluxo\.agencia\.test\/unsubscribe\/([0-9A-Za-z]{32}))>$/.exec(mail?.header('list-unsubscribe') ?? '');
    expect(link).not.toBeNull();
    const token = link?.[2] ?? '';
    expect(mail?.email.text).toContain(link?.[1]);

    const config = parseConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', PUBLIC_URL }, { cwd: '/tmp' });
    const server = createServer(config, store, {
      logger: silentLogger,
      passwords: new PasswordHasher(TEST_PASSWORD_PARAMS),
      unsubscribe: createUnsubscribeHandler({ store, now }),
    });
    const { port } = await server.listen();
    try {
      const url = `http://127.0.0.1:${port}/unsubscribe/${token}`;
      const page = await fetch(url, { headers: { 'Accept-Language': 'en' } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Stop sending emails from Agência Ponto Criativo to marcia@paodourado.com.br?');
      expect(html).toContain('<form method="post">');
      expect(await store.mail.isUnsubscribed(demo.agencyId, MARCIA)).toBe(false); // a GET changes nothing

      const oneClick = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(oneClick.status).toBe(200);
      expect(await oneClick.text()).toContain('não receberá mais e-mails de Agência Ponto Criativo');
      expect(await store.mail.isUnsubscribed(demo.agencyId, MARCIA)).toBe(true);

      expect((await fetch(`http://127.0.0.1:${port}/unsubscribe/${'x'.repeat(32)}`, { method: 'POST' })).status).toBe(404);
    } finally {
      await server.close();
    }

    const later = (await comment(store, ticket, { author: demo.users.ana, body: 'Segunda', visibility: 'client', to: MARCIA, at: now() })).row as OutboxRecord;
    await w.runOnce();
    expect(mailbox.received).toHaveLength(1);
    expect(await row(later.id)).toMatchObject({ status: 'failed', lastError: 'not sent: the recipient unsubscribed' });
  });

  it('takes its burst window from MAIL_BURST_WINDOW_SECONDS', async () => {
    const ticket = await padariaTicket();
    await comment(store, ticket, { author: demo.users.ana, body: 'Olá', visibility: 'client', to: MARCIA, at: now() });
    const config = parseConfig(
      { NODE_ENV: 'test', PORT: '0', PUBLIC_URL, SMTP_URL: mailbox.url, MAIL_BURST_WINDOW_SECONDS: '30' },
      { cwd: '/tmp' },
    );
    const conversation = conversationInbound(createConversation({ store }));
    const mail = await startMail({ config, store, boards, logger: silentLogger, now, conversation, worker: { pollIntervalMs: 3_600_000 } });
    try {
      const w = mail.worker as OutboxWorker;
      await w.runOnce();
      clock = T0 + 29_000;
      await w.runOnce();
      expect(mailbox.received).toHaveLength(0);
      clock = T0 + 31_000;
      await w.runOnce();
      expect(mailbox.received).toHaveLength(1);
    } finally {
      await mail.close();
    }
  });

  it('without SMTP_URL, mail waits in the outbox', async () => {
    const ticket = await padariaTicket();
    const enqueued = (await comment(store, ticket, { author: demo.users.ana, body: 'Olá', visibility: 'client', to: MARCIA, at: now() })).row as OutboxRecord;
    const config = parseConfig({ NODE_ENV: 'test', PORT: '0', PUBLIC_URL }, { cwd: '/tmp' });
    const conversation = conversationInbound(createConversation({ store }));
    const mail = await startMail({ config, store, boards, logger: silentLogger, now, conversation });
    try {
      expect(mail.worker).toBeNull();
      expect(mail.inbound).toBeNull();
      mail.wake();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await row(enqueued.id)).toMatchObject({ status: 'pending', attempts: 0 });
      expect(mailbox.received).toHaveLength(0);
    } finally {
      await mail.close();
    }
  });
});
