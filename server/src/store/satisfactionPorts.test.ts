/**
 * The satisfaction port's contract on both adapters (the lowdb one across a restart and on a
 * `fluxo.json` written before surveys existed): one survey per ticket, the last answer wins, a
 * low score is claimed once per survey, bad answers store nothing.
 */
import { randomBytes } from 'node:crypto';
import { InvalidInputError, NotFoundError } from '@fluxo/shared/errors';
import { newAgencyId, newBoardId, newClientId, newTicketId } from '@fluxo/shared/ids';
import { type SurveyId, newSurveyId } from '@fluxo/shared/satisfaction/satisfaction';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SurveyRequest } from './satisfactionPorts.js';
import type { Store } from './store.js';
import { STORE_ADAPTERS, type StoreHarness, withFluxoJsonWithout } from './testing/storeAdapters.js';

const agencyId = newAgencyId();
const boardId = newBoardId();
const clientId = newClientId();

function request(overrides: Partial<SurveyRequest> = {}): SurveyRequest {
  return {
    id: newSurveyId(),
    agencyId,
    boardId,
    ticketId: newTicketId(),
    ticketNumber: 42,
    clientId,
    token: randomBytes(32).toString('base64url'),
    askedAt: '2026-03-02T12:00:00.000Z',
    ...overrides,
  };
}

for (const [name, createHarness] of Object.entries(STORE_ADAPTERS)) {
  describe(`satisfaction port: ${name}`, () => {
    let harness: StoreHarness;
    let store: Store;

    beforeEach(async () => {
      harness = await createHarness();
      store = await harness.open();
    });
    afterEach(async () => {
      await store.close();
      await harness.cleanup();
    });

    it('asks once per ticket: a second ask returns the first survey and stores nothing', async () => {
      const first = request();
      const asked = await store.satisfaction.ask(first);
      expect(asked.created).toBe(true);
      expect(asked.survey).toMatchObject({ id: first.id, rating: null, comment: null, answeredAt: null, lowScoreNotifiedAt: null });

      const again = await store.satisfaction.ask(request({ ticketId: first.ticketId, askedAt: '2026-03-09T12:00:00.000Z' }));
      expect(again.created).toBe(false);
      expect(again.survey.id).toBe(first.id);
      expect(again.survey.askedAt).toBe(first.askedAt);
      expect(await store.satisfaction.listForTicket(boardId, first.ticketId)).toHaveLength(1);
    });

    it('finds a survey by id and token; unknown or malformed tokens find nothing', async () => {
      const first = request();
      await store.satisfaction.ask(first);
      expect((await store.satisfaction.get(first.id))?.ticketId).toBe(first.ticketId);
      expect((await store.satisfaction.getByToken(first.token))?.id).toBe(first.id);
      expect(await store.satisfaction.getByToken(randomBytes(32).toString('base64url'))).toBeNull();
      expect(await store.satisfaction.getByToken('short')).toBeNull();
      expect(await store.satisfaction.get(newSurveyId())).toBeNull();
    });

    it('lists the agency’s surveys, asked and answered, oldest first — not another agency’s', async () => {
      const late = request({ askedAt: '2026-03-05T12:00:00.000Z' });
      const early = request({ askedAt: '2026-03-01T12:00:00.000Z' });
      const foreign = request({ agencyId: newAgencyId(), boardId: newBoardId() });
      for (const r of [late, early, foreign]) await store.satisfaction.ask(r);
      await store.satisfaction.answer(late.id, { rating: 5, comment: null, at: '2026-03-06T12:00:00.000Z' });
      const listed = await store.satisfaction.listForAgency(agencyId);
      expect(listed.map((s) => s.id)).toEqual([early.id, late.id]);
      expect(listed.map((s) => s.rating)).toEqual([null, 5]);
    });

    it('the last answer wins; a low score is claimed once, by the first low answer', async () => {
      const first = request();
      await store.satisfaction.ask(first);
      const good = await store.satisfaction.answer(first.id, { rating: 4, comment: 'Bom', at: '2026-03-03T10:00:00.000Z' });
      expect(good.notifyLowScore).toBe(false);
      const low = await store.satisfaction.answer(first.id, { rating: 2, comment: 'Atrasou', at: '2026-03-03T11:00:00.000Z' });
      expect(low.notifyLowScore).toBe(true);
      expect(low.survey).toMatchObject({ rating: 2, comment: 'Atrasou', answeredAt: '2026-03-03T11:00:00.000Z', lowScoreNotifiedAt: '2026-03-03T11:00:00.000Z' });
      const lower = await store.satisfaction.answer(first.id, { rating: 1, comment: null, at: '2026-03-03T12:00:00.000Z' });
      expect(lower.notifyLowScore).toBe(false);
      expect(lower.survey).toMatchObject({ rating: 1, comment: null, lowScoreNotifiedAt: '2026-03-03T11:00:00.000Z' });
    });

    it('refuses a rating out of 1–5, a fractional one and a comment over 2,000 characters — nothing stored', async () => {
      const first = request();
      await store.satisfaction.ask(first);
      for (const rating of [0, 6, 2.5, -1]) {
        await expect(store.satisfaction.answer(first.id, { rating, comment: null, at: '2026-03-03T10:00:00.000Z' })).rejects.toThrow(InvalidInputError);
      }
      await expect(store.satisfaction.answer(first.id, { rating: 3, comment: 'x'.repeat(2_001), at: '2026-03-03T10:00:00.000Z' })).rejects.toThrow(
        InvalidInputError,
      );
      expect(await store.satisfaction.get(first.id)).toMatchObject({ rating: null, comment: null, answeredAt: null });
      await expect(store.satisfaction.answer('0000000000000000' as SurveyId, { rating: 3, comment: null, at: '2026-03-03T10:00:00.000Z' })).rejects.toThrow(
        NotFoundError,
      );
    });

    it('refuses a malformed survey', async () => {
      await expect(store.satisfaction.ask(request({ token: 'not-a-token' }))).rejects.toThrow(InvalidInputError);
      expect(await store.satisfaction.listForAgency(agencyId)).toEqual([]);
    });

    if (name === 'lowdb') {
      it('keeps surveys and answers across a restart', async () => {
        const first = request();
        await store.satisfaction.ask(first);
        await store.satisfaction.answer(first.id, { rating: 1, comment: 'Não gostei', at: '2026-03-03T10:00:00.000Z' });
        await store.close();
        store = await harness.open();
        expect(await store.satisfaction.getByToken(first.token)).toMatchObject({ rating: 1, comment: 'Não gostei', lowScoreNotifiedAt: '2026-03-03T10:00:00.000Z' });
        expect((await store.satisfaction.answer(first.id, { rating: 2, comment: null, at: '2026-03-04T10:00:00.000Z' })).notifyLowScore).toBe(false);
      });
    }
  });
}

describe('satisfaction port on a fluxo.json from before surveys', () => {
  it('opens with no surveys and stores new ones', async () => {
    await withFluxoJsonWithout(['satisfactionSurveys'], async (store) => {
      expect(await store.satisfaction.listForAgency(agencyId)).toEqual([]);
      const first = request();
      expect((await store.satisfaction.ask(first)).created).toBe(true);
    });
  });
});
