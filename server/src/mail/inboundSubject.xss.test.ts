// @vitest-environment jsdom
/**
 * An email's subject becomes a ticket's title, and that title goes back out in the answer to the
 * sender — the path where a stranger's words reach the board and a mail header. Every payload of
 * the XSS corpus (`@fluxo/shared/testing/xssCorpus`) as the subject of an email to the intake
 * address, built by nodemailer and read by the real `InboundMail`:
 * - the ticket's title is one line, at most 200 characters, holding the subject's words as a
 *   mail client reads them (encoded words decoded, nothing else decoded or escaped);
 * - the answer (`ticket_received`, composed by the real `MailComposer`) has a one-line subject
 *   naming the title, nodemailer builds it with the baseline's headers and no other, and its
 *   HTML part passes the plain-text checker (`@fluxo/shared/testing/inertText`) against the
 *   answer to an email whose subject was a marker.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TITLE_MAX_LENGTH, readTicket } from '@fluxo/shared/board/index';
import type { TicketId } from '@fluxo/shared/ids';
import { type DomRoot, type SurfaceShape, inertTextViolations, surfaceShape } from '@fluxo/shared/testing/inertText';
import { XSS_PAYLOADS } from '@fluxo/shared/testing/xssCorpus';
import nodemailer from 'nodemailer';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../auth/passwords.js';
import { type DemoSeed, seedDemo } from '../demo/seedDemo.js';
import { silentLogger } from '../log.js';
import type { OutboxRecord } from '../store/conversationRecords.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { Store } from '../store/store.js';
import { AttachmentFiles } from './attachmentFiles.js';
import { InboundMail, type InboundConversation, soleAgencyIntake } from './inboundMail.js';
import { MailComposer } from './mailComposer.js';
import type { OutgoingMail } from './mailTransport.js';
import { type MemoryBoards, memoryBoards } from './testing/memoryBoards.js';

const DOMAIN = 'inbox.agencia.test';
const INTAKE = `atendimento@${DOMAIN}`;
const SENDER = 'marcia@paodourado.com.br';
const MARKER = 'marcador';

let store: Store;
let demo: DemoSeed;
let boards: MemoryBoards;
let inbound: InboundMail;
let composer: MailComposer;
let dataDir: string;
/** Titles the conversation heard of (`new_ticket_by_email`), in order. */
const opened: string[] = [];

const conversation: InboundConversation = {
  addClientReply: async () => null,
  ticketOpened: async (ticket) => {
    opened.push(ticket.title);
  },
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fluxo-inbound-xss-'));
  store = createMemoryStore();
  demo = await seedDemo(store, new PasswordHasher(TEST_PASSWORD_PARAMS));
  boards = memoryBoards(store);
  inbound = new InboundMail({
    store,
    boards,
    conversation,
    files: new AttachmentFiles(dataDir),
    inboundDomain: DOMAIN,
    ownAddresses: ['contato@agencia.test'],
    intake: soleAgencyIntake(store),
    logger: silentLogger,
  });
  composer = new MailComposer({
    store,
    boards,
    publicUrl: 'https://fluxo.agencia.test',
    mailFrom: 'Agência Ponto Criativo <contato@agencia.test>',
    inboundDomain: DOMAIN,
    timelineLinks: async () => 'https://fluxo.agencia.test/share/tok',
    now: () => new Date(),
  });
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const mailer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

async function raw(options: { subject: string; messageId: string }): Promise<Buffer> {
  const info = await mailer.sendMail({ from: `Márcia <${SENDER}>`, to: INTAKE, subject: options.subject, text: 'Olá, equipe.', messageId: `<${options.messageId}>` });
  return info.message as Buffer;
}

/** The raw answer, built by nodemailer from what the composer made (the options `smtpTransport` passes). */
async function rawAnswer(mail: OutgoingMail): Promise<string> {
  const info = await mailer.sendMail({
    from: mail.from,
    to: mail.to,
    ...(mail.replyTo === null ? {} : { replyTo: mail.replyTo }),
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: `<${mail.messageId}>`,
    headers: { ...mail.headers },
  });
  return (info.message as Buffer).toString('utf8');
}

function headerNames(message: string): string[] {
  const head = message.split(/\r?\n\r?\n/)[0] ?? '';
  return head
    .split(/\r?\n/)
    .filter((line) => /^[^\s:]+:/.test(line))
    .map((line) => line.slice(0, line.indexOf(':')).toLowerCase())
    .sort();
}

function parseHtml(html: string): DomRoot {
  const Parser = (globalThis as unknown as { DOMParser: new () => { parseFromString(html: string, type: 'text/html'): { documentElement: DomRoot } } }).DOMParser;
  return new Parser().parseFromString(html, 'text/html').documentElement;
}

const words = (text: string) => text.split(/\s+/).filter((word) => word !== '');

/** Receives an email with `subject`; the ticket it opened and the answer composed for the sender. */
async function receive(subject: string, index: number): Promise<{ title: string; decoded: string; answer: OutgoingMail }> {
  const message = await raw({ subject, messageId: `xss-${index}@paodourado.com.br` });
  // The subject as any mail client reads it (encoded words decoded).
  const decoded = (await PostalMime.parse(message)).subject ?? '';
  const outcome = await inbound.deliver(message, {
    mailFrom: SENDER,
    rcptTo: [INTAKE],
    remoteAddress: '127.0.0.1',
  });
  if (outcome.kind !== 'ticket') throw new Error(`${JSON.stringify(subject)}: ${outcome.kind}`);
  const doc = await boards.doc(demo.boardId);
  const title = readTicket(doc, outcome.ticket.ticketId as TicketId)?.title;
  if (title === undefined) throw new Error('no ticket');
  const row = (await store.outbox.list()).find(
    (r: OutboxRecord) => r.kind === 'ticket_received' && r.ticketId === outcome.ticket.ticketId,
  );
  if (row === undefined) throw new Error('no answer');
  const composed = await composer.compose({ key: row.id, kind: 'ticketReceived', rows: [row], messageIdSeed: `answer-${index}@fluxo.test` }, `answer-${index}@fluxo.test`);
  if (!('mail' in composed)) throw new Error(`answer dropped: ${composed.drop}`);
  return { title, decoded, answer: composed.mail };
}

describe('an email subject as a ticket title, and back out in the answer', () => {
  it('stays one line of text in the title, the answer’s subject, its headers and its HTML', async () => {
    const marker = await receive(MARKER, -1);
    expect(marker.title).toBe(MARKER);
    const baselineHtml: SurfaceShape = surfaceShape(parseHtml(marker.answer.html));
    const baselineHeaders = headerNames(await rawAnswer(marker.answer));

    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      const shown = JSON.stringify(payload);
      const { title, decoded, answer } = await receive(payload, i);
      // The title: one line, the words of the subject as sent (as many as 200 characters hold).
      expect(title, shown).not.toMatch(/[\r\n\u2028\u2029]/);
      expect(title.length, shown).toBeLessThanOrEqual(TITLE_MAX_LENGTH);
      const expected = words(decoded).join(' ').slice(0, TITLE_MAX_LENGTH).trim();
      expect(words(title).join(' '), shown).toBe(words(expected).join(' '));
      expect(opened.at(-1), shown).toBe(title);

      // The answer: a one-line subject naming the title, built into the baseline's headers only.
      expect(answer.subject, shown).not.toMatch(/[\r\n\u2028\u2029]/);
      for (const word of words(title)) expect(answer.subject.length === 250 || answer.subject.includes(word), shown).toBe(true);
      const message = await rawAnswer(answer);
      expect(headerNames(message), shown).toEqual(baselineHeaders);
      const parsed = await PostalMime.parse(message);
      expect(parsed.subject, shown).toBe(answer.subject);
      expect(parsed.to?.map((to) => to.address), shown).toEqual([SENDER]);
      expect(parsed.bcc, shown).toBeUndefined();
      expect(inertTextViolations(baselineHtml, parseHtml(answer.html)), shown).toEqual([]);
    }
  }, 60_000);
});
