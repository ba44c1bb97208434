/**
 * A client's record beyond its name, addresses and managers (issue 7): the people the agency
 * talks to and how to reach them, the loyalty ladder (`loyaltyLadder.ts`), staff notes and the
 * meetings held with the client (seed 000's online store: briefing & orçamento with the
 * director, rafe, wireframe, final layout, pós-venda) with their minutes (ata).
 *
 * Everything here is the agency's own knowledge: staff of the client's agency read it, account
 * managers and admins write it, and **nothing of it reaches a client** — the share projection
 * (`share/projection.ts`) never reads a profile.
 *
 * These are the shapes staff send (`clients.*` inputs); the server's stored records
 * (`server/src/store/clientProfileRecords.ts`) are built from them and share the limits.
 */
import { z } from 'zod';
import { boardIdSchema, ticketIdSchema } from '../ids.js';
import { contactChannelInputSchema } from './contactChannels.js';

const profileId = (brand: string) => z.string().regex(/^[0-9A-Za-z]{16}$/, `invalid ${brand} id`);
export const contactIdSchema = profileId('contact').brand<'ContactId'>();
export const clientNoteIdSchema = profileId('note').brand<'ClientNoteId'>();
export const meetingIdSchema = profileId('meeting').brand<'MeetingId'>();
export type ContactId = z.infer<typeof contactIdSchema>;
export type ClientNoteId = z.infer<typeof clientNoteIdSchema>;
export type MeetingId = z.infer<typeof meetingIdSchema>;

export const MAX_CONTACTS = 50;
export const MAX_CHANNELS_PER_CONTACT = 10;
export const MAX_CONTACT_NAME = 200;
export const MAX_CONTACT_ROLE = 120;
export const MAX_NOTE_BODY = 5000;
export const MAX_NOTES = 2000;
export const MAX_MEETINGS = 500;
export const MAX_MEETING_TITLE = 200;
export const MAX_MEETING_MINUTES = 20_000;
export const MAX_MEETING_ATTENDEES = 50;
export const MAX_ATTENDEE_NAME = 120;
export const MAX_MEETING_TICKETS = 50;
/** Moves on the loyalty ladder one client may have; far beyond any real relationship. */
export const MAX_RUNG_HISTORY = 1000;

/** Seed 000's meetings of an online-store project, plus "other". */
export const MEETING_KINDS = ['briefing', 'rafe', 'wireframe', 'layout', 'pos_venda', 'outro'] as const;
export const meetingKindSchema = z.enum(MEETING_KINDS);
export type MeetingKind = z.infer<typeof meetingKindSchema>;

/** A contact as staff save it; without `id` it is a new one. Channels are normalised. */
export const contactInputSchema = z.object({
  id: contactIdSchema.optional(),
  name: z.string().trim().min(1, 'a contact needs a name').max(MAX_CONTACT_NAME, `a name has at most ${MAX_CONTACT_NAME} characters`),
  role: z.string().trim().max(MAX_CONTACT_ROLE, `a role has at most ${MAX_CONTACT_ROLE} characters`).optional(),
  channels: z.array(contactChannelInputSchema).max(MAX_CHANNELS_PER_CONTACT, `a contact has at most ${MAX_CHANNELS_PER_CONTACT} channels`),
  /** The client's main contact; saving one as primary makes the others not. */
  primary: z.boolean().optional(),
});
export type ContactInput = z.input<typeof contactInputSchema>;

export const noteBodySchema = z
  .string()
  .trim()
  .min(1, 'a note cannot be empty')
  .max(MAX_NOTE_BODY, `a note has at most ${MAX_NOTE_BODY} characters`);

/** A meeting as staff record or correct it. `at` is an ISO instant (UTC). */
export const meetingInputSchema = z.object({
  title: z.string().trim().min(1, 'a meeting needs a title').max(MAX_MEETING_TITLE, `a title has at most ${MAX_MEETING_TITLE} characters`),
  at: z.iso.datetime('a meeting time is an ISO instant, e.g. 2025-03-10T14:00:00Z'),
  kind: meetingKindSchema.optional(),
  attendees: z
    .array(z.string().trim().min(1, 'an attendee needs a name').max(MAX_ATTENDEE_NAME, `a name has at most ${MAX_ATTENDEE_NAME} characters`))
    .max(MAX_MEETING_ATTENDEES, `at most ${MAX_MEETING_ATTENDEES} attendees`),
  minutes: z.string().max(MAX_MEETING_MINUTES, `minutes have at most ${MAX_MEETING_MINUTES} characters`),
  boardId: boardIdSchema.optional(),
  ticketIds: z.array(ticketIdSchema).max(MAX_MEETING_TICKETS, `at most ${MAX_MEETING_TICKETS} tickets`).optional(),
});
export type MeetingInput = z.input<typeof meetingInputSchema>;
