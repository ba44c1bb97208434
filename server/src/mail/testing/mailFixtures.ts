/**
 * Test support for mail: tickets in a live board, comments and the outbox rows that announce
 * them, written the way the conversation module writes them (one `conversation.write`).
 */
import { createTicket, readTicket, setStatus } from '@fluxo/shared/board/index';
import { type CommentId, type CommentVisibility, newCommentId } from '@fluxo/shared/conversation/comment';
import { type NotificationKind, newNotificationId } from '@fluxo/shared/conversation/notification';
import type { Status } from '@fluxo/shared/flow/statuses';
import type { ClientId, UserId } from '@fluxo/shared/ids';
import { serverOrigin } from '@fluxo/shared/origin';
import { silentLogger } from '../../log.js';
import { type OutboxRecord, newOutboxId } from '../../store/conversationRecords.js';
import type { UserRecord } from '../../store/records.js';
import type { Store, TicketRef } from '../../store/store.js';
import { numberTickets } from '../../witness/witness.js';
import type { BoardDocAccess } from '../mailComposer.js';

const SEED = serverOrigin('seed');

export interface TicketSeed {
  readonly title: string;
  readonly clientId?: ClientId | null;
  readonly summary?: string;
  readonly description?: string;
  readonly status?: Status;
}

/** A numbered ticket in the live board document. */
export async function seedTicket(store: Store, boards: BoardDocAccess, board: Omit<TicketRef, 'ticketId'>, seed: TicketSeed): Promise<TicketRef & { number: number }> {
  const { ticketId, number } = await boards.withBoardDoc(board.boardId, async (doc) => {
    const id = createTicket(
      doc,
      {
        title: seed.title,
        channel: 'email',
        clientId: seed.clientId ?? null,
        summary: seed.summary ?? '',
        description: seed.description ?? '',
      },
      SEED,
    );
    if (seed.status && seed.status !== 'open') setStatus(doc, { ticketId: id, status: seed.status }, SEED);
    await numberTickets(store, silentLogger, board.agencyId, doc, [id]);
    return { ticketId: id, number: readTicket(doc, id)?.number ?? 0 };
  });
  return { ...board, ticketId, number };
}

const base = (ticket: TicketRef, to: string, at: Date) => ({
  id: newOutboxId(),
  to,
  locale: 'pt-BR' as const,
  agencyId: ticket.agencyId,
  boardId: ticket.boardId,
  ticketId: ticket.ticketId,
  status: 'pending' as const,
  attempts: 0,
  nextAttemptAt: at.toISOString(),
  lastError: null,
  messageId: null,
  createdAt: at.toISOString(),
  sentAt: null,
});

/** A staff comment and, when `to` is given, the client email announcing it — in one write. */
export async function comment(
  store: Store,
  ticket: TicketRef,
  options: { author: UserRecord; body: string; visibility: CommentVisibility; to?: string; at?: Date },
): Promise<{ commentId: CommentId; row: OutboxRecord | null }> {
  const at = options.at ?? new Date();
  const author = { kind: 'staff' as const, userId: options.author.id };
  const id = newCommentId();
  const row: OutboxRecord | null =
    options.to === undefined
      ? null
      : { ...base(ticket, options.to, at), idempotencyKey: `client_comment:${id}:${options.to}`, kind: 'client_comment', payload: { commentId: id, visibility: 'client' } };
  await store.conversation.write({
    comments: [
      {
        expectedSeq: null,
        record: {
          id,
          agencyId: ticket.agencyId,
          boardId: ticket.boardId,
          ticketId: ticket.ticketId,
          parentId: null,
          visibility: options.visibility,
          source: 'app',
          author,
          mentions: [],
          revisions: [{ body: options.body, at: at.toISOString(), by: author }],
          createdAt: at.toISOString(),
          deletedAt: null,
          deletedBy: null,
          emailMessageId: null,
        },
      },
    ],
    outbox: row === null ? [] : [row],
  });
  return { commentId: id, row };
}

/** A notification for `to` and its email row (`now` or `digest`). */
export async function notification(
  store: Store,
  ticket: TicketRef & { number: number },
  options: {
    to: UserRecord;
    kind: NotificationKind;
    actor: { id: UserId; name: string };
    excerpt?: string;
    delivery?: 'now' | 'digest';
    at?: Date;
    title?: string;
  },
): Promise<OutboxRecord> {
  const at = options.at ?? new Date();
  const id = newNotificationId();
  const row: OutboxRecord = {
    ...base(ticket, options.to.email, at),
    locale: options.to.locale ?? 'pt-BR',
    idempotencyKey: `notification:${id}`,
    kind: 'notification',
    payload: { notificationId: id, notificationKind: options.kind, delivery: options.delivery ?? 'now' },
  };
  await store.conversation.write({
    notifications: [
      {
        id,
        agencyId: ticket.agencyId,
        userId: options.to.id,
        kind: options.kind,
        boardId: ticket.boardId,
        ticketId: ticket.ticketId,
        ticketNumber: ticket.number,
        ticketTitle: options.title ?? 'Ticket',
        clientName: null,
        actor: { kind: 'staff', userId: options.actor.id, name: options.actor.name },
        commentId: null,
        excerpt: options.excerpt ?? null,
        createdAt: at.toISOString(),
        readAt: null,
      },
    ],
    outbox: [row],
  });
  return row;
}

