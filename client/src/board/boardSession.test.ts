import 'fake-indexeddb/auto';
import { createTicket, moveTicket, readTicket, unassignTicket } from '@fluxo/shared/board/index';
import type { BoardId, UserId } from '@fluxo/shared/ids';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { indexedDbCache } from './boardCache';
import { type BoardSession, type BoardSessionOptions, createBoardSession } from './boardSession';
import { createLocalServer, type LocalServer } from './testing/localServer';

const BOARD = 'Board00000000001' as BoardId;
const ANA = { id: 'AnaAtendimento01' as UserId, name: 'Ana' };
const PAULO = { id: 'PauloProducao001' as UserId, name: 'Paulo' };

const open: BoardSession[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.destroy()));
});

function session(server: LocalServer, me = ANA, extra: Partial<BoardSessionOptions> = {}): BoardSession {
  const s = createBoardSession({ boardId: BOARD, me, link: server.link, cache: null, ...extra });
  open.push(s);
  return s;
}

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function add(s: BoardSession, title: string): string {
  return createTicket(s.doc, { title, channel: 'email' }, s.origin);
}

describe('createBoardSession', () => {
  it('is offline until the server answers, then saved; counts changes until they are acknowledged', async () => {
    const server = createLocalServer();
    const ana = session(server);
    expect(ana.sync()).toEqual({ kind: 'offline', unsaved: 0 });
    await settle();
    expect(ana.sync()).toEqual({ kind: 'saved' });
    expect(ana.loaded()).toBe(true);

    server.holdAcks = true;
    const id = add(ana, 'Banner da campanha');
    moveTicket(ana.doc, { ticketId: id, toStage: 'analysis' }, ana.origin);
    expect(ana.sync()).toEqual({ kind: 'saving', unsaved: 2 });
    server.flushAcks();
    expect(ana.sync()).toEqual({ kind: 'saved' });
    expect(readTicket(server.doc, id)?.stage).toBe('analysis');
  });

  it('keeps working offline and sends what was done when the connection returns', async () => {
    const server = createLocalServer();
    const ana = session(server);
    await settle();
    const id = add(ana, 'Landing page');
    server.disconnectAll();
    moveTicket(ana.doc, { ticketId: id, toStage: 'analysis' }, ana.origin);
    add(ana, 'Arquivo da logomarca');
    expect(ana.sync()).toEqual({ kind: 'offline', unsaved: 2 });
    expect(ana.reader.column('triage')).toHaveLength(1);

    server.reconnect();
    expect(ana.sync()).toEqual({ kind: 'saved' });
    expect(readTicket(server.doc, id)?.stage).toBe('analysis');
  });

  it('counts a deletion as unsaved until the server acknowledges it', async () => {
    const server = createLocalServer();
    const ana = session(server);
    await settle();
    const id = createTicket(ana.doc, { title: 'Post', channel: 'email', assignees: [ANA.id] }, ana.origin);
    server.holdAcks = true;
    unassignTicket(ana.doc, { ticketId: id, userId: ANA.id }, ana.origin);
    expect(ana.sync()).toEqual({ kind: 'saving', unsaved: 1 });
    server.flushAcks();
    expect(ana.sync()).toEqual({ kind: 'saved' });
  });

  it('undoes and redoes only this person’s changes, and never a creation', async () => {
    const server = createLocalServer();
    const ana = session(server);
    const paulo = session(server, PAULO);
    await settle();
    const mine = add(ana, 'Banner');
    const theirs = add(paulo, 'Landing page');
    expect(ana.history.canUndo()).toBe(false);

    moveTicket(ana.doc, { ticketId: mine, toStage: 'analysis' }, ana.origin);
    moveTicket(paulo.doc, { ticketId: theirs, toStage: 'analysis' }, paulo.origin);
    expect(ana.history.canUndo()).toBe(true);

    ana.history.undo();
    expect(readTicket(ana.doc, mine)?.stage).toBe('triage');
    expect(readTicket(ana.doc, theirs)?.stage).toBe('analysis');
    expect(readTicket(paulo.doc, mine)?.stage).toBe('triage');
    expect(ana.history.canUndo()).toBe(false);
    expect(readTicket(ana.doc, mine)).not.toBeNull();

    expect(ana.history.canRedo()).toBe(true);
    ana.history.redo();
    expect(readTicket(paulo.doc, mine)?.stage).toBe('analysis');
  });

  it('hands a refusal and a final close to the page', async () => {
    const server = createLocalServer();
    const onRefused = vi.fn();
    const onClosed = vi.fn();
    session(server, ANA, { onRefused, onClosed });
    await settle();
    server.refuseAll('invalid_board');
    expect(onRefused).toHaveBeenCalledWith('invalid_board');
    server.closeAll(4403);
    expect(onClosed).toHaveBeenCalledWith(4403);
  });

  it('shows who else is on the board and which ticket they have open', async () => {
    const server = createLocalServer();
    const ana = session(server);
    const paulo = session(server, PAULO);
    await settle();
    const id = add(ana, 'Banner');
    expect(ana.presence.others().map((p) => p.name)).toEqual(['Paulo']);

    paulo.presence.setViewing(readTicket(paulo.doc, id)?.id ?? null);
    expect(ana.presence.onTicket(id)).toEqual([expect.objectContaining({ name: 'Paulo', activity: 'viewing' })]);
    paulo.presence.setDragging(readTicket(paulo.doc, id)?.id ?? null);
    expect(ana.presence.onTicket(id)).toEqual([expect.objectContaining({ name: 'Paulo', activity: 'dragging' })]);

    await paulo.destroy();
    expect(ana.presence.others()).toEqual([]);
    expect(ana.presence.onTicket(id)).toEqual([]);
  });

  it('reopens from this browser’s cache with the offline edits still counted, and sends them later', async () => {
    const server = createLocalServer();
    const first = createBoardSession({ boardId: BOARD, me: ANA, link: server.link, cache: indexedDbCache });
    // The cache is read before the link opens: once synced, both are in place.
    await vi.waitFor(() => expect(first.sync()).toEqual({ kind: 'saved' }));
    server.disconnectAll();
    const id = add(first, 'Feito offline');
    moveTicket(first.doc, { ticketId: id, toStage: 'analysis' }, first.origin);
    expect(first.sync()).toEqual({ kind: 'offline', unsaved: 2 });
    await first.destroy();

    const again = createBoardSession({ boardId: BOARD, me: ANA, link: server.link, cache: indexedDbCache });
    open.push(again);
    await vi.waitFor(() => expect(again.loaded()).toBe(true));
    expect(again.reader.tickets[id]?.title).toBe('Feito offline');
    expect(again.sync()).toEqual({ kind: 'offline', unsaved: 2 });

    server.reconnect();
    expect(readTicket(server.doc, id)?.stage).toBe('analysis');
    expect(again.sync()).toEqual({ kind: 'saved' });

    // Another person on this browser does not see Ana's cached board.
    const other = createBoardSession({ boardId: BOARD, me: PAULO, link: createLocalServer().link, cache: indexedDbCache });
    open.push(other);
    await vi.waitFor(() => expect(other.loaded()).toBe(true));
    expect(other.reader.tickets[id]).toBeUndefined();
  });

  it('keeps the server’s handshake state in this browser’s cache, stored as received', async () => {
    const server = createLocalServer();
    const colleague = session(server, PAULO);
    await settle();
    const id = add(colleague, 'Post do Instagram');
    moveTicket(colleague.doc, { ticketId: id, toStage: 'analysis' }, colleague.origin);

    // A board this browser has never cached.
    const board = 'Board00000000002' as BoardId;
    const first = createBoardSession({ boardId: board, me: ANA, link: server.link, cache: indexedDbCache });
    await vi.waitFor(() => expect(first.sync()).toEqual({ kind: 'saved' }));
    expect(first.reader.tickets[id]?.stage).toBe('analysis');
    await first.destroy();

    // Next visit with no server at all: the board is there from the cache alone.
    const nowhere = () => ({ destroy: () => undefined });
    const again = createBoardSession({ boardId: board, me: ANA, link: nowhere, cache: indexedDbCache });
    open.push(again);
    await vi.waitFor(() => expect(again.loaded()).toBe(true));
    expect(again.reader.tickets[id]?.title).toBe('Post do Instagram');
    expect(again.reader.column('analysis')).toEqual([id]);
  });
});
