import { type CommentView, newCommentId } from '@fluxo/shared/conversation/comment';
import { mentionToken } from '@fluxo/shared/conversation/commentMarkdown';
import { type BoardId, type TicketId, newBoardId, newTicketId } from '@fluxo/shared/ids';
import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { liveEvents } from '../../conversation/testing/liveEvents.js';
import { addStoredTicket } from '../../conversation/testing/storedTickets.js';
import { type TestApp, createTestApp } from '../../testing/testApp.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error.code;
}

describe('comments router', () => {
  let app: TestApp;
  let boardId: BoardId;
  let ticketId: TicketId;
  let otherTicket: TicketId;
  let internalBoard: BoardId;
  const aborts: AbortController[] = [];

  /** A caller whose subscriptions end when the test does. */
  async function live(user: TestApp['demo']['users']['ana']) {
    const abort = new AbortController();
    aborts.push(abort);
    return { caller: await app.signedIn(user, { signal: abort.signal }), abort };
  }

  beforeEach(async () => {
    app = await createTestApp();
    boardId = app.demo.boardId;
    const { ana, dora } = app.demo.users;
    ticketId = await addStoredTicket(app.store, boardId, { title: 'Banner da campanha', channel: 'email', clientId: app.demo.clients.padaria.id }, 7);
    otherTicket = await addStoredTicket(app.store, boardId, { title: 'Landing page', channel: 'phone' }, 8);
    internalBoard = newBoardId();
    await app.store.boards.create({
      id: internalBoard,
      agencyId: app.demo.agencyId,
      name: 'Interno',
      memberIds: [ana.id, dora.id],
      createdAt: '2025-03-10T12:00:00.000Z',
    });
  });

  afterEach(() => {
    for (const abort of aborts.splice(0)) abort.abort();
  });

  it('refuses callers without a session', async () => {
    const { caller } = app.anonymous();
    const ticket = { boardId, ticketId };
    expect(await codeOf(caller.comments.list(ticket))).toBe('UNAUTHORIZED');
    expect(await codeOf(caller.comments.mentionable({ boardId }))).toBe('UNAUTHORIZED');
    expect(await codeOf(caller.comments.create({ ...ticket, body: 'x', visibility: 'internal' }))).toBe('UNAUTHORIZED');
    expect(await codeOf(caller.comments.edit({ ...ticket, commentId: newCommentId(), body: 'x' }))).toBe('UNAUTHORIZED');
    expect(await codeOf(caller.comments.delete({ ...ticket, commentId: newCommentId() }))).toBe('UNAUTHORIZED');
    expect(await codeOf(caller.comments.onTicket(ticket))).toBe('UNAUTHORIZED');
  });

  it('answers NOT_FOUND for boards one may not open, and for tickets or comments not on the board', async () => {
    const paulo = await app.signedIn(app.demo.users.paulo);
    const rival = await app.signedIn(app.rival.admin);
    for (const [caller, board] of [
      [paulo, internalBoard],
      [paulo, app.rival.board.id],
      [paulo, newBoardId()],
      [rival, boardId],
    ] as const) {
      expect(await codeOf(caller.comments.list({ boardId: board, ticketId }))).toBe('NOT_FOUND');
      expect(await codeOf(caller.comments.mentionable({ boardId: board }))).toBe('NOT_FOUND');
      expect(await codeOf(caller.comments.create({ boardId: board, ticketId, body: 'x', visibility: 'internal' }))).toBe('NOT_FOUND');
      expect(await codeOf(caller.comments.onTicket({ boardId: board, ticketId }))).toBe('NOT_FOUND');
    }
    expect(await codeOf(paulo.comments.create({ boardId, ticketId: newTicketId(), body: 'x', visibility: 'internal' }))).toBe(
      'NOT_FOUND',
    );
    const comment = await paulo.comments.create({ boardId, ticketId, body: 'Oi', visibility: 'internal' });
    const elsewhere = { boardId, ticketId: otherTicket, commentId: comment.id };
    expect(await codeOf(paulo.comments.edit({ ...elsewhere, body: 'x' }))).toBe('NOT_FOUND');
    expect(await codeOf(paulo.comments.delete(elsewhere))).toBe('NOT_FOUND');
    expect(await codeOf(paulo.comments.create({ boardId, ticketId: otherTicket, body: 'x', parentId: comment.id }))).toBe(
      'NOT_FOUND',
    );
  });

  it('refuses bad input with BAD_REQUEST and stores nothing', async () => {
    const ana = await app.signedIn(app.demo.users.ana);
    const ticket = { boardId, ticketId };
    const thread = await ana.comments.create({ ...ticket, body: 'Nota interna', visibility: 'internal' });
    for (const bad of [
      ana.comments.create({ ...ticket, body: '   \n ', visibility: 'internal' }),
      ana.comments.create({ ...ticket, body: 'sem visibilidade' }),
      ana.comments.create({ ...ticket, body: 'x'.repeat(20_001), visibility: 'client' }),
      ana.comments.create({ ...ticket, body: 'para o cliente', parentId: thread.id, visibility: 'client' }),
      ana.comments.create({ ...ticket, body: `oi ${mentionToken(app.rival.admin.id)}`, visibility: 'internal' }),
      ana.comments.create({ ...ticket, body: 'x', visibility: 'public' as never }),
      ana.comments.create({ boardId, ticketId: '../x' as TicketId, body: 'x', visibility: 'internal' }),
      ana.comments.onTicket({ ...ticket, lastEventId: 'yesterday' }),
    ]) {
      expect(await codeOf(bad)).toBe('BAD_REQUEST');
    }
    // Paulo cannot open the internal board, so he cannot be mentioned there.
    const onInternal = await addStoredTicket(app.store, internalBoard, { title: 'Interno', channel: 'meeting' });
    expect(
      await codeOf(
        ana.comments.create({
          boardId: internalBoard,
          ticketId: onInternal,
          body: `${mentionToken(app.demo.users.paulo.id)} veja`,
          visibility: 'internal',
        }),
      ),
    ).toBe('BAD_REQUEST');
    expect((await ana.comments.list(ticket)).comments.map((c) => c.id)).toEqual([thread.id]);
  });

  it('keeps threads: visibility required, replies inherit it and join the first comment', async () => {
    const { ana, paulo } = app.demo.users;
    const asAna = await app.signedIn(ana);
    const asPaulo = await app.signedIn(paulo);
    const ticket = { boardId, ticketId };
    const note = await asAna.comments.create({ ...ticket, body: 'Cliente pediu **urgência**', visibility: 'internal' });
    const reply = await asPaulo.comments.create({ ...ticket, body: 'Fica pronto hoje', parentId: note.id });
    const replyToReply = await asAna.comments.create({ ...ticket, body: 'Ótimo', parentId: reply.id, visibility: 'internal' });
    const toClient = await asAna.comments.create({ ...ticket, body: 'Olá! Estamos nisso.', visibility: 'client' });

    expect(reply).toMatchObject({ parentId: note.id, visibility: 'internal', author: { kind: 'staff', userId: paulo.id, name: 'Paulo' } });
    expect(replyToReply).toMatchObject({ parentId: note.id, visibility: 'internal' });
    expect(toClient).toMatchObject({ parentId: null, visibility: 'client', source: 'app', revision: 1, editedAt: null });
    const { comments, cursor } = await asPaulo.comments.list(ticket);
    expect(comments.map((c) => c.id)).toEqual([note.id, reply.id, replyToReply.id, toClient.id]);
    expect(comments[0]).toEqual({
      id: note.id,
      boardId,
      ticketId,
      parentId: null,
      visibility: 'internal',
      source: 'app',
      author: { kind: 'staff', userId: ana.id, name: 'Ana' },
      body: 'Cliente pediu **urgência**',
      mentions: [],
      createdAt: '2025-03-10T12:00:00.000Z',
      editedAt: null,
      deletedAt: null,
      deletedBy: null,
      revision: 1,
      revisions: [{ body: 'Cliente pediu **urgência**', at: '2025-03-10T12:00:00.000Z', by: { kind: 'staff', userId: ana.id, name: 'Ana' } }],
    });
    expect(Number(cursor)).toBeGreaterThan(0);
    expect((await asPaulo.comments.list({ boardId, ticketId: otherTicket })).comments).toEqual([]);
  });

  it('notifies mentioned colleagues (not the author), by email too, and lists who can be mentioned', async () => {
    const { ana, paulo, dora } = app.demo.users;
    const asAna = await app.signedIn(ana);
    expect((await asAna.comments.mentionable({ boardId })).map((p) => p.name)).toEqual(['Ana', 'Beatriz', 'Dora', 'Paulo']);
    expect((await asAna.comments.mentionable({ boardId: internalBoard })).map((p) => p.name)).toEqual(['Ana', 'Dora']);

    const comment = await asAna.comments.create({
      boardId,
      ticketId,
      body: `${mentionToken(paulo.id)} pode revisar? ${mentionToken(ana.id)} ${mentionToken(paulo.id)}`,
      visibility: 'internal',
    });
    expect(comment.mentions).toEqual([
      { userId: paulo.id, name: 'Paulo' },
      { userId: ana.id, name: 'Ana' },
    ]);
    const [notification, ...more] = await app.store.notifications.listForUser(paulo.id);
    expect(more).toEqual([]);
    expect(notification).toMatchObject({
      kind: 'mentioned',
      ticketId,
      ticketNumber: 7,
      ticketTitle: 'Banner da campanha',
      clientName: 'Padaria Pão Dourado',
      commentId: comment.id,
      actor: { kind: 'staff', userId: ana.id, name: 'Ana' },
      excerpt: '@Paulo pode revisar? @Ana @Paulo',
    });
    expect(await app.store.notifications.listForUser(ana.id)).toEqual([]);
    expect(await app.store.notifications.listForUser(dora.id)).toEqual([]);
    expect((await app.store.outbox.list()).map((r) => [r.kind, r.to])).toEqual([['notification', 'paulo@demo.fluxo']]);
  });

  it('lets only the author edit, keeps every revision, and notifies only people newly mentioned', async () => {
    const { ana, paulo, dora } = app.demo.users;
    const asAna = await app.signedIn(ana);
    const asPaulo = await app.signedIn(paulo);
    const ticket = { boardId, ticketId };
    const created = await asAna.comments.create({ ...ticket, body: `Oi ${mentionToken(paulo.id)}`, visibility: 'internal' });
    app.advance(60_000);
    expect(await codeOf(asPaulo.comments.edit({ ...ticket, commentId: created.id, body: 'meu agora' }))).toBe('FORBIDDEN');
    const edited = await asAna.comments.edit({
      ...ticket,
      commentId: created.id,
      body: `Oi ${mentionToken(paulo.id)} e ${mentionToken(dora.id)}`,
      revision: 1,
    });
    expect(edited).toMatchObject({ revision: 2, editedAt: '2025-03-10T12:01:00.000Z' });
    expect(edited.revisions.map((r) => r.body)).toEqual([`Oi ${mentionToken(paulo.id)}`, `Oi ${mentionToken(paulo.id)} e ${mentionToken(dora.id)}`]);
    // A second editor who saw revision 1 is told, not silently overwritten.
    expect(await codeOf(asAna.comments.edit({ ...ticket, commentId: created.id, body: 'outra', revision: 1 }))).toBe('CONFLICT');
    // Same text again: nothing new.
    expect((await asAna.comments.edit({ ...ticket, commentId: created.id, body: edited.body ?? '' })).revision).toBe(2);

    expect((await app.store.notifications.listForUser(paulo.id)).map((n) => n.kind)).toEqual(['mentioned']);
    expect((await app.store.notifications.listForUser(dora.id)).map((n) => [n.kind, n.commentId])).toEqual([['mentioned', created.id]]);
  });

  it('deletes for the author or an admin, keeps the history for staff, and is idempotent', async () => {
    const { ana, paulo, dora } = app.demo.users;
    const asAna = await app.signedIn(ana);
    const asPaulo = await app.signedIn(paulo);
    const asDora = await app.signedIn(dora);
    const ticket = { boardId, ticketId };
    const anas = await asAna.comments.create({ ...ticket, body: 'Texto da Ana', visibility: 'client' });
    const paulos = await asPaulo.comments.create({ ...ticket, body: 'Texto do Paulo', visibility: 'internal' });
    expect(await codeOf(asPaulo.comments.delete({ ...ticket, commentId: anas.id }))).toBe('FORBIDDEN');

    const deleted = await asDora.comments.delete({ ...ticket, commentId: paulos.id });
    expect(deleted).toMatchObject({
      body: null,
      mentions: [],
      deletedAt: '2025-03-10T12:00:00.000Z',
      deletedBy: { kind: 'staff', userId: dora.id, name: 'Dora' },
      revisions: [{ body: 'Texto do Paulo' }],
    });
    expect(await asDora.comments.delete({ ...ticket, commentId: paulos.id })).toEqual(deleted);
    expect(await codeOf(asPaulo.comments.edit({ ...ticket, commentId: paulos.id, body: 'volta' }))).toBe('CONFLICT');
    expect((await asAna.comments.delete({ ...ticket, commentId: anas.id })).deletedBy).toMatchObject({ userId: ana.id });
    expect((await asPaulo.comments.list(ticket)).comments.map((c) => [c.id, c.body, c.revisions.length])).toEqual([
      [anas.id, null, 1],
      [paulos.id, null, 1],
    ]);
  });

  it('writes a retried create once', async () => {
    const asAna = await app.signedIn(app.demo.users.ana);
    const id = newCommentId();
    const input = { boardId, ticketId, body: 'Enviado duas vezes', visibility: 'internal' as const, id };
    const [first, second] = await Promise.all([asAna.comments.create(input), asAna.comments.create(input)].map((p) => p.catch((e: unknown) => e)));
    const created = [first, second].filter((r): r is CommentView => !(r instanceof Error));
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect((await asAna.comments.create(input)).id).toBe(id);
    expect((await asAna.comments.list({ boardId, ticketId })).comments).toHaveLength(1);
    expect(await codeOf(asAna.comments.create({ ...input, body: 'outro texto' }))).toBe('CONFLICT');
  });

  describe('onTicket (live)', () => {
    it('streams new, edited and deleted comments of that ticket to whoever has it open, with resumable ids', async () => {
      const { ana, paulo } = app.demo.users;
      const asAna = await app.signedIn(ana);
      const { caller: asPaulo, abort } = await live(paulo);
      const { caller: onOther } = await live(paulo);
      const ticket = { boardId, ticketId };
      const stream = await liveEvents<CommentView>(asPaulo.comments.onTicket(ticket));
      const otherStream = await liveEvents<CommentView>(onOther.comments.onTicket({ boardId, ticketId: otherTicket }));

      const created = await asAna.comments.create({ ...ticket, body: 'Primeira', visibility: 'internal' });
      const first = await stream.next();
      expect(first.data).toEqual(created);
      const edited = await asAna.comments.edit({ ...ticket, commentId: created.id, body: 'Primeira, corrigida' });
      const second = await stream.next();
      expect(second.data).toEqual(edited);
      expect(Number(second.id)).toBeGreaterThan(Number(first.id));
      await asAna.comments.delete({ ...ticket, commentId: created.id });
      expect((await stream.next()).data).toMatchObject({ id: created.id, body: null });

      // The other ticket's stream got none of that: its first event is its own comment.
      const elsewhere = await asAna.comments.create({ boardId, ticketId: otherTicket, body: 'Outro', visibility: 'client' });
      expect((await otherStream.next()).data.id).toBe(elsewhere.id);

      abort.abort();
      await stream.ended();

      // Reconnecting with the last id seen delivers what happened meanwhile, in order.
      const missed = await asAna.comments.create({ ...ticket, body: 'Enquanto isso', visibility: 'client' });
      const { caller: again } = await live(paulo);
      const resumed = await liveEvents<CommentView>(again.comments.onTicket({ ...ticket, lastEventId: first.id }));
      expect((await resumed.next()).data).toMatchObject({ id: created.id, revision: 2, body: null });
      expect((await resumed.next()).data.id).toBe(missed.id);
    });

    it('starts from the cursor of comments.list, so nothing between the two calls is lost', async () => {
      const { ana, paulo } = app.demo.users;
      const asAna = await app.signedIn(ana);
      const { caller: asPaulo } = await live(paulo);
      const ticket = { boardId, ticketId };
      await asAna.comments.create({ ...ticket, body: 'Antes', visibility: 'internal' });
      const { cursor } = await asPaulo.comments.list(ticket);
      const between = await asAna.comments.create({ ...ticket, body: 'Entre as chamadas', visibility: 'internal' });
      const stream = await liveEvents<CommentView>(asPaulo.comments.onTicket({ ...ticket, lastEventId: cursor }));
      expect((await stream.next()).data.id).toBe(between.id);
    });

    it('ends the stream when the person may no longer open the board or signs out', async () => {
      const { ana, paulo } = app.demo.users;
      const asAna = await app.signedIn(ana);
      const abort = new AbortController();
      aborts.push(abort);
      const { caller: asPaulo, session } = await app.signIn(paulo, { signal: abort.signal });
      const ticket = { boardId, ticketId };
      const stream = await liveEvents<CommentView>(asPaulo.comments.onTicket(ticket));
      await app.store.boards.update(boardId, { memberIds: [ana.id] });
      await asAna.comments.create({ ...ticket, body: 'Só para quem ficou', visibility: 'internal' });
      await stream.ended();

      await app.store.boards.update(boardId, { memberIds: [ana.id, paulo.id] });
      const second = await liveEvents<CommentView>(asPaulo.comments.onTicket(ticket));
      await app.store.sessions.delete(session.tokenHash);
      await asAna.comments.create({ ...ticket, body: 'Depois do logout', visibility: 'internal' });
      await second.ended();
      expect(app.conversation.events.watching).toBe(0);
    });
  });
});
