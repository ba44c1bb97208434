/**
 * `satisfaction.*` (issue 8): the rating page of a survey, and what staff see of it.
 *
 * Public, authorized by the survey's token alone (the session, if any, is dropped — as in
 * `share.*`), with the share answers' headers (`no-referrer`, `noindex`, `no-store`) and the same
 * per-address budget as the timeline link (`share/shareRateLimit.ts`: TOO_MANY_REQUESTS with
 * `Retry-After`):
 * - `satisfaction.survey {token}` → `PublicSurvey`: the ticket's number and title as the client
 *   sees it, the agency's name, the answer so far. A query: **it never records anything** (the
 *   email's link is a GET that mail scanners follow).
 * - `satisfaction.answer {token, rating 1–5 integer, comment ≤ 2,000 | null}` → `PublicSurvey`:
 *   the answer; the client may change it (the last answer wins, `answeredAt` updated); the first
 *   low one (≤ 2) tells the account manager (`satisfaction/satisfactionSurveys.ts`).
 * Unknown, malformed and other tokens all get one NOT_FOUND ("survey").
 *
 * Staff:
 * - `satisfaction.forTicket {boardId, ticketId}` → `TicketSatisfaction | null`: when it was asked,
 *   the answer, whether it is low. Staff who can open the board (else NOT_FOUND, like a missing
 *   board). Clients never reach it: the share pages have no session.
 */
import { NotFoundError, ThrottledError } from '@fluxo/shared/errors';
import { boardIdSchema, ticketIdSchema } from '@fluxo/shared/ids';
import {
  type SatisfactionSurvey,
  answerOf,
  isLowSatisfaction,
  publicSurveySchema,
  surveyAnswerInputSchema,
  surveyInputSchema,
  ticketSatisfactionSchema,
} from '@fluxo/shared/satisfaction/satisfaction';
import { z } from 'zod';
import { canOpenBoard } from '../../boards/boardAccess.js';
import { answerSurvey, publicSurvey } from '../../satisfaction/satisfactionSurveys.js';
import { SHARE_RETRY_AFTER_SECONDS, takeShareRequest } from '../../share/shareRateLimit.js';
import type { Store } from '../../store/store.js';
import { publicProcedure, router, staffProcedure } from '../trpc.js';
import { setShareHeaders } from './share.js';

const surveyProcedure = publicProcedure.use(({ ctx, next }) => {
  setShareHeaders(ctx.response);
  if (!takeShareRequest(ctx.ip)) throw new ThrottledError(SHARE_RETRY_AFTER_SECONDS);
  // Whoever holds the link is, here, the client: nothing of a session is used.
  return next({ ctx: { user: null, session: null } });
});

/** The survey of `token`; one NOT_FOUND for every token that opens none. */
async function surveyOf(store: Store, token: string): Promise<SatisfactionSurvey> {
  const survey = await store.satisfaction.getByToken(token);
  if (survey === null) throw new NotFoundError('survey');
  return survey;
}

export const satisfactionRouter = router({
  survey: surveyProcedure
    .input(surveyInputSchema)
    .output(publicSurveySchema)
    .query(async ({ ctx, input }) => {
      const survey = await surveyOf(ctx.store, input.token);
      return publicSurvey({ store: ctx.store, tickets: ctx.conversation.tickets }, survey);
    }),

  answer: surveyProcedure
    .input(surveyAnswerInputSchema)
    .output(publicSurveySchema)
    .mutation(async ({ ctx, input }) => {
      const { store, conversation } = ctx;
      const survey = await surveyOf(store, input.token);
      const deps = { store, tickets: conversation.tickets, notifier: conversation.notifier, logger: ctx.logger };
      const stored = await answerSurvey(deps, survey, { rating: input.rating, comment: input.comment }, conversation.now());
      return publicSurvey(deps, stored);
    }),

  forTicket: staffProcedure
    .input(z.strictObject({ boardId: boardIdSchema, ticketId: ticketIdSchema }))
    .output(ticketSatisfactionSchema.nullable())
    .query(async ({ ctx, input }) => {
      const board = await ctx.store.boards.get(input.boardId);
      if (board === null || !canOpenBoard(ctx.user, board)) throw new NotFoundError('board');
      const [survey] = await ctx.store.satisfaction.listForTicket(input.boardId, input.ticketId);
      if (survey === undefined || survey.agencyId !== board.agencyId) return null;
      const answer = answerOf(survey);
      return { askedAt: survey.askedAt, answer, low: answer !== null && isLowSatisfaction(answer.rating) };
    }),
});
