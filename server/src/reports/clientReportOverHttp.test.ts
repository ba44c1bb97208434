/**
 * The proof for client reports, over the real server (port 0) and a real SMTP mailbox:
 * a ticket of the padaria with a staff-only canary in every staff field (description, internal
 * comment, priority, kind, assignee) — the report a link holder gets from `share.report`, and
 * the on-demand report email as received (HTML and text), hold none of them, yet hold the
 * client-visible facts (title, stage, promised date). The email's link opens that report.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientReportSchema } from '@fluxo/shared/reports/clientReport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../auth/passwords.js';
import { parseConfig } from '../config.js';
import { type Conversation, createConversation } from '../conversation/conversation.js';
import { addStoredTicket } from '../conversation/testing/storedTickets.js';
import { type DemoSeed, seedDemo } from '../demo/seedDemo.js';
import { type FluxoServer, createServer } from '../http.js';
import { silentLogger } from '../log.js';
import { clientCommentOutbox } from '../mail/clientCommentOutbox.js';
import { conversationInbound } from '../mail/conversationInbound.js';
import { type MailService, startMail } from '../mail/mailService.js';
import { type SmtpMailbox, startSmtpMailbox } from '../mail/testing/smtpMailbox.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { Store } from '../store/store.js';

const canary = (field: string) => `CANARY-${field}-7c3e`;

let store: Store;
let demo: DemoSeed;
let conversation: Conversation;
let server: FluxoServer;
let mailbox: SmtpMailbox;
let mail: MailService;
let url: string;
let dir: string;

beforeEach(async () => {
  store = createMemoryStore();
  const passwords = new PasswordHasher(TEST_PASSWORD_PARAMS);
  demo = await seedDemo(store, passwords);
  dir = await mkdtemp(join(tmpdir(), 'fluxo-client-report-'));
  await writeFile(join(dir, 'share.html'), '<!doctype html><title>Acompanhamento</title>');
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Fluxo</title>');
  mailbox = await startSmtpMailbox();
  const config = parseConfig(
    {
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      PUBLIC_URL: 'https://fluxo.agencia.test',
      SMTP_URL: mailbox.url,
      MAIL_FROM: 'Agência Ponto Criativo <contato@agencia.test>',
      DATA_DIR: dir,
    },
    { cwd: dir },
  );
  conversation = createConversation({ store, commentOutbox: clientCommentOutbox(store) });
  mail = await startMail({ config, store, boards: conversation.boards, logger: silentLogger, conversation: conversationInbound(conversation), worker: { pollIntervalMs: 10, windowMs: 0 } });
  server = createServer(config, store, { passwords, logger: silentLogger, conversation, staticDir: dir });
  ({ url } = await server.listen());
});

afterEach(async () => {
  await server.close();
  await mail.close();
  await mailbox.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function cookieOf(email: string): Promise<string> {
  const res = await fetch(`${url}/trpc/auth.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'fluxo-demo' }) });
  const cookie = res.headers.getSetCookie().find((c) => /^(__Host-)?fluxo_session=/.test(c));
  if (!cookie) throw new Error(`login failed: ${res.status}`);
  return cookie.split(';')[0] ?? '';
}

async function staffCall<T>(cookie: string, path: string, input: unknown): Promise<T> {
  const res = await fetch(`${url}/trpc/${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const body = (await res.json()) as { result?: { data: T } };
  if (!res.ok || body.result === undefined) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
  return body.result.data;
}

async function shareReport(token: string, period: { from: string; to: string } | null): Promise<{ status: number; body: string }> {
  const input = encodeURIComponent(JSON.stringify({ token, ...(period ?? {}) }));
  const res = await fetch(`${url}/trpc/share.report?input=${input}`);
  return { status: res.status, body: await res.text() };
}

/** What must never reach a client's report, whatever the channel. */
function expectNoStaffSecrets(what: string, text: string): void {
  const { ana, paulo, dora } = demo.users;
  expect(text, what).not.toMatch(/CANARY/);
  for (const secret of [ana.email, paulo.email, dora.email, ana.id, paulo.id, dora.id, 'Margem apertada', 'Cliente paga atrasado', 'urgent', 'Urgente', 'canary-kind']) {
    expect(text, `${what} holds ${secret}`).not.toContain(secret);
  }
}

describe('the client report over HTTP and SMTP', () => {
  it('holds no staff-only canary in the share JSON nor in the email as received, and its link opens the report', async () => {
    const { ana, paulo } = demo.users;
    const today = new Date();
    const overdue = new Date(today.getTime() - 10 * 86_400_000).toISOString().slice(0, 10);
    const ticketId = await addStoredTicket(
      store,
      demo.boardId,
      {
        title: 'Banner da campanha',
        summary: 'Banner da página inicial com 20% de desconto.',
        description: `Margem apertada. ${canary('description')}`,
        channel: 'phone',
        clientId: demo.clients.padaria.id,
        kind: 'canary-kind-7c3e',
        priority: 'urgent',
        assignees: [paulo.id],
        stage: 'production',
        dueDate: overdue,
        createdBy: ana.id,
      },
      41,
    );
    await conversation.createComment({
      boardId: demo.boardId,
      ticketId,
      author: { kind: 'staff', userId: ana.id },
      visibility: 'internal',
      body: `Cliente paga atrasado. ${canary('internal-note')} <@${paulo.id}>`,
    });

    const anaCookie = await cookieOf(ana.email);
    const issued = await staffCall<{ url: string }>(anaCookie, 'shareLinks.create', { boardId: demo.boardId, clientId: demo.clients.padaria.id, scope: 'view' });
    const token = issued.url.slice(issued.url.lastIndexOf('/') + 1);

    // The link holder's report (default period: the last 7 days).
    const answer = await shareReport(token, null);
    expect(answer.status).toBe(200);
    expectNoStaffSecrets('share.report JSON', answer.body);
    const report = clientReportSchema.parse((JSON.parse(answer.body) as { result: { data: unknown } }).result.data);
    expect(report.inProgress).toContainEqual(expect.objectContaining({ ticketId, number: 41, title: 'Banner da campanha', stage: 'production', dueDate: overdue, overdue: true }));
    expect(report.client.name).toBe('Padaria Pão Dourado');
    // A dead link and a bad period get no report.
    expect((await shareReport('x'.repeat(43), null)).status).toBe(404);
    expect((await shareReport(token, { from: '2025-05-12', to: '2025-05-01' })).status).toBe(400);

    // "Enviar relatório agora": the email as a real SMTP server received it.
    const sent = await staffCall<{ recipients: string[]; queued: number }>(anaCookie, 'clientReports.sendNow', { clientId: demo.clients.padaria.id });
    expect(sent).toMatchObject({ recipients: ['marcia@paodourado.com.br'], queued: 1 });
    // (Paulo gets his own email: the internal note mentions him.)
    const deadline = Date.now() + 10_000;
    while (!mailbox.received.some((m) => m.envelope.to.includes('marcia@paodourado.com.br')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const toClient = mailbox.received.filter((m) => m.envelope.to.includes('marcia@paodourado.com.br'));
    expect(toClient).toHaveLength(1);
    const received = toClient[0];
    if (!received) throw new Error('no email');
    expect(received.envelope.to).toEqual(['marcia@paodourado.com.br']);
    const html = received.email.html ?? '';
    const text = received.email.text ?? '';
    expectNoStaffSecrets('report email (raw)', received.raw.toString('utf8'));
    expectNoStaffSecrets('report email (html)', html);
    expectNoStaffSecrets('report email (text)', text);
    expect(received.email.subject).toContain('[Padaria Pão Dourado] Relatório de trabalho');
    expect(text).toContain('#41 "Banner da campanha"');
    expect(text).toContain('ATRASADO');
    expect(html).toContain('#41 &quot;Banner da campanha&quot;');
    expect(received.header('list-unsubscribe')).toMatch(/^<https:\/\/fluxo\.agencia\.test\/unsubscribe\//);

    // The client follows a link, so the email carries a fresh view link to the report page.
    const link = /https:\/\/fluxo\.agencia\.test\/share\/([A-Za-z0-9_-]{43})\?relatorio=1&de=(\d{4}-\d{2}-\d{2})&ate=(\d{4}-\d{2}-\d{2})/.exec(text);
    expect(link, text).not.toBeNull();
    const [, mailedToken = '', from = '', last = ''] = link ?? [];
    expect(mailedToken).not.toBe(token);
    const fromMail = await shareReport(mailedToken, { from, to: new Date(Date.parse(`${last}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) });
    expect(fromMail.status).toBe(200);
    expect(fromMail.body).toContain('Banner da campanha');
    expectNoStaffSecrets('share.report JSON (mailed link)', fromMail.body);
  });
});
