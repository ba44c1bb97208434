/**
 * Who may open a board — one rule for tRPC and for the `/sync` WebSocket upgrade:
 * staff of the board's agency who are members of it, and every admin of that agency.
 * Whoever may not open a board is told it does not exist (`NotFoundError`, Planka's rule).
 */
import type { BoardRecord, UserRecord } from '../store/records.js';
import type { Store } from '../store/store.js';

export function canOpenBoard(user: UserRecord, board: BoardRecord): boolean {
  if (board.agencyId !== user.agencyId) return false;
  return user.role === 'admin' || board.memberIds.includes(user.id);
}

/** The boards `user` may open, in creation order. */
export async function visibleBoards(store: Store, user: UserRecord): Promise<BoardRecord[]> {
  const candidates =
    user.role === 'admin' ? await store.boards.listByAgency(user.agencyId) : await store.boards.listForMember(user.id);
  return candidates.filter((board) => canOpenBoard(user, board));
}
