/**
 * Writing comments: create, edit, delete — each one store write holding the comment, the
 * notifications it causes and every email to send about it (DESIGN.md §3: "a comment and its
 * outbox rows are written together"), then a signal to the ticket's live subscribers.
 *
 * Rules (on top of the store's invariants, `store/conversationRecords.ts`):
 * - the board must exist and the ticket be on it (the board's document says so);
 * - a staff author must be able to open the board (`NotFoundError` otherwise, like the board
 *   itself); a client author writes `client` comments only; the server (`system`) writes either;
 * - visibility is required for a new thread; a reply takes its thread's visibility (saying
 *   another one is an error, never silently changed); a reply to a reply joins the same thread;
 * - mentions are staff who can open the board (anyone else is an error naming the id); only
 *   staff mention — in a client's or the server's text, `<@…>` is neutralised to plain text;
 * - only the author edits; the author or an admin deletes; edits and deletes keep history;
 * - a retried create with the same `id` returns the comment already stored (a double submit
 *   or a network retry writes once).
 *
 * Notifications: `mentioned` for people newly mentioned (creation, or an edit adding them);
 * `client_replied` when a client writes — to the ticket's account manager (as for a handoff)
 * and its assignees. The author is never notified.
 */
import {
  type CommentAuthor,
  type CommentId,
  type CommentSource,
  type CommentVisibility,
  MAX_MENTIONS,
  commentBodySchema,
  newCommentId,
} from '@fluxo/shared/conversation/comment';
import { extractMentions } from '@fluxo/shared/conversation/commentMarkdown';
import { commentExcerpt } from '@fluxo/shared/conversation/commentPlainText';
import { NOTIFICATION_EXCERPT_LENGTH } from '@fluxo/shared/conversation/notification';
import type { Ticket } from '@fluxo/shared/board/ticket';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '@fluxo/shared/errors';
import type { BoardId, TicketId, UserId } from '@fluxo/shared/ids';
import { isDeepStrictEqual } from 'node:util';
import { canOpenBoard } from '../boards/boardAccess.js';
import { type NotificationEvent, announceNotifications, planNotifications } from '../notifications/notifier.js';
import type { CommentRecord, OutboxRecord, StoredComment } from '../store/conversationRecords.js';
import type { BoardRecord, UserRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { handoffRecipients } from '../witness/handoffRecipients.js';
import type { ConversationEvents } from './conversationEvents.js';
import type { TicketDirectory } from './ticketDirectory.js';

/** What the comment functions need; `createConversation` builds it once per process. */
export interface CommentDeps {
  readonly store: Store;
  readonly tickets: TicketDirectory;
  readonly events: ConversationEvents;
  readonly now: () => Date;
  /** Rows every new or edited comment adds to the outbox besides notifications (client email). */
  readonly commentOutbox?: CommentOutboxBuilder;
}

/** What an outbox builder sees: the comment about to be written, and where it is. */
export interface CommentOutboxContext {
  readonly change: 'created' | 'edited';
  /** The new version (not stored yet: the rows are written with it). */
  readonly comment: CommentRecord;
  readonly ticket: Ticket;
  readonly board: BoardRecord;
}

/**
 * Outbox rows to write in the same store write as a comment — the mail module's client emails
 * for a client-visible comment, or an inbound reply's acknowledgement. Rows with an
 * `idempotencyKey` already stored are left out by the store.
 */
export type CommentOutboxBuilder = (
  context: CommentOutboxContext,
) => readonly OutboxRecord[] | Promise<readonly OutboxRecord[]>;

export interface CreateCommentInput {
  readonly boardId: BoardId;
  readonly ticketId: TicketId;
  readonly author: CommentAuthor;
  /** The restricted markdown (`commentMarkdown.ts`), checked with `commentBodySchema`. */
  readonly body: string;
  /** Required for a new thread; for a reply, omit it or give the thread's. */
  readonly visibility?: CommentVisibility;
  /** The comment replied to (any comment of the thread). */
  readonly parentId?: CommentId | null;
  readonly source?: CommentSource;
  /** Chosen by the caller to make retries safe; a fresh id otherwise. */
  readonly id?: CommentId;
  /** For a comment made from an email: its Message-ID (an email is threaded once per agency). */
  readonly emailMessageId?: string | null;
}

export interface CreateCommentOptions {
  /** More outbox rows for this comment, written with it (e.g. an inbound reply's receipt). */
  readonly outbox?: CommentOutboxBuilder;
}

export interface EditCommentInput {
  readonly boardId: BoardId;
  readonly ticketId: TicketId;
  readonly commentId: CommentId;
  /** The staff member editing: must be the author. */
  readonly editor: UserRecord;
  readonly body: string;
  /** The revision count the editor saw (`CommentView.revision`); a newer one is a conflict. */
  readonly expectedRevision?: number;
}

export interface DeleteCommentInput {
  readonly boardId: BoardId;
  readonly ticketId: TicketId;
  readonly commentId: CommentId;
  /** The author, or an admin of the agency. */
  readonly actor: UserRecord;
}

function parseBody(body: string): string {
  const parsed = commentBodySchema.safeParse(body);
  if (!parsed.success) throw new InvalidInputError(parsed.error.issues[0]?.message ?? 'invalid comment');
  return parsed.data;
}

/** `<@…>` of a client or the server shown as typed, never as a mention. */
function neutraliseMentions(body: string): string {
  return body.replace(/<@/g, '\\<@');
}

async function boardOf(store: Store, boardId: BoardId): Promise<BoardRecord> {
  const board = await store.boards.get(boardId);
  if (!board) throw new NotFoundError('board');
  return board;
}

async function ticketOf(deps: CommentDeps, board: BoardRecord, ticketId: TicketId): Promise<Ticket> {
  const ticket = await deps.tickets.ticket(board.id, ticketId);
  if (!ticket) throw new NotFoundError('ticket');
  return ticket;
}

/** The stored comment `commentId` of that ticket, or `NotFoundError`. */
async function commentOf(store: Store, boardId: BoardId, ticketId: TicketId, commentId: CommentId): Promise<StoredComment> {
  const comment = await store.comments.get(commentId);
  if (!comment || comment.boardId !== boardId || comment.ticketId !== ticketId) throw new NotFoundError('comment');
  return comment;
}

/** The mentions of `body`, checked: each a colleague who can open the board. */
function checkedMentions(colleagues: ReadonlyMap<UserId, UserRecord>, board: BoardRecord, body: string): UserId[] {
  const mentions = extractMentions(body);
  if (mentions.length > MAX_MENTIONS) throw new InvalidInputError(`a comment mentions at most ${MAX_MENTIONS} people`);
  for (const id of mentions) {
    const person = colleagues.get(id);
    if (!person || !canOpenBoard(person, board)) throw new InvalidInputError(`cannot mention ${id}: not someone on this board`);
  }
  return mentions;
}

async function colleaguesOf(store: Store, board: BoardRecord): Promise<Map<UserId, UserRecord>> {
  return new Map((await store.users.listByAgency(board.agencyId)).map((u) => [u.id, u]));
}

/** The notification excerpt of a body, mentions shown by name. */
function excerptOf(body: string, colleagues: ReadonlyMap<UserId, UserRecord>): string {
  return commentExcerpt(body, NOTIFICATION_EXCERPT_LENGTH, { mentionName: (id) => colleagues.get(id)?.name });
}

/** Who hears that the client wrote: the ticket's account manager and its assignees. */
async function clientReplyRecipients(store: Store, board: BoardRecord, ticket: Ticket): Promise<UserId[]> {
  const colleagues = await store.users.listByAgency(board.agencyId);
  const client = ticket.clientId ? await store.clients.get(ticket.clientId) : null;
  const managers = handoffRecipients({ ticket, author: null, client, board, colleagues });
  const backup = client?.agencyId === board.agencyId ? client.backupManagerId : null;
  return [...new Set([...managers, ...(backup ? [backup] : []), ...ticket.assignees])];
}

function snapshotOf(ticket: Ticket) {
  return { id: ticket.id, number: ticket.number, title: ticket.title, clientId: ticket.clientId };
}

async function outboxFor(
  builders: readonly (CommentOutboxBuilder | undefined)[],
  context: CommentOutboxContext,
): Promise<OutboxRecord[]> {
  const rows: OutboxRecord[] = [];
  for (const build of builders) if (build) rows.push(...(await build(context)));
  return rows;
}

export async function createComment(
  deps: CommentDeps,
  input: CreateCommentInput,
  options: CreateCommentOptions = {},
): Promise<StoredComment> {
  const { store } = deps;
  const author = input.author;
  let body = parseBody(input.body);
  if (author.kind !== 'staff') body = neutraliseMentions(body);
  const board = await boardOf(store, input.boardId);
  if (author.kind === 'staff') {
    const person = await store.users.get(author.userId);
    if (!person || !canOpenBoard(person, board)) throw new NotFoundError('board');
  }

  // A retry of a create that already happened.
  if (input.id !== undefined) {
    const existing = await store.comments.get(input.id);
    if (existing) {
      const same =
        existing.boardId === input.boardId &&
        existing.ticketId === input.ticketId &&
        isDeepStrictEqual(existing.author, author) &&
        existing.revisions[0]?.body === body;
      if (same) return existing;
      throw new ConflictError('comment id already exists');
    }
  }

  const ticket = await ticketOf(deps, board, input.ticketId);

  let parentId: CommentId | null = null;
  let visibility: CommentVisibility;
  if (input.parentId) {
    const parent = await commentOf(store, board.id, ticket.id, input.parentId);
    const root = parent.parentId === null ? parent : await commentOf(store, board.id, ticket.id, parent.parentId);
    parentId = root.id;
    visibility = root.visibility;
    if (input.visibility !== undefined && input.visibility !== visibility) {
      throw new InvalidInputError(`a reply has the visibility of its thread (${visibility})`);
    }
  } else {
    if (input.visibility === undefined) throw new InvalidInputError('choose who may see the comment: internal or client');
    visibility = input.visibility;
  }
  if (author.kind === 'client' && visibility !== 'client') throw new InvalidInputError('a client writes client-visible comments only');

  const colleagues = await colleaguesOf(store, board);
  const mentions = author.kind === 'staff' ? checkedMentions(colleagues, board, body) : [];
  const at = deps.now();
  const createdAt = at.toISOString();
  const record: CommentRecord = {
    id: input.id ?? newCommentId(),
    agencyId: board.agencyId,
    boardId: board.id,
    ticketId: ticket.id,
    parentId,
    visibility,
    source: input.source ?? 'app',
    author,
    mentions,
    revisions: [{ body, at: createdAt, by: author }],
    createdAt,
    deletedAt: null,
    deletedBy: null,
    emailMessageId: input.emailMessageId ?? null,
  };

  const excerpt = excerptOf(body, colleagues);
  const common = { board, ticket: snapshotOf(ticket), commentId: record.id, excerpt, at };
  const cause = author.kind === 'staff' ? { kind: 'staff' as const, userId: author.userId } : author;
  const events: NotificationEvent[] = [];
  if (mentions.length > 0) events.push({ ...common, kind: 'mentioned', recipients: mentions, actor: cause });
  if (author.kind === 'client') {
    events.push({ ...common, kind: 'client_replied', recipients: await clientReplyRecipients(store, board, ticket), actor: cause });
  }
  const plan = await planNotifications(store, events);
  const extra = await outboxFor([deps.commentOutbox, options.outbox], { change: 'created', comment: record, ticket, board });

  const written = await store.conversation.write({
    comments: [{ record, expectedSeq: null }],
    notifications: plan.notifications,
    outbox: [...plan.outbox, ...extra],
  });
  deps.events.ticketChanged(board.id, ticket.id);
  announceNotifications(deps.events, written.notifications);
  return written.comments[0] as StoredComment;
}

export async function editComment(deps: CommentDeps, input: EditCommentInput): Promise<StoredComment> {
  const { store } = deps;
  const body = parseBody(input.body);
  const board = await boardOf(store, input.boardId);
  if (!canOpenBoard(input.editor, board)) throw new NotFoundError('board');
  const stored = await commentOf(store, board.id, input.ticketId, input.commentId);
  if (stored.author.kind !== 'staff' || stored.author.userId !== input.editor.id) {
    throw new ForbiddenError('only the author may edit a comment');
  }
  if (stored.deletedAt !== null) throw new ConflictError('the comment was deleted');
  if (input.expectedRevision !== undefined && input.expectedRevision !== stored.revisions.length) {
    throw new ConflictError('the comment changed meanwhile; reload it and try again');
  }
  const current = stored.revisions[stored.revisions.length - 1];
  if (current?.body === body) return stored;

  const ticket = await ticketOf(deps, board, stored.ticketId);
  const colleagues = await colleaguesOf(store, board);
  const mentions = checkedMentions(colleagues, board, body);
  const at = deps.now();
  const { seq, ...previous } = stored;
  const record: CommentRecord = {
    ...previous,
    mentions,
    revisions: [...previous.revisions, { body, at: at.toISOString(), by: stored.author }],
  };
  const added = mentions.filter((id) => !stored.mentions.includes(id));
  const events: NotificationEvent[] =
    added.length === 0
      ? []
      : [
          {
            kind: 'mentioned',
            recipients: added,
            actor: { kind: 'staff', userId: input.editor.id },
            board,
            ticket: snapshotOf(ticket),
            commentId: record.id,
            excerpt: excerptOf(body, colleagues),
            at,
          },
        ];
  const plan = await planNotifications(store, events);
  const extra = await outboxFor([deps.commentOutbox], { change: 'edited', comment: record, ticket, board });
  const written = await store.conversation.write({
    comments: [{ record, expectedSeq: seq }],
    notifications: plan.notifications,
    outbox: [...plan.outbox, ...extra],
  });
  deps.events.ticketChanged(board.id, stored.ticketId);
  announceNotifications(deps.events, written.notifications);
  return written.comments[0] as StoredComment;
}

export async function deleteComment(deps: CommentDeps, input: DeleteCommentInput): Promise<StoredComment> {
  const { store } = deps;
  const board = await boardOf(store, input.boardId);
  if (!canOpenBoard(input.actor, board)) throw new NotFoundError('board');
  const stored = await commentOf(store, board.id, input.ticketId, input.commentId);
  const isAuthor = stored.author.kind === 'staff' && stored.author.userId === input.actor.id;
  if (!isAuthor && input.actor.role !== 'admin') throw new ForbiddenError('only the author or an admin may delete a comment');
  if (stored.deletedAt !== null) return stored;
  const { seq, ...previous } = stored;
  const record: CommentRecord = {
    ...previous,
    deletedAt: deps.now().toISOString(),
    deletedBy: { kind: 'staff', userId: input.actor.id },
  };
  const written = await store.conversation.write({ comments: [{ record, expectedSeq: seq }] });
  deps.events.ticketChanged(board.id, stored.ticketId);
  return written.comments[0] as StoredComment;
}
