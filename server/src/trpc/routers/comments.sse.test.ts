/**
 * The live comment stream over real HTTP: Server-Sent Events from the tRPC HTTP handler, the
 * way `httpSubscriptionLink` in the browser receives them — session cookie, one shared
 * conversation for every request, resume with `lastEventId`, and streams ended by shutdown.
 */
import type { CommentView } from '@fluxo/shared/conversation/comment';
import type { BoardId, TicketId } from '@fluxo/shared/ids';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../../auth/passwords.js';
import { parseConfig } from '../../config.js';
import { type Conversation, createConversation } from '../../conversation/conversation.js';
import { addStoredTicket } from '../../conversation/testing/storedTickets.js';
import { seedDemo } from '../../demo/seedDemo.js';
import { type FluxoServer, createServer } from '../../http.js';
import { silentLogger } from '../../log.js';
import { createMemoryStore } from '../../store/memoryStore.js';
import type { Store } from '../../store/store.js';

interface SseEvent {
  readonly event: string | null;
  readonly id: string | null;
  readonly data: string;
}

/** Reads Server-Sent Events from a fetch response body. */
function sseReader(res: Response) {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(timeoutMs = 3_000): Promise<SseEvent | null> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n').filter((l) => !l.startsWith(':'));
          if (lines.length === 0) continue; // a ping comment
          const field = (name: string) => lines.filter((l) => l.startsWith(`${name}:`)).map((l) => l.slice(name.length + 1).trimStart());
          return { event: field('event')[0] ?? null, id: field('id')[0] ?? null, data: field('data').join('\n') };
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('no SSE event in time');
        let timer: ReturnType<typeof setTimeout> | undefined;
        const chunk = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('no SSE event in time')), left);
          }),
        ]).finally(() => clearTimeout(timer));
        if (chunk.done) return null;
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    /** The next event carrying data (skips `connected` and the like). */
    async nextData(): Promise<{ id: string | null; data: CommentView }> {
      for (;;) {
        const event = await this.next();
        if (event === null) throw new Error('the stream ended');
        if (event.event === null) return { id: event.id, data: JSON.parse(event.data) as CommentView };
      }
    },
    cancel: () => reader.cancel(),
  };
}

describe('comments.onTicket over HTTP (SSE)', () => {
  let store: Store;
  let server: FluxoServer;
  let conversation: Conversation;
  let url: string;
  let boardId: BoardId;
  let ticketId: TicketId;

  beforeEach(async () => {
    store = createMemoryStore();
    const passwords = new PasswordHasher(TEST_PASSWORD_PARAMS);
    const demo = await seedDemo(store, passwords);
    boardId = demo.boardId;
    ticketId = await addStoredTicket(store, boardId, { title: 'Banner', channel: 'email' }, 1);
    conversation = createConversation({ store });
    const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test' }, { cwd: '/tmp' });
    server = createServer(config, store, { passwords, logger: silentLogger, conversation, staticDir: '/nonexistent' });
    ({ url } = await server.listen());
  });

  afterEach(async () => {
    await server.close();
    await store.close();
  });

  async function cookieOf(email: string): Promise<string> {
    const res = await fetch(`${url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'fluxo-demo' }),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('fluxo_session='));
    if (!cookie) throw new Error('login failed');
    return cookie.split(';')[0] ?? '';
  }

  function subscribe(cookie: string, input: Record<string, unknown>): Promise<Response> {
    return fetch(`${url}/trpc/comments.onTicket?input=${encodeURIComponent(JSON.stringify(input))}`, {
      headers: { cookie, accept: 'text/event-stream' },
    });
  }

  function create(cookie: string, body: string): Promise<Response> {
    return fetch(`${url}/trpc/comments.create`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ boardId, ticketId, body, visibility: 'internal' }),
    });
  }

  it('streams a colleague’s new comment with its id, and resumes from Last-Event-ID', async () => {
    const paulo = await cookieOf('paulo@demo.fluxo');
    const ana = await cookieOf('ana@demo.fluxo');
    const res = await subscribe(paulo, { boardId, ticketId });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = sseReader(res);
    expect((await events.next())?.event).toBe('connected');

    expect((await create(ana, 'Olá **Paulo**')).status).toBe(200);
    const first = await events.nextData();
    expect(first.data).toMatchObject({ body: 'Olá **Paulo**', author: { kind: 'staff', name: 'Ana' } });
    expect(first.id).toMatch(/^\d+$/);
    await events.cancel();

    await create(ana, 'Enquanto você estava fora');
    const again = await fetch(`${url}/trpc/comments.onTicket?input=${encodeURIComponent(JSON.stringify({ boardId, ticketId }))}`, {
      headers: { cookie: paulo, accept: 'text/event-stream', 'last-event-id': first.id ?? '' },
    });
    const resumed = sseReader(again);
    expect((await resumed.nextData()).data.body).toBe('Enquanto você estava fora');
    await resumed.cancel();
  });

  it('refuses without a session, and ends open streams when the server shuts down', async () => {
    // SSE answers errors inside the stream, which the client link turns into a TRPCClientError.
    const anonymous = sseReader(await subscribe('', { boardId, ticketId }));
    expect((await anonymous.next())?.event).toBe('connected');
    const refused = await anonymous.next();
    expect(refused?.event).toBe('serialized-error');
    expect(refused?.data).toMatch(/UNAUTHORIZED/);
    await anonymous.cancel();

    const events = sseReader(await subscribe(await cookieOf('ana@demo.fluxo'), { boardId, ticketId }));
    expect((await events.next())?.event).toBe('connected');
    const closing = server.close();
    for (;;) {
      const event = await events.next();
      if (event === null) break;
    }
    await closing;
    expect(conversation.events.watching).toBe(0);
  });
});
