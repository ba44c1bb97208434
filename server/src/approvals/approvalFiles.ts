/**
 * Files sent for approval: staff may send only bytes their agency holds (an upload, a document
 * version or a mail attachment: `store.uploads.heldFile`), never a hash guessed from elsewhere.
 */
import type { AgencyId } from '@fluxo/shared/ids';
import type { Store } from '../store/store.js';

export async function agencyHasFile(store: Store, agencyId: AgencyId, sha256: string): Promise<boolean> {
  return (await store.uploads.heldFile(agencyId, sha256)) !== null;
}
