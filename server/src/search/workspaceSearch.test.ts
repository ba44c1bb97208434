import { createTicket, initBoard, replaceText } from '@fluxo/shared/board/index';
import { type AgencyId, type BoardId, type TicketId, newAgencyId, newBoardId } from '@fluxo/shared/ids';
import { serverOrigin } from '@fluxo/shared/origin';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createConversation } from '../conversation/conversation.js';
import { ConversationEvents } from '../conversation/conversationEvents.js';
import type { LiveBoards } from '../conversation/ticketDirectory.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { Store } from '../store/store.js';
import { type WorkspaceSearch, createWorkspaceSearch } from './workspaceSearch.js';

/**
 * A stand-in for the sync server's rooms: one live `Y.Doc` per board, kept until `unload`
 * destroys it (as an idle room is), then loaded anew from the store.
 */
class Rooms implements LiveBoards {
  readonly docs = new Map<BoardId, Y.Doc>();
  constructor(readonly store: Store) {}
  async withBoardDoc<T>(boardId: BoardId, use: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    let doc = this.docs.get(boardId);
    if (!doc) {
      doc = new Y.Doc();
      const state = await this.store.boardDocs.load(boardId);
      if (state) Y.applyUpdate(doc, state);
      this.docs.set(boardId, doc);
    }
    return use(doc);
  }
  async unload(boardId: BoardId): Promise<void> {
    const doc = this.docs.get(boardId);
    if (!doc) return;
    await this.store.boardDocs.replace(boardId, Y.encodeStateAsUpdate(doc));
    this.docs.delete(boardId);
    doc.destroy();
  }
}

describe('workspace search', () => {
  let search: WorkspaceSearch | null = null;
  afterEach(() => search?.close());

  async function setUp(tickets: number) {
    const store = createMemoryStore();
    const agencyId: AgencyId = newAgencyId();
    const boardId: BoardId = newBoardId();
    await store.agencies.create({ id: agencyId, name: 'Agência', createdAt: '2025-01-01T00:00:00.000Z' });
    await store.boards.create({ id: boardId, agencyId, name: 'Quadro', memberIds: [], createdAt: '2025-01-01T00:00:00.000Z' });
    const doc = new Y.Doc();
    initBoard(doc, serverOrigin('seed'));
    const ids: TicketId[] = [];
    for (let i = 0; i < tickets; i++) ids.push(createTicket(doc, { title: `Peça ${i} da campanha`, channel: 'email' }, serverOrigin('seed')));
    await store.boardDocs.replace(boardId, Y.encodeStateAsUpdate(doc));
    const rooms = new Rooms(store);
    const events = new ConversationEvents();
    search = createWorkspaceSearch({ store, events, boards: rooms, chunk: 50 });
    const find = async (q: string) =>
      (await (search as WorkspaceSearch).query(agencyId, { q, boards: new Set([boardId]), agencyWide: true, limit: 50 })).hits.map((h) => h.entry.ticketId);
    return { store, agencyId, boardId, rooms, events, ids, find };
  }

  it('builds once, in chunks, and then reads only the tickets the live document changed', async () => {
    const { agencyId, boardId, rooms, ids, find } = await setUp(300);
    const [a, b] = await Promise.all([find('campanha'), find('peça 7')]);
    expect(a).toHaveLength(50);
    expect(b[0]).toBe(ids[7]);
    const built = search?.stats(agencyId);
    expect(built).toMatchObject({ entries: 300, ticketsRead: 300 });

    // An edit in the live room, with no signal at all (e.g. a server-made change): observed.
    const ticketId = ids[42] as TicketId;
    await rooms.withBoardDoc(boardId, (doc) => replaceText(doc, { ticketId, field: 'title', text: 'Vinheta de rádio' }, serverOrigin('seed')));
    expect(await find('vinheta')).toEqual([ticketId]);
    expect(await find('peça 42 ')).not.toContain(ticketId);
    expect(search?.stats(agencyId)?.ticketsRead).toBe(301);
    // Nothing changed: nothing is read.
    await find('campanha');
    expect(search?.stats(agencyId)?.ticketsRead).toBe(301);
  });

  it('reads a board again whole when its room was reloaded and a change was signalled', async () => {
    const { agencyId, boardId, rooms, events, ids, find } = await setUp(20);
    await find('campanha');
    await rooms.unload(boardId);
    const ticketId = ids[3] as TicketId;
    await rooms.withBoardDoc(boardId, (doc) => replaceText(doc, { ticketId, field: 'summary', text: 'Roteiro do podcast' }, serverOrigin('seed')));
    events.boardChanged(boardId);
    expect(await find('podcast')).toEqual([ticketId]);
    expect(search?.stats(agencyId)?.ticketsRead).toBe(40);
    // From then on the new document is the one observed.
    await rooms.withBoardDoc(boardId, (doc) => replaceText(doc, { ticketId, field: 'summary', text: 'Roteiro do jingle' }, serverOrigin('seed')));
    expect(await find('podcast')).toEqual([]);
    expect(await find('jingle')).toEqual([ticketId]);
    expect(search?.stats(agencyId)?.ticketsRead).toBe(41);
  });

  it('hears which ticket’s comments changed, not just that the board did', async () => {
    const { store, agencyId, boardId, rooms, events, ids, find } = await setUp(5);
    await find('campanha');
    const ticketId = ids[1] as TicketId;
    const conversation = createConversation({ store, events, boards: rooms });
    await conversation.createComment({ boardId, ticketId, author: { kind: 'system' }, body: 'Cliente pediu **orçamento** extra', visibility: 'internal' });
    const hits = await (search as WorkspaceSearch).query(agencyId, { q: 'orcamento', boards: new Set([boardId]), agencyWide: true, limit: 5 });
    expect(hits.hits.map((h) => [h.entry.type, h.entry.ticketId, h.title.text])).toEqual([['comment', ticketId, 'Peça 1 da campanha']]);
  });
});
