/**
 * The in-memory twin of the embedded store: the same record code (`recordPorts.ts`) with a
 * no-op persistence, and Yjs updates kept as a list per board. Nothing survives the process;
 * it exists so tests run fast and so the contract suite has a reference to compare against.
 */
import { InvalidInputError } from '@fluxo/shared/errors';
import type { BoardId } from '@fluxo/shared/ids';
import * as Y from 'yjs';
import { createRecordPorts } from './recordPorts.js';
import { RecordState } from './recordState.js';
import { type FluxoData, assertBoardId, emptyFluxoData } from './records.js';
import { type BoardDocStore, type Store, StoreClosedError } from './store.js';

class MemoryBoardDocs implements BoardDocStore {
  readonly #updates = new Map<BoardId, Uint8Array[]>();
  closed = false;

  async load(boardId: BoardId): Promise<Uint8Array | null> {
    this.#check(boardId);
    const updates = this.#updates.get(boardId);
    if (!updates || updates.length === 0) return null;
    return updates.length === 1 ? Uint8Array.from(updates[0] as Uint8Array) : Y.mergeUpdates(updates);
  }

  async append(boardId: BoardId, update: Uint8Array): Promise<void> {
    this.#check(boardId, update);
    const list = this.#updates.get(boardId) ?? [];
    list.push(Uint8Array.from(update));
    this.#updates.set(boardId, list);
  }

  async replace(boardId: BoardId, state: Uint8Array): Promise<void> {
    this.#check(boardId, state);
    this.#updates.set(boardId, [Uint8Array.from(state)]);
  }

  #check(boardId: BoardId, update?: Uint8Array): void {
    if (this.closed) throw new StoreClosedError();
    assertBoardId(boardId);
    if (update?.length === 0) throw new InvalidInputError('an empty board update'); // as boardDocLog.ts
  }
}

/** A fresh, empty in-memory store (or one holding `initial`, copied). */
export function createMemoryStore(initial: FluxoData = emptyFluxoData()): Store {
  const state = new RecordState(structuredClone(initial), async () => undefined);
  const records = createRecordPorts(state);
  const boardDocs = new MemoryBoardDocs();
  return {
    kind: 'memory',
    ...records,
    boardDocs,
    async close() {
      boardDocs.closed = true;
      await state.close();
    },
  };
}
