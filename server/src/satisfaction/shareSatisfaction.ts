/**
 * Satisfaction on the client timeline link (`share.surveys` / `share.rate`, issue 8): a delivered
 * ticket of the link's client that has a survey shows "Como foi a entrega?" with the rating form.
 *
 * Authorized by the link's token (one NOT_FOUND for a link that does not open) **and** the ticket
 * being on that link's timeline now: the link's board, the link's client, not archived — and
 * `done` (a ticket reopened since is not rated from the timeline until delivered again). Anything
 * else is the same NOT_FOUND as an unknown ticket. Answering needs a `respond` link (a `view` link
 * only sees the answer: FORBIDDEN, as for replies). The answer itself is `answerSurvey`'s: the last
 * one wins, a low score tells the account manager once.
 */
import { ForbiddenError, NotFoundError } from '@fluxo/shared/errors';
import type { TicketId } from '@fluxo/shared/ids';
import { type ShareSurvey, answerOf } from '@fluxo/shared/satisfaction/satisfaction';
import { onClientTimeline } from '@fluxo/shared/share/projection';
import { resolveShareLink } from '../share/shareLinks.js';
import type { ShareLinkRecord } from '../store/shareLinkRecords.js';
import { type AnswerDeps, answerSurvey } from './satisfactionSurveys.js';

async function openLink(deps: Pick<AnswerDeps, 'store'>, token: string, now: Date): Promise<ShareLinkRecord> {
  const link = await resolveShareLink(deps.store, token, now);
  if (link === null) throw new NotFoundError('link');
  return link;
}

/** The surveys of the link's delivered tickets (their ticket and the answer so far). */
export async function shareSurveys(deps: AnswerDeps, token: string, now: Date): Promise<ShareSurvey[]> {
  const link = await openLink(deps, token, now);
  const surveys = (await deps.store.satisfaction.listForAgency(link.agencyId)).filter(
    (s) => s.boardId === link.boardId && s.clientId === link.clientId,
  );
  if (surveys.length === 0) return [];
  const shown: ShareSurvey[] = [];
  for (const survey of surveys) {
    const ticket = await deps.tickets.ticket(link.boardId, survey.ticketId);
    if (ticket === null || !onClientTimeline(ticket, link.clientId) || ticket.status !== 'done') continue;
    shown.push({ ticketId: survey.ticketId, answer: answerOf(survey) });
  }
  return shown;
}

/** The client's answer from the timeline (respond links only), for one of its delivered tickets. */
export async function rateFromShare(
  deps: AnswerDeps,
  input: { readonly token: string; readonly ticketId: TicketId; readonly rating: number; readonly comment: string | null },
  now: Date,
): Promise<ShareSurvey> {
  const link = await openLink(deps, input.token, now);
  if (link.scope !== 'respond') throw new ForbiddenError('this link can only watch');
  const ticket = await deps.tickets.ticket(link.boardId, input.ticketId);
  if (ticket === null || !onClientTimeline(ticket, link.clientId) || ticket.status !== 'done') throw new NotFoundError('survey');
  const [survey] = await deps.store.satisfaction.listForTicket(link.boardId, input.ticketId);
  if (survey === undefined || survey.clientId !== link.clientId) throw new NotFoundError('survey');
  const stored = await answerSurvey(deps, survey, { rating: input.rating, comment: input.comment }, now);
  return { ticketId: stored.ticketId, answer: answerOf(stored) };
}
