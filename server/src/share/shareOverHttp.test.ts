/**
 * The client timeline over the real server (port 0), as a link holder's browser and mailbox see
 * it: canaries placed in every staff-only field never reach the `/share/<token>` page, the
 * `share.timeline` JSON, the raw bytes of the `share.watch` SSE stream, nor a client email caught
 * by a real SMTP server; dead links all get one answer; revoking ends an open stream within
 * seconds; the page and the procedures share one per-address budget (429).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BoardId, TicketId } from '@fluxo/shared/ids';
import { SHARE_TOKEN_LENGTH } from '@fluxo/shared/share/timeline';
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
import { SHARE_RATE } from './shareRateLimit.js';

const SHARE_HTML = '<!doctype html><title>Acompanhamento</title><script type="module" src="/assets/share-1a2b3c.js"></script>';
const canary = (field: string) => `CANARY-${field}-51d9`;

let store: Store;
let demo: DemoSeed;
let conversation: Conversation;
let server: FluxoServer;
let mailbox: SmtpMailbox;
let mail: MailService;
let url: string;
let staticDir: string;
/** Each test speaks from its own addresses (TRUST_PROXY), so the shared budget is its own. */
let addressSeq = 0;
const nextAddress = () => `198.51.100.${++addressSeq}`;

beforeEach(async () => {
  store = createMemoryStore();
  const passwords = new PasswordHasher(TEST_PASSWORD_PARAMS);
  demo = await seedDemo(store, passwords);
  staticDir = await mkdtemp(join(tmpdir(), 'fluxo-share-http-'));
  await writeFile(join(staticDir, 'share.html'), SHARE_HTML);
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Fluxo</title>');
  mailbox = await startSmtpMailbox();
  const config = parseConfig(
    {
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      TRUST_PROXY: '1',
      PUBLIC_URL: 'https://fluxo.agencia.test',
      SMTP_URL: mailbox.url,
      MAIL_FROM: 'Agência Ponto Criativo <contato@agencia.test>',
      DATA_DIR: staticDir,
    },
    { cwd: staticDir },
  );
  conversation = createConversation({ store, commentOutbox: clientCommentOutbox(store) });
  mail = await startMail({
    config,
    store,
    boards: conversation.boards,
    logger: silentLogger,
    conversation: conversationInbound(conversation),
    worker: { pollIntervalMs: 10, windowMs: 0 },
  });
  server = createServer(config, store, { passwords, logger: silentLogger, conversation, staticDir });
  ({ url } = await server.listen());
});

afterEach(async () => {
  await server.close();
  await mail.close();
  await mailbox.close();
  await store.close();
  await rm(staticDir, { recursive: true, force: true });
});

/** A staff member's session cookie, from a real login. */
async function cookieOf(email: string): Promise<string> {
  const res = await fetch(`${url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': nextAddress() },
    body: JSON.stringify({ email, password: 'fluxo-demo' }),
  });
  // PUBLIC_URL is https here: the session cookie carries the __Host- prefix.
  const cookie = res.headers.getSetCookie().find((c) => /^(__Host-)?fluxo_session=/.test(c));
  if (!cookie) throw new Error(`login failed: ${res.status}`);
  return cookie.split(';')[0] ?? '';
}

async function staffCall<T>(cookie: string, path: string, input: unknown): Promise<T> {
  const res = await fetch(`${url}/trpc/${path}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { result?: { data: T } };
  if (!res.ok || body.result === undefined) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
  return body.result.data;
}

async function issue(cookie: string, scope: 'view' | 'respond'): Promise<{ id: string; token: string }> {
  const issued = await staffCall<{ link: { id: string }; url: string }>(cookie, 'shareLinks.create', {
    boardId: demo.boardId,
    clientId: demo.clients.padaria.id,
    scope,
  });
  return { id: issued.link.id, token: issued.url.slice(issued.url.lastIndexOf('/') + 1) };
}

const queryInput = (token: string) => `input=${encodeURIComponent(JSON.stringify({ token }))}`;

/** A raw share.timeline answer, from `address`. */
async function timelineAnswer(token: string, address: string): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(`${url}/trpc/share.timeline?${queryInput(token)}`, { headers: { 'x-forwarded-for': address } });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** Every byte of an SSE stream as it arrives, with a way to wait for some text or the end. */
function rawStream(res: Response) {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  let ended = false;
  const pump = (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    ended = true;
  })();
  async function until(done: () => boolean, what: string, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms; stream so far:\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  return {
    text: () => text,
    ended: () => ended,
    contains: (needle: string, ms = 3_000) => until(() => text.includes(needle), `"${needle}" in the stream`, ms),
    end: (ms: number) => until(() => ended, 'the end of the stream', ms),
    cancel: async () => {
      await reader.cancel().catch(() => undefined);
      await pump;
    },
  };
}

/** A ticket of the padaria with a canary in every staff-only field it has. */
async function canaryTicket(): Promise<{ boardId: BoardId; ticketId: TicketId }> {
  const { ana, paulo } = demo.users;
  const boardId = demo.boardId;
  const ticketId = await addStoredTicket(
    store,
    boardId,
    {
      title: 'Banner da campanha',
      summary: 'Banner da página inicial com 20% de desconto.',
      description: `Margem apertada. ${canary('description')}`,
      channel: 'phone',
      clientId: demo.clients.padaria.id,
      // How urgent the agency thinks it is: staff's business (`urgent` is checked for below).
      priority: 'urgent',
      assignees: [paulo.id],
      createdBy: ana.id,
    },
    7,
  );
  const note = await conversation.createComment({
    boardId,
    ticketId,
    author: { kind: 'staff', userId: ana.id },
    visibility: 'internal',
    body: `Cliente paga atrasado. ${canary('internal-note')} <@${paulo.id}>`,
  });
  await store.attachments.add([
    {
      id: 'AttachCanary0001',
      agencyId: demo.agencyId,
      boardId,
      ticketId,
      commentId: note.id,
      messageId: 'nota.interna@agencia.test',
      fileName: `${canary('attachment')}.pdf`,
      mimeType: 'application/pdf',
      size: 3,
      sha256: 'a'.repeat(64),
      createdAt: new Date().toISOString(),
    },
  ]);
  return { boardId, ticketId };
}

/** What must never reach a link holder, whatever the channel. */
function expectNoStaffSecrets(what: string, text: string): void {
  const { ana, paulo, dora } = demo.users;
  expect(text, what).not.toMatch(/CANARY/);
  for (const secret of [ana.email, paulo.email, dora.email, ana.id, paulo.id, dora.id, 'Margem apertada', 'Cliente paga atrasado', 'priority', 'urgent', 'Urgente']) {
    expect(text, `${what} holds ${secret}`).not.toContain(secret);
  }
}

describe('the client timeline over HTTP', () => {
  it('never lets a staff-only field reach the page, the JSON, the live stream bytes or a client email', async () => {
    const { ana, paulo } = demo.users;
    const anaCookie = await cookieOf(ana.email);
    const { boardId, ticketId } = await canaryTicket();
    const { token } = await issue(anaCookie, 'view');
    const address = nextAddress();

    const page = await fetch(`${url}/share/${token}`, { headers: { 'x-forwarded-for': address } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toBe(SHARE_HTML);
    expectNoStaffSecrets('the page', html);

    const json = await timelineAnswer(token, address);
    expect(json.status).toBe(200);
    expect(json.body).toContain('Banner da página inicial com 20% de desconto.');
    expectNoStaffSecrets('share.timeline', json.body);

    const res = await fetch(`${url}/trpc/share.watch?${queryInput(token)}`, { headers: { accept: 'text/event-stream', 'x-forwarded-for': address } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const stream = rawStream(res);
    try {
      await stream.contains('Banner da página inicial');
      // Another internal note (no event for the client), then a reply the client sees.
      await conversation.createComment({ boardId, ticketId, author: { kind: 'staff', userId: ana.id }, visibility: 'internal', body: canary('live-note') });
      await conversation.createComment({
        boardId,
        ticketId,
        author: { kind: 'staff', userId: ana.id },
        visibility: 'client',
        body: `Olá! O banner fica pronto na quinta. Dúvidas técnicas: <@${paulo.id}>.`,
      });
      await stream.contains(`Dúvidas técnicas: @${paulo.name}.`);
      expectNoStaffSecrets('share.watch bytes', stream.text());
    } finally {
      await stream.cancel();
    }

    // The reply went to the client's address on record, through the projection.
    const clientAddress = demo.clients.padaria.emails[0] ?? '';
    const deadline = Date.now() + 5_000;
    while (!mailbox.received.some((m) => m.envelope.to.includes(clientAddress))) {
      if (Date.now() > deadline) throw new Error('no email reached the client');
      mail.wake();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const toClient = mailbox.received.filter((m) => m.envelope.to.includes(clientAddress));
    expect(toClient).toHaveLength(1);
    expect(toClient[0]?.email.text).toContain(`Dúvidas técnicas: @${paulo.name}.`);
    for (const m of toClient) {
      expectNoStaffSecrets('the client email', [m.raw.toString('utf8'), m.email.text ?? '', m.email.html || ''].join('\n'));
    }
  });

  it('answers unknown, revoked and rotated-away tokens with the same status and body, and sends the privacy headers', async () => {
    const cookie = await cookieOf(demo.users.ana.email);
    const revoked = await issue(cookie, 'view');
    const rotated = await issue(cookie, 'view');
    await staffCall(cookie, 'shareLinks.revoke', { id: revoked.id });
    await staffCall(cookie, 'shareLinks.rotate', { id: rotated.id });
    const address = nextAddress();
    const answers = [];
    for (const token of ['C'.repeat(SHARE_TOKEN_LENGTH), revoked.token, rotated.token]) {
      const answer = await timelineAnswer(token, address);
      answers.push({ status: answer.status, body: answer.body });
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
      expect(answer.headers.get('x-robots-tag')).toBe('noindex');
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
    expect(answers[0]?.status).toBe(404);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);

    // A batch that mixes a share procedure with another path: the share headers cover the whole answer.
    const batch = await fetch(`${url}/trpc/share.timeline,auth.me?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { token: 'C'.repeat(SHARE_TOKEN_LENGTH) } }))}`, {
      headers: { 'x-forwarded-for': address },
    });
    expect(batch.headers.get('referrer-policy')).toBe('no-referrer');
    expect(batch.headers.get('x-robots-tag')).toBe('noindex');
    expect(batch.headers.get('cache-control')).toBe('no-store');
  });

  it('ends an open live stream within seconds of the link being revoked', async () => {
    const cookie = await cookieOf(demo.users.ana.email);
    const { id, token } = await issue(cookie, 'view');
    const res = await fetch(`${url}/trpc/share.watch?${queryInput(token)}`, { headers: { accept: 'text/event-stream', 'x-forwarded-for': nextAddress() } });
    const stream = rawStream(res);
    try {
      await stream.contains(demo.clients.padaria.name);
      const revokedAt = performance.now();
      await staffCall(cookie, 'shareLinks.revoke', { id });
      await stream.end(5_000);
      const closedInMs = performance.now() - revokedAt;
      expect(closedInMs).toBeLessThan(5_000);
      console.info(`share.watch closed ${closedInMs.toFixed(1)} ms after the revoke answer was asked for`);
    } finally {
      await stream.cancel();
    }
  });

  it('holds the page and the share procedures to one budget per address: 429 after the burst', async () => {
    const address = nextAddress();
    let refusedAt = -1;
    for (let i = 0; i < SHARE_RATE.burst + 5; i++) {
      const res = await fetch(`${url}/share/${'D'.repeat(SHARE_TOKEN_LENGTH)}`, { headers: { 'x-forwarded-for': address } });
      await res.arrayBuffer();
      if (res.status === 429) {
        expect(res.headers.get('retry-after')).toBe('1');
        expect(res.headers.get('cache-control')).toBe('no-store');
        refusedAt = i;
        break;
      }
      expect(res.status).toBe(200);
    }
    expect(refusedAt).toBe(SHARE_RATE.burst);
    // The procedures draw on the same budget…
    const procedure = await timelineAnswer('D'.repeat(SHARE_TOKEN_LENGTH), address);
    expect(procedure.status).toBe(429);
    expect(JSON.parse(procedure.body)).toMatchObject({ error: { data: { code: 'TOO_MANY_REQUESTS' } } });
    // …and another address is not held back.
    expect((await fetch(`${url}/share/${'D'.repeat(SHARE_TOKEN_LENGTH)}`, { headers: { 'x-forwarded-for': nextAddress() } })).status).toBe(200);
  });
});
