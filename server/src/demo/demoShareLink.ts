/**
 * The demo's client link (DESIGN.md §4: "a client share link printed on start-up"). Only a
 * link's hash is stored, so the address cannot be shown again later: each start with
 * `FLUXO_DEMO=1` revokes the previous demo link and issues a fresh one (`respond` scope) for the
 * demo clinic — the client with work in production, so the page has something to follow.
 */
import type { Store } from '../store/store.js';
import { issueShareLink, shareLinkUrl } from '../share/shareLinks.js';
import { DEMO_CLIENT_FOR_LINK, DEMO_MANAGER_EMAIL } from './seedDemo.js';

export interface DemoShareLink {
  readonly clientName: string;
  readonly url: string;
}

/** `null` when the demo agency is not in this store (a data dir that was not seeded by the demo). */
export async function renewDemoShareLink(store: Store, publicUrl: string, now: Date): Promise<DemoShareLink | null> {
  const manager = await store.users.findByEmail(DEMO_MANAGER_EMAIL);
  if (manager === null) return null;
  const [boards, clients] = await Promise.all([store.boards.listByAgency(manager.agencyId), store.clients.listByAgency(manager.agencyId)]);
  const board = boards.find((b) => b.memberIds.includes(manager.id)) ?? null;
  const client = clients.find((c) => c.name === DEMO_CLIENT_FOR_LINK) ?? clients[0] ?? null;
  if (board === null || client === null) return null;
  for (const link of await store.shareLinks.listByBoard(board.id)) {
    if (link.origin === 'demo' && link.revokedAt === null) await store.shareLinks.revoke(link.id, now.toISOString());
  }
  const issued = await issueShareLink(
    store,
    { agencyId: manager.agencyId, boardId: board.id, clientId: client.id, scope: 'respond', createdBy: null, origin: 'demo' },
    now,
  );
  return { clientName: client.name, url: shareLinkUrl(publicUrl, issued.token) };
}
