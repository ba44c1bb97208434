/**
 * The approval port's contract on both adapters (the lowdb one across a restart and on a
 * `fluxo.json` written before approvals existed): versions per (ticket, milestone), a new version
 * supersedes the pending one, decisions only on what is pending and was seen, snapshots kept.
 */
import { type Approval, type ApprovalDecision, newApprovalId } from '@fluxo/shared/approvals/approval';
import { ConflictError, InvalidInputError, NotFoundError } from '@fluxo/shared/errors';
import { type CommentId } from '@fluxo/shared/conversation/comment';
import { newAgencyId, newBoardId, newClientId, newId, newTicketId, newUserId } from '@fluxo/shared/ids';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalHash } from '../approvals/approvalHash.js';
import type { ApprovalRequest } from './approvalPorts.js';
import type { Store } from './store.js';
import { STORE_ADAPTERS, type StoreHarness, withFluxoJsonWithout } from './testing/storeAdapters.js';

type Harness = StoreHarness;
const adapters = STORE_ADAPTERS;

const agencyId = newAgencyId();
const boardId = newBoardId();
const ticketId = newTicketId();
const clientId = newClientId();
const ana = newUserId();

function request(overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  const base = {
    milestone: { id: 'final-layout', name: 'Layout final' },
    title: 'Layout final da loja',
    deliverable: { type: 'link' as const, url: 'https://figma.example/loja-v1' },
    ...overrides,
  };
  return {
    id: newApprovalId(),
    agencyId,
    boardId,
    ticketId,
    clientId,
    note: 'Segue o layout para sua aprovação.',
    requestedBy: ana,
    requestedAt: '2026-11-20T13:00:00.000Z',
    requestCommentId: null,
    contentHash: approvalHash(base),
    ...base,
  };
}

function decision(approval: Approval, outcome: ApprovalDecision['outcome'] = 'approved', overrides: Partial<ApprovalDecision> = {}): ApprovalDecision {
  return {
    outcome,
    at: '2026-11-20T15:00:00.000Z',
    by: { name: 'Clínica Sorriso', email: null },
    via: 'share_link',
    note: '',
    contentHash: approval.contentHash,
    commentId: null,
    recordedBy: null,
    ...overrides,
  };
}

for (const [name, createHarness] of Object.entries(adapters)) {
  describe(`approval port: ${name}`, () => {
    let harness: Harness;
    let store: Store;

    beforeEach(async () => {
      harness = await createHarness();
      store = await harness.open();
    });
    afterEach(async () => {
      await store.close();
      await harness.cleanup();
    });

    it('numbers versions per milestone and supersedes the pending one', async () => {
      const v1 = (await store.approvals.request(request())).approval;
      const other = (await store.approvals.request(request({ milestone: { id: 'rafe', name: 'Rafe' } }))).approval;
      const second = await store.approvals.request(
        request({ deliverable: { type: 'link', url: 'https://figma.example/loja-v2' }, requestedAt: '2026-11-21T13:00:00.000Z' }),
      );
      expect([v1.version, other.version, second.approval.version]).toEqual([1, 1, 2]);
      expect(second.superseded.map((a) => [a.id, a.status, a.closedAt])).toEqual([[v1.id, 'superseded', '2026-11-21T13:00:00.000Z']]);
      expect((await store.approvals.get(other.id))?.status).toBe('pending');
      expect((await store.approvals.listForTicket(boardId, ticketId)).map((a) => a.id)).toEqual([v1.id, other.id, second.approval.id]);
      expect(await store.approvals.listForBoard(newBoardId())).toEqual([]);
    });

    it('keeps exactly what was approved, and who decided when', async () => {
      const sent = (await store.approvals.request(request({ deliverable: { type: 'text', text: 'Texto do banner: Dia das Mães' } }))).approval;
      const approved = await store.approvals.decide(sent.id, decision(sent, 'approved', { note: 'Perfeito!' }));
      expect(approved.status).toBe('approved');
      expect(approved.decision).toMatchObject({ outcome: 'approved', note: 'Perfeito!', contentHash: sent.contentHash, via: 'share_link' });
      // A later version leaves the approved snapshot as it was, and its hash still matches its content.
      await store.approvals.request(request({ deliverable: { type: 'text', text: 'Outro texto' } }));
      const kept = await store.approvals.get(sent.id);
      expect(kept?.status).toBe('approved');
      expect(kept?.deliverable).toEqual({ type: 'text', text: 'Texto do banner: Dia das Mães' });
      expect(kept && approvalHash(kept)).toBe(sent.contentHash);
    });

    it('refuses a decision on what was not sent, or on what is no longer pending', async () => {
      const v1 = (await store.approvals.request(request())).approval;
      await expect(store.approvals.decide(v1.id, decision(v1, 'approved', { contentHash: 'f'.repeat(64) }))).rejects.toThrow(/not what was sent/);
      const v2 = (await store.approvals.request(request({ deliverable: { type: 'link', url: 'https://figma.example/v2' } }))).approval;
      await expect(store.approvals.decide(v1.id, decision(v1))).rejects.toThrow(/newer version/);
      await store.approvals.decide(v2.id, decision(v2, 'changes_requested', { note: 'Trocar a cor do botão' }));
      await expect(store.approvals.decide(v2.id, decision(v2))).rejects.toBeInstanceOf(ConflictError);
      await expect(store.approvals.withdraw(v2.id, '2026-11-22T10:00:00.000Z')).rejects.toThrow(/changes were already asked/);
      await expect(store.approvals.decide(newApprovalId(), decision(v2))).rejects.toBeInstanceOf(NotFoundError);
      expect((await store.approvals.get(v2.id))?.decision?.note).toBe('Trocar a cor do botão');
    });

    it('withdraws a pending request, and links the messages once', async () => {
      const sent = (await store.approvals.request(request())).approval;
      const commentId = newId() as CommentId;
      expect((await store.approvals.linkComment(sent.id, 'request', commentId)).requestCommentId).toBe(commentId);
      expect((await store.approvals.linkComment(sent.id, 'request', newId() as CommentId)).requestCommentId).toBe(commentId);
      // No decision yet: nothing to link it to.
      expect((await store.approvals.linkComment(sent.id, 'decision', commentId)).decision).toBeNull();
      const withdrawn = await store.approvals.withdraw(sent.id, '2026-11-20T14:00:00.000Z');
      expect([withdrawn.status, withdrawn.closedAt]).toEqual(['withdrawn', '2026-11-20T14:00:00.000Z']);
      await expect(store.approvals.decide(sent.id, decision(sent))).rejects.toThrow(/withdrawn/);
    });

    it('refuses bad records with a clear error and stores nothing', async () => {
      await expect(store.approvals.request(request({ title: '' }))).rejects.toBeInstanceOf(InvalidInputError);
      await expect(
        store.approvals.request(request({ deliverable: { type: 'link', url: 'javascript:alert(1)' } })),
      ).rejects.toThrow(/http\(s\) address/);
      await expect(store.approvals.request(request({ contentHash: 'not-a-hash' }))).rejects.toBeInstanceOf(InvalidInputError);
      const first = request();
      await store.approvals.request(first);
      await expect(store.approvals.request({ ...first })).rejects.toBeInstanceOf(ConflictError);
      expect(await store.approvals.listForTicket(boardId, ticketId)).toHaveLength(1);
      // A decision by phone names who recorded it; one from the page names nobody.
      const sent = (await store.approvals.listForTicket(boardId, ticketId))[0] as Approval;
      await expect(store.approvals.decide(sent.id, decision(sent, 'approved', { via: 'phone' }))).rejects.toThrow(/names who recorded it/);
      await expect(store.approvals.decide(sent.id, decision(sent, 'approved', { recordedBy: sent.requestedBy }))).rejects.toThrow(/names who recorded it/);
      expect((await store.approvals.get(sent.id))?.status).toBe('pending');
      const byPhone = await store.approvals.decide(sent.id, decision(sent, 'approved', { via: 'meeting', recordedBy: sent.requestedBy }));
      expect(byPhone.decision).toMatchObject({ via: 'meeting', recordedBy: sent.requestedBy });
    });

    it('keeps requests and decisions across a restart', async () => {
      const sent = (await store.approvals.request(request())).approval;
      const decided = await store.approvals.decide(sent.id, decision(sent));
      if (harness.dir === null) return; // the in-memory twin keeps nothing across a restart
      await store.close();
      store = await harness.open();
      expect(await store.approvals.get(sent.id)).toEqual(decided);
    });
  });
}

describe('approvals in fluxo.json', () => {
  it('opens a file written before approvals existed', async () => {
    await withFluxoJsonWithout(['approvals'], async (store) => {
      expect(await store.approvals.listForBoard(boardId)).toEqual([]);
    });
  });
});
