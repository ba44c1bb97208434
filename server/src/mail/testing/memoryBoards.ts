/**
 * Test support: live board documents without the sync server — one `Y.Doc` per board, loaded
 * from the store on first use. Enough for code that only needs `withBoardDoc`.
 */
import type { BoardId } from '@fluxo/shared/ids';
import * as Y from 'yjs';
import type { Store } from '../../store/store.js';
import type { BoardDocAccess } from '../mailComposer.js';

export interface MemoryBoards extends BoardDocAccess {
  doc(boardId: BoardId): Promise<Y.Doc>;
}

export function memoryBoards(store: Store): MemoryBoards {
  const docs = new Map<BoardId, Promise<Y.Doc>>();
  const doc = (boardId: BoardId) => {
    let loading = docs.get(boardId);
    if (!loading) {
      loading = (async () => {
        if ((await store.boards.get(boardId)) === null) throw new Error(`no board ${boardId}`);
        const fresh = new Y.Doc();
        const stored = await store.boardDocs.load(boardId);
        if (stored) Y.applyUpdate(fresh, stored);
        return fresh;
      })();
      docs.set(boardId, loading);
    }
    return loading;
  };
  return {
    doc,
    async withBoardDoc(boardId, use) {
      return use(await doc(boardId));
    },
  };
}
