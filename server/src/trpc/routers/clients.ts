/**
 * `clients.*` (issue 7, "Clientes, contatos, documentos"): the agency's client records — the
 * client itself (`store.clients`: name, addresses, managers) and its profile beside it
 * (`store.clientProfiles`: contacts, loyalty ladder, notes, meetings).
 *
 * Who: staff of the client's agency only — anyone else, and any unknown id, gets NOT_FOUND (a
 * share token is no session: UNAUTHORIZED). Everyone of the agency reads; **editors** write:
 * admins, account managers (role `atendimento`) and the client's own primary/backup manager
 * whatever their role; other staff get FORBIDDEN. Naming the managers is for admins only. A note
 * is deleted (marked, never erased) by its author or an admin. Nothing here reaches a client:
 * `share.*` and client emails read the share projection, which never reads a profile.
 *
 * - `list` → `ClientSummary[]` by name: managers and current rung.
 * - `get {clientId}` → `ClientView`: the client, its profile (contacts in saved order; the
 *   ladder's history, notes and meetings newest first; a deleted note without its text), what
 *   the caller may do, and — for admins — the agency's staff (to name managers).
 * - `setManagers {clientId, primaryManagerId, backupManagerId}` (admins): both staff of the
 *   agency, not the same person (BAD_REQUEST otherwise).
 * - `saveContact {clientId, contact}` (new without `contact.id`) / `removeContact {clientId,
 *   contactId}`: phones and emails validated and normalised (BAD_REQUEST naming the channel).
 * - `setRung {clientId, rung: 1..6 | null, note?}`: one more step in the history; to the rung
 *   the client is on: BAD_REQUEST.
 * - `addNote {clientId, body}` / `deleteNote {clientId, noteId}`.
 * - `addMeeting {clientId, meeting}` / `updateMeeting {clientId, meetingId, meeting}`: a linked
 *   board must be the agency's (NOT_FOUND otherwise); ticket ids are checked for form only.
 * Every write answers with the fresh `ClientView`.
 */
import {
  clientNoteIdSchema,
  contactIdSchema,
  contactInputSchema,
  meetingIdSchema,
  meetingInputSchema,
  meetingKindSchema,
  noteBodySchema,
} from '@fluxo/shared/clients/clientProfile';
import { contactChannelSchema } from '@fluxo/shared/clients/contactChannels';
import { MAX_RUNG_NOTE, loyaltyRungSchema } from '@fluxo/shared/clients/loyaltyLadder';
import { ForbiddenError, InvalidInputError, NotFoundError } from '@fluxo/shared/errors';
import { type ClientId, boardIdSchema, clientIdSchema, newId, ticketIdSchema, userIdSchema } from '@fluxo/shared/ids';
import { roleSchema } from '@fluxo/shared/roles';
import { z } from 'zod';
import {
  type ClientNoteRecord,
  type ClientProfileRecord,
  type MeetingRecord,
  emptyClientProfile,
} from '../../store/clientProfileRecords.js';
import type { ClientRecord, UserRecord } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import { adminProcedure, router, staffProcedure } from '../trpc.js';

const UNKNOWN_NAME = '?';
const byName = new Intl.Collator('pt-BR', { sensitivity: 'base', numeric: true });

const personSchema = z.object({ id: userIdSchema, name: z.string() });
type Person = z.infer<typeof personSchema>;

export const clientSummarySchema = z.object({
  id: clientIdSchema,
  name: z.string(),
  primaryManager: personSchema.nullable(),
  backupManager: personSchema.nullable(),
  rung: loyaltyRungSchema.nullable(),
});
export type ClientSummary = z.infer<typeof clientSummarySchema>;

export const clientViewSchema = clientSummarySchema.extend({
  emails: z.array(z.string()),
  domains: z.array(z.string()),
  contacts: z.array(
    z.object({ id: contactIdSchema, name: z.string(), role: z.string().nullable(), channels: z.array(contactChannelSchema), primary: z.boolean() }),
  ),
  /** Newest first. */
  rungHistory: z.array(z.object({ rung: loyaltyRungSchema.nullable(), from: loyaltyRungSchema.nullable(), at: z.iso.datetime(), by: personSchema, note: z.string() })),
  /** Newest first; a deleted note has no `body`. */
  notes: z.array(
    z.object({
      id: clientNoteIdSchema,
      body: z.string().nullable(),
      at: z.iso.datetime(),
      by: personSchema,
      deleted: z.object({ at: z.iso.datetime(), by: personSchema }).nullable(),
      mayDelete: z.boolean(),
    }),
  ),
  /** Newest first. */
  meetings: z.array(
    z.object({
      id: meetingIdSchema,
      title: z.string(),
      at: z.iso.datetime(),
      kind: meetingKindSchema.nullable(),
      attendees: z.array(z.string()),
      minutes: z.string(),
      boardId: boardIdSchema.nullable(),
      ticketIds: z.array(ticketIdSchema),
      createdAt: z.iso.datetime(),
      createdBy: personSchema,
      updatedAt: z.iso.datetime(),
      updatedBy: personSchema,
    }),
  ),
  /** The caller may change contacts, the rung, notes and meetings. */
  mayEdit: z.boolean(),
  /** The caller may name the managers (admins). */
  mayAssign: z.boolean(),
  /** The agency's staff by name, the managers' choices: for admins only (empty for others). */
  staff: z.array(personSchema.extend({ role: roleSchema })),
});
export type ClientView = z.infer<typeof clientViewSchema>;

function mayEdit(user: UserRecord, client: ClientRecord): boolean {
  return user.role === 'admin' || user.role === 'atendimento' || client.primaryManagerId === user.id || client.backupManagerId === user.id;
}

/** The caller's agency's client, or NOT_FOUND (another agency's looks like none). */
async function clientOf(store: Store, user: UserRecord, clientId: ClientId): Promise<ClientRecord> {
  const client = await store.clients.get(clientId);
  if (!client || client.agencyId !== user.agencyId) throw new NotFoundError('client');
  return client;
}

async function editableClient(store: Store, user: UserRecord, clientId: ClientId): Promise<ClientRecord> {
  const client = await clientOf(store, user, clientId);
  if (!mayEdit(user, client)) throw new ForbiddenError("only the client's account managers and admins change its record");
  return client;
}

function nameBook(staff: readonly UserRecord[]): (id: string | null) => Person | null {
  const names = new Map(staff.map((u) => [u.id as string, u.name]));
  return (id) => (id === null ? null : { id: id as Person['id'], name: names.get(id) ?? UNKNOWN_NAME });
}

const newestFirst = <T extends { at: string }>(items: readonly T[]): T[] =>
  items.map((item, index) => ({ item, index })).sort((a, b) => (a.item.at < b.item.at ? 1 : a.item.at > b.item.at ? -1 : b.index - a.index)).map((e) => e.item);

function viewOf(user: UserRecord, client: ClientRecord, profile: ClientProfileRecord, staff: readonly UserRecord[]): ClientView {
  const person = nameBook(staff);
  const someone = (id: string) => person(id) as Person;
  const note = (n: ClientNoteRecord) => ({
    id: n.id,
    body: n.deletedAt === null ? n.body : null,
    at: n.at,
    by: someone(n.by),
    deleted: n.deletedAt !== null && n.deletedBy !== null ? { at: n.deletedAt, by: someone(n.deletedBy) } : null,
    mayDelete: n.deletedAt === null && (user.role === 'admin' || n.by === user.id),
  });
  const meeting = (m: MeetingRecord) => ({ ...m, createdBy: someone(m.createdBy), updatedBy: someone(m.updatedBy) });
  return {
    id: client.id,
    name: client.name,
    primaryManager: person(client.primaryManagerId),
    backupManager: person(client.backupManagerId),
    rung: profile.loyalty.rung,
    emails: client.emails,
    domains: client.domains,
    contacts: profile.contacts,
    rungHistory: newestFirst(profile.loyalty.history).map((s) => ({ ...s, by: someone(s.by) })),
    notes: newestFirst(profile.notes).map(note),
    meetings: newestFirst(profile.meetings).map(meeting),
    mayEdit: mayEdit(user, client),
    mayAssign: user.role === 'admin',
    staff: user.role === 'admin' ? [...staff].sort((a, b) => byName.compare(a.name, b.name)).map((u) => ({ id: u.id, name: u.name, role: u.role })) : [],
  };
}

async function loadView(store: Store, user: UserRecord, client: ClientRecord, profile?: ClientProfileRecord): Promise<ClientView> {
  const [stored, staff] = await Promise.all([
    profile ? Promise.resolve(profile) : store.clientProfiles.get(client.id),
    store.users.listByAgency(user.agencyId),
  ]);
  return viewOf(user, client, stored ?? emptyClientProfile(client.id, client.agencyId), staff);
}

const clientInput = z.object({ clientId: clientIdSchema });

/** A meeting's linked board must be the caller's agency's. */
async function checkBoard(store: Store, user: UserRecord, boardId: string | undefined): Promise<void> {
  if (boardId === undefined) return;
  const board = await store.boards.get(boardId as z.infer<typeof boardIdSchema>);
  if (!board || board.agencyId !== user.agencyId) throw new NotFoundError('board');
}

export const clientsRouter = router({
  list: staffProcedure.output(z.array(clientSummarySchema)).query(async ({ ctx }) => {
    const { store, user } = ctx;
    const [clients, profiles, staff] = await Promise.all([
      store.clients.listByAgency(user.agencyId),
      store.clientProfiles.listByAgency(user.agencyId),
      store.users.listByAgency(user.agencyId),
    ]);
    const person = nameBook(staff);
    const rungs = new Map(profiles.map((p) => [p.clientId as string, p.loyalty.rung]));
    return clients
      .map((c) => ({
        id: c.id,
        name: c.name,
        primaryManager: person(c.primaryManagerId),
        backupManager: person(c.backupManagerId),
        rung: rungs.get(c.id) ?? null,
      }))
      .sort((a, b) => byName.compare(a.name, b.name));
  }),

  get: staffProcedure
    .input(clientInput)
    .output(clientViewSchema)
    .query(async ({ ctx, input }) => loadView(ctx.store, ctx.user, await clientOf(ctx.store, ctx.user, input.clientId))),

  setManagers: adminProcedure
    .input(clientInput.extend({ primaryManagerId: userIdSchema, backupManagerId: userIdSchema.nullable() }))
    .output(clientViewSchema)
    .mutation(async ({ ctx, input }) => {
      const { store, user } = ctx;
      await clientOf(store, user, input.clientId);
      if (input.primaryManagerId === input.backupManagerId) throw new InvalidInputError('the backup manager must be someone other than the primary');
      for (const id of [input.primaryManagerId, input.backupManagerId]) {
        if (id === null) continue;
        const person = await store.users.get(id);
        if (!person || person.agencyId !== user.agencyId) throw new InvalidInputError('a manager must be staff of the agency');
      }
      const client = await store.clients.update(input.clientId, { primaryManagerId: input.primaryManagerId, backupManagerId: input.backupManagerId });
      return loadView(store, user, client);
    }),

  saveContact: staffProcedure
    .input(clientInput.extend({ contact: contactInputSchema }))
    .output(clientViewSchema)
    .mutation(async ({ ctx, input }) => {
      const { store, user } = ctx;
      const client = await editableClient(store, user, input.clientId);
      const { id, name, role, channels, primary } = input.contact;
      const record = { id: id ?? (newId() as z.infer<typeof contactIdSchema>), name, role: role ? role : null, channels, primary: primary ?? false };
      const profile = id === undefined ? await store.clientProfiles.addContact(client.id, record) : await store.clientProfiles.updateContact(client.id, record);
      return loadView(store, user, client, profile);
    }),

  removeContact: staffProcedure
    .input(clientInput.extend({ contactId: contactIdSchema }))
    .output(clientViewSchema)
    .mutation(async ({ ctx, input }) => {
      const { store, user } = ctx;
      const client = await editableClient(store, user, input.clientId);
      return loadView(store, user, client, await store.clientProfiles.removeContact(client.id, input.contactId));
    }),

  setRung: staffProcedure
    .input(
      clientInput.extend({
        rung: loyaltyRungSchema.nullable(),
        note: z.string().trim().max(MAX_RUNG_NOTE, `a note has at most ${MAX_RUNG_NOTE} characters`).optional(),
      }),
    )
    .output(clientViewSchema)
    .mutation(async ({ ctx, input }) => {
      const { store, user } = ctx;
      const client = await editableClient(store, user, input.clientId);
      const profile = await store.clientProfiles.setRung(client.id, {
        rung: input.rung,
        at: ctx.conversation.now().toISOString(),
        by: user.id,
        note: input.note ?? '',
      });
      return loadView(store, user, client, profile);
    }),

  addNote: staffProcedure
    .input(clientInput.extend({ body: noteBodySchema }))
    .output(clientViewSchema)
    .mutation(async ({ ctx, input }) => {
      const { store, user } = ctx;
      const client = await editableClient(store, user, input.clientId);
      const profile = await store.clientProfiles.addNote(client.id, {
        id: newId() as z.infer<typeof clientNoteIdSchema>,
        body: input.body,
        at: ctx.conversation.now().toISOString(),
        by: user.id,
        deletedAt: null,
        deletedBy: null,
      });
      return loadView(store, user, client, profile);
    }),

  deleteNote: staffProcedure
    .input(clientInput.extend({ noteId: clientNoteIdSchema }))
    .output(clientViewSchema)
    .mutation(async ({ ctx, input }) => {
      const { store, user } = ctx;
      const client = await clientOf(store, user, input.clientId);
      const note = (await store.clientProfiles.get(client.id))?.notes.find((n) => n.id === input.noteId);
      if (!note) throw new NotFoundError('note');
      if (user.role !== 'admin' && note.by !== user.id) throw new ForbiddenError('only its author or an admin deletes a note');
      const profile = await store.clientProfiles.deleteNote(client.id, note.id, { at: ctx.conversation.now().toISOString(), by: user.id });
      return loadView(store, user, client, profile);
    }),

  addMeeting: staffProcedure
    .input(clientInput.extend({ meeting: meetingInputSchema }))
    .output(clientViewSchema)
    .mutation(async ({ ctx, input }) => {
      const { store, user } = ctx;
      const client = await editableClient(store, user, input.clientId);
      await checkBoard(store, user, input.meeting.boardId);
      const now = ctx.conversation.now().toISOString();
      const profile = await store.clientProfiles.addMeeting(client.id, {
        ...meetingFields(input.meeting),
        id: newId() as z.infer<typeof meetingIdSchema>,
        createdAt: now,
        createdBy: user.id,
        updatedAt: now,
        updatedBy: user.id,
      });
      return loadView(store, user, client, profile);
    }),

  updateMeeting: staffProcedure
    .input(clientInput.extend({ meetingId: meetingIdSchema, meeting: meetingInputSchema }))
    .output(clientViewSchema)
    .mutation(async ({ ctx, input }) => {
      const { store, user } = ctx;
      const client = await editableClient(store, user, input.clientId);
      await checkBoard(store, user, input.meeting.boardId);
      const now = ctx.conversation.now().toISOString();
      // `createdAt`/`createdBy` are placeholders: the port keeps the stored ones.
      const profile = await store.clientProfiles.updateMeeting(client.id, {
        ...meetingFields(input.meeting),
        id: input.meetingId,
        createdAt: now,
        createdBy: user.id,
        updatedAt: now,
        updatedBy: user.id,
      });
      return loadView(store, user, client, profile);
    }),
});

function meetingFields(meeting: z.infer<typeof meetingInputSchema>) {
  return {
    title: meeting.title,
    at: meeting.at,
    kind: meeting.kind ?? null,
    attendees: meeting.attendees,
    minutes: meeting.minutes,
    boardId: meeting.boardId ?? null,
    ticketIds: [...new Set(meeting.ticketIds ?? [])],
  };
}
