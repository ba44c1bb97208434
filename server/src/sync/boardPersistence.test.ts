import { type BoardId, newBoardId } from '@fluxo/shared/ids';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log.js';
import { type BoardDocStore, StoreClosedError } from '../store/store.js';
import { BoardPersistence } from './boardPersistence.js';

interface Pending {
  readonly kind: 'append' | 'replace';
  readonly bytes: Uint8Array;
  resolve(): void;
  reject(error: unknown): void;
}

/** A board store whose writes finish when the test says so. */
class ManualDocs implements BoardDocStore {
  readonly writes: Pending[] = [];
  async load(): Promise<Uint8Array | null> {
    return null;
  }
  append(_boardId: BoardId, update: Uint8Array): Promise<void> {
    return this.#write('append', update);
  }
  replace(_boardId: BoardId, state: Uint8Array): Promise<void> {
    return this.#write('replace', state);
  }
  #write(kind: Pending['kind'], bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => this.writes.push({ kind, bytes, resolve, reject }));
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(options = { compactAfterBytes: 1_000_000, compactAfterUpdates: 1_000 }) {
  const docs = new ManualDocs();
  let state: Uint8Array = new Uint8Array([9, 9, 9]);
  const persistence = new BoardPersistence(newBoardId(), docs, () => state, silentLogger, options, 3);
  return { docs, persistence, setState: (next: Uint8Array) => (state = next) };
}

describe('BoardPersistence', () => {
  it('says durable only when this update and every earlier one are on disk', async () => {
    const { docs, persistence } = setup();
    const done: string[] = [];
    void persistence.append(new Uint8Array([1])).then((ok) => done.push(`a:${ok}`));
    void persistence.append(new Uint8Array([2])).then((ok) => done.push(`b:${ok}`));
    docs.writes[1]?.resolve();
    await tick();
    expect(done).toEqual([]);
    docs.writes[0]?.resolve();
    await tick();
    expect(done).toEqual(['a:true', 'b:true']);
    expect(persistence.sizeEstimate).toBe(5);
  });

  it('rewrites the whole document after a failed write, and only then says durable', async () => {
    const { docs, persistence, setState } = setup();
    let durable: boolean | null = null;
    void persistence.append(new Uint8Array([1])).then((ok) => (durable = ok));
    setState(new Uint8Array([7, 7]));
    docs.writes[0]?.reject(new Error('EIO'));
    await tick();
    expect(durable).toBeNull();
    const rewrite = docs.writes[1];
    expect(rewrite?.kind).toBe('replace');
    expect(rewrite?.bytes).toEqual(new Uint8Array([7, 7]));
    rewrite?.resolve();
    await tick();
    expect(durable).toBe(true);
    expect(persistence.stats.failures).toBe(1);
  });

  it('compacts after enough updates, in order with the appends, and on flush', async () => {
    const { docs, persistence, setState } = setup({ compactAfterBytes: 1_000_000, compactAfterUpdates: 3 });
    setState(new Uint8Array([4, 4, 4, 4]));
    for (let i = 0; i < 3; i++) void persistence.append(new Uint8Array([i]));
    expect(docs.writes.map((w) => w.kind)).toEqual(['append', 'append', 'append', 'replace']);
    expect(persistence.sizeEstimate).toBe(4);
    for (const w of docs.writes) w.resolve();
    await persistence.whenDurable();
    void persistence.append(new Uint8Array([5]));
    const flushed = persistence.flush();
    docs.writes[4]?.resolve();
    await tick();
    expect(docs.writes[5]?.kind).toBe('replace');
    docs.writes[5]?.resolve();
    expect(await flushed).toBe(true);
    expect(persistence.stats.compactions).toBe(2);
  });

  it('gives up (never says durable) once the store is closed', async () => {
    const { docs, persistence } = setup();
    const durable = persistence.append(new Uint8Array([1]));
    docs.writes[0]?.reject(new StoreClosedError());
    expect(await durable).toBe(false);
  });
});
