/**
 * The workspace archive: everything one agency owns in a store, as one JSON value — for backups
 * and for moving an agency between installations (`workspaceArchivePorts.ts` reads and writes
 * it; `export/workspaceArchive.ts` adds the file bytes and serves it).
 *
 * Layout (`format: 'fluxo-workspace'`, `version: 1`):
 *
 *     records        every array of `fluxo.json` (`fluxoDataSchema`) except `version` and
 *                    `sessions`, filtered to the agency: the agency, its users (password hashes
 *                    included, so people sign in after moving), boards, clients, counters, …
 *     boardDocs      per board, base64 of `Y.encodeStateAsUpdate` of its document
 *     replicaOwners  per board, `[yjsClientId, userId | 'server']` pairs, first recorded first
 *     history        per board, its history entries in append order
 *     conversation   comments, notifications (with their store `seq`), notification
 *                    preferences and outbox rows, in creation order
 *     files          (`export/workspaceArchive.ts`) the vault bytes the records name, base64
 *
 * **A new record array is one line here.** `records` is derived from `fluxoDataSchema`, so an
 * array another module adds there is archived as soon as `WORKSPACE_RECORD_KINDS` says how to
 * tell the agency's records apart (a mapped type over `fluxo.json`'s arrays: the typecheck fails
 * until that line exists). Each line also names the record's installation-wide unique keys
 * (ids, tokens, emails), which an import refuses to take twice.
 *
 * Sessions are never archived: whoever imports signs in again.
 */
import { agencyIdSchema, boardIdSchema, userIdSchema } from '@fluxo/shared/ids';
import { historyEntrySchema } from '@fluxo/shared/history/historyEntry';
import { z } from 'zod';
import {
  notificationPrefsRecordSchema,
  outboxRecordSchema,
  storedCommentSchema,
  storedNotificationSchema,
} from './conversationRecords.js';
import { type FluxoData, fluxoDataSchema } from './records.js';

export const WORKSPACE_ARCHIVE_FORMAT = 'fluxo-workspace';
export const WORKSPACE_ARCHIVE_VERSION = 1;

/** The arrays of `fluxo.json` an archive carries. */
export type WorkspaceRecordKind = Exclude<keyof FluxoData, 'version' | 'sessions'>;

/** What tells an agency's records apart: its id, and its boards' and people's ids. */
export interface WorkspaceScope {
  readonly agencyId: string;
  readonly boardIds: ReadonlySet<string>;
  readonly userIds: ReadonlySet<string>;
}

export interface WorkspaceRecordKindRule<R> {
  /** Whether the record is the agency's. */
  readonly owned: (record: R, scope: WorkspaceScope) => boolean;
  /** Keys unique across the installation (an import refuses a key the target already holds). */
  readonly keys: (record: R) => readonly string[];
}

type Rules = { readonly [K in WorkspaceRecordKind]: WorkspaceRecordKindRule<FluxoData[K][number]> };

const byAgency = (record: { readonly agencyId: string }, scope: WorkspaceScope) => record.agencyId === scope.agencyId;
const byBoard = (record: { readonly boardId: string }, scope: WorkspaceScope) => scope.boardIds.has(record.boardId);
const none = () => [];

/** One line per array of `fluxo.json` (see the module comment). */
export const WORKSPACE_RECORD_KINDS: Rules = {
  agencies: { owned: (r, s) => r.id === s.agencyId, keys: (r) => [`agency ${r.id}`] },
  users: { owned: byAgency, keys: (r) => [`user ${r.id}`, `email ${r.email}`] },
  boards: { owned: byAgency, keys: (r) => [`board ${r.id}`] },
  clients: { owned: byAgency, keys: (r) => [`client ${r.id}`] },
  ticketCounters: { owned: byAgency, keys: (r) => [`ticket counter of ${r.agencyId}`] },
  attention: { owned: byBoard, keys: none },
  mailMessages: { owned: byAgency, keys: (r) => [`mail message ${r.messageId}`] },
  ticketAddresses: { owned: byAgency, keys: (r) => [`ticket address ${r.token}`] },
  mailRecipients: { owned: byAgency, keys: (r) => [`unsubscribe token ${r.unsubscribeToken}`] },
  attachments: { owned: byAgency, keys: (r) => [`attachment ${r.id}`] },
  shareLinks: { owned: byAgency, keys: (r) => [`share link ${r.id}`, `share link token ${r.tokenHash}`] },
  absences: { owned: byAgency, keys: (r) => [`absence ${r.id}`] },
  clientProfiles: { owned: byAgency, keys: (r) => [`client profile ${r.clientId}`] },
  cannedReplies: { owned: byAgency, keys: (r) => [`canned reply ${r.id}`] },
  signatureRules: { owned: byAgency, keys: (r) => [`signature rules of ${r.agencyId}`] },
  workspaceSettings: { owned: byAgency, keys: (r) => [`workspace settings of ${r.agencyId}`] },
  deadlineAlerts: { owned: byBoard, keys: none },
  uploads: { owned: byAgency, keys: none },
  documents: { owned: byAgency, keys: (r) => [`document ${r.id}`] },
  approvals: { owned: byAgency, keys: (r) => [`approval ${r.id}`] },
  satisfactionSurveys: { owned: byAgency, keys: (r) => [`satisfaction survey ${r.id}`, `satisfaction survey token ${r.token}`] },
  clientReportSchedules: { owned: byAgency, keys: (r) => [`client report schedule of ${r.clientId}`] },
};

export const WORKSPACE_RECORD_KIND_NAMES = Object.keys(WORKSPACE_RECORD_KINDS) as WorkspaceRecordKind[];

/** `fluxo.json`'s arrays; those added after an archive was written default to `[]`. */
export const workspaceRecordsSchema = fluxoDataSchema.omit({ version: true, sessions: true });
export type WorkspaceRecords = z.infer<typeof workspaceRecordsSchema>;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');

export const workspaceDataSchema = z.strictObject({
  records: workspaceRecordsSchema,
  boardDocs: z.array(z.strictObject({ boardId: boardIdSchema, state: base64.min(4) })),
  replicaOwners: z.array(
    z.strictObject({
      boardId: boardIdSchema,
      owners: z.array(z.tuple([z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), z.union([userIdSchema, z.literal('server')])])),
    }),
  ),
  history: z.array(z.strictObject({ boardId: boardIdSchema, entries: z.array(historyEntrySchema) })),
  conversation: z.strictObject({
    comments: z.array(storedCommentSchema),
    notifications: z.array(storedNotificationSchema),
    prefs: z.array(notificationPrefsRecordSchema),
    outbox: z.array(outboxRecordSchema),
  }),
});
/** What the store port reads and writes: the archive without its envelope and file bytes. */
export type WorkspaceData = z.infer<typeof workspaceDataSchema>;

export const archivedFileSchema = z.strictObject({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 is 64 lower-case hex digits'),
  base64,
});
export type ArchivedFile = z.infer<typeof archivedFileSchema>;

export const workspaceArchiveSchema = workspaceDataSchema.extend({
  format: z.literal(WORKSPACE_ARCHIVE_FORMAT),
  version: z.literal(WORKSPACE_ARCHIVE_VERSION),
  agencyId: agencyIdSchema,
  exportedAt: z.iso.datetime(),
  files: z.array(archivedFileSchema),
});
export type WorkspaceArchive = z.infer<typeof workspaceArchiveSchema>;

/** What an import wrote, for the person who asked. */
export interface WorkspaceImportSummary {
  readonly agencyId: string;
  readonly agencyName: string;
  readonly users: number;
  readonly boards: number;
  readonly historyEntries: number;
  readonly comments: number;
  readonly files: number;
}

/** "records.users.3.email: Invalid email" — the first problem of a failed parse. */
export function describeZodIssue(error: z.ZodError, prefix = ''): string {
  const issue = error.issues[0];
  if (!issue) return `${prefix}invalid`;
  const path = issue.path.map(String).join('.');
  return `${prefix}${path === '' ? '' : `${path}: `}${issue.message}`;
}
