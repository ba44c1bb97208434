/**
 * Satisfaction surveys (`@fluxo/shared/satisfaction/satisfaction`) in `fluxo.json`
 * (`satisfactionSurveys`, default `[]`), over a `RecordState` like the other low-churn records:
 * one survey per delivered ticket, a few answers each. Every write validates the whole record.
 *
 * - `ask` is **once per ticket**: asking for a ticket that already has a survey returns that one
 *   (`created: false`) and changes nothing — a ticket reopened and done again is not asked twice.
 * - `answer` records the last answer (rating, comment, `answeredAt`); in the same commit, the
 *   first answer at or below `LOW_SATISFACTION_MAX` claims `lowScoreNotifiedAt`, and only that
 *   call gets `notifyLowScore: true` — so the account manager hears of a low score at most once
 *   per survey, whatever the client answers afterwards.
 * - The token is stored as it is (like unsubscribe tokens): the survey email is written when it is
 *   sent and needs it. It opens the survey's rating page and nothing else.
 */
import {
  type SatisfactionSurvey,
  type SurveyId,
  isLowSatisfaction,
  satisfactionSurveySchema,
} from '@fluxo/shared/satisfaction/satisfaction';
import { ConflictError, NotFoundError } from '@fluxo/shared/errors';
import type { AgencyId, BoardId, TicketId } from '@fluxo/shared/ids';
import { checked } from './recordPorts.js';
import type { RecordState } from './recordState.js';

/** A new survey: everything but the answer. */
export type SurveyRequest = Omit<SatisfactionSurvey, 'rating' | 'comment' | 'answeredAt' | 'lowScoreNotifiedAt'>;

export interface SurveyAnswerInput {
  readonly rating: number;
  readonly comment: string | null;
  /** ISO time of this answer. */
  readonly at: string;
}

export interface SatisfactionStore {
  /**
   * The ticket's survey: the new one, or the one it already has (`created: false`, `request`
   * ignored). `ConflictError` for an id or token already taken by another ticket's survey.
   */
  ask(request: SurveyRequest): Promise<{ readonly survey: SatisfactionSurvey; readonly created: boolean }>;
  get(id: SurveyId): Promise<SatisfactionSurvey | null>;
  /** The survey of `token`, or `null` (unknown or malformed: one answer). */
  getByToken(token: string): Promise<SatisfactionSurvey | null>;
  /** Every survey of the agency, asked and answered, oldest asked first (the dashboard reads it). */
  listForAgency(agencyId: AgencyId): Promise<SatisfactionSurvey[]>;
  /** The ticket's survey, as a list (empty or one). */
  listForTicket(boardId: BoardId, ticketId: TicketId): Promise<SatisfactionSurvey[]>;
  /**
   * Records the answer (the last one wins). `NotFoundError` for an unknown survey;
   * `InvalidInputError` for a rating or comment out of bounds (nothing stored).
   */
  answer(id: SurveyId, input: SurveyAnswerInput): Promise<{ readonly survey: SatisfactionSurvey; readonly notifyLowScore: boolean }>;
}

const copy = <T>(value: T): T => structuredClone(value);

export function createSatisfactionPorts(state: RecordState): { satisfaction: SatisfactionStore } {
  const satisfaction: SatisfactionStore = {
    async ask(request) {
      const fresh = checked(satisfactionSurveySchema, 'satisfaction survey', {
        ...request,
        rating: null,
        comment: null,
        answeredAt: null,
        lowScoreNotifiedAt: null,
      });
      return state.commit((data) => {
        const existing = data.satisfactionSurveys.find((s) => s.boardId === fresh.boardId && s.ticketId === fresh.ticketId);
        if (existing) return { survey: copy(existing), created: false };
        if (data.satisfactionSurveys.some((s) => s.id === fresh.id || s.token === fresh.token)) {
          throw new ConflictError('this survey id or token is taken');
        }
        data.satisfactionSurveys.push(fresh);
        return { survey: copy(fresh), created: true };
      });
    },

    async get(id) {
      const found = state.read().satisfactionSurveys.find((s) => s.id === id);
      return found ? copy(found) : null;
    },

    async getByToken(token) {
      if (typeof token !== 'string' || token.length !== 43) return null;
      const found = state.read().satisfactionSurveys.find((s) => s.token === token);
      return found ? copy(found) : null;
    },

    async listForAgency(agencyId) {
      return copy(state.read().satisfactionSurveys.filter((s) => s.agencyId === agencyId)).sort((a, b) =>
        a.askedAt < b.askedAt ? -1 : a.askedAt > b.askedAt ? 1 : 0,
      );
    },

    async listForTicket(boardId, ticketId) {
      return copy(state.read().satisfactionSurveys.filter((s) => s.boardId === boardId && s.ticketId === ticketId));
    },

    answer(id, input) {
      return state.commit((data) => {
        const index = data.satisfactionSurveys.findIndex((s) => s.id === id);
        if (index < 0) throw new NotFoundError(`survey ${id} not found`);
        const current = data.satisfactionSurveys[index] as SatisfactionSurvey;
        const notifyLowScore = current.lowScoreNotifiedAt === null && isLowSatisfaction(input.rating);
        const next = checked(satisfactionSurveySchema, 'satisfaction answer', {
          ...current,
          rating: input.rating,
          comment: input.comment,
          answeredAt: input.at,
          lowScoreNotifiedAt: notifyLowScore ? input.at : current.lowScoreNotifiedAt,
        });
        data.satisfactionSurveys[index] = next;
        return { survey: copy(next), notifyLowScore };
      });
    },
  };
  return { satisfaction };
}
