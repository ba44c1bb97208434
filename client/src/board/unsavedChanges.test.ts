import { assignTicket, moveTicket, unassignTicket } from '@fluxo/shared/board/index';
import { ANA, ASANA, PAULO, newDoc, open, tid } from '@fluxo/shared/board/testing/fixtures';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { UnsavedChanges } from './unsavedChanges';

/** A replica whose every transaction is recorded, as the session does. */
function replica(clientID = 7) {
  const doc = newDoc(clientID);
  const changes = new UnsavedChanges();
  doc.on('afterTransaction', (tr: Y.Transaction) => changes.record(tr));
  return { doc, changes };
}

const clockOf = (doc: Y.Doc): number => Y.getState(doc.store, doc.clientID);

describe('UnsavedChanges', () => {
  it('counts each local change until a saved vector covers its clock', () => {
    const { doc, changes } = replica();
    changes.connected();
    open(doc, 1);
    const afterFirst = clockOf(doc);
    open(doc, 2);
    moveTicket(doc, { ticketId: tid(1), toStage: 'analysis' }, ASANA);
    expect(changes.count).toBe(3);

    changes.acknowledge(new Map([[doc.clientID, afterFirst]]));
    expect(changes.count).toBe(2);
    changes.acknowledge(new Map([[doc.clientID, afterFirst - 1]]));
    expect(changes.count).toBe(2);
    changes.acknowledge(new Map([[doc.clientID, clockOf(doc)]]));
    expect(changes.count).toBe(0);
  });

  it('ignores updates from the network or the cache, and acknowledgements for other clients', () => {
    const { doc, changes } = replica();
    const colleague = newDoc(8);
    open(colleague, 1);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(colleague), 'network');
    expect(changes.count).toBe(0);

    changes.connected();
    open(doc, 2);
    changes.acknowledge(new Map([[colleague.clientID, 1_000]]));
    expect(changes.count).toBe(1);
  });

  it('counts a deletion-only change as saved by the next acknowledgement on its connection that covers what came before', () => {
    const { doc, changes } = replica();
    changes.connected();
    open(doc, 1, { assignees: [ANA, PAULO] });
    changes.acknowledge(new Map([[doc.clientID, clockOf(doc)]]));
    expect(changes.count).toBe(0);

    assignTicket(doc, { ticketId: tid(1), userId: 'Someone000000001' }, ASANA);
    const afterAssign = clockOf(doc);
    unassignTicket(doc, { ticketId: tid(1), userId: ANA }, ASANA);
    expect(clockOf(doc)).toBe(afterAssign);
    expect(changes.list()).toEqual([
      { client: doc.clientID, clock: afterAssign, deletionOnly: false },
      { client: doc.clientID, clock: afterAssign, deletionOnly: true },
    ]);

    // An acknowledgement that does not reach the assignment cannot speak for the deletion after it.
    changes.acknowledge(new Map([[doc.clientID, afterAssign - 1]]));
    expect(changes.count).toBe(2);
    changes.acknowledge(new Map([[doc.clientID, afterAssign]]));
    expect(changes.count).toBe(0);
  });

  it('keeps a deletion made offline until an acknowledgement on the connection that sent it', () => {
    const { doc, changes } = replica();
    open(doc, 1, { assignees: [ANA] });
    changes.connected();
    changes.acknowledge(new Map([[doc.clientID, clockOf(doc)]]));
    changes.disconnected();

    unassignTicket(doc, { ticketId: tid(1), userId: ANA }, ASANA);
    expect(changes.count).toBe(1);
    changes.connected();
    // The server's handshake holds every clock of ours: that says nothing about the deletion.
    changes.serverHolds(new Map([[doc.clientID, clockOf(doc)]]));
    expect(changes.count).toBe(1);
    changes.acknowledge(new Map([[doc.clientID, clockOf(doc)]]));
    expect(changes.count).toBe(0);
  });

  it('settles, at the handshake, changes the server already holds', () => {
    const { doc, changes } = replica();
    changes.connected();
    open(doc, 1);
    const first = clockOf(doc);
    open(doc, 2);
    changes.disconnected();
    changes.connected();
    changes.serverHolds(new Map([[doc.clientID, first]]));
    expect(changes.count).toBe(1);
  });

  it('restores changes kept from an earlier page load and settles them like any other', () => {
    const earlier = replica(11);
    open(earlier.doc, 1);
    open(earlier.doc, 2);
    const kept = earlier.changes.list();

    const changes = new UnsavedChanges();
    changes.restore(kept);
    changes.restore(kept);
    expect(changes.count).toBe(2);
    changes.connected();
    changes.acknowledge(new Map([[11, clockOf(earlier.doc)]]));
    expect(changes.count).toBe(0);
  });

  it('reports every change of the list to its listener', () => {
    const counts: number[] = [];
    const doc = newDoc(3);
    const changes = new UnsavedChanges((c) => counts.push(c.count));
    doc.on('afterTransaction', (tr: Y.Transaction) => changes.record(tr));
    changes.connected();
    open(doc, 1);
    open(doc, 2);
    changes.acknowledge(new Map([[3, clockOf(doc)]]));
    expect(counts).toEqual([1, 2, 0]);
  });
});
