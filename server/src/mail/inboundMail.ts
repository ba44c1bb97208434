/**
 * What Fluxo does with an email it accepted (`inboundSmtpServer.ts` hands each one over).
 *
 * **Routing.** An email is a *reply* to a ticket when one of its recipients is a ticket's reply
 * address (`t+<token>@`), or else when its `In-Reply-To`/`References` name a Message-ID Fluxo
 * sent or accepted for a ticket. Otherwise, sent to `atendimento@`, it *opens a ticket*.
 *
 * **Opening a ticket**: in Triagem, channel `email`, on the intake board (`IntakeRoute`), written
 * into the live board document through the sync server (`withBoardDoc`, `serverOrigin('email')`)
 * so every open board shows it at once; numbered right away (the witness only sees people's
 * updates) and recorded in the history (`created`, author `null`: the server). The sender is
 * matched to a client by address, else by domain (`store.clients.findBySender`); an address
 * matched by domain becomes one of the client's contacts. The sender is answered at once
 * (`ticket_received` outbox row: the ticket number; the timeline link once share links exist).
 *
 * **A reply** becomes a client-visible comment (`InboundConversation.addClientReply`), quoted text
 * stripped (`quotedReply.ts`); a ticket waiting on the client (`waiting_client`) goes back to
 * `open`, recorded in the history.
 *
 * **Exactly once, by Message-ID.** An email whose Message-ID is already recorded is ignored
 * (a second delivery, a resend). Every step is idempotent so that a crash half-way — before the
 * Message-ID is recorded, which is the last step — is repaired by the sender's retry: the
 * ticket id is derived from the Message-ID (an existing ticket is not created again), the
 * comment is unique per Message-ID, the answer's outbox row has an idempotency key, files are
 * content-addressed and their records keyed. The `250` goes out only after all of it.
 *
 * **Not answered**: auto-replies and bounces (RFC 3834 `Auto-Submitted`, `Precedence`, the null
 * sender) never get an answer — two auto-responders must not talk forever — and an
 * out-of-office reply to a ticket is not a comment; a bounce (null sender) that answers no
 * ticket opens none. Mail from Fluxo's own address is a loop and is dropped.
 *
 * Emails are handled one at a time (a queue), so two deliveries of one message cannot race.
 */
import { createHash } from 'node:crypto';
import { DESCRIPTION_MAX_LENGTH } from '@fluxo/shared/board/index';
import { MAX_COMMENT_LENGTH } from '@fluxo/shared/conversation/comment';
import { ConflictError } from '@fluxo/shared/errors';
import { DEFAULT_LOCALE, type Locale, negotiateLocale } from '@fluxo/shared/i18n/translate';
import { type AgencyId, type BoardId, ID_ALPHABET, type TicketId } from '@fluxo/shared/ids';
import { serverOrigin } from '@fluxo/shared/origin';
import PostalMime, { type Address, type Email, type Mailbox } from 'postal-mime';
import { reopenOnClientAnswer } from '../conversation/clientAnswer.js';
import { openClientRequest } from '../conversation/clientRequest.js';
import type { Logger } from '../log.js';
import type { AttachmentRecord } from '../store/mailRecords.js';
import { newOutboxId, type OutboxRecord } from '../store/conversationRecords.js';
import { normaliseEmail } from '../store/records.js';
import type { Store, TicketRef } from '../store/store.js';
import type { AttachmentFiles } from './attachmentFiles.js';
import { PermanentDeliveryError, type InboundEnvelope } from './inboundSmtpServer.js';
import {
  type InboundRecipient,
  normaliseMessageId,
  parseInboundRecipient,
  parseMessageIdList,
  splitAddress,
} from './mailAddress.js';
import type { BoardDocAccess } from './mailComposer.js';
import { mailText } from './mailTexts.js';
import { bodyText, ticketTitle } from './inboundText.js';
import { stripQuotedReply } from './quotedReply.js';

const EMAIL = serverOrigin('email');

/** Where `atendimento@` opens tickets. */
export interface IntakeBoard {
  readonly agencyId: AgencyId;
  readonly boardId: BoardId;
}
export type IntakeRoute = () => Promise<IntakeBoard | null>;

/**
 * The default route: the agency's oldest board, when the store holds exactly one agency (the
 * demo, and every single-agency installation). With several agencies `atendimento@` is refused
 * until each has its own address — see server/CONTEXT.md, "Mail".
 */
export function soleAgencyIntake(store: Store): IntakeRoute {
  return async () => {
    const agencies = await store.agencies.list();
    if (agencies.length !== 1) return null;
    const agency = agencies[0] as (typeof agencies)[number];
    const [board] = await store.boards.listByAgency(agency.id);
    return board ? { agencyId: agency.id, boardId: board.id } : null;
  };
}

export interface ClientReply {
  readonly ticket: TicketRef;
  /** Stored form, unique per agency: the comment's idempotency key. */
  readonly messageId: string;
  readonly author: { readonly email: string; readonly name: string | null };
  readonly body: string;
  readonly at: Date;
  /** The Message-IDs it answers (`In-Reply-To`, then `References`, newest first): which email of ours. */
  readonly references: readonly string[];
}

export interface OpenedByEmail {
  readonly ticket: TicketRef;
  readonly ticketNumber: number | null;
  readonly title: string;
  readonly clientId: string | null;
  readonly from: { readonly email: string; readonly name: string | null };
  readonly at: Date;
}

/** The conversation side (`server/src/conversation/`): comments and the notifications they cause. */
export interface InboundConversation {
  /**
   * Stores the reply as a client-visible comment (with whatever notifications comments cause).
   * Called again for the same `messageId` after a crash: must then do nothing (or throw
   * `ConflictError`, which counts as done).
   */
  addClientReply(reply: ClientReply): Promise<{ readonly commentId: string } | null>;
  /** A ticket was opened from an email: the agency's staff hear of it (`new_ticket_by_email`). */
  ticketOpened(opened: OpenedByEmail): Promise<void>;
}

export interface InboundMailOptions {
  readonly store: Store;
  readonly boards: BoardDocAccess;
  readonly conversation: InboundConversation;
  readonly files: AttachmentFiles;
  /** `INBOUND_DOMAIN`. */
  readonly inboundDomain: string;
  /** Fluxo's own sending address(es): mail from them is a loop. */
  readonly ownAddresses: readonly string[];
  readonly intake: IntakeRoute;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** Told after an answer was enqueued (the worker wakes up). */
  readonly onEnqueued?: () => void;
}

export type InboundOutcome =
  | { readonly kind: 'ticket'; readonly ticket: TicketRef; readonly number: number | null }
  | { readonly kind: 'reply'; readonly ticket: TicketRef; readonly commentId: string | null; readonly reopened: boolean }
  | { readonly kind: 'duplicate'; readonly messageId: string }
  | { readonly kind: 'ignored'; readonly reason: string };

/** A 16-character base62 id derived from `seed`: the same email always names the same ticket. */
export function idFromSeed(seed: string): string {
  let n = BigInt(`0x${createHash('sha256').update(seed).digest('hex')}`);
  let out = '';
  for (let i = 0; i < 16; i++) {
    out += ID_ALPHABET[Number(n % 62n)];
    n /= 62n;
  }
  return out;
}

function mailboxes(addresses: readonly Address[] | Address | undefined): Mailbox[] {
  if (addresses === undefined) return [];
  const list = Array.isArray(addresses) ? addresses : [addresses];
  return list.flatMap((a) => (a.group ? a.group : [a]));
}

function header(email: Email, name: string): string | undefined {
  return email.headers.find((h) => h.key === name)?.value;
}

/** RFC 3834 and the usual conventions for mail no person wrote. */
function isAutomatic(email: Email, envelope: InboundEnvelope): boolean {
  if (envelope.mailFrom === '') return true; // a bounce
  const autoSubmitted = header(email, 'auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted !== undefined && autoSubmitted !== 'no') return true;
  const precedence = header(email, 'precedence')?.trim().toLowerCase();
  if (precedence === 'bulk' || precedence === 'junk' || precedence === 'list' || precedence === 'auto_reply') return true;
  if (header(email, 'x-autoreply') !== undefined || header(email, 'x-autorespond') !== undefined) return true;
  const from = mailboxes(email.from)[0]?.address.toLowerCase() ?? '';
  return /^(mailer-daemon|postmaster|no-?reply)@/.test(from);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function localeOf(email: Email): Locale {
  const tags = [header(email, 'content-language'), header(email, 'accept-language')]
    .filter((v): v is string => v !== undefined)
    .flatMap((v) => v.split(','))
    .map((t) => t.split(';')[0]?.trim() ?? '')
    .filter((t) => t !== '');
  return tags.length === 0 ? DEFAULT_LOCALE : negotiateLocale(tags);
}

/** Who sent an email: `From` (identity) and where answers go (`Reply-To`, else `From`). */
interface Sender {
  readonly email: string;
  readonly name: string | null;
  readonly answerTo: string;
}

export class InboundMail {
  readonly #o: InboundMailOptions;
  readonly #now: () => Date;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: InboundMailOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
  }

  /** `RCPT TO`: `atendimento@` while there is an intake board, `t+<token>@` of a known ticket. */
  async acceptsRecipient(address: string): Promise<boolean> {
    const recipient = parseInboundRecipient(address, this.#o.inboundDomain);
    if (recipient === null) return false;
    if (recipient.kind === 'intake') return (await this.#o.intake()) !== null;
    return (await this.#o.store.mail.findTicketAddress(recipient.token)) !== null;
  }

  /** Handles one accepted email; resolves once everything it caused is durable. */
  deliver(raw: Buffer, envelope: InboundEnvelope): Promise<InboundOutcome> {
    const run = this.#queue.then(() => this.#deliver(raw, envelope));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #deliver(raw: Buffer, envelope: InboundEnvelope): Promise<InboundOutcome> {
    const { store, logger } = this.#o;
    let email: Email;
    try {
      email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer', maxNestingDepth: 50 });
    } catch (error) {
      throw new PermanentDeliveryError(`unreadable message (${error instanceof Error ? error.message : 'parse error'})`);
    }
    const messageId =
      normaliseMessageId(email.messageId ?? '') ?? `sha256.${createHash('sha256').update(raw).digest('hex').slice(0, 40)}@fluxo.invalid`;
    if ((await store.mail.findMessages([messageId])).length > 0) {
      logger.info('inbound mail: duplicate ignored', { messageId });
      return { kind: 'duplicate', messageId };
    }

    // Who wrote it (`From`: the client match, the comment's author) and who to answer
    // (`Reply-To` when given). Checking that `From` is genuine (SPF, DKIM, DMARC) is the MX's job.
    const sender = mailboxes(email.from)[0];
    const fromAddress = sender?.address ? normaliseEmail(sender.address) : normaliseEmail(envelope.mailFrom);
    if (splitAddress(fromAddress) === null) throw new PermanentDeliveryError('no sender address');
    const replyTo = mailboxes(email.replyTo)[0]?.address;
    const answerTo = replyTo && splitAddress(normaliseEmail(replyTo)) !== null ? normaliseEmail(replyTo) : fromAddress;
    if (this.#o.ownAddresses.some((own) => normaliseEmail(own) === fromAddress)) {
      logger.warn('inbound mail: our own mail came back, dropped', { messageId });
      return { kind: 'ignored', reason: 'mail loop' };
    }
    const from = { email: fromAddress, name: sender?.name?.trim() ? sender.name.trim() : null, answerTo };
    const automatic = isAutomatic(email, envelope);

    const recipients = envelope.rcptTo
      .map((address) => parseInboundRecipient(address, this.#o.inboundDomain))
      .filter((r): r is InboundRecipient => r !== null);
    const thread = await this.#threadOf(recipients, email);
    if (thread !== null) return this.#reply(thread, email, messageId, from, automatic);
    if (!recipients.some((r) => r.kind === 'intake')) {
      logger.warn('inbound mail: a reply to a ticket that no longer exists', { messageId });
      return { kind: 'ignored', reason: 'unknown ticket' };
    }
    if (envelope.mailFrom === '') {
      logger.info('inbound mail: a bounce that answers no ticket, dropped', { messageId });
      return { kind: 'ignored', reason: 'bounce' };
    }
    const intake = await this.#o.intake();
    if (intake === null) throw new PermanentDeliveryError('no board takes mail at this address');
    return this.#open(intake, email, messageId, from, automatic);
  }

  /** The ticket an email answers: its reply address, else its threading headers. */
  async #threadOf(recipients: readonly InboundRecipient[], email: Email): Promise<TicketRef | null> {
    const { store } = this.#o;
    for (const recipient of recipients) {
      if (recipient.kind !== 'ticket') continue;
      const address = await store.mail.findTicketAddress(recipient.token);
      if (address) return { agencyId: address.agencyId, boardId: address.boardId, ticketId: address.ticketId };
    }
    const ids = [...parseMessageIdList(email.inReplyTo), ...parseMessageIdList(email.references).reverse()];
    if (ids.length === 0) return null;
    const known = await store.mail.findMessages(ids);
    const found = known[0];
    return found ? { agencyId: found.agencyId, boardId: found.boardId, ticketId: found.ticketId } : null;
  }

  async #open(
    intake: IntakeBoard,
    email: Email,
    messageId: string,
    from: Sender,
    automatic: boolean,
  ): Promise<InboundOutcome> {
    const { store, boards, logger } = this.#o;
    const now = this.#now();
    const locale = localeOf(email);
    const client = await store.clients.findBySender(intake.agencyId, from.email);
    if (client !== null && !client.emails.includes(from.email)) {
      // Matched by domain: the sender becomes one of the client's contacts.
      await store.clients.update(client.id, { emails: [...client.emails, from.email] });
    }
    const ticketId = idFromSeed(`${intake.agencyId}\n${messageId}`) as TicketId;
    const ticket: TicketRef = { ...intake, ticketId };
    const title = ticketTitle(email.subject) || mailText(DEFAULT_LOCALE, 'ticket.noSubject');
    const who = from.name === null ? from.email : `${from.name} <${from.email}>`;
    const description = truncate(`${mailText(DEFAULT_LOCALE, 'ticket.sentBy', { from: who })}\n\n${bodyText(email).trim()}`, DESCRIPTION_MAX_LENGTH);

    const number = await openClientRequest(
      { store, boards, logger },
      { ticket, title, channel: 'email', clientId: client?.id ?? null, description, origin: EMAIL, now },
    );

    await this.#keepAttachments(ticket, email, messageId, null);
    await this.#o.conversation.ticketOpened({ ticket, ticketNumber: number, title, clientId: client?.id ?? null, from, at: now });
    if (!automatic) {
      const row: OutboxRecord = {
        id: newOutboxId(),
        idempotencyKey: `ticket_received:${intake.agencyId}:${messageId}`,
        kind: 'ticket_received',
        to: from.answerTo,
        locale,
        agencyId: intake.agencyId,
        boardId: intake.boardId,
        ticketId,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now.toISOString(),
        lastError: null,
        messageId: null,
        createdAt: now.toISOString(),
        sentAt: null,
        payload: { inReplyTo: messageId },
      };
      await store.outbox.enqueue([row]);
      this.#o.onEnqueued?.();
    }
    await store.mail.recordMessages([{ messageId, direction: 'in', ...ticket, from: from.answerTo, at: now.toISOString() }]);
    logger.info('inbound mail: ticket opened', { ticketId, number: number ?? undefined, client: client?.name });
    return { kind: 'ticket', ticket, number };
  }

  async #reply(
    ticket: TicketRef,
    email: Email,
    messageId: string,
    from: Sender,
    automatic: boolean,
  ): Promise<InboundOutcome> {
    const { store, boards, logger } = this.#o;
    const now = this.#now();
    const record = () =>
      store.mail.recordMessages([{ messageId, direction: 'in', ...ticket, from: from.answerTo, at: now.toISOString() }]);
    if (automatic) {
      await record();
      logger.info('inbound mail: automatic reply to a ticket ignored', { messageId, ticketId: ticket.ticketId });
      return { kind: 'ignored', reason: 'automatic reply' };
    }

    const files = await this.#saveFiles(email);
    let body = truncate(stripQuotedReply(bodyText(email)), MAX_COMMENT_LENGTH);
    if (body.trim() === '' && files.length > 0) {
      body = mailText(DEFAULT_LOCALE, 'reply.attachmentsOnly', { names: files.map((f) => f.fileName).join(', ') });
    }
    let commentId: string | null = null;
    if (body.trim() !== '') {
      try {
        const references = [...parseMessageIdList(email.inReplyTo), ...parseMessageIdList(email.references).reverse()];
        commentId = (await this.#o.conversation.addClientReply({ ticket, messageId, author: from, body, at: now, references }))?.commentId ?? null;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        commentId = (await store.comments.findByEmailMessageId(ticket.agencyId, messageId))?.id ?? null;
      }
    }

    const reopened = await reopenOnClientAnswer({ store, boards, ticket, origin: EMAIL, now });

    await this.#storeAttachmentRecords(ticket, files, messageId, commentId);
    await record();
    logger.info('inbound mail: reply added', { ticketId: ticket.ticketId, reopened });
    return { kind: 'reply', ticket, commentId, reopened };
  }

  async #keepAttachments(ticket: TicketRef, email: Email, messageId: string, commentId: string | null): Promise<void> {
    const files = await this.#saveFiles(email);
    await this.#storeAttachmentRecords(ticket, files, messageId, commentId);
  }

  async #saveFiles(email: Email): Promise<{ fileName: string; mimeType: string; size: number; sha256: string }[]> {
    const saved: { fileName: string; mimeType: string; size: number; sha256: string }[] = [];
    for (const [index, attachment] of email.attachments.entries()) {
      const content = attachment.content;
      const bytes =
        typeof content === 'string'
          ? Buffer.from(content, attachment.encoding === 'base64' ? 'base64' : 'utf8')
          : content instanceof ArrayBuffer
            ? new Uint8Array(content)
            : content;
      const sha256 = await this.#o.files.save(bytes);
      const fileName = (attachment.filename ?? '').replace(/[\u0000-\u001F\u007F/\\]/g, '_').trim().slice(0, 255) || `anexo-${index + 1}`;
      saved.push({ fileName, mimeType: (attachment.mimeType || 'application/octet-stream').slice(0, 255), size: bytes.byteLength, sha256 });
    }
    return saved;
  }

  async #storeAttachmentRecords(
    ticket: TicketRef,
    files: readonly { fileName: string; mimeType: string; size: number; sha256: string }[],
    messageId: string,
    commentId: string | null,
  ): Promise<void> {
    if (files.length === 0) return;
    const at = this.#now().toISOString();
    const records: AttachmentRecord[] = files.map((file, index) => ({
      // Keyed by email and position: a redelivery stores nothing new.
      id: idFromSeed(`${ticket.agencyId}\n${messageId}\n${index}`),
      ...ticket,
      commentId,
      messageId,
      ...file,
      createdAt: at,
    }));
    await this.#o.store.attachments.add(records);
  }
}
