import { type UserId, newAgencyId } from '@fluxo/shared/ids';
import { describe, expect, it } from 'vitest';
import type { AbsenceRecord } from '../store/absenceRecords.js';
import type { UserRecord } from '../store/records.js';
import { fixtures } from '../store/store.contract.js';
import { defaultBusinessCalendar } from '@fluxo/shared/deadlines/businessCalendar';
import { createMemoryStore } from '../store/memoryStore.js';
import { agencyDay, calendarDay } from './agencyDay.js';
import { coverFor, isAway, managersOnDuty } from './coverage.js';

const agencyId = newAgencyId();
const ana = fixtures.user(agencyId, { name: 'Ana', role: 'atendimento' });
const bia = fixtures.user(agencyId, { name: 'Bia', role: 'atendimento' });
const caio = fixtures.user(agencyId, { name: 'Caio', role: 'atendimento' });
const paulo = fixtures.user(agencyId, { name: 'Paulo', role: 'producao' });
const dora = fixtures.user(agencyId, { name: 'Dora', role: 'admin' });
const colleagues: UserRecord[] = [ana, bia, caio, paulo, dora];
const board = fixtures.board(agencyId, [ana.id, bia.id, caio.id, paulo.id]);
const client = fixtures.client(agencyId, ana.id, { backupManagerId: bia.id });
const DAY = '2025-11-24';

const away = (userId: UserId, from: string, to: string): AbsenceRecord => fixtures.absence(agencyId, userId, from, to);
const cover = (userId: UserId, absences: AbsenceRecord[], overrides: Partial<Parameters<typeof coverFor>[0]> = {}) =>
  coverFor({ userId, client, day: DAY, absences, colleagues, board, ...overrides });

describe('agencyDay', () => {
  it("is the calendar day in São Paulo by default, not UTC's", async () => {
    const store = createMemoryStore();
    const day = (iso: string) => agencyDay(store, agencyId, new Date(iso));
    expect(await day('2025-11-24T15:00:00.000Z')).toBe('2025-11-24');
    expect(await day('2025-11-25T02:59:59.000Z')).toBe('2025-11-24');
    expect(await day('2025-11-25T03:00:00.000Z')).toBe('2025-11-25');
  });

  it("follows the zone of the agency's calendar: an agency in Lisbon turns the day at Lisbon's midnight", async () => {
    const store = createMemoryStore();
    await store.workspaceSettings.setCalendar(agencyId, { ...defaultBusinessCalendar(new Date('2025-11-24T12:00:00.000Z')), timeZone: 'Europe/Lisbon' }, dora.id, '2025-11-20T12:00:00.000Z');
    expect(await agencyDay(store, agencyId, new Date('2025-11-25T00:30:00.000Z'))).toBe('2025-11-25'); // 21:30 of the 24th in São Paulo
    expect(await agencyDay(store, agencyId, new Date('2025-11-24T23:59:59.000Z'))).toBe('2025-11-24');
    expect(calendarDay('Asia/Tokyo', new Date('2025-11-24T15:00:00.000Z'))).toBe('2025-11-25');
  });
});

describe('coverFor', () => {
  it('a present person covers themself — including an absence that ended yesterday or starts tomorrow', () => {
    expect(cover(ana.id, [])).toEqual([ana.id]);
    expect(cover(ana.id, [away(ana.id, '2025-11-10', '2025-11-23')])).toEqual([ana.id]);
    expect(cover(ana.id, [away(ana.id, '2025-11-25', '2025-12-01')])).toEqual([ana.id]);
    expect(cover(ana.id, [away(bia.id, '2025-11-24', '2025-11-24')])).toEqual([ana.id]);
  });

  it("an absent primary is covered by the backup, an absent backup by the primary (first and last day included)", () => {
    expect(cover(ana.id, [away(ana.id, '2025-11-24', '2025-11-30')])).toEqual([bia.id]);
    expect(cover(ana.id, [away(ana.id, '2025-11-17', '2025-11-24')])).toEqual([bia.id]);
    expect(cover(bia.id, [away(bia.id, '2025-11-20', '2025-11-27')])).toEqual([ana.id]);
  });

  it("both managers away → the board's present atendimento members", () => {
    const absences = [away(ana.id, '2025-11-20', '2025-11-27'), away(bia.id, '2025-11-24', '2025-11-24')];
    expect(cover(ana.id, absences)).toEqual([caio.id]);
    expect(cover(ana.id, [...absences, away(caio.id, '2025-11-01', '2025-11-30')])).toEqual([]);
  });

  it('never routes to someone who cannot open the board', () => {
    const offBoard = fixtures.board(agencyId, [ana.id, caio.id, paulo.id]);
    expect(cover(ana.id, [away(ana.id, '2025-11-20', '2025-11-27')], { board: offBoard })).toEqual([caio.id]);
    const gone = fixtures.client(agencyId, ana.id, { backupManagerId: fixtures.user(agencyId).id });
    expect(cover(ana.id, [away(ana.id, '2025-11-20', '2025-11-27')], { client: gone })).toEqual([bia.id, caio.id]);
  });

  it("someone who manages none of the ticket's client (or no client) is covered by the present atendimento", () => {
    expect(cover(caio.id, [away(caio.id, '2025-11-20', '2025-11-27')])).toEqual([ana.id, bia.id]);
    expect(cover(ana.id, [away(ana.id, '2025-11-20', '2025-11-27')], { client: null })).toEqual([bia.id, caio.id]);
    const foreign = fixtures.client(newAgencyId(), ana.id, { backupManagerId: bia.id });
    expect(cover(ana.id, [away(ana.id, '2025-11-20', '2025-11-27'), away(bia.id, '2025-11-20', '2025-11-27')], { client: foreign })).toEqual([caio.id]);
  });

  it('isAway reads only that person', () => {
    const absences = [away(ana.id, '2025-11-20', '2025-11-27')];
    expect(isAway(ana.id, DAY, absences)).toBe(true);
    expect(isAway(bia.id, DAY, absences)).toBe(false);
  });
});

describe('managersOnDuty', () => {
  const context = (absences: AbsenceRecord[]) => ({ client, day: DAY, absences, colleagues, board });
  it('the present managers; an absent one replaced by their cover; everyone away → the managers themselves', () => {
    expect(managersOnDuty(context([]))).toEqual([ana.id, bia.id]);
    expect(managersOnDuty(context([away(ana.id, '2025-11-20', '2025-11-27')]))).toEqual([bia.id]);
    expect(managersOnDuty(context([away(bia.id, '2025-11-20', '2025-11-27')]))).toEqual([ana.id]);
    const both = [away(ana.id, '2025-11-20', '2025-11-27'), away(bia.id, '2025-11-20', '2025-11-27')];
    expect(managersOnDuty(context(both))).toEqual([caio.id]);
    expect(managersOnDuty(context([...both, away(caio.id, '2025-11-20', '2025-11-27')]))).toEqual([ana.id, bia.id]);
  });

  it('null without a manager who can open the board', () => {
    expect(managersOnDuty({ ...context([]), client: null })).toBeNull();
    const gone = fixtures.client(agencyId, fixtures.user(agencyId).id);
    expect(managersOnDuty({ ...context([]), client: gone })).toBeNull();
  });
});
