/**
 * Satisfaction after delivery (issue 8): the server side of "how did it go?".
 *
 * **Asking** (`satisfactionWitness`, wrapped around the witness in `liveCore.ts`): after the
 * witness has recorded a change (history durable, numbers written), every ticket the change turned
 * `done` that has a client and is not archived gets its survey (`store.satisfaction.ask`: once per
 * ticket — reopened and done again, it keeps the first one) and one `satisfaction_survey` outbox
 * row per client address (`clientRecipients`, as the ticket's other client emails: the people who
 * wrote about it by email, else the client's addresses; unsubscribed ones left out), due after a
 * grace delay (`MAIL_BURST_WINDOW_SECONDS`). An address already asked for this survey (a row not
 * `skipped`) is not asked again; a row skipped because the ticket was reopened within the grace
 * is replaced on the next `done`. Cancelled tickets are never `done`, so never asked. A failure is
 * logged and never fails the witness (the change is recorded either way).
 *
 * **At send time** (`decideSurveyEmail`, from the composer): the survey must exist and be
 * unanswered, the ticket still `done`, not archived, of the survey's client, and the address
 * still one of its client addresses; otherwise the row ends `skipped` (nothing to tell).
 *
 * **Answering** (`answerSurvey`, from `satisfaction.answer` and `share.rate`): the last answer
 * wins; the first answer at or below 2 claims the survey's low-score mark in the same commit
 * (`satisfactionPorts.ts`) and then tells the client's primary account manager — the notifier
 * covers an absent one with the backup (`absence/coverage.ts`) — as `low_satisfaction`, with the
 * rating and comment as the excerpt. The two live in different files (`fluxo.json`,
 * `conversation.clog`), so they cannot be one write: the mark is claimed first, so a crash between
 * loses that notification rather than sending it twice (**at most once per survey**).
 */
import { randomBytes } from 'node:crypto';
import { type Ticket, readTicket } from '@fluxo/shared/board/index';
import { DEFAULT_LOCALE } from '@fluxo/shared/i18n/translate';
import { NotFoundError } from '@fluxo/shared/errors';
import {
  type PublicSurvey,
  type SatisfactionSurvey,
  answerOf,
  newSurveyId,
} from '@fluxo/shared/satisfaction/satisfaction';
import type * as Y from 'yjs';
import type { TicketDirectory } from '../conversation/ticketDirectory.js';
import type { Logger } from '../log.js';
import { clientRecipients } from '../mail/clientCommentOutbox.js';
import type { Notifier } from '../notifications/notifier.js';
import { type OutboxRecord, type OutboxRecordOf, newOutboxId } from '../store/conversationRecords.js';
import { MAX_OUTBOX_PAGE, type Store } from '../store/store.js';
import type { AcceptedChange, BoardWitness, TicketChange } from '../witness/boardChange.js';

export type SatisfactionSurveyRow = OutboxRecordOf<'satisfaction_survey'>;

/** Whether this ticket change is a delivery to ask about: turned `done`, with a client, not archived. */
export function deliveredToClient({ before, after }: TicketChange): boolean {
  return after.status === 'done' && before?.status !== 'done' && after.clientId !== null && !after.archived;
}

/** The rating page of a survey. */
export function surveyUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/avaliacao/${token}`;
}

export interface SatisfactionAsker {
  /** Asks about every delivery in `change` (see the module comment); resolves once durable. */
  ask(change: AcceptedChange, doc: Y.Doc): Promise<OutboxRecord[]>;
}

export function satisfactionAsker(deps: { store: Store; graceMs: number }): SatisfactionAsker {
  const { store } = deps;
  const graceMs = Math.max(0, deps.graceMs);
  return {
    async ask(change, doc) {
      const rows: SatisfactionSurveyRow[] = [];
      for (const ticketChange of change.tickets) {
        if (!deliveredToClient(ticketChange)) continue;
        const { after } = ticketChange;
        if (after.clientId === null) continue;
        const { survey } = await store.satisfaction.ask({
          id: newSurveyId(),
          agencyId: change.agencyId,
          boardId: change.boardId,
          ticketId: after.id,
          ticketNumber: readTicket(doc, after.id)?.number ?? after.number,
          clientId: after.clientId,
          token: randomBytes(32).toString('base64url'),
          askedAt: change.at.toISOString(),
        });
        if (survey.answeredAt !== null) continue; // answered already (on the timeline): nothing to ask
        const asked = new Set(
          (await store.outbox.list({ agencyId: change.agencyId, ticketId: after.id, limit: MAX_OUTBOX_PAGE }))
            .filter((r) => r.kind === 'satisfaction_survey' && r.payload.surveyId === survey.id && r.status !== 'skipped')
            .map((r) => r.to),
        );
        const ref = { agencyId: change.agencyId, boardId: change.boardId, ticketId: after.id };
        const dueAt = new Date(change.at.getTime() + graceMs).toISOString();
        for (const to of await clientRecipients(store, ref, after)) {
          if (asked.has(to)) continue;
          rows.push({
            id: newOutboxId(),
            idempotencyKey: `satisfaction_survey:${survey.id}:${to}:${change.at.getTime()}`,
            kind: 'satisfaction_survey',
            to,
            // Clients have no language of their own yet: the agency default, as every client email.
            locale: DEFAULT_LOCALE,
            agencyId: change.agencyId,
            boardId: change.boardId,
            ticketId: after.id,
            status: 'pending',
            attempts: 0,
            nextAttemptAt: dueAt,
            lastError: null,
            messageId: null,
            createdAt: change.at.toISOString(),
            sentAt: null,
            payload: { surveyId: survey.id },
          });
        }
      }
      return rows.length === 0 ? [] : store.outbox.enqueue(rows);
    },
  };
}

/**
 * The witness, then the satisfaction survey of each delivery it recorded — also when recording
 * failed (the document change is accepted either way; a failure of the inner witness is rethrown
 * for the sync server to log). A failure to ask is logged, never thrown.
 */
export function satisfactionWitness(inner: BoardWitness, asker: SatisfactionAsker, logger: Logger): BoardWitness {
  return {
    async witness(change, doc) {
      try {
        await inner.witness(change, doc);
      } finally {
        if (change.tickets.some(deliveredToClient)) {
          await asker.ask(change, doc).catch((error: unknown) => {
            logger.warn('satisfaction: survey not asked', { boardId: change.boardId, error: String(error) });
          });
        }
      }
    },
  };
}

export type SurveyEmailDecision =
  | { readonly tell: { readonly survey: SatisfactionSurvey; readonly ticket: Ticket } }
  | { readonly skip: string };

/** Whether the (claimed) survey rows of one recipient and ticket should become an email now. */
export async function decideSurveyEmail(
  deps: { store: Store; tickets: Pick<TicketDirectory, 'ticket'> },
  rows: readonly SatisfactionSurveyRow[],
): Promise<SurveyEmailDecision> {
  const first = rows[0];
  if (!first || first.boardId === null || first.ticketId === null) return { skip: 'the row names no ticket' };
  const survey = await deps.store.satisfaction.get(first.payload.surveyId as SatisfactionSurvey['id']);
  if (survey === null || survey.agencyId !== first.agencyId || survey.boardId !== first.boardId || survey.ticketId !== first.ticketId) {
    return { skip: 'the survey no longer exists' };
  }
  if (survey.answeredAt !== null) return { skip: 'the client already answered' };
  let ticket: Ticket | null;
  try {
    ticket = await deps.tickets.ticket(survey.boardId, survey.ticketId);
  } catch {
    ticket = null; // the board is gone
  }
  if (ticket === null) return { skip: 'the ticket no longer exists' };
  if (ticket.status !== 'done') return { skip: 'the ticket is no longer done' };
  if (ticket.archived) return { skip: 'the ticket is archived' };
  if (ticket.clientId !== survey.clientId) return { skip: 'the ticket is no longer this client’s' };
  const addresses = await clientRecipients(deps.store, { agencyId: survey.agencyId, boardId: survey.boardId }, ticket);
  if (!addresses.includes(first.to)) return { skip: "the address no longer gets this ticket's client emails" };
  return { tell: { survey, ticket } };
}

/** What the rating page shows of `survey` (the ticket's title as the client sees it). */
export async function publicSurvey(
  deps: { store: Store; tickets: Pick<TicketDirectory, 'ticket'> },
  survey: SatisfactionSurvey,
): Promise<PublicSurvey> {
  const ticket = await deps.tickets.ticket(survey.boardId, survey.ticketId).catch(() => null);
  const agency = await deps.store.agencies.get(survey.agencyId);
  // A ticket moved to another client since shows nothing of itself any more.
  const shown = ticket !== null && ticket.clientId === survey.clientId ? ticket : null;
  return {
    ticketNumber: shown?.number ?? survey.ticketNumber,
    title: shown?.title ?? '',
    agencyName: agency?.name ?? '',
    answer: answerOf(survey),
  };
}

export interface AnswerDeps {
  readonly store: Store;
  readonly tickets: Pick<TicketDirectory, 'ticket'>;
  readonly notifier: Notifier;
  readonly logger: Logger;
}

/**
 * Records the client's answer (the last one wins) and, the first time it is low, tells the
 * account manager (see the module comment). Returns the stored survey.
 */
export async function answerSurvey(
  deps: AnswerDeps,
  survey: SatisfactionSurvey,
  answer: { readonly rating: number; readonly comment: string | null },
  now: Date,
): Promise<SatisfactionSurvey> {
  const { survey: stored, notifyLowScore } = await deps.store.satisfaction.answer(survey.id, { ...answer, at: now.toISOString() });
  if (notifyLowScore) {
    await tellLowScore(deps, stored, now).catch((error: unknown) => {
      deps.logger.warn('satisfaction: low score not told', { surveyId: stored.id, error: String(error) });
    });
  }
  return stored;
}

/** The plain-text excerpt of a low-score notification: `2/5`, then the comment. */
export function lowScoreExcerpt(survey: Pick<SatisfactionSurvey, 'rating' | 'comment'>): string {
  const rating = `${survey.rating ?? '?'}/5`;
  return survey.comment === null ? rating : `${rating} · ${survey.comment}`;
}

async function tellLowScore(deps: AnswerDeps, survey: SatisfactionSurvey, now: Date): Promise<void> {
  const { store } = deps;
  const [board, client] = await Promise.all([store.boards.get(survey.boardId), store.clients.get(survey.clientId)]);
  if (board === null || client === null || client.agencyId !== survey.agencyId) {
    throw new NotFoundError('the survey’s board or client is gone');
  }
  const ticket = await deps.tickets.ticket(survey.boardId, survey.ticketId).catch(() => null);
  // The client's primary account manager, else the backup; the notifier covers an absent one.
  const manager = client.primaryManagerId ?? client.backupManagerId;
  await deps.notifier.notify([
    {
      kind: 'low_satisfaction',
      recipients: manager ? [manager] : [],
      actor: { kind: 'client', email: client.emails[0] ?? CLIENT_WITHOUT_ADDRESS, name: client.name },
      board,
      ticket: {
        id: survey.ticketId,
        number: ticket?.number ?? survey.ticketNumber,
        title: ticket?.title ?? '',
        clientId: survey.clientId,
      },
      excerpt: lowScoreExcerpt(survey),
      at: now,
    },
  ]);
}

/** How a client without an address on record signs (as on the timeline page: it receives nothing). */
const CLIENT_WITHOUT_ADDRESS = 'cliente@portal.invalid';
