/**
 * Inbound mail end to end, with real SMTP both ways: nodemailer sends to the listener
 * (`INBOUND_SMTP_PORT`), the ticket appears on a stock y-websocket client connected to the real
 * sync server, and the answer reaches an in-process SMTP mailbox (`SMTP_URL`).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Ticket, readBoard, setStatus } from '@fluxo/shared/board/index';
import { userOrigin } from '@fluxo/shared/origin';
import nodemailer, { type NodemailerError, type SendMailOptions } from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import { type Conversation, createConversation } from '../conversation/conversation.js';
import { liveTicketDirectory } from '../conversation/ticketDirectory.js';
import { readClientTimeline } from '../share/clientTimeline.js';
import { resolveShareLink } from '../share/shareLinks.js';
import { silentLogger } from '../log.js';
import { type SyncHarness, type TestProvider, startSyncHarness, waitFor } from '../sync/testing/syncHarness.js';
import { ATTACHMENTS_DIR_NAME } from './attachmentFiles.js';
import { clientCommentOutbox } from './clientCommentOutbox.js';
import { conversationInbound } from './conversationInbound.js';
import { MAX_INBOUND_MESSAGE_BYTES } from './inboundSmtpServer.js';
import { type MailService, startMail } from './mailService.js';
import { type SmtpMailbox, startSmtpMailbox } from './testing/smtpMailbox.js';

const DOMAIN = 'inbox.agencia.test';
const INTAKE = `atendimento@${DOMAIN}`;
const MARCIA = 'Márcia Souza <marcia@paodourado.com.br>';
const MAX_BYTES = 256 * 1024;

let harness: SyncHarness;
let mailbox: SmtpMailbox;
let mail: MailService;
let conversation: Conversation;
let dataDir: string;
let board: TestProvider;
let sent = 0;

beforeEach(async () => {
  harness = await startSyncHarness();
  mailbox = await startSmtpMailbox();
  dataDir = await mkdtemp(join(tmpdir(), 'fluxo-inbound-'));
  const config = parseConfig(
    {
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      PUBLIC_URL: 'https://fluxo.agencia.test',
      SMTP_URL: mailbox.url,
      MAIL_FROM: 'Agência Ponto Criativo <contato@agencia.test>',
      INBOUND_SMTP_PORT: '0',
      INBOUND_DOMAIN: DOMAIN,
    },
    { cwd: dataDir },
  );
  conversation = createConversation({
    store: harness.store,
    tickets: liveTicketDirectory(harness.sync),
    commentOutbox: clientCommentOutbox(harness.store),
  });
  mail = await startMail({
    config,
    store: harness.store,
    boards: harness.sync,
    logger: silentLogger,
    conversation: conversationInbound(conversation),
    worker: { pollIntervalMs: 10, windowMs: 0 },
    inbound: { maxBytes: MAX_BYTES },
  });
  board = await harness.provider(harness.demo.users.ana);
  await waitFor(() => board.provider.synced, 'the board to sync');
});

afterEach(async () => {
  await mail.close();
  await harness.stop();
  await mailbox.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Sends one email to the listener; resolves with its Message-ID once the listener said 250. */
async function send(message: SendMailOptions): Promise<string> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: mail.inboundPort ?? 0, secure: false, ignoreTLS: true });
  try {
    const messageId = message.messageId ?? `<cliente.${++sent}.${Date.now()}@paodourado.com.br>`;
    await transport.sendMail({ from: MARCIA, to: INTAKE, ...message, messageId });
    return messageId.replace(/^<|>$/g, '');
  } finally {
    transport.close();
  }
}

async function refusal(message: SendMailOptions): Promise<NodemailerError> {
  try {
    await send(message);
  } catch (error) {
    return error as NodemailerError;
  }
  throw new Error('the listener accepted the message');
}

/** What reached an address (the answers; staff notifications go to their own addresses). */
function mailTo(address: string) {
  return mailbox.received.filter((m) => m.envelope.to.includes(address));
}

async function firstMailTo(address: string) {
  await waitFor(() => mailTo(address).length > 0, `mail to ${address}`);
  return mailTo(address)[0];
}

function liveTickets(): Ticket[] {
  return readBoard(board.doc).tickets;
}

async function liveTicket(title: string): Promise<Ticket> {
  await waitFor(() => liveTickets().some((t) => t.title === title && t.number !== null), `"${title}" on the board`);
  return liveTickets().find((t) => t.title === title) as Ticket;
}

describe('inbound mail', () => {
  it("opens a numbered ticket in Triagem, live on the board, keeps the attachment, and answers the client at once", async () => {
    const messageId = await send({
      subject: 'Preciso de um banner no site para a campanha de desconto',
      text: 'Olá! Precisamos de um banner para a campanha de 20% de desconto.\n\nAbraços,\nMárcia',
      attachments: [{ filename: 'briefing.pdf', content: Buffer.from('%PDF-1.4 briefing'), contentType: 'application/pdf' }],
    });
    const ticket = await liveTicket('Preciso de um banner no site para a campanha de desconto');
    const { padaria } = harness.demo.clients;
    expect(ticket).toMatchObject({ stage: 'triage', status: 'open', channel: 'email', clientId: padaria.id, createdBy: null });
    expect(ticket.description).toContain('Enviado por e-mail por Márcia Souza <marcia@paodourado.com.br>.');
    expect(ticket.description).toContain('campanha de 20% de desconto');
    expect(ticket.summary).toBe('');

    const history = await harness.store.history.listForTicket(harness.demo.boardId, ticket.id);
    expect(history).toEqual([
      expect.objectContaining({ kind: 'created', author: null, channel: 'email', clientId: padaria.id, ticketNumber: ticket.number }),
    ]);

    const [file] = await harness.store.attachments.listForTicket(harness.demo.boardId, ticket.id);
    expect(file).toMatchObject({ fileName: 'briefing.pdf', mimeType: 'application/pdf', size: 17, commentId: null, messageId });
    expect((await readFile(join(dataDir, ATTACHMENTS_DIR_NAME, file?.sha256 ?? ''))).toString()).toBe('%PDF-1.4 briefing');

    const answer = await firstMailTo('marcia@paodourado.com.br');
    expect(answer?.email.subject).toBe(`[Padaria Pão Dourado] #${ticket.number} Preciso de um banner no site para a campanha de desconto`);
    expect(answer?.email.text).toContain(`abrimos o ticket #${ticket.number}`);
    expect(answer?.email.inReplyTo).toBe(`<${messageId}>`);
    expect(answer?.header('auto-submitted')).toBe('auto-replied');
    // With the client's timeline link: a view link of the padaria that opens and shows this ticket.
    const link = /https:\/\/fluxo\.agencia\.test\/share\/([A-Za-z0-9_-]{43})/.exec(answer?.email.text ?? '');
    if (link?.[1] === undefined) throw new Error(`no timeline link in the answer:\n${answer?.email.text ?? ''}`);
    const shared = await resolveShareLink(harness.store, link[1], new Date());
    expect(shared).toMatchObject({ clientId: padaria.id, boardId: harness.demo.boardId, scope: 'view', origin: 'email' });
    if (shared === null) throw new Error('the link does not open');
    const timeline = await readClientTimeline(harness.store, liveTicketDirectory(harness.sync), shared);
    expect(timeline.tickets.map((t) => t.number)).toContain(ticket.number);
    expect(answer?.header('list-unsubscribe')).toMatch(/^<https:\/\/fluxo\.agencia\.test\/unsubscribe\/[0-9A-Za-z]{32}>$/);
    const replyTo = answer?.email.replyTo?.[0];
    expect(replyTo && 'address' in replyTo ? replyTo.address : '').toMatch(new RegExp(`^t\\+[0-9a-z]{20}@${DOMAIN.replace(/\./g, '\\.')}$`));

    // The account managers of the client hear of it: in the app, and by email (default "now").
    const { ana, dora } = harness.demo.users;
    for (const person of [ana, dora]) {
      const [notice] = await harness.store.notifications.listForUser(person.id);
      expect(notice).toMatchObject({ kind: 'new_ticket_by_email', ticketId: ticket.id, actor: { kind: 'client', email: 'marcia@paodourado.com.br' } });
    }
    const staffMail = await firstMailTo(ana.email);
    expect(staffMail?.email.text).toContain('Novo ticket aberto por e-mail por Márcia Souza.');
  });

  it('matches the sender to a client by domain and keeps the address as a contact; strangers open tickets without a client', async () => {
    await send({ from: 'João <joao@paodourado.com.br>', replyTo: 'compras@paodourado.com.br', subject: 'Cardápio novo', text: 'Oi' });
    expect((await liveTicket('Cardápio novo')).clientId).toBe(harness.demo.clients.padaria.id);
    expect((await harness.store.clients.get(harness.demo.clients.padaria.id))?.emails).toContain('joao@paodourado.com.br');
    expect((await firstMailTo('compras@paodourado.com.br'))?.email.subject).toContain('Cardápio novo'); // answered at Reply-To

    await send({ from: 'alguem@gmail.com', subject: 'Orçamento de site', text: 'Quanto custa?' });
    expect((await liveTicket('Orçamento de site')).clientId).toBeNull();
  });

  it('threads replies into the ticket — by reply address and by In-Reply-To — without the quoted text, and reopens a ticket waiting on the client', async () => {
    await send({ subject: 'Logo em alta resolução', text: 'Preciso do arquivo da minha logomarca.' });
    const ticket = await liveTicket('Logo em alta resolução');
    const answer = await firstMailTo('marcia@paodourado.com.br');
    const replyTo = answer?.email.replyTo?.[0];
    const replyAddress = replyTo && 'address' in replyTo ? (replyTo.address ?? '') : '';

    const ana = harness.demo.users.ana;
    await harness.sync.withBoardDoc(harness.demo.boardId, (doc) => setStatus(doc, { ticketId: ticket.id, status: 'waiting_client' }, userOrigin(ana.id)));
    await waitFor(() => liveTickets().find((t) => t.id === ticket.id)?.status === 'waiting_client', 'waiting_client');

    const first = await send({
      to: replyAddress,
      subject: `Re: ${answer?.email.subject ?? ''}`,
      text:
        'Pode ser o PNG com fundo transparente.\n\n' +
        'Em seg., 10 de mar. de 2025 às 10:00, Agência Ponto Criativo <contato@agencia.test> escreveu:\n' +
        '> Recebemos a sua mensagem e abrimos o ticket.\n> A nossa equipe…\n',
    });
    await waitFor(() => liveTickets().find((t) => t.id === ticket.id)?.status === 'open', 'the ticket to reopen');
    const history = await harness.store.history.listForTicket(harness.demo.boardId, ticket.id);
    expect(history.at(-1)).toMatchObject({ kind: 'status_changed', from: 'waiting_client', to: 'open', author: null });

    await send({
      to: INTAKE,
      inReplyTo: `<${answer?.messageId ?? ''}>`,
      references: [`<${answer?.messageId ?? ''}>`],
      subject: 'Re: Logo',
      html: '<p>Também o <b>SVG</b>, por favor.</p><blockquote>On Mon, Mar 10, 2025 at 10:00 AM Agência wrote:</blockquote>',
    });

    const comments = await harness.store.comments.listForTicket(harness.demo.boardId, ticket.id);
    expect(comments.map((c) => c.revisions.at(-1)?.body)).toEqual(['Pode ser o PNG com fundo transparente.', 'Também o SVG, por favor.']);
    expect(comments[0]).toMatchObject({
      visibility: 'client',
      source: 'email',
      author: { kind: 'client', email: 'marcia@paodourado.com.br', name: 'Márcia Souza' },
      emailMessageId: first,
    });
    expect(liveTickets().filter((t) => t.title.includes('Logo'))).toHaveLength(1); // no new ticket
    const notices = await harness.store.notifications.listForUser(ana.id);
    expect(notices.filter((n) => n.kind === 'client_replied' && n.ticketId === ticket.id)).toHaveLength(2);
  });

  it("sends the account manager's client-visible reply to the client, threaded — and never an internal note", async () => {
    const clientMessageId = await send({ subject: 'Landing page para um novo produto', text: 'Precisamos de uma landing page.' });
    const ticket = await liveTicket('Landing page para um novo produto');
    await firstMailTo('marcia@paodourado.com.br');
    const ana = harness.demo.users.ana;
    await conversation.createComment({
      boardId: harness.demo.boardId,
      ticketId: ticket.id,
      author: { kind: 'staff', userId: ana.id },
      visibility: 'internal',
      body: 'NOTA INTERNA: cobrar o sinal antes de começar.',
    });
    await conversation.createComment({
      boardId: harness.demo.boardId,
      ticketId: ticket.id,
      author: { kind: 'staff', userId: ana.id },
      visibility: 'client',
      body: `Olá Márcia! Segue a proposta da landing page. Dúvidas técnicas: <@${harness.demo.users.paulo.id}>.`,
    });
    mail.wake();
    await waitFor(() => mailTo('marcia@paodourado.com.br').length === 2, 'the reply in the client mailbox');
    await mail.worker?.runOnce();
    const toClient = mailTo('marcia@paodourado.com.br');
    expect(toClient).toHaveLength(2);
    const reply = toClient[1];
    expect(reply?.email.text).toContain('Segue a proposta da landing page.');
    // Composed through the client projection: a mention is the colleague's name, never their id or address.
    expect(reply?.email.text).toContain(`Dúvidas técnicas: @${harness.demo.users.paulo.name}.`);
    expect(reply?.email.inReplyTo).toBe(`<${clientMessageId}>`);
    const { paulo } = harness.demo.users;
    for (const part of toClient.flatMap((m) => [m.email.text, m.email.html, m.raw.toString('utf8')])) {
      expect(part).not.toContain('NOTA INTERNA');
      expect(part).not.toContain('cobrar o sinal');
      expect(part).not.toContain(paulo.id);
      expect(part).not.toContain(paulo.email);
      expect(part).not.toContain(ana.email);
    }
    const rows = await harness.store.outbox.list({ ticketId: ticket.id });
    expect(rows.filter((r) => r.kind === 'client_comment')).toHaveLength(1);
  });

  it('ignores a Message-ID it has already seen', async () => {
    const messageId = '<mesmo.email@paodourado.com.br>';
    await send({ messageId, subject: 'Post para o Dia das Mães', text: 'Oi' });
    await liveTicket('Post para o Dia das Mães');
    await send({ messageId, subject: 'Post para o Dia das Mães', text: 'Oi' });
    await firstMailTo('marcia@paodourado.com.br');
    await mail.worker?.runOnce();
    expect(liveTickets().filter((t) => t.title === 'Post para o Dia das Mães')).toHaveLength(1);
    expect(mailTo('marcia@paodourado.com.br')).toHaveLength(1); // one answer

    const raw = Buffer.from(
      `From: Márcia <marcia@paodourado.com.br>\r\nTo: ${INTAKE}\r\nSubject: Post para o Dia das Mães\r\n` +
        `Message-ID: ${messageId}\r\n\r\nOi\r\n`,
    );
    const envelope = { mailFrom: 'marcia@paodourado.com.br', rcptTo: [INTAKE], remoteAddress: '127.0.0.1' };
    expect(await mail.inbound?.deliver(raw, envelope)).toEqual({ kind: 'duplicate', messageId: 'mesmo.email@paodourado.com.br' });
  });

  it('refuses oversized mail at SMTP time, and stores nothing of it', async () => {
    expect(MAX_INBOUND_MESSAGE_BYTES).toBe(25 * 1024 * 1024);
    const error = await refusal({
      subject: 'Vídeo da campanha',
      text: 'Segue o vídeo',
      attachments: [{ filename: 'video.mp4', content: Buffer.alloc(MAX_BYTES + 1024, 7) }],
    });
    expect(error.responseCode).toBe(552);
    expect(liveTickets().some((t) => t.title === 'Vídeo da campanha')).toBe(false);
    expect((await harness.store.agencies.list()).length).toBe(1);
  });

  it('refuses unknown recipients at RCPT TO', async () => {
    for (const to of [`financeiro@${DOMAIN}`, 'atendimento@outro-dominio.test', `t+${'a'.repeat(20)}@${DOMAIN}`, `t+curto@${DOMAIN}`]) {
      const error = await refusal({ to, subject: 'Olá', text: 'Oi' });
      expect(error.responseCode, to).toBe(550);
    }
    expect(liveTickets()).toHaveLength(0);
  });

  it('does not answer automatic mail, and an out-of-office reply is not a comment', async () => {
    await send({ subject: 'Relatório semanal automático', text: 'Gerado automaticamente', headers: { 'Auto-Submitted': 'auto-generated' } });
    const ticket = await liveTicket('Relatório semanal automático');
    await mail.worker?.runOnce();
    expect(mailTo('marcia@paodourado.com.br')).toHaveLength(0);

    const address = await harness.store.mail.ticketAddress({ agencyId: harness.demo.agencyId, boardId: harness.demo.boardId, ticketId: ticket.id }, new Date());
    await send({ to: `t+${address.token}@${DOMAIN}`, subject: 'Ausente', text: 'Estou de férias até segunda.', headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(await harness.store.comments.listForTicket(harness.demo.boardId, ticket.id)).toEqual([]);

    const bounce = Buffer.from(
      `From: MAILER-DAEMON@mx.test\r\nTo: ${INTAKE}\r\nSubject: Undelivered Mail Returned to Sender\r\n` +
        'Message-ID: <bounce.1@mx.test>\r\n\r\nfalhou\r\n',
    );
    const envelope = { mailFrom: '', rcptTo: [INTAKE], remoteAddress: '127.0.0.1' };
    expect(await mail.inbound?.deliver(bounce, envelope)).toEqual({ kind: 'ignored', reason: 'bounce' });
    expect(liveTickets().some((t) => t.title.startsWith('Undelivered'))).toBe(false);
  });
});
