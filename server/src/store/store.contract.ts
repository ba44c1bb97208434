/**
 * The contract every storage adapter passes (the Hocuspocus idea). An adapter's test file calls
 * `defineStoreContract` with a harness that opens its store; adapters that persist also get the
 * "survives a restart" checks.
 */
import { ConflictError, InvalidInputError, NotFoundError } from '@fluxo/shared/errors';
import { type HistoryEntry, newHistoryEntryId } from '@fluxo/shared/history/historyEntry';
import {
  type AgencyId,
  type BoardId,
  type TicketId,
  type UserId,
  newAgencyId,
  newBoardId,
  newClientId,
  newTicketId,
  newUserId,
} from '@fluxo/shared/ids';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type {
  AgencyRecord,
  AttentionRecord,
  BoardRecord,
  ClientRecord,
  SessionRecord,
  UserRecord,
} from './records.js';
import { type AbsenceRecord, newAbsenceId } from './absenceRecords.js';
import type { ShareLinkId, ShareLinkRecord } from './shareLinkRecords.js';
import { type Store, StoreClosedError } from './store.js';

export interface StoreHarness {
  /** Opens the adapter on its backing storage; a second call after `close()` reopens the same. */
  open(): Promise<Store>;
  /** Whether data survives `close()` + `open()`. */
  readonly persistent: boolean;
  /** Removes the backing storage. */
  cleanup(): Promise<void>;
}

const NOW = '2025-03-10T12:00:00.000Z';

export const fixtures = {
  agency(overrides: Partial<AgencyRecord> = {}): AgencyRecord {
    return { id: newAgencyId(), name: 'Agência Teste', createdAt: NOW, ...overrides };
  },
  user(agencyId: AgencyId, overrides: Partial<UserRecord> = {}): UserRecord {
    const id = newUserId();
    return {
      id,
      agencyId,
      email: `${id.toLowerCase()}@agencia.test`,
      name: 'Pessoa',
      role: 'atendimento',
      passwordHash: '$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA',
      locale: null,
      createdAt: NOW,
      ...overrides,
    };
  },
  session(userId: UserId, overrides: Partial<SessionRecord> = {}): SessionRecord {
    const hex = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(32)), (b) =>
      b.toString(16).padStart(2, '0'),
    ).join('');
    return { tokenHash: hex, userId, createdAt: NOW, expiresAt: '2025-04-09T12:00:00.000Z', ...overrides };
  },
  board(agencyId: AgencyId, memberIds: UserId[], overrides: Partial<BoardRecord> = {}): BoardRecord {
    return { id: newBoardId(), agencyId, name: 'Fluxo', memberIds, createdAt: NOW, ...overrides };
  },
  client(agencyId: AgencyId, primaryManagerId: UserId, overrides: Partial<ClientRecord> = {}): ClientRecord {
    return {
      id: newClientId(),
      agencyId,
      name: 'Cliente',
      emails: [],
      domains: [],
      primaryManagerId,
      backupManagerId: null,
      createdAt: NOW,
      ...overrides,
    };
  },
  /** An absence of `userId` on the agency days `from`–`to` (inclusive), recorded by themself. */
  absence(agencyId: AgencyId, userId: UserId, from: string, to: string, overrides: Partial<AbsenceRecord> = {}): AbsenceRecord {
    return {
      id: newAbsenceId(),
      agencyId,
      userId,
      from,
      to,
      note: '',
      createdBy: userId,
      createdAt: '2025-11-01T12:00:00.000Z',
      ...overrides,
    };
  },
  /** A `created` entry unless `overrides` say otherwise (give every field of another kind). */
  historyEntry(boardId: BoardId, ticketId: TicketId, overrides: Partial<Record<string, unknown>> = {}): HistoryEntry {
    const common = { id: newHistoryEntryId(), boardId, ticketId, ticketNumber: 7, at: NOW, author: newUserId() };
    const created = { kind: 'created', stage: 'triage', status: 'open', channel: 'email', clientId: null };
    const otherKind = overrides.kind !== undefined && overrides.kind !== 'created';
    return { ...common, ...(otherKind ? {} : created), ...overrides } as HistoryEntry;
  },
};

/** A Yjs update that sets `key` to `value` in the map `m`, made on a doc with a fixed client id. */
function mapUpdate(clientId: number, key: string, value: string): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  doc.getMap('m').set(key, value);
  return Y.encodeStateAsUpdate(doc);
}

function readMap(update: Uint8Array | null): Record<string, unknown> {
  const doc = new Y.Doc();
  if (update) Y.applyUpdate(doc, update);
  return doc.getMap('m').toJSON();
}

export function defineStoreContract(name: string, createHarness: () => Promise<StoreHarness>): void {
  describe(`store contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: Store;

    beforeEach(async () => {
      harness = await createHarness();
      store = await harness.open();
    });

    afterEach(async () => {
      await store.close();
      await harness.cleanup();
    });

    /** Closes and reopens when the adapter persists; otherwise keeps the open store. */
    async function restart(): Promise<Store> {
      if (!harness.persistent) return store;
      await store.close();
      store = await harness.open();
      return store;
    }

    describe('agencies', () => {
      it('creates, gets and lists in creation order', async () => {
        const a = fixtures.agency({ name: 'Alfa' });
        const b = fixtures.agency({ name: 'Beta' });
        await store.agencies.create(a);
        await store.agencies.create(b);
        expect(await store.agencies.get(a.id)).toEqual(a);
        expect(await store.agencies.get(newAgencyId())).toBeNull();
        expect((await store.agencies.list()).map((x) => x.name)).toEqual(['Alfa', 'Beta']);
      });

      it('refuses a duplicate id', async () => {
        const a = fixtures.agency();
        await store.agencies.create(a);
        await expect(store.agencies.create({ ...a, name: 'Outra' })).rejects.toBeInstanceOf(ConflictError);
        expect(await store.agencies.list()).toHaveLength(1);
      });
    });

    describe('users', () => {
      let agencyId: AgencyId;
      beforeEach(async () => {
        const agency = fixtures.agency();
        agencyId = agency.id;
        await store.agencies.create(agency);
      });

      it('stores the email normalised and finds it however it is typed', async () => {
        const user = fixtures.user(agencyId, { email: '  Ana@Demo.Fluxo ' });
        await store.users.create(user);
        const found = await store.users.findByEmail('ANA@demo.fluxo  ');
        expect(found).toEqual({ ...user, email: 'ana@demo.fluxo' });
        expect(await store.users.get(user.id)).toEqual(found);
        expect(await store.users.findByEmail('nobody@demo.fluxo')).toBeNull();
      });

      it('keeps emails unique across agencies, whatever the case', async () => {
        await store.users.create(fixtures.user(agencyId, { email: 'ana@demo.fluxo' }));
        const other = fixtures.agency();
        await store.agencies.create(other);
        await expect(
          store.users.create(fixtures.user(other.id, { email: 'ANA@demo.fluxo' })),
        ).rejects.toBeInstanceOf(ConflictError);
      });

      it('refuses a duplicate id', async () => {
        const user = fixtures.user(agencyId);
        await store.users.create(user);
        await expect(store.users.create({ ...user, email: 'x@y.z' })).rejects.toBeInstanceOf(ConflictError);
      });

      it('refuses a record that breaks the schema, storing nothing', async () => {
        const bad = { ...fixtures.user(agencyId), role: 'boss' } as unknown as UserRecord;
        await expect(store.users.create(bad)).rejects.toBeInstanceOf(InvalidInputError);
        await expect(
          store.users.create(fixtures.user(agencyId, { id: 'short' as UserId })),
        ).rejects.toBeInstanceOf(InvalidInputError);
        expect(await store.users.listByAgency(agencyId)).toEqual([]);
      });

      it('lists by agency', async () => {
        const other = fixtures.agency();
        await store.agencies.create(other);
        const mine = fixtures.user(agencyId);
        await store.users.create(mine);
        await store.users.create(fixtures.user(other.id));
        expect(await store.users.listByAgency(agencyId)).toEqual([mine]);
      });

      it('updates fields, keeps id and agency, and refuses a taken email', async () => {
        const ana = fixtures.user(agencyId, { email: 'ana@demo.fluxo' });
        const paulo = fixtures.user(agencyId, { email: 'paulo@demo.fluxo' });
        await store.users.create(ana);
        await store.users.create(paulo);

        const updated = await store.users.update(ana.id, { name: 'Ana Lima', locale: 'ru', email: 'Ana.Lima@Demo.Fluxo' });
        expect(updated).toEqual({ ...ana, name: 'Ana Lima', locale: 'ru', email: 'ana.lima@demo.fluxo' });
        expect(await store.users.get(ana.id)).toEqual(updated);

        expect(await store.users.update(ana.id, { name: undefined })).toEqual(updated);
        await expect(store.users.update(paulo.id, { email: 'ANA.LIMA@demo.fluxo' })).rejects.toBeInstanceOf(
          ConflictError,
        );
        await expect(store.users.update(newUserId(), { name: 'x' })).rejects.toBeInstanceOf(NotFoundError);
        await expect(store.users.update(ana.id, { name: '' })).rejects.toBeInstanceOf(InvalidInputError);
        expect(await store.users.get(ana.id)).toEqual(updated);
      });

      it('hands out copies', async () => {
        const user = fixtures.user(agencyId);
        await store.users.create(user);
        user.name = 'changed after create';
        const got = await store.users.get(user.id);
        if (!got) throw new Error('missing');
        got.name = 'changed after get';
        expect((await store.users.get(user.id))?.name).toBe('Pessoa');
      });

      it('serialises concurrent writes: every create lands, one of two equal emails wins', async () => {
        const many = Array.from({ length: 20 }, () => fixtures.user(agencyId));
        await Promise.all(many.map((u) => store.users.create(u)));
        const results = await Promise.allSettled([
          store.users.create(fixtures.user(agencyId, { email: 'same@demo.fluxo' })),
          store.users.create(fixtures.user(agencyId, { email: 'same@demo.fluxo' })),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
        expect(await store.users.listByAgency(agencyId)).toHaveLength(21);
      });
    });

    describe('sessions', () => {
      let userId: UserId;
      let agencyId: AgencyId;
      beforeEach(async () => {
        const agency = fixtures.agency();
        agencyId = agency.id;
        await store.agencies.create(agency);
        const user = fixtures.user(agency.id);
        userId = user.id;
        await store.users.create(user);
      });

      it('creates, gets, extends and deletes', async () => {
        const session = fixtures.session(userId);
        await store.sessions.create(session);
        expect(await store.sessions.get(session.tokenHash)).toEqual(session);
        await store.sessions.extend(session.tokenHash, '2025-05-01T00:00:00.000Z');
        expect((await store.sessions.get(session.tokenHash))?.expiresAt).toBe('2025-05-01T00:00:00.000Z');
        await store.sessions.delete(session.tokenHash);
        expect(await store.sessions.get(session.tokenHash)).toBeNull();
        await store.sessions.extend(session.tokenHash, '2025-06-01T00:00:00.000Z');
        expect(await store.sessions.get(session.tokenHash)).toBeNull();
        await store.sessions.delete(session.tokenHash);
      });

      it('refuses a malformed token hash', async () => {
        await expect(
          store.sessions.create(fixtures.session(userId, { tokenHash: 'not-a-hash' })),
        ).rejects.toBeInstanceOf(InvalidInputError);
      });

      it('ends all sessions of a person', async () => {
        const other = fixtures.user(agencyId);
        await store.users.create(other);
        const mine = [fixtures.session(userId), fixtures.session(userId)];
        const theirs = fixtures.session(other.id);
        for (const s of [...mine, theirs]) await store.sessions.create(s);
        expect(await store.sessions.deleteForUser(userId)).toBe(2);
        expect(await store.sessions.deleteForUser(userId)).toBe(0);
        expect(await store.sessions.get(theirs.tokenHash)).toEqual(theirs);
      });

      it('sweeps sessions that expire at or before now', async () => {
        const past = fixtures.session(userId, { expiresAt: '2025-03-01T00:00:00.000Z' });
        const boundary = fixtures.session(userId, { expiresAt: '2025-03-10T12:00:00.000Z' });
        const future = fixtures.session(userId, { expiresAt: '2025-03-10T12:00:00.001Z' });
        for (const s of [past, boundary, future]) await store.sessions.create(s);
        expect(await store.sessions.deleteExpired(new Date(NOW))).toBe(2);
        expect(await store.sessions.get(future.tokenHash)).toEqual(future);
        expect(await store.sessions.deleteExpired(new Date(NOW))).toBe(0);
      });
    });

    describe('boards', () => {
      let agencyId: AgencyId;
      let ana: UserId;
      let paulo: UserId;
      beforeEach(async () => {
        const agency = fixtures.agency();
        agencyId = agency.id;
        await store.agencies.create(agency);
        ana = newUserId();
        paulo = newUserId();
      });

      it('lists by agency and by member', async () => {
        const both = fixtures.board(agencyId, [ana, paulo], { name: 'Ambos' });
        const onlyAna = fixtures.board(agencyId, [ana], { name: 'Só Ana' });
        const elsewhere = fixtures.board(newAgencyId(), [paulo], { name: 'Outra agência' });
        for (const b of [both, onlyAna, elsewhere]) await store.boards.create(b);
        expect(await store.boards.get(both.id)).toEqual(both);
        expect(await store.boards.get(newBoardId())).toBeNull();
        expect((await store.boards.listByAgency(agencyId)).map((b) => b.name)).toEqual(['Ambos', 'Só Ana']);
        expect((await store.boards.listForMember(paulo)).map((b) => b.name)).toEqual(['Ambos', 'Outra agência']);
        expect(await store.boards.listForMember(newUserId())).toEqual([]);
      });

      it('updates name and members, without duplicates', async () => {
        const board = fixtures.board(agencyId, [ana]);
        await store.boards.create(board);
        const updated = await store.boards.update(board.id, { name: 'Novo nome', memberIds: [ana, paulo, ana] });
        expect(updated).toEqual({ ...board, name: 'Novo nome', memberIds: [ana, paulo] });
        expect(await store.boards.get(board.id)).toEqual(updated);
        await expect(store.boards.update(newBoardId(), { name: 'x' })).rejects.toBeInstanceOf(NotFoundError);
        await expect(store.boards.create(board)).rejects.toBeInstanceOf(ConflictError);
      });
    });

    describe('clients', () => {
      let agencyId: AgencyId;
      let ana: UserId;
      beforeEach(async () => {
        const agency = fixtures.agency();
        agencyId = agency.id;
        ana = newUserId();
        await store.agencies.create(agency);
      });

      it('stores addresses and domains normalised', async () => {
        const client = fixtures.client(agencyId, ana, {
          emails: [' Maria@PaoDourado.com.br', 'maria@paodourado.com.br'],
          domains: ['PaoDourado.com.br'],
        });
        await store.clients.create(client);
        expect(await store.clients.get(client.id)).toEqual({
          ...client,
          emails: ['maria@paodourado.com.br'],
          domains: ['paodourado.com.br'],
        });
      });

      it('finds the client a sender belongs to: address before domain, within the agency', async () => {
        const byDomain = fixtures.client(agencyId, ana, { name: 'Domínio', domains: ['shared.com.br'] });
        const byAddress = fixtures.client(agencyId, ana, { name: 'Endereço', emails: ['joao@shared.com.br'] });
        const otherAgency = fixtures.client(newAgencyId(), ana, { name: 'Outra', emails: ['ze@x.com'] });
        for (const c of [byDomain, byAddress, otherAgency]) await store.clients.create(c);
        expect((await store.clients.findBySender(agencyId, 'JOAO@shared.com.br'))?.name).toBe('Endereço');
        expect((await store.clients.findBySender(agencyId, 'maria@shared.com.br'))?.name).toBe('Domínio');
        expect(await store.clients.findBySender(agencyId, 'ze@x.com')).toBeNull();
        expect(await store.clients.findBySender(agencyId, 'not-an-address')).toBeNull();
        expect((await store.clients.listByAgency(agencyId)).map((c) => c.name)).toEqual(['Domínio', 'Endereço']);
      });

      it('updates managers and refuses a bad domain', async () => {
        const client = fixtures.client(agencyId, ana);
        await store.clients.create(client);
        const dora = newUserId();
        const updated = await store.clients.update(client.id, { backupManagerId: dora });
        expect(updated.backupManagerId).toBe(dora);
        await expect(store.clients.update(client.id, { domains: ['not a domain'] })).rejects.toBeInstanceOf(
          InvalidInputError,
        );
        await expect(store.clients.update(newClientId(), { name: 'x' })).rejects.toBeInstanceOf(NotFoundError);
        expect(await store.clients.get(client.id)).toEqual(updated);
      });
    });

    describe('board documents', () => {
      let boardId: BoardId;
      beforeEach(() => {
        boardId = newBoardId();
      });

      it('has nothing for an unknown board', async () => {
        expect(await store.boardDocs.load(boardId)).toBeNull();
      });

      it('returns one update equivalent to all appended ones', async () => {
        await store.boardDocs.append(boardId, mapUpdate(1, 'a', 'um'));
        await store.boardDocs.append(boardId, mapUpdate(2, 'b', 'dois'));
        await store.boardDocs.append(boardId, mapUpdate(2, 'b', 'dois')); // duplicates are harmless
        expect(readMap(await store.boardDocs.load(boardId))).toEqual({ a: 'um', b: 'dois' });
      });

      it('replaces everything on compaction', async () => {
        await store.boardDocs.append(boardId, mapUpdate(1, 'a', 'um'));
        await store.boardDocs.replace(boardId, mapUpdate(3, 'c', 'três'));
        expect(readMap(await store.boardDocs.load(boardId))).toEqual({ c: 'três' });
        await store.boardDocs.append(boardId, mapUpdate(4, 'd', 'quatro'));
        expect(readMap(await store.boardDocs.load(boardId))).toEqual({ c: 'três', d: 'quatro' });
      });

      it('keeps boards apart', async () => {
        const other = newBoardId();
        await store.boardDocs.append(boardId, mapUpdate(1, 'a', 'um'));
        await store.boardDocs.append(other, mapUpdate(1, 'x', 'xis'));
        expect(readMap(await store.boardDocs.load(boardId))).toEqual({ a: 'um' });
        expect(readMap(await store.boardDocs.load(other))).toEqual({ x: 'xis' });
      });

      it('keeps every one of many concurrent appends', async () => {
        await Promise.all(
          Array.from({ length: 30 }, (_, i) => store.boardDocs.append(boardId, mapUpdate(100 + i, `k${i}`, `v${i}`))),
        );
        expect(Object.keys(readMap(await store.boardDocs.load(boardId)))).toHaveLength(30);
      });

      it('copies the bytes it is given', async () => {
        const update = mapUpdate(1, 'a', 'um');
        await store.boardDocs.append(boardId, update);
        update.fill(0);
        expect(readMap(await store.boardDocs.load(boardId))).toEqual({ a: 'um' });
      });

      it('refuses an empty update, which no reader could apply', async () => {
        await expect(store.boardDocs.append(boardId, new Uint8Array())).rejects.toBeInstanceOf(InvalidInputError);
        await expect(store.boardDocs.replace(boardId, new Uint8Array())).rejects.toBeInstanceOf(InvalidInputError);
        expect(await store.boardDocs.load(boardId)).toBeNull();
      });

      it('refuses a board id that is not one (no path tricks)', async () => {
        await expect(store.boardDocs.load('../fluxo' as BoardId)).rejects.toBeInstanceOf(InvalidInputError);
        await expect(store.boardDocs.append('../../x' as BoardId, mapUpdate(1, 'a', 'b'))).rejects.toBeInstanceOf(
          InvalidInputError,
        );
      });
    });

    describe('replica owners', () => {
      it('records each Yjs client id once, first owner kept, per board, across a restart', async () => {
        const boardId = newBoardId();
        const other = newBoardId();
        const ana = newUserId();
        const paulo = newUserId();
        expect(await store.replicaOwners.load(boardId)).toEqual(new Map());
        await store.replicaOwners.record(boardId, [
          [3_000_000_001, ana],
          [7, 'server'],
        ]);
        await Promise.all([
          store.replicaOwners.record(boardId, [[3_000_000_001, paulo]]),
          store.replicaOwners.record(boardId, [[42, paulo]]),
          store.replicaOwners.record(other, [[42, ana]]),
          store.replicaOwners.record(boardId, []),
        ]);
        const expected = new Map<number, string>([
          [3_000_000_001, ana],
          [7, 'server'],
          [42, paulo],
        ]);
        expect(await store.replicaOwners.load(boardId)).toEqual(expected);
        const reopened = await restart();
        expect(await reopened.replicaOwners.load(boardId)).toEqual(expected);
        expect(await reopened.replicaOwners.load(other)).toEqual(new Map([[42, ana]]));
      });

      it('refuses a bad client id, owner or board id, storing nothing', async () => {
        const boardId = newBoardId();
        const ana = newUserId();
        const bad: [string, readonly (readonly [number, string])[]][] = [
          ['negative id', [[-1, ana]]],
          ['fractional id', [[1.5, ana]]],
          ['unsafe id', [[2 ** 60, ana]]],
          ['not a user id', [[1, 'nobody']]],
        ];
        for (const [name, batch] of bad) {
          await expect(
            store.replicaOwners.record(boardId, [[9, ana], ...batch] as never),
            name,
          ).rejects.toBeInstanceOf(InvalidInputError);
        }
        await expect(store.replicaOwners.load('../x' as BoardId)).rejects.toBeInstanceOf(InvalidInputError);
        expect(await store.replicaOwners.load(boardId)).toEqual(new Map());
      });
    });

    describe('history', () => {
      let boardId: BoardId;
      let ticketA: TicketId;
      let ticketB: TicketId;
      beforeEach(() => {
        boardId = newBoardId();
        ticketA = newTicketId();
        ticketB = newTicketId();
      });

      it('lists a ticket’s entries and a board’s entries in append order', async () => {
        const created = fixtures.historyEntry(boardId, ticketA, { at: '2025-03-10T09:00:00.000Z' });
        const moved = fixtures.historyEntry(boardId, ticketA, {
          kind: 'moved',
          from: 'triage',
          to: 'analysis',
          at: '2025-03-10T10:00:00.000Z',
        });
        const other = fixtures.historyEntry(boardId, ticketB, { at: '2025-03-10T09:30:00.000Z' });
        await store.history.append([created]);
        await store.history.append([other, moved]);
        expect(await store.history.listForTicket(boardId, ticketA)).toEqual([created, moved]);
        expect(await store.history.listForTicket(boardId, ticketB)).toEqual([other]);
        expect(await store.history.listForBoard(boardId)).toEqual([created, other, moved]);
        expect(await store.history.listForBoard(boardId, { since: '2025-03-10T09:30:00.000Z' })).toEqual([other, moved]);
        expect(await store.history.listForBoard(boardId, { since: '2025-03-10T06:45:00-03:00' })).toEqual([moved]);
        expect(await store.history.listForBoard(boardId, { skip: 1 })).toEqual([other, moved]);
        expect(await store.history.listForBoard(boardId, { skip: 3 })).toEqual([]);
        expect(await store.history.listForBoard(boardId, { skip: 2, since: '2025-03-10T09:30:00.000Z' })).toEqual([moved]);
        expect(await store.history.listForBoard(newBoardId())).toEqual([]);
        expect(await store.history.listForTicket(newBoardId(), ticketA)).toEqual([]);
      });

      it('refuses a batch with an invalid entry or mixing boards, storing none of it', async () => {
        const good = fixtures.historyEntry(boardId, ticketA);
        const bad = { ...fixtures.historyEntry(boardId, ticketA), kind: 'teleported' } as unknown as HistoryEntry;
        await expect(store.history.append([good, bad])).rejects.toBeInstanceOf(InvalidInputError);
        const elsewhere = fixtures.historyEntry(newBoardId(), ticketA);
        await expect(store.history.append([good, elsewhere])).rejects.toThrow(/one board/);
        const badAuthor = { ...good, author: '../x' } as unknown as HistoryEntry;
        await expect(store.history.append([badAuthor])).rejects.toBeInstanceOf(InvalidInputError);
        await expect(store.history.listForBoard(boardId, { since: 'yesterday' })).rejects.toBeInstanceOf(
          InvalidInputError,
        );
        await expect(store.history.listForBoard(boardId, { skip: -1 })).rejects.toBeInstanceOf(InvalidInputError);
        await expect(store.history.listForBoard(boardId, { skip: 1.5 })).rejects.toBeInstanceOf(InvalidInputError);
        await store.history.append([]);
        expect(await store.history.listForBoard(boardId)).toEqual([]);
      });

      it('keeps history across a restart, and refuses it after close', async () => {
        const first = fixtures.historyEntry(boardId, ticketA);
        const second = fixtures.historyEntry(boardId, ticketA, { kind: 'step_done', step: 'design' });
        await store.history.append([first, second]);
        const reopened = await restart();
        expect(await reopened.history.listForTicket(boardId, ticketA)).toEqual([first, second]);
        await reopened.history.append([fixtures.historyEntry(boardId, ticketB)]);
        expect(await reopened.history.listForBoard(boardId)).toHaveLength(3);
        await reopened.close();
        await expect(reopened.history.listForBoard(boardId)).rejects.toBeInstanceOf(StoreClosedError);
        await expect(reopened.history.append([first])).rejects.toBeInstanceOf(StoreClosedError);
        store = await harness.open();
      });

      it('keeps every one of many concurrent appends, and hands out copies', async () => {
        const entries = Array.from({ length: 25 }, () => fixtures.historyEntry(boardId, ticketA));
        await Promise.all(entries.map((e) => store.history.append([e])));
        const listed = await store.history.listForTicket(boardId, ticketA);
        expect(listed.map((e) => e.id).sort()).toEqual(entries.map((e) => e.id).sort());
        (listed[0] as HistoryEntry).author = null;
        entries[0]!.author = null;
        expect((await store.history.listForTicket(boardId, ticketA)).every((e) => e.author !== null)).toBe(true);
      });
    });

    describe('ticket numbers', () => {
      it('counts per agency from 1, reserves ranges, and never hands a number out twice', async () => {
        const alfa = newAgencyId();
        const beta = newAgencyId();
        expect(await store.ticketNumbers.next(alfa)).toBe(1);
        expect(await store.ticketNumbers.next(alfa, 3)).toBe(2);
        expect(await store.ticketNumbers.next(beta)).toBe(1);
        const concurrent = await Promise.all(Array.from({ length: 10 }, () => store.ticketNumbers.next(alfa)));
        expect([...concurrent].sort((a, b) => a - b)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
        await expect(store.ticketNumbers.next(alfa, 0)).rejects.toBeInstanceOf(InvalidInputError);
        await expect(store.ticketNumbers.next('nope' as AgencyId)).rejects.toBeInstanceOf(InvalidInputError);
        const reopened = await restart();
        expect(await reopened.ticketNumbers.next(alfa)).toBe(15);
      });
    });

    describe('attention', () => {
      it('marks once per person and ticket, lists per person and board, clears', async () => {
        const ana = newUserId();
        const dora = newUserId();
        const boardId = newBoardId();
        const t1 = newTicketId();
        const t2 = newTicketId();
        const mark = (userId: UserId, ticketId: TicketId, markedAt: string, board = boardId): AttentionRecord => ({
          userId,
          boardId: board,
          ticketId,
          reason: 'handoff',
          by: null,
          markedAt,
        });
        await store.attention.mark([mark(ana, t1, '2025-03-10T10:00:00.000Z'), mark(dora, t1, '2025-03-10T10:00:00.000Z')]);
        await store.attention.mark([mark(ana, t1, '2025-03-11T10:00:00.000Z'), mark(ana, t2, '2025-03-11T10:00:00.000Z')]);
        await store.attention.mark([mark(ana, newTicketId(), '2025-03-11T10:00:00.000Z', newBoardId())]);
        expect(await store.attention.list(ana, boardId)).toEqual([
          mark(ana, t1, '2025-03-10T10:00:00.000Z'),
          mark(ana, t2, '2025-03-11T10:00:00.000Z'),
        ]);
        expect(await store.attention.clear(ana, t1)).toBe(true);
        expect(await store.attention.clear(ana, t1)).toBe(false);
        expect((await store.attention.list(ana, boardId)).map((r) => r.ticketId)).toEqual([t2]);
        expect((await store.attention.list(dora, boardId)).map((r) => r.ticketId)).toEqual([t1]);
        await expect(
          store.attention.mark([{ ...mark(ana, t1, 'later'), reason: 'handoff' }]),
        ).rejects.toBeInstanceOf(InvalidInputError);
        expect((await store.attention.list(ana, boardId)).map((r) => r.ticketId)).toEqual([t2]);
        const reopened = await restart();
        expect((await reopened.attention.list(dora, boardId)).map((r) => r.ticketId)).toEqual([t1]);
      });
    });

    describe('share links', () => {
      it('stores a link by its token hash only, finds it by hash, revokes once, rotates, records use, survives a restart', async () => {
        const boardId = newBoardId();
        const link = (id: string, tokenHash: string, createdAt: string): ShareLinkRecord => ({
          id: id as ShareLinkId,
          agencyId: newAgencyId(),
          boardId,
          clientId: newClientId(),
          scope: 'view',
          tokenHash,
          createdAt,
          createdBy: null,
          expiresAt: '2025-06-01T00:00:00.000Z',
          revokedAt: null,
          rotatedAt: null,
          lastUsedAt: null,
          origin: null,
        });
        const first = link('LinkAAAAAAAAAAA1', 'a'.repeat(64), '2025-03-01T00:00:00.000Z');
        const second = link('LinkBBBBBBBBBBB2', 'b'.repeat(64), '2025-03-02T00:00:00.000Z');
        await store.shareLinks.create(first);
        await store.shareLinks.create(second);
        await expect(store.shareLinks.create({ ...second, id: 'LinkCCCCCCCCCCC3' as ShareLinkId })).rejects.toBeInstanceOf(ConflictError);
        await expect(store.shareLinks.create({ ...second, id: 'LinkDDDDDDDDDDD4' as ShareLinkId, tokenHash: 'not-a-hash' })).rejects.toBeInstanceOf(InvalidInputError);
        expect((await store.shareLinks.listByBoard(boardId)).map((l) => l.id)).toEqual([second.id, first.id]);
        expect(await store.shareLinks.findByTokenHash('a'.repeat(64))).toEqual(first);
        expect(await store.shareLinks.findByTokenHash('c'.repeat(64))).toBeNull();

        await store.shareLinks.revoke(first.id, '2025-03-05T00:00:00.000Z');
        expect((await store.shareLinks.revoke(first.id, '2025-03-06T00:00:00.000Z')).revokedAt).toBe('2025-03-05T00:00:00.000Z');
        await expect(store.shareLinks.rotate(second.id, 'a'.repeat(64), '2025-03-07T00:00:00.000Z')).rejects.toBeInstanceOf(ConflictError);
        await store.shareLinks.rotate(second.id, 'c'.repeat(64), '2025-03-07T00:00:00.000Z');
        expect(await store.shareLinks.findByTokenHash('b'.repeat(64))).toBeNull();
        await store.shareLinks.touch(second.id, '2025-03-08T00:00:00.000Z', '2025-03-07T23:59:00.000Z');
        await store.shareLinks.touch(second.id, '2025-03-08T00:00:30.000Z', '2025-03-07T23:59:30.000Z');
        await expect(store.shareLinks.revoke('LinkZZZZZZZZZZZ9' as ShareLinkId, '2025-03-09T00:00:00.000Z')).rejects.toBeInstanceOf(NotFoundError);

        const reopened = await restart();
        expect(await reopened.shareLinks.findByTokenHash('c'.repeat(64))).toEqual({
          ...second,
          tokenHash: 'c'.repeat(64),
          rotatedAt: '2025-03-07T00:00:00.000Z',
          lastUsedAt: '2025-03-08T00:00:00.000Z',
        });
        expect((await reopened.shareLinks.get(first.id))?.revokedAt).toBe('2025-03-05T00:00:00.000Z');
      });
    });

    describe('lifecycle', () => {
      it('is empty until an agency or a user exists', async () => {
        expect(await store.isEmpty()).toBe(true);
        await store.agencies.create(fixtures.agency());
        expect(await store.isEmpty()).toBe(false);
      });

      it('refuses use after close, and closes twice without complaint', async () => {
        await store.close();
        await store.close();
        await expect(store.users.get(newUserId())).rejects.toBeInstanceOf(StoreClosedError);
        await expect(store.agencies.create(fixtures.agency())).rejects.toBeInstanceOf(StoreClosedError);
        await expect(store.boardDocs.load(newBoardId())).rejects.toBeInstanceOf(StoreClosedError);
        store = await harness.open(); // so afterEach has an open store to close
      });

      it('keeps everything across a restart (when the adapter persists)', async () => {
        const agency = fixtures.agency();
        await store.agencies.create(agency);
        const user = fixtures.user(agency.id, { locale: 'en' });
        await store.users.create(user);
        const session = fixtures.session(user.id);
        await store.sessions.create(session);
        const board = fixtures.board(agency.id, [user.id]);
        await store.boards.create(board);
        const client = fixtures.client(agency.id, user.id, { domains: ['cliente.com.br'] });
        await store.clients.create(client);
        await store.boardDocs.append(board.id, mapUpdate(1, 'a', 'um'));
        await store.boardDocs.append(board.id, mapUpdate(2, 'b', 'dois'));

        const reopened = await restart();
        expect(await reopened.agencies.list()).toEqual([agency]);
        expect(await reopened.users.get(user.id)).toEqual(user);
        expect(await reopened.sessions.get(session.tokenHash)).toEqual(session);
        expect(await reopened.boards.get(board.id)).toEqual(board);
        expect(await reopened.clients.get(client.id)).toEqual(client);
        expect(readMap(await reopened.boardDocs.load(board.id))).toEqual({ a: 'um', b: 'dois' });
        expect(await reopened.isEmpty()).toBe(false);
      });
    });
  });
}
