/**
 * The absence port's contract, run on both adapters (the lowdb one also across a restart, and
 * on a `fluxo.json` written before absences existed).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictError, InvalidInputError, NotFoundError } from '@fluxo/shared/errors';
import { type UserId, newAgencyId, newUserId } from '@fluxo/shared/ids';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AbsenceId, type AbsenceRecord, coversDay } from './absenceRecords.js';
import { DATA_FILE_NAME, openLowdbStore } from './lowdbStore.js';
import { fixtures } from './store.contract.js';
import type { Store } from './store.js';
import { STORE_ADAPTERS, type StoreHarness } from './testing/storeAdapters.js';

type Harness = StoreHarness;
const adapters = STORE_ADAPTERS;

const absence = fixtures.absence;

for (const [name, createHarness] of Object.entries(adapters)) {
  describe(`absence port: ${name}`, () => {
    let harness: Harness;
    let store: Store;
    const agencyId = newAgencyId();
    const beatriz = newUserId();
    const ana = newUserId();

    beforeEach(async () => {
      harness = await createHarness();
      store = await harness.open();
    });
    afterEach(async () => {
      await store.close();
      await harness.cleanup();
    });

    it('stores, lists by first day, removes once, and keeps them across a restart', async () => {
      const later = absence(agencyId, beatriz, '2025-12-22', '2026-01-02', { note: 'Férias de fim de ano' });
      const sooner = absence(agencyId, beatriz, '2025-11-20', '2025-11-27');
      const anasDay = absence(agencyId, ana, '2025-11-24', '2025-11-24', { createdBy: newUserId() });
      const elsewhere = absence(newAgencyId(), newUserId(), '2025-11-01', '2025-11-02');
      for (const a of [later, sooner, anasDay, elsewhere]) await store.absences.create(a);

      expect((await store.absences.listByAgency(agencyId)).map((a) => a.id)).toEqual([sooner.id, anasDay.id, later.id]);
      expect(await store.absences.get(later.id)).toEqual(later);
      expect(await store.absences.remove(sooner.id)).toEqual(sooner);
      await expect(store.absences.remove(sooner.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.absences.remove('NoSuchAbsence000' as AbsenceId)).rejects.toBeInstanceOf(NotFoundError);

      if (harness.dir !== null) {
        await store.close();
        store = await harness.open();
      }
      expect((await store.absences.listByAgency(agencyId)).map((a) => a.id)).toEqual([anasDay.id, later.id]);
      expect(await store.absences.get(sooner.id)).toBeNull();
    });

    it('refuses an absence that ends before it starts, lasts over a year, or is malformed — and keeps nothing of it', async () => {
      const refusal = async (record: AbsenceRecord) => {
        const error = await store.absences.create(record).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(InvalidInputError);
        return (error as Error).message;
      };
      expect(await refusal(absence(agencyId, beatriz, '2025-11-27', '2025-11-20'))).toMatch(/cannot end before it starts/);
      expect(await refusal(absence(agencyId, beatriz, '2025-01-01', '2026-01-02'))).toMatch(/at most 366 days/);
      expect(await refusal(absence(agencyId, beatriz, '2025-02-30', '2025-03-02'))).toMatch(/YYYY-MM-DD/);
      expect(await refusal(absence(agencyId, beatriz, '2025-11-20', '2025-11-21', { note: 'x'.repeat(201) }))).toMatch(/at most 200/);
      expect(await store.absences.listByAgency(agencyId)).toEqual([]);

      // A whole leap year is 366 days: allowed.
      await store.absences.create(absence(agencyId, beatriz, '2028-01-01', '2028-12-31'));
    });

    it("refuses overlapping absences of one person, naming the days already taken; others' and adjacent ones are fine", async () => {
      await store.absences.create(absence(agencyId, beatriz, '2025-11-20', '2025-11-27'));
      for (const [from, to] of [
        ['2025-11-27', '2025-11-30'],
        ['2025-11-10', '2025-11-20'],
        ['2025-11-22', '2025-11-23'],
        ['2025-11-01', '2025-12-31'],
      ] as const) {
        const attempt = store.absences.create(absence(agencyId, beatriz, from, to));
        await expect(attempt).rejects.toBeInstanceOf(ConflictError);
        await expect(attempt).rejects.toThrow('already away from 2025-11-20 to 2025-11-27');
      }
      await store.absences.create(absence(agencyId, beatriz, '2025-11-28', '2025-11-28'));
      await store.absences.create(absence(agencyId, beatriz, '2025-11-19', '2025-11-19'));
      await store.absences.create(absence(agencyId, ana, '2025-11-20', '2025-11-27'));
      const taken = absence(agencyId, ana, '2026-01-05', '2026-01-06');
      await store.absences.create(taken);
      await expect(store.absences.create({ ...taken, userId: newUserId() })).rejects.toBeInstanceOf(ConflictError);
      expect(await store.absences.listByAgency(agencyId)).toHaveLength(5);
    });

    it('returns copies', async () => {
      const a = absence(agencyId, beatriz, '2025-11-20', '2025-11-27');
      await store.absences.create(a);
      const listed = await store.absences.listByAgency(agencyId);
      (listed[0] as AbsenceRecord).to = '2030-01-01';
      expect((await store.absences.get(a.id))?.to).toBe('2025-11-27');
    });
  });
}

describe('absences in fluxo.json', () => {
  it('opens a file written before absences existed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fluxo-absence-old-'));
    try {
      const store = await openLowdbStore(dir);
      await store.agencies.create({ id: newAgencyId(), name: 'Agência', createdAt: '2025-01-01T00:00:00.000Z' });
      await store.close();
      const file = join(dir, DATA_FILE_NAME);
      const data = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      delete data.absences;
      await writeFile(file, JSON.stringify(data));
      const reopened = await openLowdbStore(dir);
      expect(await reopened.absences.listByAgency(newAgencyId())).toEqual([]);
      await reopened.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('coversDay', () => {
  it('includes both ends', () => {
    const a = { from: '2025-11-20', to: '2025-11-27' };
    expect(['2025-11-19', '2025-11-20', '2025-11-27', '2025-11-28'].map((d) => coversDay(a, d))).toEqual([false, true, true, false]);
  });
});
