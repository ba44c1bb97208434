/**
 * Client profiles (issue 7, "Clientes, contatos, documentos"): kept in `fluxo.json` beside the
 * client records (`clientProfiles`, default `[]`), one per client at most. A client without one
 * has the empty profile (`emptyClientProfile`): no contacts, not on the ladder, no notes, no
 * meetings — so files written before profiles existed need no migration.
 *
 * Invariants every adapter keeps (`clientProfilePorts.ts`, checked inside each commit):
 * - contact ids unique, at most one `primary`; channel values normalised
 *   (`shared/clients/contactChannels.ts`);
 * - the loyalty history is append-only: each step's `from` is the previous step's `rung`, and the
 *   current rung is the last step's (`null` with no history); a step never changes the rung to
 *   itself;
 * - notes are never erased: deleting one marks it (`deletedAt`, `deletedBy`) and keeps its text
 *   for the record; the UI shows only the mark;
 * - meetings keep who recorded them and who last corrected them.
 * Nothing here reaches a client: the share projection never reads a profile.
 */
import {
  MAX_ATTENDEE_NAME,
  MAX_CHANNELS_PER_CONTACT,
  MAX_CONTACTS,
  MAX_CONTACT_NAME,
  MAX_CONTACT_ROLE,
  MAX_MEETINGS,
  MAX_MEETING_ATTENDEES,
  MAX_MEETING_MINUTES,
  MAX_MEETING_TICKETS,
  MAX_MEETING_TITLE,
  MAX_NOTES,
  MAX_NOTE_BODY,
  MAX_RUNG_HISTORY,
  clientNoteIdSchema,
  contactIdSchema,
  meetingIdSchema,
  meetingKindSchema,
} from '@fluxo/shared/clients/clientProfile';
import { contactChannelSchema } from '@fluxo/shared/clients/contactChannels';
import { MAX_RUNG_NOTE, loyaltyRungSchema } from '@fluxo/shared/clients/loyaltyLadder';
import { type AgencyId, type ClientId, agencyIdSchema, boardIdSchema, clientIdSchema, ticketIdSchema, userIdSchema } from '@fluxo/shared/ids';
import { z } from 'zod';

const isoDate = z.iso.datetime();

export const contactRecordSchema = z.object({
  id: contactIdSchema,
  name: z.string().min(1, 'a contact needs a name').max(MAX_CONTACT_NAME, `a name has at most ${MAX_CONTACT_NAME} characters`),
  role: z.string().max(MAX_CONTACT_ROLE).nullable(),
  channels: z.array(contactChannelSchema).max(MAX_CHANNELS_PER_CONTACT),
  primary: z.boolean(),
});
export type ContactRecord = z.infer<typeof contactRecordSchema>;

/** One move on the ladder: from `from` to `rung` (either may be `null`: not placed). */
export const loyaltyStepRecordSchema = z.object({
  rung: loyaltyRungSchema.nullable(),
  from: loyaltyRungSchema.nullable(),
  at: isoDate,
  by: userIdSchema,
  note: z.string().max(MAX_RUNG_NOTE, `a note has at most ${MAX_RUNG_NOTE} characters`),
});
export type LoyaltyStepRecord = z.infer<typeof loyaltyStepRecordSchema>;

export const loyaltyRecordSchema = z
  .object({
    rung: loyaltyRungSchema.nullable(),
    history: z.array(loyaltyStepRecordSchema).max(MAX_RUNG_HISTORY, `at most ${MAX_RUNG_HISTORY} moves on the ladder`),
  })
  .superRefine((loyalty, ctx) => {
    let previous: number | null = null;
    loyalty.history.forEach((step, i) => {
      if (step.from !== previous) ctx.addIssue({ code: 'custom', path: ['history', i, 'from'], message: "a step starts where the previous one ended" });
      if (step.rung === step.from) ctx.addIssue({ code: 'custom', path: ['history', i, 'rung'], message: 'the client is already on that rung' });
      previous = step.rung;
    });
    if (loyalty.rung !== previous) ctx.addIssue({ code: 'custom', path: ['rung'], message: "the current rung is the last step's" });
  });
export type LoyaltyRecord = z.infer<typeof loyaltyRecordSchema>;

export const clientNoteRecordSchema = z
  .object({
    id: clientNoteIdSchema,
    body: z.string().min(1, 'a note cannot be empty').max(MAX_NOTE_BODY, `a note has at most ${MAX_NOTE_BODY} characters`),
    at: isoDate,
    by: userIdSchema,
    deletedAt: isoDate.nullable(),
    deletedBy: userIdSchema.nullable(),
  })
  .refine((n) => (n.deletedAt === null) === (n.deletedBy === null), { message: 'a deletion has a time and a person', path: ['deletedBy'] });
export type ClientNoteRecord = z.infer<typeof clientNoteRecordSchema>;

export const meetingRecordSchema = z.object({
  id: meetingIdSchema,
  title: z.string().min(1, 'a meeting needs a title').max(MAX_MEETING_TITLE, `a title has at most ${MAX_MEETING_TITLE} characters`),
  at: isoDate,
  kind: meetingKindSchema.nullable(),
  attendees: z.array(z.string().min(1).max(MAX_ATTENDEE_NAME)).max(MAX_MEETING_ATTENDEES),
  /** The minutes (ata), plain text. */
  minutes: z.string().max(MAX_MEETING_MINUTES, `minutes have at most ${MAX_MEETING_MINUTES} characters`),
  boardId: boardIdSchema.nullable(),
  ticketIds: z.array(ticketIdSchema).max(MAX_MEETING_TICKETS),
  createdAt: isoDate,
  createdBy: userIdSchema,
  updatedAt: isoDate,
  updatedBy: userIdSchema,
});
export type MeetingRecord = z.infer<typeof meetingRecordSchema>;

export const clientProfileRecordSchema = z
  .object({
    clientId: clientIdSchema,
    agencyId: agencyIdSchema,
    contacts: z.array(contactRecordSchema).max(MAX_CONTACTS, `a client has at most ${MAX_CONTACTS} contacts`),
    loyalty: loyaltyRecordSchema,
    notes: z.array(clientNoteRecordSchema).max(MAX_NOTES, `a client has at most ${MAX_NOTES} notes`),
    meetings: z.array(meetingRecordSchema).max(MAX_MEETINGS, `a client has at most ${MAX_MEETINGS} meetings`),
  })
  .superRefine((profile, ctx) => {
    const unique = (ids: readonly string[], what: string, path: string) => {
      if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: [path], message: `${what} ids must be unique` });
    };
    unique(profile.contacts.map((c) => c.id), 'contact', 'contacts');
    unique(profile.notes.map((n) => n.id), 'note', 'notes');
    unique(profile.meetings.map((m) => m.id), 'meeting', 'meetings');
    if (profile.contacts.filter((c) => c.primary).length > 1)
      ctx.addIssue({ code: 'custom', path: ['contacts'], message: 'a client has one primary contact at most' });
  });
export type ClientProfileRecord = z.infer<typeof clientProfileRecordSchema>;

/** The profile of a client nobody has written anything about yet. */
export function emptyClientProfile(clientId: ClientId, agencyId: AgencyId): ClientProfileRecord {
  return { clientId, agencyId, contacts: [], loyalty: { rung: null, history: [] }, notes: [], meetings: [] };
}
