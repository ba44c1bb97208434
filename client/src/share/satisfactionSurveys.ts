/**
 * The timeline link's satisfaction surveys (issue 8): which delivered tickets of the link have a
 * survey, and the answer so far (`share.surveys`), asked again whenever the set of done tickets on
 * the timeline changes (a ticket just delivered gets its survey from the witness). `rate` answers
 * one (`share.rate`, respond links only) and keeps the answer shown.
 */
import { type SatisfactionAnswer, type ShareSurvey, shareSurveysSchema } from '@fluxo/shared/satisfaction/satisfaction';
import type { ShareTimeline } from '@fluxo/shared/share/timeline';
import { createEffect, createSignal, on } from 'solid-js';
import type { ShareClient } from './shareClient';

export interface ShareSurveys {
  /** The survey of a ticket on the timeline, or `null` (none, or not delivered). */
  surveyFor(ticketId: string): ShareSurvey | null;
  rate(ticketId: ShareSurvey['ticketId'], rating: number, comment: string | null): Promise<SatisfactionAnswer | null>;
}

export function createShareSurveys(client: ShareClient, token: () => string | null, timeline: () => ShareTimeline | null): ShareSurveys {
  const [surveys, setSurveys] = createSignal<readonly ShareSurvey[]>([]);
  /** The done tickets' ids, as one key: a change there is what can bring a new survey. */
  const doneKey = () =>
    (timeline()?.tickets ?? [])
      .filter((ticket) => ticket.status === 'done')
      .map((ticket) => ticket.id)
      .sort()
      .join(' ');
  let asked = 0;
  createEffect(
    on(doneKey, (key) => {
      const current = token();
      if (current === null || key === '') {
        setSurveys([]);
        return;
      }
      const mine = ++asked;
      client.share.surveys
        .query({ token: current })
        .then((answer) => {
          const parsed = shareSurveysSchema.safeParse(answer);
          if (mine === asked && parsed.success) setSurveys(parsed.data);
        })
        // Not shown rather than half-shown: the timeline itself says when the link stops opening.
        .catch(() => undefined);
    }),
  );
  return {
    surveyFor: (ticketId) => surveys().find((survey) => survey.ticketId === ticketId) ?? null,
    async rate(ticketId, rating, comment) {
      const current = token();
      if (current === null) throw new Error('no link');
      const rated = await client.share.rate.mutate({ token: current, ticketId, rating, comment });
      setSurveys((list) => list.map((survey) => (survey.ticketId === rated.ticketId ? rated : survey)));
      return rated.answer;
    },
  };
}
