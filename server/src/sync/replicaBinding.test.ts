/**
 * Binding Yjs client ids to people: who may write or claim an id, the budget of new ids, and
 * how bindings reach the store (grouped, retried, awaited by "saved").
 */
import type { BoardId, UserId } from '@fluxo/shared/ids';
import { newBoardId } from '@fluxo/shared/ids';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { silentLogger } from '../log.js';
import { MemoryReplicaOwners } from '../store/replicaOwners.js';
import type { ReplicaOwner, ReplicaOwnerStore } from '../store/store.js';
import { ReplicaBinding } from './replicaBinding.js';

const ANA = 'AnaAtendimento01' as UserId;
const PAULO = 'PauloProducao001' as UserId;

/** A document where client 77 has structs (written before bindings existed). */
function docWithLegacyClient(): Y.Doc {
  const legacy = new Y.Doc();
  legacy.clientID = 77;
  legacy.getMap('meta').set('schemaVersion', 1);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(legacy));
  return doc;
}

/** A store whose writes wait for `release()` and can be made to fail. */
class GatedStore implements ReplicaOwnerStore {
  readonly calls: [number, ReplicaOwner][][] = [];
  failNext = 0;
  #gate: (() => void)[] = [];
  readonly inner = new MemoryReplicaOwners();

  load(boardId: BoardId): Promise<Map<number, ReplicaOwner>> {
    return this.inner.load(boardId);
  }

  async record(boardId: BoardId, owners: readonly (readonly [number, ReplicaOwner])[]): Promise<void> {
    this.calls.push(owners.map(([id, owner]) => [id, owner]));
    await new Promise<void>((resolve) => this.#gate.push(resolve));
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('disk full');
    }
    await this.inner.record(boardId, owners);
  }

  release(): void {
    for (const open of this.#gate.splice(0)) open();
  }
}

async function settled(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('ReplicaBinding', () => {
  it('lets a person write under a fresh id or their own, never under someone else’s, the server’s or a sealed one', () => {
    const doc = docWithLegacyClient();
    const binding = new ReplicaBinding(newBoardId(), doc, new MemoryReplicaOwners(), new Map([[500, PAULO]]), silentLogger);
    expect(binding.checkWriters(ANA, [1001])).toBeNull();
    binding.bind(1001, ANA);
    expect(binding.checkWriters(ANA, [1001])).toBeNull();
    expect(binding.checkWriters(PAULO, [1001])).toMatch(/another person/);
    expect(binding.checkWriters(ANA, [500])).toMatch(/another person/); // bound before this load
    expect(binding.checkWriters(ANA, [doc.clientID])).toMatch(/server/);
    binding.bind(9, 'server');
    expect(binding.checkWriters(ANA, [9])).toMatch(/server/);
    expect(binding.checkWriters(ANA, [77])).toMatch(/sealed/);
    expect(binding.checkWriters(ANA, [1001, 500])).toMatch(/another person/);
    // A first binding is for good.
    binding.bind(1001, PAULO);
    expect(binding.ownerOf(1001)).toBe(ANA);
  });

  it('binds an id on its first presence claim, so nobody else can write under it later', () => {
    const binding = new ReplicaBinding(newBoardId(), docWithLegacyClient(), new MemoryReplicaOwners(), new Map(), silentLogger);
    expect(binding.claimPresence(ANA, 2002)).toBe(true);
    expect(binding.ownerOf(2002)).toBe(ANA);
    expect(binding.claimPresence(ANA, 2002)).toBe(true);
    expect(binding.claimPresence(PAULO, 2002)).toBe(false);
    expect(binding.checkWriters(PAULO, [2002])).toMatch(/another person/);
    expect(binding.claimPresence(PAULO, 77)).toBe(false);
  });

  it('limits how many new ids one person binds, per person', () => {
    let now = 0;
    const binding = new ReplicaBinding(
      newBoardId(),
      new Y.Doc(),
      new MemoryReplicaOwners(),
      new Map(),
      silentLogger,
      { newReplicaBurst: 3, newReplicasPerMinute: 60 },
      () => now,
    );
    expect(binding.checkWriters(ANA, [1, 2])).toBeNull();
    [1, 2].forEach((id) => binding.bind(id, ANA));
    expect(binding.claimPresence(ANA, 3)).toBe(true);
    expect(binding.claimPresence(ANA, 4)).toBe(false);
    expect(binding.checkWriters(ANA, [4])).toMatch(/budget/);
    expect(binding.checkWriters(ANA, [1, 2, 3])).toBeNull(); // ids she has cost nothing
    expect(binding.checkWriters(PAULO, [10, 11, 12])).toBeNull(); // a budget per person
    now += 1_000;
    expect(binding.checkWriters(ANA, [4])).toBeNull();
  });

  it('stores bindings grouped while a write is in flight, retries a failed write, and says when all are stored', async () => {
    const boardId = newBoardId();
    const store = new GatedStore();
    const binding = new ReplicaBinding(boardId, new Y.Doc(), store, new Map(), silentLogger);
    binding.bind(1, ANA);
    await settled();
    binding.bind(2, PAULO);
    binding.bind(3, 'server');
    let durable: boolean | null = null;
    void binding.whenDurable().then((value) => {
      durable = value;
    });
    expect(store.calls).toEqual([[[1, ANA]]]);
    store.failNext = 1;
    store.release(); // the first write fails: retried after a short back-off
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(store.calls).toEqual([[[1, ANA]], [[1, ANA]]]);
    store.release();
    await settled();
    expect(store.calls.at(-1)).toEqual([
      [2, PAULO],
      [3, 'server'],
    ]);
    expect(durable).toBeNull();
    store.release();
    await settled();
    expect(durable).toBe(true);
    expect(await store.load(boardId)).toEqual(
      new Map<number, ReplicaOwner>([
        [1, ANA],
        [2, PAULO],
        [3, 'server'],
      ]),
    );
  });
});
