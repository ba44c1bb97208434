/**
 * The hash an approval is taken over: SHA-256 (hex) of its canonical content
 * (`approvalContent` in `@fluxo/shared/approvals/approval`). A file counts by the SHA-256 of its
 * bytes, which the content-addressed file store keeps under that very name.
 */
import { createHash } from 'node:crypto';
import { type Approval, approvalContent } from '@fluxo/shared/approvals/approval';

export function approvalHash(request: Pick<Approval, 'milestone' | 'title' | 'deliverable'>): string {
  return createHash('sha256').update(approvalContent(request), 'utf8').digest('hex');
}
