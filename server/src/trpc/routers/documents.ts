/**
 * `documents.*` (issue 7): the client document archive — briefings, RAFEs, creation orders,
 * service orders, quotes, market research — with versions, kept with the tickets they belong to.
 * Files arrive first through `POST /api/uploads` (`documents/uploadEndpoint.ts`); these
 * procedures file an upload of the caller's agency as a document or as its next version.
 *
 * Who: staff of the document's agency (share tokens are no session: UNAUTHORIZED). A document
 * of a board (project) is the business of those who can open that board
 * (`boards/boardAccess.ts`); everyone else — other agencies, non-members — is told NOT_FOUND,
 * exactly as for an id that does not exist. A client-wide document (no board) is the agency's.
 *
 * - `listForClient {clientId, includeArchived?}` → the client's documents the caller may see,
 *   newest first (archived ones only when asked).
 * - `listForTicket {boardId, ticketId}` → the ticket's documents, not archived, newest first.
 * - `get {documentId}` → the document with every version.
 * - `create {clientId, boardId?, ticketIds?, category, title, upload: {sha256}}` → version 1 from
 *   the upload (its name, type and size as uploaded). Tickets need their board, and must be on
 *   it (read from the board document); a ticket of another client is refused (BAD_REQUEST).
 * - `addVersion {documentId, upload, note?}` → the next version; earlier ones are kept as they
 *   are. An archived document takes no new version (CONFLICT).
 * - `link` / `unlink {documentId, boardId, ticketId}` → one more / one fewer ticket. A document
 *   takes the board of its first ticket; a ticket of another board is CONFLICT.
 * - `archive {documentId}` → hidden from the lists, kept (with its files) for good.
 *
 * Every change is told to `conversation.events.documents` once stored (the search index).
 */
import { ConflictError, InvalidInputError, NotFoundError } from '@fluxo/shared/errors';
import { type BoardId, type ClientId, type TicketId, boardIdSchema, clientIdSchema, ticketIdSchema, userIdSchema } from '@fluxo/shared/ids';
import { z } from 'zod';
import { canOpenBoard } from '../../boards/boardAccess.js';
import type { DocumentChangeKind } from '../../documents/documentEvents.js';
import {
  type DocumentRecord,
  MAX_DOCUMENT_TICKETS,
  MAX_DOCUMENT_TITLE,
  MAX_VERSION_NOTE,
  documentCategorySchema,
  documentIdSchema,
  newDocumentId,
} from '../../store/documentRecords.js';
import type { UserRecord } from '../../store/records.js';
import { sha256Schema } from '../../store/uploadRecords.js';
import type { Context } from '../context.js';
import { router, staffProcedure } from '../trpc.js';

const personSchema = z.object({ id: userIdSchema, name: z.string() });

export const documentVersionViewSchema = z.object({
  version: z.number().int().positive(),
  sha256: sha256Schema,
  name: z.string(),
  contentType: z.string(),
  size: z.number().int().positive(),
  uploadedBy: personSchema,
  uploadedAt: z.iso.datetime(),
  note: z.string(),
});

export const documentViewSchema = z.object({
  id: documentIdSchema,
  clientId: clientIdSchema,
  boardId: boardIdSchema.nullable(),
  ticketIds: z.array(ticketIdSchema),
  category: documentCategorySchema,
  title: z.string(),
  /** Oldest first; the last one is the current version. */
  versions: z.array(documentVersionViewSchema).min(1),
  archived: z.boolean(),
  createdAt: z.iso.datetime(),
  createdBy: personSchema,
});
export type DocumentView = z.infer<typeof documentViewSchema>;

const UNKNOWN_NAME = '?';

const titleSchema = z
  .string()
  .trim()
  .min(1, 'a document needs a title')
  .max(MAX_DOCUMENT_TITLE, `a title has at most ${MAX_DOCUMENT_TITLE} characters`);
const noteSchema = z.string().trim().max(MAX_VERSION_NOTE, `a note has at most ${MAX_VERSION_NOTE} characters`);
const uploadRefSchema = z.object({ sha256: sha256Schema });
const documentRefSchema = z.object({ documentId: documentIdSchema });
const ticketRefSchema = z.object({ documentId: documentIdSchema, boardId: boardIdSchema, ticketId: ticketIdSchema });

type StaffContext = Context & { user: UserRecord };

async function views(ctx: StaffContext, documents: readonly DocumentRecord[]): Promise<DocumentView[]> {
  const people = new Map((await ctx.store.users.listByAgency(ctx.user.agencyId)).map((u) => [u.id as string, u.name]));
  const person = (id: string) => ({ id: id as UserRecord['id'], name: people.get(id) ?? UNKNOWN_NAME });
  return documents.map((d) => ({
    id: d.id,
    clientId: d.clientId,
    boardId: d.boardId,
    ticketIds: [...d.ticketIds],
    category: d.category,
    title: d.title,
    versions: d.versions.map((v) => ({ ...v, uploadedBy: person(v.uploadedBy) })),
    archived: d.archived,
    createdAt: d.createdAt,
    createdBy: person(d.createdBy),
  }));
}

const newestFirst = (a: DocumentRecord, b: DocumentRecord) => {
  const at = (d: DocumentRecord) => d.versions[d.versions.length - 1]?.uploadedAt ?? d.createdAt;
  return at(a) < at(b) ? 1 : at(a) > at(b) ? -1 : 0;
};

/** The board, if the caller may open it; NOT_FOUND otherwise. */
async function openableBoard(ctx: StaffContext, boardId: BoardId) {
  const board = await ctx.store.boards.get(boardId);
  if (!board || !canOpenBoard(ctx.user, board)) throw new NotFoundError('board');
  return board;
}

/** Whether the caller may see this document: their agency, and its board if it has one. */
async function maySee(ctx: StaffContext, document: DocumentRecord, boards = new Map<string, boolean>()): Promise<boolean> {
  if (document.agencyId !== ctx.user.agencyId) return false;
  if (document.boardId === null) return true;
  const known = boards.get(document.boardId);
  if (known !== undefined) return known;
  const board = await ctx.store.boards.get(document.boardId);
  const may = board !== null && canOpenBoard(ctx.user, board);
  boards.set(document.boardId, may);
  return may;
}

/** The document, if the caller may see it; NOT_FOUND otherwise. */
async function visibleDocument(ctx: StaffContext, documentId: DocumentRecord['id']): Promise<DocumentRecord> {
  const document = await ctx.store.documents.get(documentId);
  if (!document || !(await maySee(ctx, document))) throw new NotFoundError('document');
  return document;
}

/** The agency's client; NOT_FOUND otherwise. */
async function agencyClient(ctx: StaffContext, clientId: ClientId) {
  const client = await ctx.store.clients.get(clientId);
  if (!client || client.agencyId !== ctx.user.agencyId) throw new NotFoundError('client');
  return client;
}

/** The ticket is on the board (its document says so) and is not another client's. */
async function checkTicket(ctx: StaffContext, boardId: BoardId, ticketId: TicketId, clientId: ClientId): Promise<void> {
  const ticket = await ctx.conversation.tickets.ticket(boardId, ticketId);
  if (ticket === null) throw new NotFoundError('ticket');
  if (ticket.clientId !== null && ticket.clientId !== clientId)
    throw new InvalidInputError("this ticket is another client's: a document is filed with its own client's tickets");
}

/** The agency's upload of these bytes; NOT_FOUND when the agency has none. */
async function agencyUpload(ctx: StaffContext, sha256: string) {
  const upload = await ctx.store.uploads.get(ctx.user.agencyId, sha256);
  if (upload === null) throw new NotFoundError('upload');
  return upload;
}

function tell(ctx: StaffContext, document: DocumentRecord, kind: DocumentChangeKind): void {
  ctx.conversation.events.documents.changed({ agencyId: document.agencyId, documentId: document.id, kind });
}

async function one(ctx: StaffContext, document: DocumentRecord): Promise<DocumentView> {
  const [view] = await views(ctx, [document]);
  if (view === undefined) throw new Error('a view of one document');
  return view;
}

export const documentsRouter = router({
  listForClient: staffProcedure
    .input(z.object({ clientId: clientIdSchema, includeArchived: z.boolean().optional() }))
    .output(z.array(documentViewSchema))
    .query(async ({ ctx, input }) => {
      await agencyClient(ctx, input.clientId);
      const all = await ctx.store.documents.listByClient(ctx.user.agencyId, input.clientId);
      const boards = new Map<string, boolean>();
      const visible: DocumentRecord[] = [];
      for (const document of all) {
        if (document.archived && !input.includeArchived) continue;
        if (await maySee(ctx, document, boards)) visible.push(document);
      }
      return views(ctx, visible.sort(newestFirst));
    }),

  listForTicket: staffProcedure
    .input(z.object({ boardId: boardIdSchema, ticketId: ticketIdSchema }))
    .output(z.array(documentViewSchema))
    .query(async ({ ctx, input }) => {
      const board = await openableBoard(ctx, input.boardId);
      const documents = await ctx.store.documents.listByTicket(board.id, input.ticketId);
      return views(ctx, documents.filter((d) => !d.archived && d.agencyId === ctx.user.agencyId).sort(newestFirst));
    }),

  get: staffProcedure
    .input(documentRefSchema)
    .output(documentViewSchema)
    .query(async ({ ctx, input }) => one(ctx, await visibleDocument(ctx, input.documentId))),

  create: staffProcedure
    .input(
      z.object({
        clientId: clientIdSchema,
        boardId: boardIdSchema.optional(),
        ticketIds: z.array(ticketIdSchema).max(MAX_DOCUMENT_TICKETS).optional(),
        category: documentCategorySchema,
        title: titleSchema,
        upload: uploadRefSchema,
        note: noteSchema.optional(),
      }),
    )
    .output(documentViewSchema)
    .mutation(async ({ ctx, input }) => {
      const client = await agencyClient(ctx, input.clientId);
      const ticketIds = [...new Set(input.ticketIds ?? [])];
      if (ticketIds.length > 0 && input.boardId === undefined)
        throw new InvalidInputError('tickets are named with their board: boardId is required');
      const board = input.boardId === undefined ? null : await openableBoard(ctx, input.boardId);
      if (board) for (const ticketId of ticketIds) await checkTicket(ctx, board.id, ticketId, client.id);
      const upload = await agencyUpload(ctx, input.upload.sha256);
      const at = ctx.conversation.now().toISOString();
      const document: DocumentRecord = {
        id: newDocumentId(),
        agencyId: ctx.user.agencyId,
        clientId: client.id,
        boardId: board?.id ?? null,
        ticketIds,
        category: input.category,
        title: input.title,
        versions: [
          {
            version: 1,
            sha256: upload.sha256,
            name: upload.name,
            contentType: upload.contentType,
            size: upload.size,
            uploadedBy: ctx.user.id,
            uploadedAt: at,
            note: input.note ?? '',
          },
        ],
        archived: false,
        createdAt: at,
        createdBy: ctx.user.id,
      };
      await ctx.store.documents.create(document);
      tell(ctx, document, 'created');
      return one(ctx, document);
    }),

  addVersion: staffProcedure
    .input(z.object({ documentId: documentIdSchema, upload: uploadRefSchema, note: noteSchema.optional() }))
    .output(documentViewSchema)
    .mutation(async ({ ctx, input }) => {
      const document = await visibleDocument(ctx, input.documentId);
      if (document.archived) throw new ConflictError('an archived document takes no new version');
      const upload = await agencyUpload(ctx, input.upload.sha256);
      const updated = await ctx.store.documents.addVersion(document.id, {
        sha256: upload.sha256,
        name: upload.name,
        contentType: upload.contentType,
        size: upload.size,
        uploadedBy: ctx.user.id,
        uploadedAt: ctx.conversation.now().toISOString(),
        note: input.note ?? '',
      });
      tell(ctx, updated, 'version_added');
      return one(ctx, updated);
    }),

  link: staffProcedure
    .input(ticketRefSchema)
    .output(documentViewSchema)
    .mutation(async ({ ctx, input }) => {
      const document = await visibleDocument(ctx, input.documentId);
      const board = await openableBoard(ctx, input.boardId);
      if (document.boardId !== null && document.boardId !== board.id)
        throw new ConflictError("this document is another board's: its tickets are that board's");
      await checkTicket(ctx, board.id, input.ticketId, document.clientId);
      const updated = await ctx.store.documents.link(document.id, board.id, input.ticketId);
      tell(ctx, updated, 'linked');
      return one(ctx, updated);
    }),

  unlink: staffProcedure
    .input(ticketRefSchema)
    .output(documentViewSchema)
    .mutation(async ({ ctx, input }) => {
      const document = await visibleDocument(ctx, input.documentId);
      if (document.boardId !== input.boardId) throw new NotFoundError('ticket');
      const updated = await ctx.store.documents.unlink(document.id, input.ticketId);
      tell(ctx, updated, 'unlinked');
      return one(ctx, updated);
    }),

  archive: staffProcedure
    .input(documentRefSchema)
    .output(documentViewSchema)
    .mutation(async ({ ctx, input }) => {
      const document = await visibleDocument(ctx, input.documentId);
      const updated = document.archived ? document : await ctx.store.documents.archive(document.id);
      if (!document.archived) tell(ctx, updated, 'archived');
      return one(ctx, updated);
    }),
});
