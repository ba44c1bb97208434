/**
 * Share links: issuing, resolving, revoking and rotating the addresses through which clients
 * watch their tickets (`/share/<token>`).
 *
 * - A token is 32 bytes from the CSPRNG in base64url (43 characters, 256 bits); only its SHA-256
 *   is stored (`tokenHash`), like a session's.
 * - `resolveShareLink` answers `null` alike for an unknown, expired or revoked token (the caller
 *   turns every `null` into one and the same NOT_FOUND): nothing tells a guesser which it was.
 * - Rotating gives the link a new token; the old address stops working at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type AgencyId, type BoardId, type ClientId, type UserId, newId } from '@fluxo/shared/ids';
import { DEFAULT_SHARE_LINK_DAYS, type ShareScope, shareTokenSchema } from '@fluxo/shared/share/timeline';
import type { ShareLinkId, ShareLinkRecord } from '../store/shareLinkRecords.js';
import type { Store } from '../store/store.js';

const DAY_MS = 86_400_000;
/** A link's last use is written at most this often (a page polls and streams; the file need not churn). */
const TOUCH_EVERY_MS = 60_000;

export function newShareToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashShareToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The address a client opens. */
export function shareLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/share/${token}`;
}

export interface IssueShareLink {
  readonly agencyId: AgencyId;
  readonly boardId: BoardId;
  readonly clientId: ClientId;
  readonly scope: ShareScope;
  readonly days?: number;
  readonly createdBy: UserId | null;
  readonly origin?: ShareLinkRecord['origin'];
}

export interface IssuedShareLink {
  readonly link: ShareLinkRecord;
  /** The only time the token exists outside the client's hands. */
  readonly token: string;
}

export async function issueShareLink(store: Store, input: IssueShareLink, now: Date): Promise<IssuedShareLink> {
  const token = newShareToken();
  const link: ShareLinkRecord = {
    id: newId() as ShareLinkId,
    agencyId: input.agencyId,
    boardId: input.boardId,
    clientId: input.clientId,
    scope: input.scope,
    tokenHash: hashShareToken(token),
    createdAt: now.toISOString(),
    createdBy: input.createdBy,
    expiresAt: new Date(now.getTime() + (input.days ?? DEFAULT_SHARE_LINK_DAYS) * DAY_MS).toISOString(),
    revokedAt: null,
    rotatedAt: null,
    lastUsedAt: null,
    origin: input.origin ?? null,
  };
  await store.shareLinks.create(link);
  return { link, token };
}

/** Whether the link opens the timeline at `now`. */
export function isLive(link: ShareLinkRecord, now: Date): boolean {
  return link.revokedAt === null && Date.parse(link.expiresAt) > now.getTime();
}

/**
 * The live link a token names, or `null` (unknown, malformed, expired or revoked: the same
 * answer). Records the use, at most once a minute.
 */
export async function resolveShareLink(store: Store, token: string, now: Date): Promise<ShareLinkRecord | null> {
  // Hash whatever came, so a malformed token costs what a well-formed one does.
  const hash = hashShareToken(token);
  if (!shareTokenSchema.safeParse(token).success) return null;
  const link = await store.shareLinks.findByTokenHash(hash);
  if (link === null || !isLive(link, now)) return null;
  await store.shareLinks.touch(link.id, now.toISOString(), new Date(now.getTime() - TOUCH_EVERY_MS).toISOString());
  return link;
}

/** A new address for a link; the old one stops working. */
export async function rotateShareLink(store: Store, id: ShareLinkId, now: Date): Promise<IssuedShareLink> {
  const token = newShareToken();
  const link = await store.shareLinks.rotate(id, hashShareToken(token), now.toISOString());
  return { link, token };
}
