/**
 * The outbox survives a killed worker: a worker process is SIGKILLed while the SMTP server holds
 * back its answer to the fourth email of a batch; a new worker (after the dead one's lease)
 * sends everything left. Counted by Message-ID at the receiving SMTP server: every email
 * arrives, none twice, and the email caught in flight goes out with the Message-ID the dead
 * worker had recorded for it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createTicket } from '@fluxo/shared/board/index';
import type { TicketId } from '@fluxo/shared/ids';
import { serverOrigin } from '@fluxo/shared/origin';
import { afterEach, expect, it } from 'vitest';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../auth/passwords.js';
import { seedDemo } from '../demo/seedDemo.js';
import { silentLogger } from '../log.js';
import type { OutboxRecord } from '../store/conversationRecords.js';
import { openLowdbStore } from '../store/lowdbStore.js';
import type { Store } from '../store/store.js';
import { MailComposer } from './mailComposer.js';
import { smtpTransport } from './mailTransport.js';
import { OutboxWorker } from './outboxWorker.js';
import { comment } from './testing/mailFixtures.js';
import { memoryBoards } from './testing/memoryBoards.js';
import { type ReceivedMail, startSmtpMailbox } from './testing/smtpMailbox.js';

const here = dirname(fileURLToPath(import.meta.url));
const tsxLoader = pathToFileURL(resolve(here, '../../node_modules/tsx/dist/loader.mjs')).href;
const probe = join(here, 'testing', 'outboxWorker.probe.ts');
const EMAILS = 8;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function prepare(dataDir: string): Promise<OutboxRecord[]> {
  const store = await openLowdbStore(dataDir);
  try {
    let ticketId: TicketId | null = null;
    const demo = await seedDemo(store, new PasswordHasher(TEST_PASSWORD_PARAMS), {
      fillBoard: (doc, seed) => {
        ticketId = createTicket(doc, { title: 'Landing page do produto novo', channel: 'email', clientId: seed.clients.loja.id }, serverOrigin('seed'));
      },
    });
    if (ticketId === null) throw new Error('no ticket');
    const ticket = { agencyId: demo.agencyId, boardId: demo.boardId, ticketId };
    const rows: OutboxRecord[] = [];
    for (let i = 0; i < EMAILS; i++) {
      const { row } = await comment(store, ticket, {
        author: demo.users.dora,
        body: `Atualização ${i}`,
        visibility: 'client',
        to: `pessoa${i}@verdemoda.com.br`,
        at: new Date(Date.now() - 1_000 + i),
      });
      rows.push(row as OutboxRecord);
    }
    return rows;
  } finally {
    await store.close();
  }
}

function startProbe(dataDir: string, smtpUrl: string): { child: ChildProcess; exited: Promise<unknown>; started: Promise<void> } {
  const child = spawn(process.execPath, ['--import', tsxLoader, probe, dataDir, smtpUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((done) => child.once('exit', done));
  const started = new Promise<void>((done, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('started')) done();
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => fail(new Error(`the worker process exited: ${output}`)));
  });
  return { child, exited, started };
}

it('a worker killed mid-batch loses nothing, and nothing is sent twice', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'fluxo-outbox-crash-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const rows = await prepare(dataDir);
  const mailbox = await startSmtpMailbox();
  cleanups.push(() => mailbox.close());

  const { child, exited, started } = startProbe(dataDir, mailbox.url);
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  let inFlight: ReceivedMail | null = null;
  mailbox.beforeAccept = (mail) => {
    if (mailbox.received.length < 3) return;
    inFlight = mail;
    child.kill('SIGKILL'); // dies before the `250` of its fourth email
    return new Promise<void>(() => undefined);
  };
  await started.catch(() => undefined);
  await exited;
  expect(child.signalCode).toBe('SIGKILL');
  expect(mailbox.received).toHaveLength(3);
  const caught = inFlight as ReceivedMail | null;
  expect(caught?.messageId).toMatch(/^fluxo\.[0-9A-Za-z]{16}@agencia\.test$/);

  // A new process takes the data dir over (the dead one's lock is stale) and a new worker runs.
  mailbox.beforeAccept = null;
  const store: Store = await openLowdbStore(dataDir);
  cleanups.push(() => store.close());
  const states = await Promise.all(rows.map(async (r) => (await store.outbox.get(r.id)) as OutboxRecord));
  expect(states.filter((r) => r.status === 'sent')).toHaveLength(3);
  const held = states.filter((r) => r.status === 'sending');
  expect(held.map((r) => r.messageId)).toEqual([caught?.messageId]);

  const transport = smtpTransport(mailbox.url);
  cleanups.push(async () => transport.close());
  const afterLease = () => new Date(Date.now() + 61_000);
  const worker = new OutboxWorker({
    store,
    composer: new MailComposer({
      store,
      boards: memoryBoards(store),
      publicUrl: 'https://fluxo.agencia.test',
      mailFrom: 'Agência <contato@agencia.test>',
      inboundDomain: null,
      timelineLinks: async () => null,
      now: afterLease,
    }),
    transport,
    messageIdDomain: 'agencia.test',
    logger: silentLogger,
    now: afterLease,
    windowMs: 0,
  });
  await worker.runOnce();

  const deliveries = mailbox.deliveriesByMessageId();
  expect(deliveries.size).toBe(EMAILS);
  expect([...deliveries.values()].every((count) => count === 1)).toBe(true);
  expect(deliveries.get(caught?.messageId ?? '')).toBe(1);
  const final = await Promise.all(rows.map(async (r) => (await store.outbox.get(r.id)) as OutboxRecord));
  expect(final.every((r) => r.status === 'sent')).toBe(true);
  expect(new Set(final.map((r) => r.messageId))).toEqual(new Set(deliveries.keys()));
  const recipients = mailbox.received.map((m) => m.envelope.to[0]).sort();
  expect(recipients).toEqual(rows.map((r) => r.to).sort());
});
