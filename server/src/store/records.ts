/**
 * The low-churn records Fluxo keeps outside the Yjs board documents: agencies, staff accounts,
 * sessions, board records and clients. The zod schemas are the stored format: the embedded
 * adapter validates `fluxo.json` against `fluxoDataSchema` at start-up and refuses a file that
 * does not match, so every record a port returns has been through them.
 *
 * Invariants every adapter keeps:
 * - ids are unique per kind; user emails are unique across all agencies (login is by email);
 * - emails are stored normalised (`normaliseEmail`); client domains lower-case;
 * - dates are ISO-8601 strings in UTC;
 * - sessions are stored only as the SHA-256 hash of their token, never the token.
 */
import { InvalidInputError } from '@fluxo/shared/errors';
import { stageSchema } from '@fluxo/shared/flow/stages';
import {
  type BoardId,
  agencyIdSchema,
  boardIdSchema,
  clientIdSchema,
  ticketIdSchema,
  userIdSchema,
} from '@fluxo/shared/ids';
import { LOCALES } from '@fluxo/shared/i18n/translate';
import { roleSchema } from '@fluxo/shared/roles';
import { z } from 'zod';
import {
  attachmentRecordSchema,
  mailMessageRecordSchema,
  mailRecipientRecordSchema,
  ticketAddressRecordSchema,
} from './mailRecords.js';
import { shareLinkRecordSchema } from './shareLinkRecords.js';
import { absenceRecordSchema } from './absenceRecords.js';
import { clientProfileRecordSchema } from './clientProfileRecords.js';
import { cannedReplyRecordSchema, signatureRulesRecordSchema } from './cannedReplyRecords.js';
import { uploadRecordSchema } from './uploadRecords.js';
import { documentRecordSchema } from './documentRecords.js';
import { deadlineAlertRecordSchema, workspaceSettingsRecordSchema } from './workspaceRecords.js';
import { approvalSchema } from '@fluxo/shared/approvals/approval';
import { clientReportScheduleRecordSchema } from './clientReportRecords.js';
import { satisfactionSurveySchema } from '@fluxo/shared/satisfaction/satisfaction';

/**
 * Board ids reach the board-document store from URLs (`/sync/<boardId>`) and become file names
 * there, so every adapter checks them at the boundary, whatever the type says.
 */
export function assertBoardId(boardId: BoardId): void {
  if (!boardIdSchema.safeParse(boardId).success) throw new InvalidInputError('invalid board id');
}

/** Emails compare case-insensitively and without surrounding blanks. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const isoDate = z.iso.datetime();
const email = z.string().min(3).max(320);
const domain = z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'invalid domain');

export const localeSchema = z.enum(LOCALES);

export const agencyRecordSchema = z.object({
  id: agencyIdSchema,
  name: z.string().min(1).max(200),
  createdAt: isoDate,
});
export type AgencyRecord = z.infer<typeof agencyRecordSchema>;

export const userRecordSchema = z.object({
  id: userIdSchema,
  agencyId: agencyIdSchema,
  /** Normalised (`normaliseEmail`). */
  email,
  name: z.string().min(1).max(200),
  role: roleSchema,
  /** Argon2id PHC string. */
  passwordHash: z.string().min(1),
  /** The person's own language choice; `null` follows the browser. */
  locale: localeSchema.nullable(),
  createdAt: isoDate,
});
export type UserRecord = z.infer<typeof userRecordSchema>;

export const sessionRecordSchema = z.object({
  /** Lower-case hex SHA-256 of the session token. The token itself is only in the cookie. */
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  userId: userIdSchema,
  createdAt: isoDate,
  /** The session is refused from this instant on; sliding expiry moves it forward. */
  expiresAt: isoDate,
});
export type SessionRecord = z.infer<typeof sessionRecordSchema>;

export const boardRecordSchema = z.object({
  id: boardIdSchema,
  agencyId: agencyIdSchema,
  name: z.string().min(1).max(200),
  /** Staff who may open the board. Admins of the agency see every board regardless. */
  memberIds: z.array(userIdSchema),
  /**
   * Work-in-progress limits per stage (column): the board shows a column over its limit. A stage
   * left out has no limit. Optional, so boards stored before limits existed still load.
   */
  wipLimits: z.partialRecord(stageSchema, z.number().int().positive().max(10_000)).optional(),
  createdAt: isoDate,
});
export type BoardRecord = z.infer<typeof boardRecordSchema>;

export const clientRecordSchema = z.object({
  id: clientIdSchema,
  agencyId: agencyIdSchema,
  name: z.string().min(1).max(200),
  /** Normalised addresses that identify the client's people (inbound mail, reports). */
  emails: z.array(email),
  /** Lower-case domains: any address at one of them belongs to this client. */
  domains: z.array(domain),
  /** The account manager (atendimento) who answers first. */
  primaryManagerId: userIdSchema,
  /** The interchangeable backup (seed 004); `null` until someone is named. */
  backupManagerId: userIdSchema.nullable(),
  createdAt: isoDate,
});
export type ClientRecord = z.infer<typeof clientRecordSchema>;

/**
 * The last human ticket number (#123) handed out in an agency. Numbers are per agency, start at
 * 1, and are never reused: the counter only grows, even when a ticket that got a number is
 * archived or the witness fails after allocating.
 */
export const ticketCounterRecordSchema = z.object({
  agencyId: agencyIdSchema,
  last: z.number().int().nonnegative(),
});
export type TicketCounterRecord = z.infer<typeof ticketCounterRecordSchema>;

/**
 * A ticket that needs one person's attention: handed back from production (`handoff`) and not
 * yet seen by that account manager. One record per (user, ticket); acknowledging removes it.
 */
export const attentionRecordSchema = z.object({
  userId: userIdSchema,
  boardId: boardIdSchema,
  ticketId: ticketIdSchema,
  reason: z.literal('handoff'),
  /** Who asked for it (the producer who handed back); `null` for the server. */
  by: userIdSchema.nullable(),
  markedAt: isoDate,
});
export type AttentionRecord = z.infer<typeof attentionRecordSchema>;

export const FLUXO_DATA_VERSION = 1;

/** The whole low-churn state; also the format of `DATA_DIR/fluxo.json`. */
export const fluxoDataSchema = z.object({
  version: z.literal(FLUXO_DATA_VERSION),
  agencies: z.array(agencyRecordSchema),
  users: z.array(userRecordSchema),
  sessions: z.array(sessionRecordSchema),
  boards: z.array(boardRecordSchema),
  clients: z.array(clientRecordSchema),
  // Added with the live board; `default` keeps files written before them readable.
  ticketCounters: z.array(ticketCounterRecordSchema).default([]),
  attention: z.array(attentionRecordSchema).default([]),
  // Mail (`mailRecords.ts`), added with the conversation issue.
  mailMessages: z.array(mailMessageRecordSchema).default([]),
  ticketAddresses: z.array(ticketAddressRecordSchema).default([]),
  mailRecipients: z.array(mailRecipientRecordSchema).default([]),
  attachments: z.array(attachmentRecordSchema).default([]),
  // Client share links (`shareLinkRecords.ts`), added with the client timeline.
  shareLinks: z.array(shareLinkRecordSchema).default([]),
  // Staff absences (`absenceRecords.ts`), added with the backup account manager (issue 7).
  absences: z.array(absenceRecordSchema).default([]),
  // Client profiles (`clientProfileRecords.ts`: contacts, loyalty ladder, notes, meetings), issue 7.
  clientProfiles: z.array(clientProfileRecordSchema).default([]),
  // Canned replies and signature rules (`cannedReplyRecords.ts`), issue 7.
  cannedReplies: z.array(cannedReplyRecordSchema).default([]),
  signatureRules: z.array(signatureRulesRecordSchema).default([]),
  // Workspace settings and deadline alerts (`workspaceRecords.ts`), added with ticket kinds and SLAs (issue 7).
  workspaceSettings: z.array(workspaceSettingsRecordSchema).default([]),
  deadlineAlerts: z.array(deadlineAlertRecordSchema).default([]),
  // Uploads and the document archive (`uploadRecords.ts`, `documentRecords.ts`), issue 7.
  uploads: z.array(uploadRecordSchema).default([]),
  documents: z.array(documentRecordSchema).default([]),
  // Client approvals (`@fluxo/shared/approvals/approval`, `approvalPorts.ts`), issue 7.
  approvals: z.array(approvalSchema).default([]),
  // Satisfaction surveys after delivery (`@fluxo/shared/satisfaction/satisfaction`, `satisfactionPorts.ts`), issue 8.
  satisfactionSurveys: z.array(satisfactionSurveySchema).default([]),
  // Client report schedules (`clientReportRecords.ts`), issue 8.
  clientReportSchedules: z.array(clientReportScheduleRecordSchema).default([]),
});
export type FluxoData = z.infer<typeof fluxoDataSchema>;

export function emptyFluxoData(): FluxoData {
  return {
    version: FLUXO_DATA_VERSION,
    agencies: [],
    users: [],
    sessions: [],
    boards: [],
    clients: [],
    ticketCounters: [],
    attention: [],
    mailMessages: [],
    ticketAddresses: [],
    mailRecipients: [],
    attachments: [],
    shareLinks: [],
    absences: [],
    clientProfiles: [],
    cannedReplies: [],
    signatureRules: [],
    workspaceSettings: [],
    deadlineAlerts: [],
    approvals: [],
    satisfactionSurveys: [],
    uploads: [],
    documents: [],
    clientReportSchedules: [],
  };
}
