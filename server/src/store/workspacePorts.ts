/**
 * Ports over a `RecordState` for the workspace settings and the deadline alerts already sent,
 * shared by the in-memory twin and the lowdb adapter like `recordPorts.ts`.
 */
import type { BusinessCalendar } from '@fluxo/shared/deadlines/businessCalendar';
import type { AgencyId, BoardId, TicketId, UserId } from '@fluxo/shared/ids';
import type { TicketKind } from '@fluxo/shared/kinds/ticketKind';
import { checked } from './recordPorts.js';
import type { RecordState } from './recordState.js';
import {
  type DeadlineAlertRecord,
  type WorkspaceSettingsRecord,
  deadlineAlertRecordSchema,
  workspaceSettingsRecordSchema,
} from './workspaceRecords.js';

export interface WorkspaceSettingsStore {
  /** The agency's settings record; `null` when it never changed any (defaults apply). */
  get(agencyId: AgencyId): Promise<WorkspaceSettingsRecord | null>;
  setCalendar(agencyId: AgencyId, calendar: BusinessCalendar, by: UserId | null, at: string): Promise<WorkspaceSettingsRecord>;
  setTicketKinds(agencyId: AgencyId, kinds: readonly TicketKind[], by: UserId | null, at: string): Promise<WorkspaceSettingsRecord>;
}

export interface DeadlineAlertStore {
  /** The alert keys already recorded for the board's tickets, by ticket. */
  sentForBoard(boardId: BoardId): Promise<ReadonlyMap<TicketId, ReadonlySet<string>>>;
  /** Records alerts (a key already recorded for its ticket is skipped). */
  record(alerts: readonly DeadlineAlertRecord[]): Promise<void>;
}

const copy = <T>(value: T): T => structuredClone(value);
const alertKey = (boardId: BoardId, ticketId: TicketId) => `${boardId}/${ticketId}`;

export function createWorkspacePorts(state: RecordState): {
  workspaceSettings: WorkspaceSettingsStore;
  deadlineAlerts: DeadlineAlertStore;
} {
  const change = (agencyId: AgencyId, patch: Partial<Pick<WorkspaceSettingsRecord, 'calendar' | 'ticketKinds'>>, by: UserId | null, at: string) =>
    state.commit((data) => {
      const index = data.workspaceSettings.findIndex((s) => s.agencyId === agencyId);
      const current: WorkspaceSettingsRecord = data.workspaceSettings[index] ?? {
        agencyId,
        calendar: null,
        ticketKinds: null,
        updatedAt: at,
        updatedBy: by,
      };
      const next = checked(workspaceSettingsRecordSchema, 'workspace settings', { ...current, ...patch, updatedAt: at, updatedBy: by });
      if (index < 0) data.workspaceSettings.push(next);
      else data.workspaceSettings[index] = next;
      return copy(next);
    });

  const workspaceSettings: WorkspaceSettingsStore = {
    async get(agencyId) {
      const found = state.read().workspaceSettings.find((s) => s.agencyId === agencyId);
      return found ? copy(found) : null;
    },
    setCalendar: (agencyId, calendar, by, at) => change(agencyId, { calendar }, by, at),
    setTicketKinds: (agencyId, kinds, by, at) => change(agencyId, { ticketKinds: [...kinds] }, by, at),
  };

  const deadlineAlerts: DeadlineAlertStore = {
    async sentForBoard(boardId) {
      const sent = new Map<TicketId, Set<string>>();
      for (const alert of state.read().deadlineAlerts) {
        if (alert.boardId !== boardId) continue;
        const keys = sent.get(alert.ticketId);
        if (keys) keys.add(alert.key);
        else sent.set(alert.ticketId, new Set([alert.key]));
      }
      return sent;
    },
    async record(alerts) {
      const valid = alerts.map((a) => checked(deadlineAlertRecordSchema, 'deadline alert', a));
      if (valid.length === 0) return;
      await state.commit((data) => {
        const seen = new Set(data.deadlineAlerts.map((a) => `${alertKey(a.boardId, a.ticketId)}#${a.key}`));
        for (const alert of valid) {
          const id = `${alertKey(alert.boardId, alert.ticketId)}#${alert.key}`;
          if (seen.has(id)) continue;
          seen.add(id);
          data.deadlineAlerts.push(copy(alert));
        }
      });
    },
  };
  return { workspaceSettings, deadlineAlerts };
}
