import type { UserId } from '@fluxo/shared/ids';
import { presenceColor } from '@fluxo/shared/sync/presence';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PRESENCE, PresenceRelay, type PresenceSender, sendInChunks, withinShape } from './presenceRelay.js';
import { type AwarenessEntry, SyncProtocolError, encodeAwarenessEntries, readAwarenessEntries } from './syncMessages.js';

const ANA = 'AnaAtendimento01' as UserId;
const PAULO = 'PauloProducao001' as UserId;

function state(userId: UserId, viewing: string | null = null): string {
  return JSON.stringify({ user: { id: userId, name: 'X', color: presenceColor(userId) }, viewing, dragging: null, cursor: null });
}

function update(...entries: AwarenessEntry[]): Uint8Array {
  return encodeAwarenessEntries(entries);
}

/** The entries of each broadcast (awareness message = type byte, length, update). */
function broadcastEntries(message: Uint8Array): AwarenessEntry[] {
  // [1, varUint length, ...update]; lengths here are small enough for a one- or two-byte varUint.
  let offset = 1;
  while ((message[offset] ?? 0) & 0x80) offset++;
  return readAwarenessEntries(message.subarray(offset + 1));
}

let relay: PresenceRelay<PresenceSender> | null = null;
afterEach(() => relay?.close());

function setup(options = {}, claim?: (sender: PresenceSender, clientId: number) => boolean) {
  const sent: AwarenessEntry[][] = [];
  relay = new PresenceRelay<PresenceSender>(
    { ...DEFAULT_PRESENCE, tickMs: 1_000_000, ...options },
    (message) => sent.push(broadcastEntries(message)),
    claim,
  );
  return { relay, sent };
}

/** A valid state whose caret anchor is `anchor` (free JSON in the schema). */
function stateWithAnchor(userId: UserId, anchor: string): string {
  return `{"user":{"id":"${userId}","name":"X","color":"${presenceColor(userId)}"},"viewing":null,"dragging":null,"cursor":{"field":"title","anchor":${anchor},"head":null}}`;
}

describe('PresenceRelay', () => {
  it('relays a claimed entry once, and drops echoes of it', () => {
    const { relay, sent } = setup();
    const ana = { userId: ANA };
    const paulo = { userId: PAULO };
    relay.receive(ana, update({ clientId: 1, clock: 0, state: state(ANA) }), true);
    relay.flush();
    expect(sent).toEqual([[{ clientId: 1, clock: 0, state: state(ANA) }]]);
    // Paulo's client echoes what it received; so does Ana's.
    relay.receive(paulo, update({ clientId: 1, clock: 0, state: state(ANA) }), true);
    relay.receive(ana, update({ clientId: 1, clock: 0, state: state(ANA) }), false);
    relay.flush();
    expect(sent).toHaveLength(1);
    expect(relay.stats).toMatchObject({ accepted: 1, echoes: 2, refused: 0 });
    expect([...relay.ownedBy(ana)]).toEqual([1]);
  });

  it('gathers the changes of one tick into one broadcast, the latest per client', () => {
    const { relay, sent } = setup();
    const ana = { userId: ANA };
    const paulo = { userId: PAULO };
    relay.receive(ana, update({ clientId: 1, clock: 0, state: state(ANA) }), true);
    relay.receive(ana, update({ clientId: 1, clock: 1, state: state(ANA, 'Ticket0000000001') }), false);
    relay.receive(paulo, update({ clientId: 2, clock: 5, state: state(PAULO) }), true);
    relay.flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.map((e) => [e.clientId, e.clock])).toEqual([
      [1, 1],
      [2, 5],
    ]);
  });

  it('refuses entries for another connection’s id, in someone else’s name, invalid or too many', () => {
    const { relay, sent } = setup({ maxClientIdsPerConnection: 2 });
    const ana = { userId: ANA };
    const paulo = { userId: PAULO };
    relay.receive(paulo, update({ clientId: 2, clock: 0, state: state(PAULO) }), true);
    relay.receive(ana, update({ clientId: 2, clock: 9, state: state(ANA) }), true); // Paulo's id
    relay.receive(ana, update({ clientId: 3, clock: 0, state: state(PAULO) }), false); // Paulo's name
    relay.receive(ana, update({ clientId: 4, clock: 0, state: '{"user":{"id":"x"}}' }), false);
    relay.receive(ana, update({ clientId: 5, clock: 0, state: 'not json' }), false);
    relay.receive(ana, update({ clientId: 6, clock: 0, state: JSON.stringify({ ...JSON.parse(state(ANA)), extra: 1 }) }), false);
    relay.receive(ana, update({ clientId: 7, clock: 0, state: state(ANA) }), false);
    relay.receive(ana, update({ clientId: 8, clock: 0, state: state(ANA) }), false);
    relay.receive(ana, update({ clientId: 9, clock: 0, state: state(ANA) }), false); // a third id
    relay.receive(ana, update({ clientId: 10, clock: 0, state: state(ANA, 'x'.repeat(10_000)) }), false);
    relay.flush();
    expect(sent[0]?.map((e) => e.clientId)).toEqual([2, 7, 8]);
    expect(relay.stats.refused).toBe(7);
  });

  it('removes a closed connection’s entries for everyone, and keeps late echoes from claiming them', () => {
    const { relay, sent } = setup();
    const ana = { userId: ANA };
    const anaAgain = { userId: ANA };
    const anaOtherTab = { userId: ANA };
    relay.receive(ana, update({ clientId: 1, clock: 3, state: state(ANA) }), true);
    relay.flush();
    relay.remove(ana);
    relay.flush();
    expect(sent[1]).toEqual([{ clientId: 1, clock: 3, state: 'null' }]);
    expect(relay.snapshot()).toBeNull();
    // Another tab of the same person echoes the old entry: not a claim.
    relay.receive(anaOtherTab, update({ clientId: 1, clock: 3, state: state(ANA) }), false);
    expect(relay.size).toBe(0);
    // The tab itself reconnects and says it is here, first thing: it gets its id back.
    relay.receive(anaAgain, update({ clientId: 1, clock: 3, state: state(ANA) }), true);
    expect(relay.size).toBe(1);
    expect([...relay.ownedBy(anaAgain)]).toEqual([1]);
  });

  it('applies a client leaving (null with a newer clock) and lists everyone in the snapshot', () => {
    const { relay } = setup();
    const ana = { userId: ANA };
    const paulo = { userId: PAULO };
    relay.receive(ana, update({ clientId: 1, clock: 0, state: state(ANA) }), true);
    relay.receive(paulo, update({ clientId: 2, clock: 0, state: state(PAULO) }), true);
    const snapshot = relay.snapshot();
    expect(snapshot && broadcastEntries(snapshot).map((e) => e.clientId)).toEqual([1, 2]);
    relay.receive(ana, update({ clientId: 1, clock: 1, state: 'null' }), false);
    expect(relay.size).toBe(1);
    expect([...relay.ownedBy(ana)]).toEqual([]);
  });

  it('throws a protocol error for an update that does not decode', () => {
    const { relay } = setup();
    expect(() => relay.receive({ userId: ANA }, new Uint8Array([2, 1]), true)).toThrow(SyncProtocolError);
    expect(() => relay.receive({ userId: ANA }, new Uint8Array([1, 1, 0, 3, 0xff, 0xfe, 0xfd]), true)).toThrow(SyncProtocolError);
  });

  it('drops states nested too deep or holding too many values, before the schema sees them', () => {
    // 3,000 levels fit in 8 KiB and made the schema's recursive check overflow the stack (the
    // socket was closed as an internal error); a flat array of 2,000 values cost milliseconds.
    const { relay, sent } = setup({ maxStateBytes: 8 * 1024 });
    const ana = { userId: ANA };
    const deep = stateWithAnchor(ANA, '['.repeat(3000) + ']'.repeat(3000));
    const flat = stateWithAnchor(ANA, `[${Array(2000).fill('0').join(',')}]`);
    const caret = stateWithAnchor(ANA, '{"type":{"client":1,"clock":2},"tname":null,"item":{"client":1,"clock":3},"assoc":-1}');
    expect(deep.length).toBeLessThan(8 * 1024);
    expect(flat.length).toBeLessThan(8 * 1024);
    expect(() => relay.receive(ana, update({ clientId: 1, clock: 1, state: deep }), true)).not.toThrow();
    relay.receive(ana, update({ clientId: 1, clock: 2, state: flat }), false);
    relay.receive(ana, update({ clientId: 1, clock: 3, state: caret }), false);
    relay.flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.[0]?.clock).toBe(3);
    expect(relay.stats).toMatchObject({ accepted: 1, refused: 2 });
    expect(withinShape(JSON.parse(caret), DEFAULT_PRESENCE.maxStateDepth, DEFAULT_PRESENCE.maxStateValues)).toBe(true);
    expect(withinShape([[[1]]], 3, 100)).toBe(false);
    expect(withinShape([[1]], 3, 100)).toBe(true);
    expect(withinShape([1, 2, 3], 3, 3)).toBe(false);
  });

  it('asks the room before a new claim: an id bound to someone else stays theirs', () => {
    const bound = new Map<number, UserId>([[7, PAULO]]);
    const { relay, sent } = setup({}, (sender, clientId) => {
      const owner = bound.get(clientId);
      if (owner !== undefined) return owner === sender.userId;
      bound.set(clientId, sender.userId);
      return true;
    });
    const ana = { userId: ANA };
    relay.receive(ana, update({ clientId: 7, clock: 1, state: state(ANA) }), true);
    relay.receive(ana, update({ clientId: 8, clock: 1, state: state(ANA) }), false);
    relay.flush();
    expect(sent).toEqual([[{ clientId: 8, clock: 1, state: state(ANA) }]]);
    expect(bound.get(8)).toBe(ANA);
    expect(relay.stats.refused).toBe(1);
  });
});

describe('sendInChunks', () => {
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

  it('writes a chunk at a time, yielding between chunks, the same bytes to everyone, skipping who left', async () => {
    const received: Uint8Array[][] = Array.from({ length: 10 }, () => []);
    const targets = received.map((inbox) => ({ send: (message: Uint8Array) => inbox.push(message) }));
    const present = new Set(targets);
    sendInChunks(present, new Uint8Array([1, 2, 3]), 4, (target) => present.has(target));
    sendInChunks(present, new Uint8Array([4]), 4, (target) => present.has(target));
    expect(received.map((inbox) => inbox.length)).toEqual([2, 2, 2, 2, 0, 0, 0, 0, 0, 0]);
    present.delete(targets[5] as (typeof targets)[number]);
    await tick();
    expect(received.map((inbox) => inbox.length)).toEqual([2, 2, 2, 2, 2, 0, 2, 2, 0, 0]);
    await tick();
    await tick();
    expect(received.map((inbox) => inbox.length)).toEqual([2, 2, 2, 2, 2, 0, 2, 2, 2, 2]);
    for (const inbox of received.filter((inbox) => inbox.length > 0)) {
      expect(inbox.map((message) => [...message])).toEqual([[1, 2, 3], [4]]); // in order, per target
      expect(inbox[0]).toBe(received[0]?.[0]); // encoded once, one view shared by all
    }
  });
});
