/**
 * The contract of `store.workspaceArchive` (`workspaceArchivePorts.ts`), run for each adapter by
 * `workspaceArchivePorts.test.ts`: export → import into an empty store → export is identical
 * (and survives a restart where the adapter persists); only the agency's records travel, never
 * sessions; a bad or conflicting archive writes nothing.
 */
import { ConflictError, InvalidInputError } from '@fluxo/shared/errors';
import { newTicketId } from '@fluxo/shared/ids';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { conversationFixtures } from './conversation.contract.js';
import { newOutboxId } from './conversationRecords.js';
import { type StoreHarness, fixtures } from './store.contract.js';
import type { Store } from './store.js';
import type { WorkspaceData } from './workspaceArchiveRecords.js';

/** Fills `store` with two agencies; returns the first one's ids. */
async function fill(store: Store, domain = 'um.test') {
  const agency = fixtures.agency({ name: 'Agência Um' });
  const rival = fixtures.agency({ name: 'Agência Dois' });
  await store.agencies.create(agency);
  await store.agencies.create(rival);
  const ana = fixtures.user(agency.id, { name: 'Ana', email: `ana@${domain}` });
  const dora = fixtures.user(agency.id, { name: 'Dora', role: 'admin', email: `dora@${domain}`, locale: 'en' });
  const chefe = fixtures.user(rival.id, { name: 'Chefe', role: 'admin', email: `chefe@dois.${domain}` });
  for (const user of [ana, dora, chefe]) await store.users.create(user);
  const session = fixtures.session(ana.id);
  await store.sessions.create(session);
  const board = fixtures.board(agency.id, [ana.id, dora.id], { wipLimits: { production: 3 } });
  const empty = fixtures.board(agency.id, [ana.id], { name: 'Vazio' });
  const rivalBoard = fixtures.board(rival.id, [chefe.id]);
  for (const b of [board, empty, rivalBoard]) await store.boards.create(b);
  const client = fixtures.client(agency.id, ana.id, { name: 'Padaria', emails: ['marcia@padaria.test'], domains: ['padaria.test'] });
  await store.clients.create(client);
  await store.clients.create(fixtures.client(rival.id, chefe.id));
  await store.ticketNumbers.next(agency.id, 5);
  await store.ticketNumbers.next(rival.id, 2);
  await store.absences.create(fixtures.absence(agency.id, ana.id, '2025-11-03', '2025-11-05'));

  const doc = new Y.Doc();
  doc.clientID = 4242;
  doc.getMap('tickets').set('t1', 'Banner');
  await store.boardDocs.append(board.id, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(doc);
  doc.getMap('tickets').set('t2', 'Site');
  await store.boardDocs.append(board.id, Y.encodeStateAsUpdate(doc, before));
  await store.boardDocs.append(rivalBoard.id, Y.encodeStateAsUpdate(doc));
  await store.replicaOwners.record(board.id, [[4242, ana.id], [7, 'server']]);

  const ticketId = newTicketId();
  await store.history.append([
    fixtures.historyEntry(board.id, ticketId, { author: ana.id }),
    fixtures.historyEntry(board.id, ticketId, { kind: 'moved', from: 'triage', to: 'analysis', author: dora.id, at: '2025-03-11T09:00:00.000Z' }),
  ]);
  await store.history.append([fixtures.historyEntry(rivalBoard.id, newTicketId())]);

  const place = { agencyId: agency.id, boardId: board.id, ticketId };
  const first = conversationFixtures.comment(place, ana.id, { visibility: 'client' });
  const { comments } = await store.conversation.write({
    comments: [{ record: first, expectedSeq: null }],
    notifications: [conversationFixtures.notification(place, dora.id)],
    outbox: [conversationFixtures.outbox(place, { status: 'sent', sentAt: '2025-03-10T12:01:00.000Z', messageId: 'm1@fluxo.test' })],
  });
  await store.conversation.write({
    comments: [
      { record: conversationFixtures.comment(place, dora.id, { parentId: first.id, visibility: 'client' }), expectedSeq: null },
      {
        record: { ...first, revisions: [...first.revisions, { body: 'Editado', at: '2025-03-10T12:30:00.000Z', by: first.author }] },
        expectedSeq: comments[0]?.seq ?? 0,
      },
    ],
  });
  await store.notificationPrefs.choose(dora.id, 'mentioned', 'digest', '2025-03-10T12:00:00.000Z');
  const rivalPlace = { agencyId: rival.id, boardId: rivalBoard.id, ticketId: newTicketId() };
  await store.conversation.write({
    comments: [{ record: conversationFixtures.comment(rivalPlace, chefe.id), expectedSeq: null }],
    outbox: [conversationFixtures.outbox(rivalPlace, { id: newOutboxId() })],
  });
  return { agency, rival, ana, dora, board, empty, rivalBoard, ticketId, session };
}

export function defineWorkspaceArchiveContract(name: string, createHarness: () => Promise<StoreHarness>): void {
  describe(`workspace archive contract: ${name}`, () => {
    let sourceHarness: StoreHarness;
    let targetHarness: StoreHarness;
    let source: Store;
    let target: Store;

    beforeEach(async () => {
      sourceHarness = await createHarness();
      targetHarness = await createHarness();
      source = await sourceHarness.open();
      target = await targetHarness.open();
    });

    afterEach(async () => {
      await source.close();
      await target.close();
      await sourceHarness.cleanup();
      await targetHarness.cleanup();
    });

    it('exports only the agency’s records, without sessions', async () => {
      const { agency, board, empty, rivalBoard } = await fill(source);
      const data = await source.workspaceArchive.export(agency.id);
      expect(data.records.agencies.map((a) => a.id)).toEqual([agency.id]);
      expect(data.records.users.map((u) => u.name)).toEqual(['Ana', 'Dora']);
      expect(data.records.users[0]?.passwordHash).toMatch(/^\$argon2id\$/);
      expect(data.records.boards.map((b) => b.id)).toEqual([board.id, empty.id]);
      expect(data.records.clients.map((c) => c.name)).toEqual(['Padaria']);
      expect(data.records.ticketCounters).toEqual([{ agencyId: agency.id, last: 5 }]);
      expect(data.records.absences).toHaveLength(1);
      expect(data).not.toHaveProperty('records.sessions');
      expect(JSON.stringify(data)).not.toContain(rivalBoard.id);
      expect(data.boardDocs.map((d) => d.boardId)).toEqual([board.id]);
      expect(data.replicaOwners).toEqual([{ boardId: board.id, owners: [[4242, data.records.users[0]?.id], [7, 'server']] }]);
      expect(data.history.map((h) => h.entries.length)).toEqual([2]);
      expect(data.conversation.comments).toHaveLength(2);
      expect(data.conversation.comments[0]?.revisions.map((r) => r.body)).toEqual(['Primeira versão', 'Editado']);
      expect(data.conversation.notifications).toHaveLength(1);
      expect(data.conversation.prefs).toHaveLength(1);
      expect(data.conversation.outbox).toHaveLength(1);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Buffer.from(data.boardDocs[0]?.state ?? '', 'base64'));
      expect(doc.getMap('tickets').toJSON()).toEqual({ t1: 'Banner', t2: 'Site' });
    });

    it('export → import into an empty store → export is identical, and reads the same', async () => {
      const { agency, ana, board, ticketId, session } = await fill(source);
      const exported = await source.workspaceArchive.export(agency.id);
      await target.workspaceArchive.import(structuredClone(exported));
      expect(await target.workspaceArchive.export(agency.id)).toEqual(exported);

      if (targetHarness.persistent) {
        await target.close();
        target = await targetHarness.open();
        expect(await target.workspaceArchive.export(agency.id)).toEqual(exported);
      }
      expect(await target.users.findByEmail('ana@um.test')).toEqual(ana);
      expect(await source.sessions.get(session.tokenHash)).not.toBeNull();
      expect(await target.sessions.get(session.tokenHash)).toBeNull();
      expect(await target.history.listForTicket(board.id, ticketId)).toEqual(await source.history.listForTicket(board.id, ticketId));
      expect(await target.comments.listForTicket(board.id, ticketId)).toEqual(await source.comments.listForTicket(board.id, ticketId));
      expect(await target.replicaOwners.load(board.id)).toEqual(await source.replicaOwners.load(board.id));
      expect(await target.ticketNumbers.next(agency.id)).toBe(6);
      // A new comment on the imported store gets a seq past the imported ones.
      const maxSeq = Math.max(...exported.conversation.comments.map((c) => c.seq), ...exported.conversation.notifications.map((n) => n.seq));
      const { comments } = await target.conversation.write({
        comments: [{ record: conversationFixtures.comment({ agencyId: agency.id, boardId: board.id, ticketId }, ana.id), expectedSeq: null }],
      });
      expect(comments[0]?.seq).toBeGreaterThan(maxSeq);
    });

    it('imports next to another agency, shifting seq past the target’s', async () => {
      const { agency } = await fill(source);
      const exported = await source.workspaceArchive.export(agency.id);
      const other = await fill(target, 'outra.test'); // a target with its own data (two other agencies)
      await target.workspaceArchive.import(structuredClone(exported));
      const again = await target.workspaceArchive.export(agency.id);
      expect(again.records).toEqual(exported.records);
      expect(again.history).toEqual(exported.history);
      expect(again.conversation.comments.map((c) => c.id)).toEqual(exported.conversation.comments.map((c) => c.id));
      const targetSeqs = (await target.workspaceArchive.export(other.agency.id)).conversation.comments.map((c) => c.seq);
      for (const comment of again.conversation.comments) expect(comment.seq).toBeGreaterThan(Math.max(...targetSeqs));
      expect((await target.agencies.list()).length).toBe(3);
    });

    it('refuses an agency, email or board the target already has (ConflictError), writing nothing', async () => {
      const { agency } = await fill(source);
      const exported = await source.workspaceArchive.export(agency.id);
      await expect(source.workspaceArchive.import(structuredClone(exported))).rejects.toThrow(ConflictError);

      const emailTaken = structuredClone(exported);
      const ana = emailTaken.records.users[0];
      if (ana === undefined) throw new Error('no user');
      await target.users.create(fixtures.user((await createAgency(target)).id, { email: ana.email }));
      const before = await snapshot(target);
      await expect(target.workspaceArchive.import(emailTaken)).rejects.toThrow(/already has email ana@um\.test/);
      expect(await snapshot(target)).toEqual(before);
    });

    it('refuses a malformed or inconsistent archive (InvalidInputError), writing nothing', async () => {
      const { agency, rival } = await fill(source);
      const exported = await source.workspaceArchive.export(agency.id);
      const cases: [string, (d: WorkspaceData) => unknown, RegExp][] = [
        ['bad email', (d) => ({ ...d, records: { ...d.records, users: [{ ...d.records.users[0], email: 42 }] } }), /records\.users\.0\.email/],
        ['two agencies', (d) => ({ ...d, records: { ...d.records, agencies: [...d.records.agencies, { ...rival }] } }), /exactly one agency/],
        [
          'a user of another agency',
          (d) => ({ ...d, records: { ...d.records, users: [...d.records.users, fixtures.user(rival.id)] } }),
          /records\.users\.2: belongs to another agency/,
        ],
        ['a broken board document', (d) => ({ ...d, boardDocs: [{ boardId: d.records.boards[0]?.id, state: 'AQEBAQEB' }] }), /boardDocs\.0: not a Yjs document/],
        ['history of an unknown board', (d) => ({ ...d, history: [{ ...d.history[0], boardId: fixtures.board(agency.id, []).id }] }), /history\.0: board/],
        ['an unknown field', (d) => ({ ...d, extra: true }), /not a Fluxo workspace/],
      ];
      for (const [what, change, message] of cases) {
        await expect(target.workspaceArchive.import(change(structuredClone(exported)) as WorkspaceData), what).rejects.toThrow(InvalidInputError);
        await expect(target.workspaceArchive.import(change(structuredClone(exported)) as WorkspaceData), what).rejects.toThrow(message);
      }
      expect(await target.isEmpty()).toBe(true);
      const board = exported.records.boards[0];
      if (board === undefined) throw new Error('no board');
      expect(await target.boardDocs.load(board.id)).toBeNull();
      expect(await target.history.listForBoard(board.id)).toEqual([]);
    });

    it('completes an import that stopped before its records were written', async () => {
      const { agency, board } = await fill(source);
      const exported = await source.workspaceArchive.export(agency.id);
      // What an interrupted run leaves: part of a board's history and its document.
      await target.history.append([exported.history[0]?.entries[0] as never]);
      await target.boardDocs.append(board.id, Buffer.from(exported.boardDocs[0]?.state ?? '', 'base64'));
      await target.workspaceArchive.import(structuredClone(exported));
      expect(await target.workspaceArchive.export(agency.id)).toEqual(exported);
    });

    it('refuses a board whose history here is not the archive’s', async () => {
      const { agency, board } = await fill(source);
      const exported = await source.workspaceArchive.export(agency.id);
      await target.history.append([fixtures.historyEntry(board.id, newTicketId())]);
      await expect(target.workspaceArchive.import(structuredClone(exported))).rejects.toThrow(ConflictError);
      expect(await target.isEmpty()).toBe(true);
    });
  });
}

async function createAgency(store: Store) {
  const agency = fixtures.agency();
  await store.agencies.create(agency);
  return agency;
}

async function snapshot(store: Store) {
  const agencies = await store.agencies.list();
  return Promise.all(agencies.map((a) => store.workspaceArchive.export(a.id)));
}
