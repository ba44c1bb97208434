/**
 * Client approvals, end to end (issue 7): staff send a deliverable or a milestone for approval,
 * the client decides from the timeline page or by answering the email.
 *
 * Sending (`requestApproval`):
 * 1. the request is stored as the next version of its (ticket, milestone) — a pending older one
 *    is superseded (`store.approvals.request`), with the SHA-256 of exactly what is sent;
 * 2. a client-visible message from the sender carries it (so it is on the timeline and is
 *    emailed to the client like every client-visible message, with the reply instructions);
 * 3. an open ticket now waits on the client (status `waiting_client`: the SLA clock pauses),
 *    recorded in the history like any status change.
 *
 * Deciding (`decideApproval`): the decision is stored first — only for a pending request, and
 * only for the content the client saw (`ConflictError` otherwise, nothing else changes); then
 * the client's message (from the page: a new client comment; by email: the reply itself), and a
 * ticket waiting on the client goes back to open for its account manager
 * (`reopenOnClientAnswer`, as any client answer). The comment notifies the account managers
 * (`client_replied`) and refreshes every board, drawer and timeline showing the ticket.
 *
 * Recording (`recordClientAnswer`): the client answered the account manager by phone or in a
 * meeting; a member of staff records it on their behalf — the same decision (who answered, how,
 * their words; `recordedBy` names the recorder), for the version pending now. The message that
 * follows is the recorder's, visible to the client, so the client sees (and is emailed) what was
 * recorded in their name.
 *
 * A crash between the steps leaves the request or decision stored without its message: it is
 * still on the board and the page; nothing is decided twice.
 */
import {
  type Approval,
  type ApprovalChannel,
  type ApprovalId,
  type ApprovalOutcome,
  type Deliverable,
  type RecordedChannel,
  MAX_APPROVAL_NOTE,
  newApprovalId,
  shortHash,
} from '@fluxo/shared/approvals/approval';
import type { Ticket } from '@fluxo/shared/board/ticket';
import type { CommentId } from '@fluxo/shared/conversation/comment';
import { ConflictError, InvalidInputError, NotFoundError } from '@fluxo/shared/errors';
import { DEFAULT_LOCALE, type Locale } from '@fluxo/shared/i18n/translate';
import type { BoardId, TicketId, UserId } from '@fluxo/shared/ids';
import { serverOrigin } from '@fluxo/shared/origin';
import { reopenOnClientAnswer, waitOnClient } from '../conversation/clientAnswer.js';
import type { Conversation } from '../conversation/conversation.js';
import { workspaceRules } from '../deadlines/boardDeadlines.js';
import type { BoardRecord, UserRecord } from '../store/records.js';
import { MAX_OUTBOX_PAGE, type TicketRef } from '../store/store.js';
import { readEmailedDecision } from './approvalReply.js';
import { approvalHash } from './approvalHash.js';
import { approvalText } from './approvalTexts.js';

export interface ApprovalRequestInput {
  readonly board: BoardRecord;
  readonly ticketId: TicketId;
  readonly requester: UserRecord;
  /** One of the ticket kind's milestones, or null for a deliverable of the ticket as a whole. */
  readonly milestoneId: string | null;
  readonly title: string;
  readonly note: string;
  readonly deliverable: Deliverable;
}

/** Whether the agency may send this file: it has a record of those bytes (an upload or an attachment). */
export type AgencyFileCheck = (board: BoardRecord, sha256: string) => Promise<boolean>;

const APPROVAL_ORIGIN = serverOrigin('approval');

async function liveTicket(conversation: Conversation, boardId: BoardId, ticketId: TicketId): Promise<Ticket> {
  const ticket = await conversation.tickets.ticket(boardId, ticketId);
  if (ticket === null || ticket.archived) throw new NotFoundError('ticket');
  return ticket;
}

export async function requestApproval(
  conversation: Conversation,
  input: ApprovalRequestInput,
  options: { readonly fileKnown?: AgencyFileCheck; readonly locale?: Locale } = {},
): Promise<Approval> {
  const { store } = conversation;
  const now = conversation.now();
  const { board, ticketId, requester } = input;
  const ticket = await liveTicket(conversation, board.id, ticketId);
  if (ticket.clientId === null) throw new InvalidInputError('this ticket has no client to approve it: choose its client first');
  let milestone: Approval['milestone'] = null;
  if (input.milestoneId !== null) {
    const rules = await workspaceRules(store, board.agencyId, now);
    const kind = ticket.kind === null ? undefined : rules.kinds.get(ticket.kind);
    const found = kind?.milestones.find((m) => m.id === input.milestoneId);
    if (found === undefined) throw new InvalidInputError(`the ticket's kind has no milestone "${input.milestoneId}"`);
    milestone = { id: found.id, name: found.name };
  }
  if (input.deliverable.type === 'file' && !(await (options.fileKnown?.(board, input.deliverable.sha256) ?? Promise.resolve(false)))) {
    throw new NotFoundError('file');
  }
  const content = { milestone, title: input.title.trim(), deliverable: input.deliverable };
  const { approval } = await store.approvals.request({
    id: newApprovalId(),
    agencyId: board.agencyId,
    boardId: board.id,
    ticketId,
    clientId: ticket.clientId,
    ...content,
    note: input.note.trim(),
    contentHash: approvalHash(content),
    requestedBy: requester.id,
    requestedAt: now.toISOString(),
    requestCommentId: null,
  });
  await conversation.doneGuard?.approvalsChanged(board.id, ticketId);
  const comment = await conversation.createComment({
    boardId: board.id,
    ticketId,
    author: { kind: 'staff', userId: requester.id },
    body: requestMessage(approval, options.locale ?? DEFAULT_LOCALE),
    visibility: 'client',
    source: 'app',
  });
  const linked = await store.approvals.linkComment(approval.id, 'request', comment.id);
  await waitOnClient({
    store,
    boards: conversation.boards,
    ticket: { agencyId: board.agencyId, boardId: board.id, ticketId },
    origin: APPROVAL_ORIGIN,
    now,
  });
  return linked;
}

export interface ApprovalDecisionInput {
  readonly approvalId: ApprovalId;
  /** Where the decision may apply: the approval must be of this board (and client, from a link). */
  readonly boardId: BoardId;
  readonly clientId?: string;
  readonly outcome: ApprovalOutcome;
  readonly note: string;
  /** The hash of what the client saw. */
  readonly contentHash: string;
  readonly by: { readonly name: string | null; readonly email: string | null };
  readonly via: ApprovalChannel;
  /** The client's own message the decision came with (an emailed reply); null: one is written. */
  readonly commentId: CommentId | null;
  /** The address a message written for the client is signed with. */
  readonly authorEmail: string;
  /** Staff who record a decision given by phone or in a meeting: the message is theirs. */
  readonly recordedBy?: UserId;
}

/** The approval, if it belongs to this board (and client); NOT_FOUND otherwise, one answer for all. */
export async function approvalOn(conversation: Conversation, id: ApprovalId, boardId: BoardId, clientId?: string): Promise<Approval> {
  const approval = await conversation.store.approvals.get(id);
  if (approval === null || approval.boardId !== boardId || (clientId !== undefined && approval.clientId !== clientId)) {
    throw new NotFoundError('approval');
  }
  return approval;
}

export async function decideApproval(
  conversation: Conversation,
  input: ApprovalDecisionInput,
  options: { readonly locale?: Locale } = {},
): Promise<Approval> {
  const { store } = conversation;
  const now = conversation.now();
  const found = await approvalOn(conversation, input.approvalId, input.boardId, input.clientId);
  await liveTicket(conversation, found.boardId, found.ticketId);
  let decided = await store.approvals.decide(found.id, {
    outcome: input.outcome,
    at: now.toISOString(),
    by: input.by,
    via: input.via,
    note: input.note.trim(),
    contentHash: input.contentHash,
    commentId: input.commentId,
    recordedBy: input.recordedBy ?? null,
  });
  await conversation.doneGuard?.approvalsChanged(found.boardId, found.ticketId);
  if (input.commentId === null) {
    const comment = await conversation.createComment({
      boardId: found.boardId,
      ticketId: found.ticketId,
      author: input.recordedBy === undefined ? { kind: 'client', email: input.authorEmail, name: input.by.name } : { kind: 'staff', userId: input.recordedBy },
      body: decisionMessage(decided, options.locale ?? DEFAULT_LOCALE),
      visibility: 'client',
      source: 'app',
    });
    decided = await store.approvals.linkComment(found.id, 'decision', comment.id);
  }
  await reopenOnClientAnswer({
    store,
    boards: conversation.boards,
    ticket: { agencyId: found.agencyId, boardId: found.boardId, ticketId: found.ticketId },
    origin: input.recordedBy !== undefined ? APPROVAL_ORIGIN : serverOrigin(input.via === 'email' ? 'email' : 'portal'),
    now,
  });
  conversation.events.boardChanged(found.boardId);
  return decided;
}

export interface RecordedAnswer {
  readonly approvalId: ApprovalId;
  readonly boardId: BoardId;
  readonly outcome: ApprovalOutcome;
  readonly via: RecordedChannel;
  /** Who answered for the client ("Márcia"). */
  readonly clientName: string;
  readonly note: string;
  readonly recorder: UserRecord;
}

/** Staff record the client's answer given by phone or in a meeting (see the module comment). */
export async function recordClientAnswer(conversation: Conversation, answer: RecordedAnswer, options: { readonly locale?: Locale } = {}): Promise<Approval> {
  const found = await approvalOn(conversation, answer.approvalId, answer.boardId);
  if (answer.outcome === 'changes_requested' && answer.note.trim() === '') throw new InvalidInputError('say what the client asked to change');
  return decideApproval(
    conversation,
    {
      approvalId: found.id,
      boardId: found.boardId,
      outcome: answer.outcome,
      note: answer.note,
      contentHash: found.contentHash,
      by: { name: answer.clientName.trim(), email: null },
      via: answer.via,
      commentId: null,
      authorEmail: answer.recorder.email,
      recordedBy: answer.recorder.id,
    },
    options,
  );
}

export interface EmailedAnswer {
  readonly ticket: TicketRef;
  /** The ids of `In-Reply-To` and `References`: which of our emails it answers. */
  readonly references: readonly string[];
  readonly body: string;
  readonly author: { readonly email: string; readonly name: string | null };
  /** The comment the reply became. */
  readonly commentId: CommentId;
}

/**
 * An emailed reply that decides an approval: its first line says so (`approvalReply.ts`) and it
 * answers the very email that carried a still-pending request — so a client answering an older
 * version's email never approves a newer one. Anything else is an ordinary reply: `null`.
 */
export async function decideByEmail(conversation: Conversation, answer: EmailedAnswer): Promise<Approval | null> {
  const decision = readEmailedDecision(answer.body);
  if (decision === null || answer.references.length === 0) return null;
  const { store } = conversation;
  const pending = (await store.approvals.listForTicket(answer.ticket.boardId, answer.ticket.ticketId)).filter(
    (a) => a.status === 'pending' && a.requestCommentId !== null,
  );
  if (pending.length === 0) return null;
  const references = new Set(answer.references);
  const sent = await store.outbox.list({ ticketId: answer.ticket.ticketId, limit: MAX_OUTBOX_PAGE });
  const answered = pending.find((a) =>
    sent.some((row) => row.kind === 'client_comment' && row.payload.commentId === a.requestCommentId && row.messageId !== null && references.has(row.messageId)),
  );
  if (answered === undefined) return null;
  try {
    return await decideApproval(conversation, {
      approvalId: answered.id,
      boardId: answered.boardId,
      outcome: decision.outcome,
      note: decision.note.slice(0, MAX_APPROVAL_NOTE),
      contentHash: answered.contentHash,
      by: { name: answer.author.name, email: answer.author.email },
      via: 'email',
      commentId: answer.commentId,
      authorEmail: answer.author.email,
    });
  } catch (error) {
    // Decided meanwhile (from the page, or a redelivered email): the reply stays a reply.
    if (error instanceof ConflictError) return null;
    throw error;
  }
}

/** Staff take back a pending request; the client's page stops offering it. */
export async function withdrawApproval(conversation: Conversation, approvalId: ApprovalId, boardId: BoardId): Promise<Approval> {
  const found = await approvalOn(conversation, approvalId, boardId);
  const withdrawn = await conversation.store.approvals.withdraw(found.id, conversation.now().toISOString());
  await conversation.doneGuard?.approvalsChanged(boardId, found.ticketId);
  conversation.events.boardChanged(boardId);
  return withdrawn;
}

/** What the client reads (page and email): what is asked, what it is, and how to answer. */
export function requestMessage(approval: Approval, locale: Locale): string {
  const t = (key: Parameters<typeof approvalText>[1], params: Record<string, string | number> = {}) => approvalText(locale, key, params);
  const what = approval.milestone === null ? approval.title : `${approval.milestone.name} — ${approval.title}`;
  const lines = [`**${t('request.heading', { what: escapeMarkdown(what), version: approval.version })}**`];
  if (approval.note !== '') lines.push('', escapeMarkdown(approval.note));
  const d = approval.deliverable;
  lines.push('');
  if (d.type === 'link') lines.push(t('request.link', { url: d.url }));
  else if (d.type === 'file') lines.push(t('request.file', { name: escapeMarkdown(d.name) }));
  else lines.push('```', d.text.replaceAll('```', "'''"), '```');
  lines.push('', t('request.code', { code: shortHash(approval.contentHash) }), '', t('request.howTo'));
  return lines.join('\n');
}

export function decisionMessage(approval: Approval, locale: Locale): string {
  const what = approval.milestone === null ? approval.title : `${approval.milestone.name} — ${approval.title}`;
  const key = approval.status === 'approved' ? 'decision.approved' : 'decision.changes';
  const head = `**${approvalText(locale, key, { what: escapeMarkdown(what), version: approval.version })}**`;
  const decision = approval.decision;
  const lines = [head];
  if (decision !== null && (decision.via === 'phone' || decision.via === 'meeting')) {
    const name = decision.by.name ?? '';
    lines.push('', approvalText(locale, decision.via === 'phone' ? 'decision.recorded.phone' : 'decision.recorded.meeting', { name: escapeMarkdown(name) }));
  }
  const note = decision?.note ?? '';
  if (note !== '') lines.push('', escapeMarkdown(note));
  return lines.join('\n');
}

/** Shows the client's or staff's words as typed inside a message (no accidental markup). */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, '\\$1');
}
