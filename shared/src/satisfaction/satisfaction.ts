/**
 * Satisfaction after delivery (issue 8; seed 000 "calls every client after delivery to ask how it
 * went"): when the witness records a client ticket turning `done`, the client is asked once — by
 * email and on the timeline link — for a rating from 1 to 5 and a comment.
 *
 * - **One survey per ticket**, for good: a ticket reopened and done again keeps its survey (it is
 *   not asked twice). Tickets without a client, cancelled or archived tickets are never asked.
 * - **The token** is the survey's own: 32 CSPRNG bytes in base64url (43 characters). It opens the
 *   rating page `/avaliacao/<token>` and nothing else (not the timeline, not other tickets).
 * - **Answers**: a rating (integer 1–5) and an optional comment (≤ 2,000 characters, trimmed; blank
 *   is no comment). The client may change their mind: **the last answer wins** and `answeredAt` is
 *   the time of that last answer. A GET never records anything (mail scanners follow links): the
 *   page submits with a mutation.
 * - **A low score** (`rating ≤ LOW_SATISFACTION_MAX`) tells the client's account manager
 *   (`low_satisfaction`), at most once per survey: `lowScoreNotifiedAt` is claimed in the same
 *   commit as the answer that first brings it low.
 */
import { z } from 'zod';
import { isoDateTimeSchema } from '../board/ticket.js';
import { agencyIdSchema, boardIdSchema, clientIdSchema, newId, ticketIdSchema } from '../ids.js';

export const surveyIdSchema = z
  .string()
  .regex(/^[0-9A-Za-z]{16}$/, 'invalid survey id')
  .brand<'SurveyId'>();
export type SurveyId = z.infer<typeof surveyIdSchema>;
export const newSurveyId = (): SurveyId => newId() as SurveyId;

/** 32 random bytes in base64url: exactly 43 characters of `A-Z a-z 0-9 - _`. */
export const surveyTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'invalid survey token');

export const MIN_SATISFACTION_RATING = 1;
export const MAX_SATISFACTION_RATING = 5;
/** A rating at or below this tells the account manager. */
export const LOW_SATISFACTION_MAX = 2;
export const MAX_SATISFACTION_COMMENT = 2_000;

export const satisfactionRatingSchema = z
  .number()
  .int('a rating is a whole number')
  .min(MIN_SATISFACTION_RATING, 'a rating is from 1 to 5')
  .max(MAX_SATISFACTION_RATING, 'a rating is from 1 to 5');
export type SatisfactionRating = z.infer<typeof satisfactionRatingSchema>;

/** What the client typed: trimmed; blank (or absent) is `null`; longer than 2,000 characters is refused. */
export const satisfactionCommentInputSchema = z
  .string()
  .max(MAX_SATISFACTION_COMMENT * 2, 'the comment is too long')
  .nullish()
  .transform((value) => {
    const trimmed = (value ?? '').trim();
    return trimmed === '' ? null : trimmed;
  })
  .refine((value) => value === null || value.length <= MAX_SATISFACTION_COMMENT, 'the comment is over 2,000 characters');

export function isLowSatisfaction(rating: number): boolean {
  return rating <= LOW_SATISFACTION_MAX;
}

/** The stored survey (`fluxo.json` → `satisfactionSurveys`). */
export const satisfactionSurveySchema = z
  .strictObject({
    id: surveyIdSchema,
    agencyId: agencyIdSchema,
    boardId: boardIdSchema,
    ticketId: ticketIdSchema,
    /** The ticket's number when it was asked (`null` if it had none yet). */
    ticketNumber: z.number().int().positive().nullable(),
    clientId: clientIdSchema,
    token: surveyTokenSchema,
    askedAt: isoDateTimeSchema,
    rating: satisfactionRatingSchema.nullable(),
    comment: z.string().min(1).max(MAX_SATISFACTION_COMMENT).nullable(),
    /** When the last answer came; `null` until the first one. */
    answeredAt: isoDateTimeSchema.nullable(),
    /** When the account manager was told of a low score (once per survey); `null` if never. */
    lowScoreNotifiedAt: isoDateTimeSchema.nullable(),
  })
  .superRefine((survey, ctx) => {
    if ((survey.rating === null) !== (survey.answeredAt === null)) {
      ctx.addIssue({ code: 'custom', path: ['answeredAt'], message: 'an answer has both a rating and a time' });
    }
    if (survey.rating === null && survey.comment !== null) {
      ctx.addIssue({ code: 'custom', path: ['comment'], message: 'a comment comes with a rating' });
    }
  });
export type SatisfactionSurvey = z.infer<typeof satisfactionSurveySchema>;

/** The answer as the client and staff see it. */
export const satisfactionAnswerSchema = z.strictObject({
  rating: satisfactionRatingSchema,
  comment: z.string().max(MAX_SATISFACTION_COMMENT).nullable(),
  answeredAt: isoDateTimeSchema,
});
export type SatisfactionAnswer = z.infer<typeof satisfactionAnswerSchema>;

export function answerOf(survey: SatisfactionSurvey): SatisfactionAnswer | null {
  if (survey.rating === null || survey.answeredAt === null) return null;
  return { rating: survey.rating, comment: survey.comment, answeredAt: survey.answeredAt };
}

// ---------------------------------------------------------------------------------------------
// The public rating page (`satisfaction.survey` / `satisfaction.answer`): the token alone.

/**
 * Any token up to 200 characters is taken, so that a malformed one gets the same answer as an
 * unknown one (NOT_FOUND), never a validation error that tells them apart.
 */
const tokenInputSchema = z.string().max(200);

export const surveyInputSchema = z.strictObject({ token: tokenInputSchema });

export const surveyAnswerInputSchema = z.strictObject({
  token: tokenInputSchema,
  rating: satisfactionRatingSchema,
  comment: satisfactionCommentInputSchema,
});

/** What the rating page shows: the ticket in the client's words, the agency, the answer so far. */
export const publicSurveySchema = z.strictObject({
  ticketNumber: z.number().int().positive().nullable(),
  /** The ticket's title as the client sees it on the timeline. */
  title: z.string(),
  agencyName: z.string(),
  answer: satisfactionAnswerSchema.nullable(),
});
export type PublicSurvey = z.infer<typeof publicSurveySchema>;

// ---------------------------------------------------------------------------------------------
// On the timeline link (`share.satisfaction` / `share.rate`): the link's token + one of its tickets.

/** One survey on the link's timeline: which ticket, and the answer so far. */
export const shareSurveySchema = z.strictObject({
  ticketId: ticketIdSchema,
  answer: satisfactionAnswerSchema.nullable(),
});
export type ShareSurvey = z.infer<typeof shareSurveySchema>;
export const shareSurveysSchema = z.array(shareSurveySchema);

export const shareSurveysInputSchema = z.strictObject({ token: tokenInputSchema });

export const shareRateInputSchema = z.strictObject({
  token: tokenInputSchema,
  ticketId: ticketIdSchema,
  rating: satisfactionRatingSchema,
  comment: satisfactionCommentInputSchema,
});

// ---------------------------------------------------------------------------------------------
// Staff, in the ticket drawer (`satisfaction.forTicket`).

export const ticketSatisfactionSchema = z.strictObject({
  askedAt: isoDateTimeSchema,
  answer: satisfactionAnswerSchema.nullable(),
  low: z.boolean(),
});
export type TicketSatisfaction = z.infer<typeof ticketSatisfactionSchema>;
