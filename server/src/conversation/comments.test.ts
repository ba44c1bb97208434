import { mentionToken } from '@fluxo/shared/conversation/commentMarkdown';
import { renderCommentHtml } from '@fluxo/shared/conversation/renderCommentHtml';
import { ConflictError, InvalidInputError, NotFoundError } from '@fluxo/shared/errors';
import type { BoardId, TicketId } from '@fluxo/shared/ids';
import { beforeEach, describe, expect, it } from 'vitest';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../auth/passwords.js';
import { type DemoSeed, seedDemo } from '../demo/seedDemo.js';
import { type OutboxRecord, newOutboxId } from '../store/conversationRecords.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { Store } from '../store/store.js';
import type { CommentOutboxContext } from './comments.js';
import { type Conversation, createConversation } from './conversation.js';
import { addStoredTicket } from './testing/storedTickets.js';

const NOW = new Date('2025-03-10T12:00:00.000Z');
const marcia = { kind: 'client' as const, email: 'marcia@paodourado.com.br', name: 'Márcia' };

/** The kind of row the mail module builds for a client-visible comment. */
function clientEmail(context: CommentOutboxContext): OutboxRecord {
  return {
    id: newOutboxId(),
    idempotencyKey: `comment:${context.comment.id}:${context.comment.revisions.length}:marcia@paodourado.com.br`,
    kind: 'client_comment',
    to: 'marcia@paodourado.com.br',
    locale: 'pt-BR',
    agencyId: context.board.agencyId,
    boardId: context.board.id,
    ticketId: context.ticket.id,
    payload: { commentId: context.comment.id, visibility: 'client' },
    status: 'pending',
    attempts: 0,
    nextAttemptAt: context.comment.createdAt,
    lastError: null,
    messageId: null,
    createdAt: context.comment.createdAt,
    sentAt: null,
  };
}

describe('comments (the conversation service)', () => {
  let store: Store;
  let demo: DemoSeed;
  let conversation: Conversation;
  let boardId: BoardId;
  let ticketId: TicketId;
  let seen: CommentOutboxContext[];

  beforeEach(async () => {
    store = createMemoryStore();
    demo = await seedDemo(store, new PasswordHasher(TEST_PASSWORD_PARAMS), { now: NOW });
    boardId = demo.boardId;
    seen = [];
    conversation = createConversation({
      store,
      now: () => NOW,
      // As the mail module does: email the client every client-visible comment.
      commentOutbox: (context) => {
        seen.push(context);
        return context.comment.visibility === 'client' && context.comment.author.kind === 'staff' ? [clientEmail(context)] : [];
      },
    });
    ticketId = await addStoredTicket(
      store,
      boardId,
      { title: 'Banner da campanha', channel: 'email', clientId: demo.clients.padaria.id, assignees: [demo.users.paulo.id] },
      12,
    );
  });

  it('threads a client’s emailed reply: client-visible, mentions neutralised, account managers and assignees told', async () => {
    const { ana, paulo, dora } = demo.users;
    const input = {
      boardId,
      ticketId,
      author: marcia,
      source: 'email' as const,
      emailMessageId: '<r1@paodourado.com.br>',
      body: `Oi ${mentionToken(dora.id)}, pode ser azul?`,
    };
    await expect(conversation.createComment(input)).rejects.toThrow(/internal or client/);
    await expect(conversation.createComment({ ...input, visibility: 'internal' })).rejects.toThrow(/client-visible comments only/);
    const comment = await conversation.createComment({ ...input, visibility: 'client' });
    expect(comment).toMatchObject({ source: 'email', visibility: 'client', author: marcia, mentions: [], emailMessageId: '<r1@paodourado.com.br>' });
    expect(renderCommentHtml(comment.revisions[0]!.body)).toBe(`<p>Oi &lt;@${dora.id}&gt;, pode ser azul?</p>`);

    const told = async (userId: typeof ana.id) => (await store.notifications.listForUser(userId)).map((n) => [n.kind, n.actor]);
    const byMarcia = ['client_replied', { kind: 'client', email: marcia.email, name: 'Márcia' }];
    expect(await told(ana.id)).toEqual([byMarcia]); // primary account manager
    expect(await told(dora.id)).toEqual([byMarcia]); // backup
    expect(await told(paulo.id)).toEqual([byMarcia]); // assignee
    expect((await store.notifications.listForUser(ana.id))[0]).toMatchObject({ excerpt: `Oi <@${dora.id}>, pode ser azul?`, clientName: 'Padaria Pão Dourado' });

    // The same email delivered twice is threaded once, and tells nobody again.
    await expect(conversation.createComment({ ...input, visibility: 'client' })).rejects.toBeInstanceOf(ConflictError);
    expect(await store.comments.listForTicket(boardId, ticketId)).toHaveLength(1);
    expect(await store.notifications.listForUser(ana.id)).toHaveLength(1);
  });

  it('writes the mail module’s rows with the comment, in one write; a staff reply in a client thread stays client-visible', async () => {
    const { ana } = demo.users;
    const question = await conversation.createComment({ boardId, ticketId, author: marcia, body: 'Quando fica pronto?', visibility: 'client' });
    const answer = await conversation.createComment({ boardId, ticketId, author: { kind: 'staff', userId: ana.id }, body: 'Hoje à tarde!', parentId: question.id });
    expect(answer.visibility).toBe('client');
    const rows = await store.outbox.list({ ticketId });
    expect(rows.filter((r) => r.kind === 'client_comment').map((r) => r.payload)).toEqual([{ commentId: answer.id, visibility: 'client' }]);
    const note = await conversation.createComment({ boardId, ticketId, author: { kind: 'staff', userId: ana.id }, body: 'Nota interna', visibility: 'internal' });
    expect((await store.outbox.list({ ticketId })).filter((r) => r.kind === 'client_comment')).toHaveLength(1);

    await conversation.editComment({ boardId, ticketId, commentId: answer.id, editor: ana, body: 'Hoje às 17h!' });
    await conversation.deleteComment({ boardId, ticketId, commentId: note.id, actor: ana });
    expect(seen.map((c) => [c.change, c.comment.id])).toEqual([
      ['created', question.id],
      ['created', answer.id],
      ['created', note.id],
      ['edited', answer.id],
    ]);
    expect(seen[3]!.comment.revisions.map((r) => r.body)).toEqual(['Hoje à tarde!', 'Hoje às 17h!']);
  });

  it('stores nothing when an outbox row is invalid or its builder fails', async () => {
    const { ana, paulo } = demo.users;
    const staff = { kind: 'staff' as const, userId: ana.id };
    const body = `${mentionToken(paulo.id)} veja`;
    await expect(
      conversation.createComment(
        { boardId, ticketId, author: staff, body, visibility: 'internal' },
        { outbox: (context) => [{ ...clientEmail(context), to: 'not an address' }] },
      ),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await expect(
      conversation.createComment(
        { boardId, ticketId, author: staff, body, visibility: 'internal' },
        {
          outbox: () => {
            throw new Error('template missing');
          },
        },
      ),
    ).rejects.toThrow('template missing');
    expect(await store.comments.listForTicket(boardId, ticketId)).toEqual([]);
    expect(await store.notifications.listForUser(paulo.id)).toEqual([]);
    expect(await store.outbox.list()).toEqual([]);
  });

  it('refuses a staff author who cannot open the board, and a ticket that is not on it', async () => {
    const outsider = demo.users.paulo;
    await store.boards.update(boardId, { memberIds: [demo.users.ana.id] });
    await expect(
      conversation.createComment({ boardId, ticketId, author: { kind: 'staff', userId: outsider.id }, body: 'Oi', visibility: 'internal' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const other = await addStoredTicket(store, boardId, { title: 'Outro', channel: 'phone' });
    const comment = await conversation.createComment({ boardId, ticketId, author: { kind: 'system' }, body: 'Aberto por e-mail', visibility: 'internal' });
    await expect(
      conversation.createComment({ boardId, ticketId: other, author: marcia, body: 'x', parentId: comment.id }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
