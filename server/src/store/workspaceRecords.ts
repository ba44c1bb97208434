/**
 * A workspace's (agency's) own settings, kept in `fluxo.json`:
 * - `calendar`: its business hours, time zone and holidays (deadlines count in them);
 * - `ticketKinds`: its ticket kinds (steps, SLA targets, milestones, checklist), edited by admins.
 * A field still `null` means the agency never changed it: readers use the defaults
 * (`defaultBusinessCalendar`, `SEED_TICKET_KINDS`), so agencies stored before these settings
 * existed need no migration.
 *
 * `deadlineAlerts`: the deadline warnings already sent (`due_soon` / `overdue`), one per key, so a
 * restart does not warn twice about the same deadline.
 */
import { businessCalendarSchema } from '@fluxo/shared/deadlines/businessCalendar';
import { agencyIdSchema, boardIdSchema, ticketIdSchema, userIdSchema } from '@fluxo/shared/ids';
import { ticketKindListSchema } from '@fluxo/shared/kinds/ticketKind';
import { z } from 'zod';

const isoDate = z.iso.datetime();

export const workspaceSettingsRecordSchema = z.object({
  agencyId: agencyIdSchema,
  calendar: businessCalendarSchema.nullable(),
  ticketKinds: ticketKindListSchema.nullable(),
  updatedAt: isoDate,
  /** Who changed them last; `null` for the server (the demo seed). */
  updatedBy: userIdSchema.nullable(),
});
export type WorkspaceSettingsRecord = z.infer<typeof workspaceSettingsRecordSchema>;

/** Longest alert key: `<target>:<level>:<due instant>`. */
export const MAX_ALERT_KEY_LENGTH = 120;

export const deadlineAlertRecordSchema = z.object({
  boardId: boardIdSchema,
  ticketId: ticketIdSchema,
  /** Which warning about which deadline: a changed deadline is a new key, hence a new warning. */
  key: z.string().min(1).max(MAX_ALERT_KEY_LENGTH),
  at: isoDate,
});
export type DeadlineAlertRecord = z.infer<typeof deadlineAlertRecordSchema>;
