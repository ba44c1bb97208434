/**
 * The document archive (issue 7, seed 000 line 16): the briefing, the RAFE, creation orders,
 * service orders, quotes, market research… of a client, kept for the warranty period and for
 * the next project. A document belongs to one client, optionally to one board (the project), and
 * lists the tickets of that board it belongs to.
 *
 * Invariants every adapter keeps (`documentPorts.ts`):
 * - `ticketIds` is non-empty only with a `boardId` (tickets are a board's), without repeats;
 * - versions are numbered 1, 2, 3… in order, and a version is never replaced nor removed: adding
 *   one appends `versions.length + 1`;
 * - archiving hides a document from the lists but keeps it (and its files) for good.
 *
 * The bytes of each version are in the file vault under their SHA-256 (`uploadRecords.ts`).
 */
import { agencyIdSchema, boardIdSchema, clientIdSchema, newId, ticketIdSchema, userIdSchema } from '@fluxo/shared/ids';
import { z } from 'zod';
import { contentTypeSchema, fileNameSchema, MAX_UPLOAD_BYTES, sha256Schema } from './uploadRecords.js';

export const DOCUMENT_CATEGORIES = [
  'briefing',
  'rafe',
  'pedido_criacao',
  'ordem_servico',
  'orcamento',
  'pesquisa_mercado',
  'outro',
] as const;
export const documentCategorySchema = z.enum(DOCUMENT_CATEGORIES);
export type DocumentCategory = z.infer<typeof documentCategorySchema>;

export const MAX_DOCUMENT_TITLE = 200;
export const MAX_VERSION_NOTE = 500;
/** Tickets one document may list. */
export const MAX_DOCUMENT_TICKETS = 200;
/** Versions one document may hold (a guard against a runaway client, not a product limit). */
export const MAX_DOCUMENT_VERSIONS = 500;

export const documentIdSchema = z
  .string()
  .regex(/^[0-9A-Za-z]{16}$/, 'invalid document id')
  .brand<'DocumentId'>();
export type DocumentId = z.infer<typeof documentIdSchema>;
export const newDocumentId = (): DocumentId => newId() as DocumentId;

export const documentVersionSchema = z.object({
  /** 1 for the first file, then 2, 3… */
  version: z.number().int().positive(),
  sha256: sha256Schema,
  name: fileNameSchema,
  contentType: contentTypeSchema,
  size: z.number().int().positive().max(MAX_UPLOAD_BYTES),
  uploadedBy: userIdSchema,
  uploadedAt: z.iso.datetime(),
  /** What changed in this version (staff only); may be empty. */
  note: z.string().max(MAX_VERSION_NOTE),
});
export type DocumentVersion = z.infer<typeof documentVersionSchema>;

export const documentRecordSchema = z
  .object({
    id: documentIdSchema,
    agencyId: agencyIdSchema,
    clientId: clientIdSchema,
    /** The project (board) it belongs to; `null` for a client-wide document. */
    boardId: boardIdSchema.nullable(),
    /** Tickets of `boardId` it belongs to. */
    ticketIds: z.array(ticketIdSchema).max(MAX_DOCUMENT_TICKETS),
    category: documentCategorySchema,
    title: z.string().trim().min(1).max(MAX_DOCUMENT_TITLE),
    versions: z.array(documentVersionSchema).min(1).max(MAX_DOCUMENT_VERSIONS),
    archived: z.boolean(),
    createdAt: z.iso.datetime(),
    createdBy: userIdSchema,
  })
  .refine((d) => d.ticketIds.length === 0 || d.boardId !== null, {
    message: 'a document linked to tickets names their board',
    path: ['boardId'],
  })
  .refine((d) => new Set(d.ticketIds).size === d.ticketIds.length, { message: 'a ticket is listed once', path: ['ticketIds'] })
  .refine((d) => d.versions.every((v, i) => v.version === i + 1), {
    message: 'versions are numbered 1, 2, 3… in order',
    path: ['versions'],
  });
export type DocumentRecord = z.infer<typeof documentRecordSchema>;

/** The version people open by default: the newest. */
export function latestVersion(document: Pick<DocumentRecord, 'versions'>): DocumentVersion {
  const last = document.versions[document.versions.length - 1];
  if (last === undefined) throw new Error('a document has at least one version');
  return last;
}
