/**
 * The absence port over a `RecordState`, shared by the in-memory twin and the lowdb adapter
 * like `shareLinkPorts.ts`. Every write validates its record (`absenceRecords.ts`: from ≤ to, at
 * most a year); inside the commit, an absence that overlaps another of the same person is
 * refused with `ConflictError` naming the days of the one already there.
 */
import { ConflictError, NotFoundError } from '@fluxo/shared/errors';
import type { AgencyId } from '@fluxo/shared/ids';
import { type AbsenceId, type AbsenceRecord, absenceRecordSchema } from './absenceRecords.js';
import { checked } from './recordPorts.js';
import type { RecordState } from './recordState.js';

export interface AbsenceStore {
  /** Stores a new absence; `InvalidInputError` for a bad record, `ConflictError` for a taken id or an overlap. */
  create(absence: AbsenceRecord): Promise<void>;
  get(id: AbsenceId): Promise<AbsenceRecord | null>;
  /** The agency's absences, by first day, then by creation. */
  listByAgency(agencyId: AgencyId): Promise<AbsenceRecord[]>;
  /** Deletes an absence and returns it; `NotFoundError` if there is none. */
  remove(id: AbsenceId): Promise<AbsenceRecord>;
}

const copy = <T>(value: T): T => structuredClone(value);

const byDays = (a: AbsenceRecord, b: AbsenceRecord): number =>
  a.from < b.from ? -1 : a.from > b.from ? 1 : a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;

export function createAbsencePorts(state: RecordState): { absences: AbsenceStore } {
  const absences: AbsenceStore = {
    async create(candidate) {
      const absence = checked(absenceRecordSchema, 'absence', candidate);
      await state.commit((data) => {
        if (data.absences.some((a) => a.id === absence.id)) throw new ConflictError(`absence ${absence.id} exists`);
        const overlap = data.absences.find(
          (a) => a.userId === absence.userId && a.from <= absence.to && absence.from <= a.to,
        );
        if (overlap)
          throw new ConflictError(`this person is already away from ${overlap.from} to ${overlap.to}: absences cannot overlap`);
        data.absences.push(copy(absence));
      });
    },
    async get(id) {
      const found = state.read().absences.find((a) => a.id === id);
      return found ? copy(found) : null;
    },
    async listByAgency(agencyId) {
      return copy(state.read().absences.filter((a) => a.agencyId === agencyId)).sort(byDays);
    },
    async remove(id) {
      if (!state.read().absences.some((a) => a.id === id)) throw new NotFoundError(`absence ${id} not found`);
      return state.commit((data) => {
        const index = data.absences.findIndex((a) => a.id === id);
        const found = data.absences[index];
        if (found === undefined) throw new NotFoundError(`absence ${id} not found`);
        data.absences.splice(index, 1);
        return copy(found);
      });
    },
  };
  return { absences };
}
