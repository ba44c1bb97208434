/**
 * Transaction origins (the Hocuspocus idea): every `doc.transact` in Fluxo carries one of these,
 * so that whoever observes the change knows who made it without guessing.
 *
 * - `user`: a person's edit on this replica. The undo manager tracks only these, and only the
 *   local user's.
 * - `server`: the server itself wrote it: a ticket opened from an email, the demo seed, or the
 *   witness assigning a human ticket number.
 * - `remote`: an update received from the network and applied here; persistence stores it, the
 *   undo manager ignores it.
 */
import type { UserId } from './ids.js';

export type TransactionOrigin =
  | { source: 'user'; userId: UserId }
  | { source: 'server'; reason: 'email' | 'seed' | 'witness' | 'portal' | 'approval' }
  | { source: 'remote' };

export function isTransactionOrigin(value: unknown): value is TransactionOrigin {
  if (typeof value !== 'object' || value === null || !('source' in value)) return false;
  const source = (value as { source: unknown }).source;
  if (source === 'user') return typeof (value as { userId?: unknown }).userId === 'string';
  if (source === 'server') {
    const reason = (value as { reason?: unknown }).reason;
    return reason === 'email' || reason === 'seed' || reason === 'witness' || reason === 'portal' || reason === 'approval';
  }
  return source === 'remote';
}

export function isUserOrigin(
  value: unknown,
  userId?: UserId,
): value is Extract<TransactionOrigin, { source: 'user' }> {
  return (
    isTransactionOrigin(value) &&
    value.source === 'user' &&
    (userId === undefined || value.userId === userId)
  );
}

export const userOrigin = (userId: UserId): TransactionOrigin => ({ source: 'user', userId });
export const serverOrigin = (
  reason: 'email' | 'seed' | 'witness' | 'portal' | 'approval',
): TransactionOrigin => ({ source: 'server', reason });
export const REMOTE_ORIGIN: TransactionOrigin = { source: 'remote' };
