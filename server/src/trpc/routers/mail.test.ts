import { newTicketId } from '@fluxo/shared/ids';
import { TRPCError } from '@trpc/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { type OutboxRecord, newOutboxId } from '../../store/conversationRecords.js';
import { type TestApp, createTestApp } from '../../testing/testApp.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error.code;
}

function row(app: TestApp, overrides: Partial<OutboxRecord> = {}): OutboxRecord {
  const at = '2025-03-10T12:00:00.000Z';
  const id = newOutboxId();
  return {
    id,
    idempotencyKey: `ticket_received:${id}`,
    kind: 'ticket_received',
    to: 'marcia@paodourado.com.br',
    locale: 'pt-BR',
    agencyId: app.demo.agencyId,
    boardId: app.demo.boardId,
    ticketId: newTicketId(),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    lastError: null,
    messageId: null,
    createdAt: at,
    sentAt: null,
    payload: { inReplyTo: 'cliente.1@paodourado.com.br' },
    ...overrides,
  } as OutboxRecord;
}

describe('mail router', () => {
  let app: TestApp;
  let failed: OutboxRecord;
  let sent: OutboxRecord;
  let rival: OutboxRecord;

  beforeEach(async () => {
    app = await createTestApp();
    failed = row(app, { status: 'failed', attempts: 8, nextAttemptAt: null, lastError: '550 No such user', messageId: 'fluxo.a@agencia.test' });
    sent = row(app, { status: 'sent', attempts: 1, nextAttemptAt: null, sentAt: '2025-03-10T12:01:00.000Z', messageId: 'fluxo.b@agencia.test' });
    rival = row(app, { agencyId: app.rival.admin.agencyId, boardId: app.rival.board.id, status: 'failed', nextAttemptAt: null });
    await app.store.outbox.enqueue([failed, sent, rival, row(app)]);
  });

  it("shows an admin their agency's outbox, newest first, filtered by status", async () => {
    const caller = await app.signedIn(app.demo.users.dora);
    const all = await caller.mail.outbox();
    expect(all).toHaveLength(3);
    expect(all.map((r) => r.id)).not.toContain(rival.id);
    expect(all[0]).not.toHaveProperty('payload');
    const onlyFailed = await caller.mail.outbox({ status: 'failed' });
    expect(onlyFailed.map((r) => r.id)).toEqual([failed.id]);
    expect(onlyFailed[0]).toMatchObject({ to: 'marcia@paodourado.com.br', attempts: 8, lastError: '550 No such user' });
  });

  it('is for admins only', async () => {
    const ana = await app.signedIn(app.demo.users.ana);
    expect(await codeOf(ana.mail.outbox())).toBe('FORBIDDEN');
    expect(await codeOf(ana.mail.retry({ id: failed.id }))).toBe('FORBIDDEN');
    expect(await codeOf(app.anonymous().caller.mail.outbox())).toBe('UNAUTHORIZED');
  });

  it('retries a failed email: due now, attempts afresh, same Message-ID', async () => {
    const caller = await app.signedIn(app.demo.users.dora);
    const retried = await caller.mail.retry({ id: failed.id });
    expect(retried).toMatchObject({ id: failed.id, status: 'pending', attempts: 0, messageId: 'fluxo.a@agencia.test' });
    expect(Date.parse(retried.nextAttemptAt ?? '')).toBeGreaterThan(Date.parse('2025-03-10T12:00:00.000Z'));
    expect((await app.store.outbox.claimable(new Date(Date.now() + 1_000))).map((r) => r.id)).toContain(failed.id);
  });

  it("refuses to resend a sent email, and does not reveal another agency's", async () => {
    const caller = await app.signedIn(app.demo.users.dora);
    expect(await codeOf(caller.mail.retry({ id: sent.id }))).toBe('CONFLICT');
    expect(await codeOf(caller.mail.retry({ id: rival.id }))).toBe('NOT_FOUND');
    expect(await codeOf(caller.mail.retry({ id: newOutboxId() }))).toBe('NOT_FOUND');
    expect(await codeOf(caller.mail.retry({ id: 'not an id' as never }))).toBe('BAD_REQUEST');
    expect((await app.store.outbox.get(rival.id))?.status).toBe('failed');
  });
});
