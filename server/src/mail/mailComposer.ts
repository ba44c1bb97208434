/**
 * From a group of outbox rows (`outboxGroups.ts`) to the email that carries them — or to the
 * reason it must not go.
 *
 * Everything is read **at send time**, not at enqueue time: the ticket's title, number and
 * client summary from the live board document, each comment's current body and visibility.
 * So a comment deleted, or made internal, before its email left is not sent; a ticket
 * renumbered by the witness after the row was written shows its number.
 *
 * Who may read what:
 * - a `client_comment` group becomes a client email holding only comments that are *now*
 *   `client`-visible and not deleted, the ticket's client summary, status and stage — never
 *   the internal description, never an internal comment;
 * - a `notification` group goes only to a staff member of the row's agency (the address is
 *   checked against the accounts); otherwise it is dropped;
 * - `ticket_received` tells the client their ticket's number and title.
 * - `satisfaction_survey` asks the client how the delivery went, with the survey's rating-page
 *   link, only while the survey is unanswered and the ticket still done (`satisfaction/`).
 *
 * Headers: a stable `Message-ID` (`mailAddress.ts`); `In-Reply-To`/`References` to the client's
 * own emails on the ticket so mail clients thread the conversation; `Reply-To` the ticket's
 * reply address when the inbound listener is on; `List-Unsubscribe` + `List-Unsubscribe-Post`
 * (RFC 8058 one-click) on every email; `Auto-Submitted` on machine-made ones (RFC 3834), so
 * auto-responders do not answer them.
 */
import { readTicket, type Ticket } from '@fluxo/shared/board/index';
import type { NotificationActor } from '@fluxo/shared/conversation/notification';
import type { BoardId, TicketId } from '@fluxo/shared/ids';
import { type ProjectionNames, shareComment, shareTicket } from '@fluxo/shared/share/projection';
import type * as Y from 'yjs';
import type { OutboxRecord, OutboxRecordOf, StoredNotification } from '../store/conversationRecords.js';
import type { Store, TicketRef } from '../store/store.js';
import { projectableComment } from '../share/clientTimeline.js';
import { bareAddress, ticketReplyAddress } from './mailAddress.js';
import { mailText } from './mailTexts.js';
import { decidePromisedDate } from './promisedDateOutbox.js';
import { decideSurveyEmail, surveyUrl } from '../satisfaction/satisfactionSurveys.js';
import { composeClientReportMail } from './clientReportMail.js';
import type { OutboxGroup } from './outboxGroups.js';
import {
  type ClientCommentEntry,
  type ClientTicketFacts,
  type MailDraft,
  type StaffDigestSection,
  type StaffEntry,
  type TicketFacts,
  renderMail,
} from './mailTemplates.js';
import type { OutgoingMail } from './mailTransport.js';

/** The live board documents (the sync server's `withBoardDoc`). */
export interface BoardDocAccess {
  withBoardDoc<T>(boardId: BoardId, use: (doc: Y.Doc) => T | Promise<T>): Promise<T>;
}

/**
 * A fresh client timeline link for a ticket (`share/mailTimelineLinks.ts`), or null when the
 * ticket has no client. Asked for by the answer to a new request only: each call issues a link.
 */
export type TimelineLinks = (ticket: TicketRef) => Promise<string | null>;

export interface MailComposerDeps {
  readonly store: Store;
  readonly boards: BoardDocAccess;
  readonly publicUrl: string;
  /** `MAIL_FROM`; without it, `fluxo@<message-id domain>`. */
  readonly mailFrom: string;
  /** `INBOUND_DOMAIN` when the inbound listener is on: client emails get a reply address there. */
  readonly inboundDomain: string | null;
  readonly timelineLinks: TimelineLinks;
  readonly now: () => Date;
}

/**
 * The email; or `drop`: it must not go, saying why — the rows end `failed` (the admin sees the
 * reason), or `skipped` with `nothingToTell` (there is no news left to send: not an error).
 */
/** What differs between the client emails threaded under a ticket (`#threadedClientMail` adds the rest). */
type ThreadedClientContent = Extract<MailDraft, { kind: 'clientUpdate' | 'promisedDate' | 'satisfactionSurvey' }> extends infer D
  ? D extends MailDraft
    ? Omit<D, 'audience' | 'locale' | 'agencyName' | 'recipientName' | 'unsubscribeUrl' | 'ticket' | 'replyByEmail'>
    : never
  : never;

export type Composed = { readonly mail: OutgoingMail } | { readonly drop: string; readonly nothingToTell?: true };

export async function readLiveTicket(boards: BoardDocAccess, boardId: BoardId, ticketId: TicketId): Promise<Ticket | null> {
  try {
    return await boards.withBoardDoc(boardId, (doc) => readTicket(doc, ticketId));
  } catch {
    return null; // the board is gone: nothing to say about the ticket
  }
}

export class MailComposer {
  constructor(private readonly deps: MailComposerDeps) {}

  async compose(group: OutboxGroup, messageId: string): Promise<Composed> {
    const first = group.rows[0];
    if (!first) return { drop: 'empty group' };
    if (await this.deps.store.mail.isUnsubscribed(first.agencyId, first.to)) return { drop: 'the recipient unsubscribed' };
    switch (group.kind) {
      case 'ticketReceived':
        return this.#ticketReceived(first as OutboxRecordOf<'ticket_received'>, messageId);
      case 'clientUpdate':
        return this.#clientUpdate(group.rows as OutboxRecordOf<'client_comment'>[], messageId);
      case 'staffUpdate':
      case 'staffDigest':
        return this.#staff(group, group.rows as OutboxRecordOf<'notification'>[], messageId);
      case 'promisedDate':
        return this.#promisedDate(group.rows as OutboxRecordOf<'promised_date'>[], messageId);
      case 'satisfactionSurvey':
        return this.#satisfactionSurvey(group.rows as OutboxRecordOf<'satisfaction_survey'>[], messageId);
      case 'clientReport':
        // The client's report of work done, read now through the client projection (`clientReportMail.ts`).
        return composeClientReportMail(this.deps, first as OutboxRecordOf<'client_report'>, messageId);
    }
  }

  /** The promised date, decided now (`promisedDateOutbox.ts`): the last date told and the one to tell. */
  async #promisedDate(rows: OutboxRecordOf<'promised_date'>[], messageId: string): Promise<Composed> {
    const decision = await decidePromisedDate(this.deps, rows);
    if ('skip' in decision) return { drop: decision.skip, nothingToTell: true };
    const first = rows[0] as OutboxRecordOf<'promised_date'>;
    const ref = ticketRefOf(first);
    if (ref === null) return { drop: 'the row names no ticket', nothingToTell: true };
    const facts = await this.#clientFacts(ref);
    if (facts === null) return { drop: 'the ticket no longer exists', nothingToTell: true };
    const content: ThreadedClientContent = {
      kind: 'promisedDate',
      dueDate: decision.tell.dueDate,
      previous: decision.tell.previous,
      timelineUrl: (await this.#sharesTimeline(ref, decision.tell.ticket)) ? await this.deps.timelineLinks(ref) : null,
    };
    return this.#threadedClientMail(first, ref, facts, messageId, content, 'auto-generated');
  }

  /**
   * "How did the delivery go?" (`satisfaction/satisfactionSurveys.ts`): decided now — the survey
   * unanswered, the ticket still done and the client's — with the survey's rating-page link.
   */
  async #satisfactionSurvey(rows: OutboxRecordOf<'satisfaction_survey'>[], messageId: string): Promise<Composed> {
    const tickets = { ticket: (boardId: BoardId, ticketId: TicketId) => readLiveTicket(this.deps.boards, boardId, ticketId) };
    const decision = await decideSurveyEmail({ store: this.deps.store, tickets }, rows);
    if ('skip' in decision) return { drop: decision.skip, nothingToTell: true };
    const first = rows[0] as OutboxRecordOf<'satisfaction_survey'>;
    const ref = ticketRefOf(first);
    if (ref === null) return { drop: 'the row names no ticket', nothingToTell: true };
    const facts = await this.#clientFacts(ref);
    if (facts === null) return { drop: 'the ticket no longer exists', nothingToTell: true };
    const content: ThreadedClientContent = { kind: 'satisfactionSurvey', surveyUrl: surveyUrl(this.deps.publicUrl, decision.tell.survey.token) };
    return this.#threadedClientMail(first, ref, facts, messageId, content, 'auto-generated');
  }

  /**
   * A client email in the ticket's thread (an update, a promised date): the common fields, and
   * Reply-To / In-Reply-To / References of the ticket's client emails, so a reply lands on it.
   */
  async #threadedClientMail(
    first: OutboxRecord,
    ref: TicketRef,
    ticket: ClientTicketFacts,
    messageId: string,
    content: ThreadedClientContent,
    automatic: string | null,
  ): Promise<Composed> {
    const replyTo = await this.#replyAddress(ref);
    const draft: MailDraft = {
      audience: 'client',
      locale: first.locale,
      agencyName: await this.#agencyName(first),
      recipientName: null,
      unsubscribeUrl: await this.#unsubscribeUrl(first),
      ticket,
      replyByEmail: replyTo !== null,
      ...content,
    };
    const thread = await this.#clientThread(ref);
    return { mail: await this.#mail(first, draft, messageId, { replyTo, inReplyTo: thread.at(-1) ?? null, references: thread, automatic }) };
  }

  /**
   * Whether the ticket's client already follows this board's timeline: a link of theirs on the
   * board that still opens. Only then does an email carry a (fresh, `view`) link — a client
   * whose links were all revoked is not handed a new one by a date change.
   */
  async #sharesTimeline(ref: TicketRef, ticket: Ticket): Promise<boolean> {
    if (ticket.clientId === null) return false;
    const at = this.deps.now().getTime();
    const links = await this.deps.store.shareLinks.listByBoard(ref.boardId);
    return links.some(
      (l) => l.clientId === ticket.clientId && l.agencyId === ref.agencyId && l.revokedAt === null && Date.parse(l.expiresAt) > at,
    );
  }

  async #ticketReceived(row: OutboxRecordOf<'ticket_received'>, messageId: string): Promise<Composed> {
    const ref = ticketRefOf(row);
    if (ref === null) return { drop: 'the row names no ticket' };
    const facts = await this.#clientFacts(ref);
    if (facts === null) return { drop: 'the ticket no longer exists' };
    const draft: MailDraft = {
      audience: 'client',
      kind: 'ticketReceived',
      locale: row.locale,
      agencyName: await this.#agencyName(row),
      recipientName: null,
      unsubscribeUrl: await this.#unsubscribeUrl(row),
      ticket: facts,
      timelineUrl: await this.deps.timelineLinks(ref),
    };
    const inReplyTo = row.payload.inReplyTo;
    return {
      mail: await this.#mail(row, draft, messageId, {
        replyTo: await this.#replyAddress(ref),
        inReplyTo,
        references: inReplyTo === null ? [] : [inReplyTo],
        automatic: 'auto-replied',
      }),
    };
  }

  async #clientUpdate(rows: OutboxRecordOf<'client_comment'>[], messageId: string): Promise<Composed> {
    const first = rows[0] as OutboxRecordOf<'client_comment'>;
    const ref = ticketRefOf(first);
    if (ref === null) return { drop: 'the row names no ticket' };
    const { store } = this.deps;
    const comments: ClientCommentEntry[] = [];
    const names = await this.#projectionNames(first);
    for (const row of rows) {
      const comment = await store.comments.get(row.payload.commentId);
      if (!comment) continue;
      if (comment.boardId !== ref.boardId || comment.ticketId !== ref.ticketId || comment.agencyId !== ref.agencyId) continue;
      // Through the client projection, checked now, not when enqueued: a deleted or internal
      // comment is `null`; mentions become plain `@Name`, authors a name — no staff id or address.
      const shown = shareComment(projectableComment(comment), names);
      if (shown === null) continue;
      const authorName = shown.author.kind === 'agency' ? shown.author.name : (shown.author.name ?? mailText(first.locale, 'actor.client'));
      comments.push({ kind: 'clientComment', authorName, body: shown.body, at: shown.createdAt });
    }
    if (comments.length === 0) return { drop: 'no client-visible comment is left to send' };
    const facts = await this.#clientFacts(ref);
    if (facts === null) return { drop: 'the ticket no longer exists' };
    // Not a new link per update: the client got one with the answer to the request.
    return this.#threadedClientMail(first, ref, facts, messageId, { kind: 'clientUpdate', comments, timelineUrl: null }, null);
  }

  async #staff(group: OutboxGroup, rows: OutboxRecordOf<'notification'>[], messageId: string): Promise<Composed> {
    const first = rows[0] as OutboxRecordOf<'notification'>;
    const { store, publicUrl } = this.deps;
    const person = await store.users.findByEmail(first.to);
    if (person === null || person.agencyId !== first.agencyId) return { drop: 'the recipient is not a member of the agency' };

    const bySection = new Map<string, { ref: TicketRef; notifications: StoredNotification[] }>();
    for (const row of rows) {
      const notification = await store.notifications.get(row.payload.notificationId);
      if (!notification || notification.userId !== person.id) continue;
      const ref: TicketRef = { agencyId: notification.agencyId, boardId: notification.boardId, ticketId: notification.ticketId };
      const key = `${ref.boardId}/${ref.ticketId}`;
      const section = bySection.get(key) ?? { ref, notifications: [] };
      section.notifications.push(notification);
      bySection.set(key, section);
    }
    if (bySection.size === 0) return { drop: 'its notifications no longer exist' };

    const sections: StaffDigestSection[] = [];
    for (const { ref, notifications } of bySection.values()) {
      const newest = notifications[notifications.length - 1] as StoredNotification;
      const live = await readLiveTicket(this.deps.boards, ref.boardId, ref.ticketId);
      const ticket: TicketFacts = live
        ? { ...(await this.#facts(live)), clientName: (await this.#clientName(live)) ?? newest.clientName }
        : { number: newest.ticketNumber, title: newest.ticketTitle, clientName: newest.clientName, stage: 'triage', status: 'open' };
      sections.push({
        ticket,
        entries: notifications.map(staffEntry),
        appUrl: `${publicUrl}/boards/${encodeURIComponent(ref.boardId)}?ticket=${encodeURIComponent(ref.ticketId)}`,
      });
    }
    const base = {
      audience: 'staff' as const,
      locale: first.locale,
      agencyName: await this.#agencyName(first),
      recipientName: person.name,
      unsubscribeUrl: await this.#unsubscribeUrl(first),
    };
    const only = sections[0] as StaffDigestSection;
    const draft: MailDraft =
      group.kind === 'staffDigest'
        ? { ...base, kind: 'staffDigest', sections }
        : { ...base, kind: 'staffUpdate', ticket: only.ticket, entries: only.entries, appUrl: only.appUrl };
    return {
      mail: await this.#mail(first, draft, messageId, { replyTo: null, inReplyTo: null, references: [], automatic: 'auto-generated' }),
    };
  }

  async #mail(
    row: OutboxRecord,
    draft: MailDraft,
    messageId: string,
    thread: { replyTo: string | null; inReplyTo: string | null; references: readonly string[]; automatic: string | null },
  ): Promise<OutgoingMail> {
    const rendered = renderMail(draft);
    const headers: Record<string, string> = {
      'List-Unsubscribe': `<${draft.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    };
    if (thread.automatic !== null) {
      headers['Auto-Submitted'] = thread.automatic;
      headers['X-Auto-Response-Suppress'] = 'All';
    }
    return {
      from: this.deps.mailFrom,
      to: row.to,
      replyTo: thread.replyTo,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId,
      inReplyTo: thread.inReplyTo,
      references: thread.references,
      headers,
    };
  }

  async #facts(ticket: Ticket): Promise<TicketFacts> {
    return {
      number: ticket.number,
      title: ticket.title,
      clientName: await this.#clientName(ticket),
      stage: ticket.stage,
      status: ticket.status,
    };
  }

  async #clientFacts(ref: TicketRef): Promise<ClientTicketFacts | null> {
    const ticket = await readLiveTicket(this.deps.boards, ref.boardId, ref.ticketId);
    if (ticket === null) return null;
    // Through the client projection: the summary written for the client, never the internal
    // description (the same objects the timeline page receives).
    const shown = shareTicket(ticket, [], [], { agencyName: '', staffName: () => null });
    return {
      number: shown.number,
      title: shown.title,
      clientName: await this.#clientName(ticket),
      stage: shown.stage,
      status: shown.status,
      clientSummary: shown.summary,
    };
  }

  /** How the client projection names people in this row's agency. */
  async #projectionNames(row: OutboxRecord): Promise<ProjectionNames> {
    const colleagues = await this.deps.store.users.listByAgency(row.agencyId);
    const byId = new Map(colleagues.map((user) => [user.id, user.name]));
    return { agencyName: await this.#agencyName(row), staffName: (id) => byId.get(id) ?? null };
  }

  async #clientName(ticket: Ticket): Promise<string | null> {
    if (ticket.clientId === null) return null;
    return (await this.deps.store.clients.get(ticket.clientId))?.name ?? null;
  }

  async #agencyName(row: OutboxRecord): Promise<string> {
    return (await this.deps.store.agencies.get(row.agencyId))?.name ?? 'Fluxo';
  }

  async #unsubscribeUrl(row: OutboxRecord): Promise<string> {
    const recipient = await this.deps.store.mail.recipient(row.agencyId, row.to, this.deps.now());
    return `${this.deps.publicUrl}/unsubscribe/${recipient.unsubscribeToken}`;
  }

  async #replyAddress(ref: TicketRef): Promise<string | null> {
    const domain = this.deps.inboundDomain;
    if (domain === null) return null;
    const address = await this.deps.store.mail.ticketAddress(ref, this.deps.now());
    return ticketReplyAddress(address.token, domain);
  }

  /** The client's emails on the ticket (their Message-IDs), oldest first, at most 10. */
  async #clientThread(ref: TicketRef): Promise<string[]> {
    const messages = await this.deps.store.mail.ticketMessages(ref.boardId, ref.ticketId);
    return messages
      .filter((m) => m.direction === 'in')
      .map((m) => m.messageId)
      .slice(-10);
  }
}

function ticketRefOf(row: OutboxRecord): TicketRef | null {
  if (row.boardId === null || row.ticketId === null) return null;
  return { agencyId: row.agencyId, boardId: row.boardId, ticketId: row.ticketId };
}

function actorName(actor: NotificationActor): { name: string | null; isClient: boolean } {
  if (actor.kind === 'staff') return { name: actor.name, isClient: false };
  if (actor.kind === 'client') return { name: actor.name ?? actor.email, isClient: true };
  return { name: null, isClient: false };
}

function staffEntry(notification: StoredNotification): StaffEntry {
  const actor = actorName(notification.actor);
  return {
    kind: 'notification',
    notification: notification.kind,
    actorName: actor.name,
    actorIsClient: actor.isClient,
    excerpt: notification.excerpt,
    at: notification.createdAt,
  };
}

/** The `From` of Fluxo's mail: `MAIL_FROM`, else a no-reply address in the Message-ID domain. */
export function senderAddress(mailFrom: string | null, messageIdDomain: string): string {
  if (mailFrom !== null && bareAddress(mailFrom) !== '') return mailFrom;
  return `Fluxo <fluxo@${messageIdDomain}>`;
}
