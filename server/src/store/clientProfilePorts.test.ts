/**
 * The client-profile port's contract, run on both adapters (the lowdb one also across a
 * restart, and on a `fluxo.json` written before profiles existed).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClientNoteId, type ContactId, type MeetingId } from '@fluxo/shared/clients/clientProfile';
import { ConflictError, InvalidInputError, NotFoundError } from '@fluxo/shared/errors';
import { type AgencyId, type ClientId, type UserId, newAgencyId, newClientId, newId, newUserId } from '@fluxo/shared/ids';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientNoteRecord, ContactRecord, MeetingRecord } from './clientProfileRecords.js';
import { DATA_FILE_NAME, openLowdbStore } from './lowdbStore.js';
import type { Store } from './store.js';
import { STORE_ADAPTERS, type StoreHarness } from './testing/storeAdapters.js';

type Harness = StoreHarness;
const adapters = STORE_ADAPTERS;

const T0 = '2025-03-10T12:00:00.000Z';
const T1 = '2025-03-11T12:00:00.000Z';

const contact = (fields: Partial<ContactRecord> = {}): ContactRecord => ({
  id: newId() as ContactId,
  name: 'Márcia',
  role: 'Sócia',
  channels: [],
  primary: false,
  ...fields,
});
const note = (by: UserId, body: string): ClientNoteRecord => ({ id: newId() as ClientNoteId, body, at: T0, by, deletedAt: null, deletedBy: null });
const meeting = (by: UserId, fields: Partial<MeetingRecord> = {}): MeetingRecord => ({
  id: newId() as MeetingId,
  title: 'Briefing e orçamento',
  at: T0,
  kind: 'briefing',
  attendees: ['Márcia', 'Dora'],
  minutes: 'Loja virtual com 40 produtos.',
  boardId: null,
  ticketIds: [],
  createdAt: T0,
  createdBy: by,
  updatedAt: T0,
  updatedBy: by,
  ...fields,
});

async function refusal(attempt: Promise<unknown>): Promise<Error> {
  const error = await attempt.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected a refusal');
  return error;
}

for (const [name, createHarness] of Object.entries(adapters)) {
  describe(`client profile port: ${name}`, () => {
    let harness: Harness;
    let store: Store;
    let agencyId: AgencyId;
    let clientId: ClientId;
    const ana = newUserId();
    const dora = newUserId();

    const reopen = async () => {
      if (harness.dir === null) return;
      await store.close();
      store = await harness.open();
    };

    beforeEach(async () => {
      harness = await createHarness();
      store = await harness.open();
      agencyId = newAgencyId();
      clientId = newClientId();
      await store.agencies.create({ id: agencyId, name: 'Agência', createdAt: T0 });
      await store.clients.create({
        id: clientId,
        agencyId,
        name: 'Padaria Pão Dourado',
        emails: [],
        domains: [],
        primaryManagerId: ana,
        backupManagerId: null,
        createdAt: T0,
      });
    });
    afterEach(async () => {
      await store.close();
      await harness.cleanup();
    });

    it('starts empty, stores contacts with normalised channels and one primary, and keeps them across a restart', async () => {
      expect(await store.clientProfiles.get(clientId)).toBeNull();
      const marcia = contact({
        primary: true,
        channels: [
          { kind: 'office_phone', value: '(11) 3456-7890' },
          { kind: 'mobile', value: '+55 11 91234-5678' },
          { kind: 'whatsapp', value: '11 91234.5678' },
          { kind: 'email', value: '  Marcia@PaoDourado.com.BR ' },
        ],
      });
      await store.clientProfiles.addContact(clientId, marcia);
      const joao = contact({ name: 'João', role: null, primary: true });
      const profile = await store.clientProfiles.addContact(clientId, joao);
      expect(profile.contacts.map((c) => [c.name, c.primary])).toEqual([
        ['Márcia', false],
        ['João', true],
      ]);
      expect(profile.contacts[0]?.channels).toEqual([
        { kind: 'office_phone', value: '1134567890' },
        { kind: 'mobile', value: '+5511912345678' },
        { kind: 'whatsapp', value: '11912345678' },
        { kind: 'email', value: 'marcia@paodourado.com.br' },
      ]);
      await store.clientProfiles.updateContact(clientId, { ...joao, role: 'Gerente', primary: false });
      await expect(store.clientProfiles.addContact(clientId, joao)).rejects.toBeInstanceOf(ConflictError);
      await expect(store.clientProfiles.updateContact(clientId, contact())).rejects.toBeInstanceOf(NotFoundError);
      await store.clientProfiles.removeContact(clientId, marcia.id);
      await expect(store.clientProfiles.removeContact(clientId, marcia.id)).rejects.toBeInstanceOf(NotFoundError);

      await reopen();
      const stored = await store.clientProfiles.get(clientId);
      expect(stored?.contacts).toEqual([{ ...joao, role: 'Gerente', primary: false }]);
      expect((await store.clientProfiles.listByAgency(agencyId)).map((p) => p.clientId)).toEqual([clientId]);
      expect(await store.clientProfiles.listByAgency(newAgencyId())).toEqual([]);
    });

    it('refuses a bad phone, a bad email, a nameless contact and a bad rung with a clear error, and stores nothing', async () => {
      const cases: [Promise<unknown>, RegExp][] = [
        [store.clientProfiles.addContact(clientId, contact({ channels: [{ kind: 'mobile', value: '11 9ABC-5678' }] })), /channels\.0\.value: invalid phone number for mobile/],
        [store.clientProfiles.addContact(clientId, contact({ channels: [{ kind: 'whatsapp', value: '1234' }] })), /invalid phone number for whatsapp/],
        [store.clientProfiles.addContact(clientId, contact({ channels: [{ kind: 'office_phone', value: '11+3456-7890' }] })), /invalid phone number/],
        [store.clientProfiles.addContact(clientId, contact({ channels: [{ kind: 'email', value: 'marcia@' }] })), /channels\.0\.value: invalid email address/],
        [store.clientProfiles.addContact(clientId, contact({ name: '' })), /contact: name/],
        [store.clientProfiles.setRung(clientId, { rung: 7 as 6, at: T0, by: ana, note: '' }), /loyalty step: rung: a loyalty rung is a number from 1 to 6/],
        [store.clientProfiles.setRung(clientId, { rung: 2.5 as 2, at: T0, by: ana, note: '' }), /a loyalty rung is a number from 1 to 6/],
        [store.clientProfiles.addNote(clientId, note(ana, 'x'.repeat(5001))), /at most 5000 characters/],
        [store.clientProfiles.addNote(clientId, note(ana, '')), /cannot be empty/],
        [store.clientProfiles.addMeeting(clientId, meeting(ana, { at: 'amanhã' })), /meeting: at/],
        [store.clientProfiles.addMeeting(clientId, meeting(ana, { minutes: 'x'.repeat(20_001) })), /at most 20000/],
      ];
      for (const [attempt, message] of cases) {
        const error = await refusal(attempt);
        expect(error).toBeInstanceOf(InvalidInputError);
        expect(error.message).toMatch(message);
      }
      expect(await store.clientProfiles.get(clientId)).toBeNull();
      await expect(store.clientProfiles.addContact(newClientId(), contact())).rejects.toBeInstanceOf(NotFoundError);
      await reopen();
      expect(await store.clientProfiles.get(clientId)).toBeNull();
    });

    it('keeps every move on the loyalty ladder, in order, and refuses a move to the same rung', async () => {
      await store.clientProfiles.setRung(clientId, { rung: 3, at: T0, by: ana, note: 'Primeira compra: um banner' });
      await store.clientProfiles.setRung(clientId, { rung: 4, at: T1, by: dora, note: '' });
      const same = await refusal(store.clientProfiles.setRung(clientId, { rung: 4, at: T1, by: dora, note: '' }));
      expect(same).toBeInstanceOf(InvalidInputError);
      expect(same.message).toMatch(/already on rung 4/);
      await store.clientProfiles.setRung(clientId, { rung: null, at: T1, by: dora, note: 'Fora da escada' });
      await reopen();
      expect((await store.clientProfiles.get(clientId))?.loyalty).toEqual({
        rung: null,
        history: [
          { rung: 3, from: null, at: T0, by: ana, note: 'Primeira compra: um banner' },
          { rung: 4, from: 3, at: T1, by: dora, note: '' },
          { rung: null, from: 4, at: T1, by: dora, note: 'Fora da escada' },
        ],
      });
    });

    it('marks a deleted note without erasing it, keeping the first deletion', async () => {
      const kept = note(ana, 'Prefere WhatsApp de manhã');
      const gone = note(ana, 'Não ligar às sextas');
      await store.clientProfiles.addNote(clientId, kept);
      await store.clientProfiles.addNote(clientId, gone);
      await expect(store.clientProfiles.addNote(clientId, gone)).rejects.toBeInstanceOf(ConflictError);
      await store.clientProfiles.deleteNote(clientId, gone.id, { at: T1, by: dora });
      await store.clientProfiles.deleteNote(clientId, gone.id, { at: '2025-03-12T12:00:00.000Z', by: ana });
      await expect(store.clientProfiles.deleteNote(clientId, newId() as ClientNoteId, { at: T1, by: ana })).rejects.toBeInstanceOf(NotFoundError);
      await reopen();
      expect((await store.clientProfiles.get(clientId))?.notes).toEqual([kept, { ...gone, deletedAt: T1, deletedBy: dora }]);
    });

    it('records meetings and corrects them, keeping who recorded each', async () => {
      const briefing = meeting(ana);
      await store.clientProfiles.addMeeting(clientId, briefing);
      await store.clientProfiles.updateMeeting(clientId, {
        ...briefing,
        minutes: 'Loja virtual com 60 produtos.',
        createdAt: T1,
        createdBy: dora,
        updatedAt: T1,
        updatedBy: dora,
      });
      await expect(store.clientProfiles.updateMeeting(clientId, meeting(ana))).rejects.toBeInstanceOf(NotFoundError);
      await reopen();
      expect((await store.clientProfiles.get(clientId))?.meetings).toEqual([
        { ...briefing, minutes: 'Loja virtual com 60 produtos.', updatedAt: T1, updatedBy: dora },
      ]);
    });

    it('returns copies', async () => {
      const returned = await store.clientProfiles.addContact(clientId, contact());
      (returned.contacts[0] as ContactRecord).name = 'Outro';
      expect((await store.clientProfiles.get(clientId))?.contacts[0]?.name).toBe('Márcia');
    });
  });
}

describe('client profiles in fluxo.json', () => {
  it('opens a file written before profiles existed: every client has the empty profile', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fluxo-client-profile-old-'));
    try {
      const store = await openLowdbStore(dir);
      const agencyId = newAgencyId();
      const clientId = newClientId();
      await store.agencies.create({ id: agencyId, name: 'Agência', createdAt: T0 });
      await store.clients.create({ id: clientId, agencyId, name: 'Loja', emails: [], domains: [], primaryManagerId: newUserId(), backupManagerId: null, createdAt: T0 });
      await store.close();
      const file = join(dir, DATA_FILE_NAME);
      const data = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      delete data.clientProfiles;
      await writeFile(file, JSON.stringify(data));
      const reopened = await openLowdbStore(dir);
      expect(await reopened.clientProfiles.get(clientId)).toBeNull();
      expect(await reopened.clientProfiles.listByAgency(agencyId)).toEqual([]);
      const profile = await reopened.clientProfiles.setRung(clientId, { rung: 1, at: T0, by: newUserId(), note: '' });
      expect(profile.loyalty.rung).toBe(1);
      await reopened.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
