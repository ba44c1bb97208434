/**
 * The client-profile port over a `RecordState`, shared by the in-memory twin and the lowdb
 * adapter like `absencePorts.ts`. Each method is one atomic edit of one client's profile: inside
 * the commit it finds the client (`NotFoundError` otherwise — no profile without a client),
 * starts from its stored profile or the empty one, applies the edit and validates the whole
 * result (`clientProfileRecordSchema`: the invariants of `clientProfileRecords.ts`), so a refused
 * edit leaves nothing behind and two edits at once never lose each other. The piece being
 * written is validated first too, so its error names its own fields.
 *
 * Channel values are normalised here (as client emails are in `recordPorts.ts`); a value that
 * cannot be is refused with `InvalidInputError` naming the kind.
 */
import { normaliseChannelValue } from '@fluxo/shared/clients/contactChannels';
import type { LoyaltyRung } from '@fluxo/shared/clients/loyaltyLadder';
import type { ClientNoteId, ContactId, MeetingId } from '@fluxo/shared/clients/clientProfile';
import { ConflictError, InvalidInputError, NotFoundError } from '@fluxo/shared/errors';
import type { AgencyId, ClientId, UserId } from '@fluxo/shared/ids';
import {
  type ClientNoteRecord,
  type ClientProfileRecord,
  type ContactRecord,
  type MeetingRecord,
  clientNoteRecordSchema,
  clientProfileRecordSchema,
  contactRecordSchema,
  emptyClientProfile,
  loyaltyStepRecordSchema,
  meetingRecordSchema,
} from './clientProfileRecords.js';
import { checked } from './recordPorts.js';
import type { RecordState } from './recordState.js';

/** A move on the ladder as the caller asks for it; `from` is whatever the client is on now. */
export interface RungChange {
  readonly rung: LoyaltyRung | null;
  readonly at: string;
  readonly by: UserId;
  readonly note: string;
}

export interface ClientProfileStore {
  /** The client's stored profile; `null` when nothing was ever written (the empty profile). */
  get(clientId: ClientId): Promise<ClientProfileRecord | null>;
  /** The agency's stored profiles (clients without one are not listed). */
  listByAgency(agencyId: AgencyId): Promise<ClientProfileRecord[]>;
  /** Adds a contact; `primary` takes the mark from the others. `ConflictError` for a taken id. */
  addContact(clientId: ClientId, contact: ContactRecord): Promise<ClientProfileRecord>;
  /** Replaces the contact with `contact.id`; `NotFoundError` if there is none. */
  updateContact(clientId: ClientId, contact: ContactRecord): Promise<ClientProfileRecord>;
  /** `NotFoundError` if there is no such contact. */
  removeContact(clientId: ClientId, contactId: ContactId): Promise<ClientProfileRecord>;
  /** Appends a step to the ladder's history; moving to the rung the client is on is refused. */
  setRung(clientId: ClientId, change: RungChange): Promise<ClientProfileRecord>;
  addNote(clientId: ClientId, note: ClientNoteRecord): Promise<ClientProfileRecord>;
  /**
   * Marks a note deleted (its text stays stored); `NotFoundError` if there is none. Deleting a
   * deleted note keeps the first deletion.
   */
  deleteNote(clientId: ClientId, noteId: ClientNoteId, deletion: { readonly at: string; readonly by: UserId }): Promise<ClientProfileRecord>;
  addMeeting(clientId: ClientId, meeting: MeetingRecord): Promise<ClientProfileRecord>;
  /** Replaces the meeting with `meeting.id`, keeping who recorded it and when; `NotFoundError` if there is none. */
  updateMeeting(clientId: ClientId, meeting: MeetingRecord): Promise<ClientProfileRecord>;
}

const copy = <T>(value: T): T => structuredClone(value);

function normaliseContact(contact: ContactRecord): ContactRecord {
  return {
    ...contact,
    channels: contact.channels.map((c) => ({ kind: c.kind, value: normaliseChannelValue(c.kind, c.value) ?? c.value })),
  };
}

export function createClientProfilePorts(state: RecordState): { clientProfiles: ClientProfileStore } {
  /** One atomic edit of one client's profile (see the module comment). */
  const edit = (clientId: ClientId, change: (profile: ClientProfileRecord) => void): Promise<ClientProfileRecord> =>
    state.commit((data) => {
      const client = data.clients.find((c) => c.id === clientId);
      if (!client) throw new NotFoundError('client');
      const index = data.clientProfiles.findIndex((p) => p.clientId === clientId);
      const draft = data.clientProfiles[index] ?? emptyClientProfile(client.id, client.agencyId);
      change(draft);
      const next = checked(clientProfileRecordSchema, 'client profile', draft);
      if (index < 0) data.clientProfiles.push(next);
      else data.clientProfiles[index] = next;
      return copy(next);
    });

  const contactIndex = (profile: ClientProfileRecord, id: ContactId): number => {
    const index = profile.contacts.findIndex((c) => c.id === id);
    if (index < 0) throw new NotFoundError('contact');
    return index;
  };
  const takePrimary = (profile: ClientProfileRecord, contact: ContactRecord) => {
    if (contact.primary) for (const other of profile.contacts) if (other.id !== contact.id) other.primary = false;
  };
  const meetingIndex = (profile: ClientProfileRecord, id: MeetingId): number => {
    const index = profile.meetings.findIndex((m) => m.id === id);
    if (index < 0) throw new NotFoundError('meeting');
    return index;
  };

  const clientProfiles: ClientProfileStore = {
    async get(clientId) {
      const found = state.read().clientProfiles.find((p) => p.clientId === clientId);
      return found ? copy(found) : null;
    },
    async listByAgency(agencyId) {
      return copy(state.read().clientProfiles.filter((p) => p.agencyId === agencyId));
    },
    async addContact(clientId, candidate) {
      const contact = checked(contactRecordSchema, 'contact', normaliseContact(candidate));
      return edit(clientId, (profile) => {
        if (profile.contacts.some((c) => c.id === contact.id)) throw new ConflictError(`contact ${contact.id} exists`);
        takePrimary(profile, contact);
        profile.contacts.push(contact);
      });
    },
    async updateContact(clientId, candidate) {
      const contact = checked(contactRecordSchema, 'contact', normaliseContact(candidate));
      return edit(clientId, (profile) => {
        const index = contactIndex(profile, contact.id);
        takePrimary(profile, contact);
        profile.contacts[index] = contact;
      });
    },
    async removeContact(clientId, contactId) {
      return edit(clientId, (profile) => {
        profile.contacts.splice(contactIndex(profile, contactId), 1);
      });
    },
    async setRung(clientId, change) {
      return edit(clientId, (profile) => {
        const from = profile.loyalty.rung;
        if (change.rung === from)
          throw new InvalidInputError(from === null ? 'the client is not on the ladder already' : `the client is already on rung ${from}`);
        const step = checked(loyaltyStepRecordSchema, 'loyalty step', { rung: change.rung, from, at: change.at, by: change.by, note: change.note });
        profile.loyalty.history.push(step);
        profile.loyalty.rung = step.rung;
      });
    },
    async addNote(clientId, candidate) {
      const note = checked(clientNoteRecordSchema, 'note', candidate);
      if (note.deletedAt !== null) throw new InvalidInputError('a new note cannot be deleted already');
      return edit(clientId, (profile) => {
        if (profile.notes.some((n) => n.id === note.id)) throw new ConflictError(`note ${note.id} exists`);
        profile.notes.push(note);
      });
    },
    async deleteNote(clientId, noteId, deletion) {
      return edit(clientId, (profile) => {
        const note = profile.notes.find((n) => n.id === noteId);
        if (!note) throw new NotFoundError('note');
        if (note.deletedAt !== null) return;
        note.deletedAt = deletion.at;
        note.deletedBy = deletion.by;
      });
    },
    async addMeeting(clientId, candidate) {
      const meeting = checked(meetingRecordSchema, 'meeting', candidate);
      return edit(clientId, (profile) => {
        if (profile.meetings.some((m) => m.id === meeting.id)) throw new ConflictError(`meeting ${meeting.id} exists`);
        profile.meetings.push(meeting);
      });
    },
    async updateMeeting(clientId, candidate) {
      const meeting = checked(meetingRecordSchema, 'meeting', candidate);
      return edit(clientId, (profile) => {
        const index = meetingIndex(profile, meeting.id);
        const stored = profile.meetings[index] as MeetingRecord;
        profile.meetings[index] = { ...meeting, createdAt: stored.createdAt, createdBy: stored.createdBy };
      });
    },
  };
  return { clientProfiles };
}
