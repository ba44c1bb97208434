/**
 * The share-link port over a `RecordState`, shared by the in-memory twin and the lowdb adapter
 * like `recordPorts.ts`. Every write validates its record; a token hash is unique.
 */
import { ConflictError, NotFoundError } from '@fluxo/shared/errors';
import type { BoardId } from '@fluxo/shared/ids';
import { checked } from './recordPorts.js';
import type { RecordState } from './recordState.js';
import { type ShareLinkId, type ShareLinkRecord, shareLinkRecordSchema } from './shareLinkRecords.js';

export interface ShareLinkStore {
  create(link: ShareLinkRecord): Promise<void>;
  get(id: ShareLinkId): Promise<ShareLinkRecord | null>;
  /** The link whose token hashes to `tokenHash`, whatever its state (the caller judges expiry). */
  findByTokenHash(tokenHash: string): Promise<ShareLinkRecord | null>;
  /** A board's links, newest first. */
  listByBoard(boardId: BoardId): Promise<ShareLinkRecord[]>;
  /** Sets `revokedAt` (once: a revoked link stays revoked at its first time). */
  revoke(id: ShareLinkId, at: string): Promise<ShareLinkRecord>;
  /** A new token for the same link: the old hash stops matching at once. */
  rotate(id: ShareLinkId, tokenHash: string, at: string): Promise<ShareLinkRecord>;
  /** Records a use; skipped when the last one is more recent than `notBefore` (spares writes). */
  touch(id: ShareLinkId, at: string, notBefore: string): Promise<void>;
}

const copy = <T>(value: T): T => structuredClone(value);

export function createShareLinkPorts(state: RecordState): { shareLinks: ShareLinkStore } {
  const find = (id: ShareLinkId) => state.read().shareLinks.find((l) => l.id === id);

  const update = async (id: ShareLinkId, change: (link: ShareLinkRecord) => void): Promise<ShareLinkRecord> => {
    if (find(id) === undefined) throw new NotFoundError(`share link ${id} not found`);
    return state.commit((data) => {
      const link = data.shareLinks.find((l) => l.id === id);
      if (link === undefined) throw new NotFoundError(`share link ${id} not found`);
      change(link);
      checked(shareLinkRecordSchema, 'share link', link);
      return copy(link);
    });
  };

  const shareLinks: ShareLinkStore = {
    async create(candidate) {
      const link = checked(shareLinkRecordSchema, 'share link', candidate);
      await state.commit((data) => {
        if (data.shareLinks.some((l) => l.id === link.id)) throw new ConflictError(`share link ${link.id} exists`);
        if (data.shareLinks.some((l) => l.tokenHash === link.tokenHash)) throw new ConflictError('share link token already in use');
        data.shareLinks.push(copy(link));
      });
    },
    async get(id) {
      const found = find(id);
      return found ? copy(found) : null;
    },
    async findByTokenHash(tokenHash) {
      const found = state.read().shareLinks.find((l) => l.tokenHash === tokenHash);
      return found ? copy(found) : null;
    },
    async listByBoard(boardId) {
      return copy(
        state
          .read()
          .shareLinks.filter((l) => l.boardId === boardId)
          .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0)),
      );
    },
    revoke: (id, at) =>
      update(id, (link) => {
        link.revokedAt ??= at;
      }),
    async rotate(id, tokenHash, at) {
      if (state.read().shareLinks.some((l) => l.tokenHash === tokenHash)) throw new ConflictError('share link token already in use');
      return update(id, (link) => {
        link.tokenHash = tokenHash;
        link.rotatedAt = at;
      });
    },
    async touch(id, at, notBefore) {
      const found = find(id);
      if (found === undefined || (found.lastUsedAt !== null && found.lastUsedAt > notBefore)) return;
      await update(id, (link) => {
        link.lastUsedAt = at;
      });
    },
  };
  return { shareLinks };
}
