/**
 * The workspace archive as a file: `store.workspaceArchive` (`store/workspaceArchivePorts.ts`)
 * plus the envelope (`format`, `version`, `agencyId`, `exportedAt`) and the vault bytes its
 * records name (`files`, base64) — see `store/workspaceArchiveRecords.ts` for the layout.
 *
 * Which bytes: every `sha256` field anywhere in the records (mail attachments, uploads, document
 * versions, approval deliverables — and whatever record kind names a vault file the same way
 * later). Bytes missing from the vault are left out (the source could not serve them either).
 *
 * An import checks the whole archive first — the schema, the envelope, that each file's bytes
 * hash to its `sha256` and that some record names it, then the store's own checks
 * (`workspaceArchive.check`) — and only then writes: the bytes to the content-addressed vault
 * (idempotent; an orphan left by a later failure is harmless, as for uploads), then the store.
 */
import { ConflictError, InvalidInputError } from '@fluxo/shared/errors';
import type { AgencyId } from '@fluxo/shared/ids';
import { type AttachmentFiles, sha256Hex } from '../mail/attachmentFiles.js';
import type { Store } from '../store/store.js';
import {
  type ArchivedFile,
  WORKSPACE_ARCHIVE_FORMAT,
  WORKSPACE_ARCHIVE_VERSION,
  type WorkspaceArchive,
  type WorkspaceData,
  type WorkspaceImportSummary,
  describeZodIssue,
  workspaceArchiveSchema,
} from '../store/workspaceArchiveRecords.js';

export interface WorkspaceArchiveDeps {
  readonly store: Store;
  readonly vault: AttachmentFiles;
  readonly now?: () => Date;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Every vault hash the records name (`sha256` fields at any depth). */
export function namedFiles(records: WorkspaceData['records']): Set<string> {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'sha256' && typeof inner === 'string' && SHA256.test(inner)) found.add(inner);
        else walk(inner);
      }
    }
  };
  walk(records);
  return found;
}

export async function exportWorkspace(deps: WorkspaceArchiveDeps, agencyId: AgencyId): Promise<WorkspaceArchive> {
  const data = await deps.store.workspaceArchive.export(agencyId);
  const files: ArchivedFile[] = [];
  for (const sha256 of [...namedFiles(data.records)].sort()) {
    const bytes = await deps.vault.read(sha256);
    if (bytes !== null) files.push({ sha256, base64: Buffer.from(bytes).toString('base64') });
  }
  return {
    format: WORKSPACE_ARCHIVE_FORMAT,
    version: WORKSPACE_ARCHIVE_VERSION,
    agencyId,
    exportedAt: (deps.now?.() ?? new Date()).toISOString(),
    ...data,
    files,
  };
}

/** The archive, validated; `InvalidInputError` naming what is wrong. */
export function parseWorkspaceArchive(json: unknown): WorkspaceArchive {
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== WORKSPACE_ARCHIVE_FORMAT)
    throw new InvalidInputError(`not a Fluxo workspace archive (format must be "${WORKSPACE_ARCHIVE_FORMAT}")`);
  const version = (json as { version?: unknown }).version;
  if (version !== WORKSPACE_ARCHIVE_VERSION)
    throw new InvalidInputError(`archive version ${String(version)} is not supported (this Fluxo reads version ${WORKSPACE_ARCHIVE_VERSION})`);
  const parsed = workspaceArchiveSchema.safeParse(json);
  if (!parsed.success) throw new InvalidInputError(describeZodIssue(parsed.error));
  return parsed.data;
}

export async function importWorkspace(deps: WorkspaceArchiveDeps, json: unknown): Promise<WorkspaceImportSummary> {
  const archive = parseWorkspaceArchive(json);
  const { format: _format, version: _version, agencyId, exportedAt: _exportedAt, files, ...data } = archive;
  const agency = data.records.agencies[0];
  if (data.records.agencies.length !== 1 || agency?.id !== agencyId)
    throw new InvalidInputError('agencyId: the archive’s agency is not the one its records hold');
  const named = namedFiles(data.records);
  const decoded: Uint8Array[] = [];
  files.forEach((file, index) => {
    const bytes = Buffer.from(file.base64, 'base64');
    if (sha256Hex(bytes) !== file.sha256) throw new InvalidInputError(`files.${index}: the bytes do not match their sha256`);
    if (!named.has(file.sha256)) throw new InvalidInputError(`files.${index}: no record names this file`);
    decoded.push(bytes);
  });
  await deps.store.workspaceArchive.check(data);
  for (const bytes of decoded) await deps.vault.save(bytes);
  await deps.store.workspaceArchive.import(data);
  return {
    agencyId,
    agencyName: agency.name,
    users: data.records.users.length,
    boards: data.records.boards.length,
    historyEntries: data.history.reduce((sum, board) => sum + board.entries.length, 0),
    comments: data.conversation.comments.length,
    files: files.length,
  };
}

/** For callers that map errors: whether `error` is one an import answers with (4xx). */
export function isImportRefusal(error: unknown): error is InvalidInputError | ConflictError {
  return error instanceof InvalidInputError || error instanceof ConflictError;
}
