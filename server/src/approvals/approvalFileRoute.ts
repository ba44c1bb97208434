/**
 * `GET /share/<token>/approvals/<approvalId>/file` — the file a client was sent for approval,
 * downloaded from its timeline link. The link alone authorizes it (as every share answer): the
 * approval must be of the link's board and client, still shown on its page (pending or decided,
 * not superseded or withdrawn), on a ticket of its timeline, and a file. Every other case —
 * unknown, expired or revoked link included — is the same 404. The bytes go out as an inert
 * download (`documents/uploadEndpoint.ts#sendVaultFile`: attachment, nosniff, sandbox).
 * The share rate limit and headers are applied by the `/share/` route before this runs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { approvalIdSchema } from '@fluxo/shared/approvals/approval';
import { onClientTimeline } from '@fluxo/shared/share/projection';
import type { TicketDirectory } from '../conversation/ticketDirectory.js';
import { sendVaultFile } from '../documents/uploadEndpoint.js';
import type { AttachmentFiles } from '../mail/attachmentFiles.js';
import { resolveShareLink } from '../share/shareLinks.js';
import type { Store } from '../store/store.js';

/** `<token>/approvals/<id>/file` after `/share/`; `null` for any other path. */
export function approvalFilePath(rest: string): { readonly token: string; readonly approvalId: string } | null {
  const match = /^([A-Za-z0-9_-]{1,64})\/approvals\/([0-9A-Za-z]{16})\/file$/.exec(rest);
  return match ? { token: match[1] as string, approvalId: match[2] as string } : null;
}

export async function serveShareApprovalFile(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { readonly store: Store; readonly tickets: TicketDirectory; readonly vault: AttachmentFiles; readonly now: Date },
  path: { readonly token: string; readonly approvalId: string },
): Promise<void> {
  const notFound = () => {
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end('Not found\n');
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.statusCode = 405;
    res.setHeader('Allow', 'GET, HEAD');
    res.end();
    return;
  }
  const link = await resolveShareLink(deps.store, path.token, deps.now);
  const id = approvalIdSchema.safeParse(path.approvalId);
  if (link === null || !id.success) return notFound();
  const approval = await deps.store.approvals.get(id.data);
  if (
    approval === null ||
    approval.boardId !== link.boardId ||
    approval.clientId !== link.clientId ||
    approval.status === 'superseded' ||
    approval.status === 'withdrawn' ||
    approval.deliverable.type !== 'file'
  ) {
    return notFound();
  }
  const ticket = await deps.tickets.ticket(link.boardId, approval.ticketId);
  if (ticket === null || !onClientTimeline(ticket, link.clientId)) return notFound();
  const { sha256, name, contentType } = approval.deliverable;
  if (!(await sendVaultFile(res, deps.vault, { sha256, name, contentType }, { head: req.method === 'HEAD' }))) notFound();
}
