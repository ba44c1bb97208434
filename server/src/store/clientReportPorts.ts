/**
 * The client report schedule port over a `RecordState`, shared by the in-memory twin and the
 * lowdb adapter (like `absencePorts.ts`). Records: `clientReportRecords.ts`. Every write finds
 * the client in the agency inside its commit (else `NotFoundError`) and validates the record
 * (`InvalidInputError`); nothing is stored otherwise.
 */
import { NotFoundError } from '@fluxo/shared/errors';
import type { AgencyId, ClientId, UserId } from '@fluxo/shared/ids';
import type { ClientReportFrequency, ClientReportPeriod } from '@fluxo/shared/reports/clientReport';
import { type ClientReportScheduleRecord, clientReportScheduleRecordSchema } from './clientReportRecords.js';
import { checked } from './recordPorts.js';
import type { RecordState } from './recordState.js';

export interface ClientReportScheduleStore {
  /** The client's schedule, or `null` (off). */
  get(clientId: ClientId): Promise<ClientReportScheduleRecord | null>;
  /** Every schedule that is not `off`, in creation order. */
  listActive(): Promise<ClientReportScheduleRecord[]>;
  /**
   * Sets the client's frequency. `startAt` becomes `lastPeriod` when the frequency changes (the
   * schedule owes nothing older than it); the same frequency again keeps what was queued.
   */
  set(input: {
    agencyId: AgencyId;
    clientId: ClientId;
    frequency: ClientReportFrequency;
    by: UserId;
    at: string;
    startAt: ClientReportPeriod | null;
  }): Promise<ClientReportScheduleRecord>;
  /** Records that `period` was queued at `at`; a period that does not end later than the last one changes nothing. */
  markQueued(clientId: ClientId, period: ClientReportPeriod, at: string): Promise<ClientReportScheduleRecord>;
}

const copy = <T>(value: T): T => structuredClone(value);

export function createClientReportPorts(state: RecordState): { clientReportSchedules: ClientReportScheduleStore } {
  const clientReportSchedules: ClientReportScheduleStore = {
    async get(clientId) {
      const found = state.read().clientReportSchedules.find((s) => s.clientId === clientId);
      return found ? copy(found) : null;
    },
    async listActive() {
      return copy(state.read().clientReportSchedules.filter((s) => s.frequency !== 'off'));
    },
    async set(input) {
      return state.commit((data) => {
        const client = data.clients.find((c) => c.id === input.clientId);
        if (!client || client.agencyId !== input.agencyId) throw new NotFoundError(`client ${input.clientId} not found`);
        const index = data.clientReportSchedules.findIndex((s) => s.clientId === input.clientId);
        const known = data.clientReportSchedules[index];
        const changed = known === undefined || known.frequency !== input.frequency;
        const record = checked(clientReportScheduleRecordSchema, 'client report schedule', {
          agencyId: input.agencyId,
          clientId: input.clientId,
          frequency: input.frequency,
          updatedAt: input.at,
          updatedBy: input.by,
          lastPeriod: changed ? input.startAt : (known?.lastPeriod ?? null),
          lastQueuedAt: known?.lastQueuedAt ?? null,
        });
        if (index === -1) data.clientReportSchedules.push(record);
        else data.clientReportSchedules[index] = record;
        return copy(record);
      });
    },
    async markQueued(clientId, period, at) {
      return state.commit((data) => {
        const index = data.clientReportSchedules.findIndex((s) => s.clientId === clientId);
        const known = data.clientReportSchedules[index];
        if (known === undefined) throw new NotFoundError(`no report schedule for client ${clientId}`);
        if (known.lastPeriod !== null && known.lastPeriod.to >= period.to) return copy(known);
        const record = checked(clientReportScheduleRecordSchema, 'client report schedule', { ...known, lastPeriod: period, lastQueuedAt: at });
        data.clientReportSchedules[index] = record;
        return copy(record);
      });
    },
  };
  return { clientReportSchedules };
}
