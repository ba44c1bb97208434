/**
 * Access checks for long-lived subscriptions. A query is authorised once, when it runs; a live
 * stream runs for minutes, so before it sends anything it asks again: is the session it was
 * opened with still there and unexpired, does its person still exist, may they still open the
 * board? When the answer becomes no, the stream ends (the client's reconnection then meets the
 * normal checks, and UNAUTHORIZED / NOT_FOUND).
 */
import type { BoardId } from '@fluxo/shared/ids';
import { canOpenBoard } from '../boards/boardAccess.js';
import type { BoardRecord, SessionRecord, UserRecord } from '../store/records.js';
import type { Store } from '../store/store.js';

/** The person behind `session` if it still holds, else `null`. */
export async function liveUser(store: Store, session: SessionRecord, now: Date = new Date()): Promise<UserRecord | null> {
  const current = await store.sessions.get(session.tokenHash);
  if (!current || current.userId !== session.userId || Date.parse(current.expiresAt) <= now.getTime()) return null;
  return store.users.get(session.userId);
}

/** The board if the person behind `session` may still open it, else `null`. */
export async function liveBoard(
  store: Store,
  session: SessionRecord,
  boardId: BoardId,
  now: Date = new Date(),
): Promise<BoardRecord | null> {
  const user = await liveUser(store, session, now);
  if (!user) return null;
  const board = await store.boards.get(boardId);
  return board && canOpenBoard(user, board) ? board : null;
}
