/**
 * Client approvals (`@fluxo/shared/approvals/approval`) in `fluxo.json` (`approvals`, default
 * `[]`), over a `RecordState` like the other low-churn records: a few requests and decisions per
 * ticket. Every write validates the whole record against `approvalSchema`.
 *
 * - `request` numbers the version inside the commit (the next of its ticket and milestone) and
 *   supersedes a still-pending earlier request of the same key, so two requests can never both
 *   wait on the client for one milestone;
 * - `decide` accepts a decision only for a pending request whose hash is the one the client saw
 *   (`ConflictError` otherwise, naming why), so "approved" always means "approved this content";
 * - requests and decisions are never rewritten afterwards; `linkComment` only fills in the id of
 *   the message that carried one, once.
 */
import {
  type Approval,
  type ApprovalDecision,
  type ApprovalId,
  approvalSchema,
  versionKey,
} from '@fluxo/shared/approvals/approval';
import type { CommentId } from '@fluxo/shared/conversation/comment';
import { ConflictError, NotFoundError } from '@fluxo/shared/errors';
import type { BoardId, TicketId } from '@fluxo/shared/ids';
import { checked } from './recordPorts.js';
import type { RecordState } from './recordState.js';

/** A new request: everything but what the store decides (version, status, outcome). */
export type ApprovalRequest = Omit<Approval, 'version' | 'status' | 'decision' | 'closedAt'>;

export interface ApprovalStore {
  /**
   * Stores a new request as the next version of its (ticket, milestone); a pending earlier one
   * of that key becomes `superseded` at `requestedAt`. `ConflictError` for a taken id.
   */
  request(request: ApprovalRequest): Promise<{ readonly approval: Approval; readonly superseded: readonly Approval[] }>;
  get(id: ApprovalId): Promise<Approval | null>;
  /** The ticket's requests, oldest first. */
  listForTicket(boardId: BoardId, ticketId: TicketId): Promise<Approval[]>;
  /** The board's requests, oldest first. */
  listForBoard(boardId: BoardId): Promise<Approval[]>;
  /**
   * The client's decision. `NotFoundError` for an unknown id; `ConflictError` when the request is
   * no longer pending (decided, superseded, withdrawn) or `decision.contentHash` is not its hash.
   */
  decide(id: ApprovalId, decision: ApprovalDecision): Promise<Approval>;
  /** Staff take a pending request back. `ConflictError` when it is no longer pending. */
  withdraw(id: ApprovalId, at: string): Promise<Approval>;
  /** Records the message that carried the request or the decision (once; a second call changes nothing). */
  linkComment(id: ApprovalId, which: 'request' | 'decision', commentId: CommentId): Promise<Approval>;
}

const copy = <T>(value: T): T => structuredClone(value);

const NOT_PENDING: Readonly<Record<Approval['status'], string>> = {
  pending: '',
  approved: 'it was already approved',
  changes_requested: 'changes were already asked for',
  superseded: 'a newer version was sent since',
  withdrawn: 'it was withdrawn',
};

export function createApprovalPorts(state: RecordState): { approvals: ApprovalStore } {
  const find = (data: { approvals: Approval[] }, id: ApprovalId): number => {
    const index = data.approvals.findIndex((a) => a.id === id);
    if (index < 0) throw new NotFoundError(`approval ${id} not found`);
    return index;
  };

  const approvals: ApprovalStore = {
    async request(request) {
      // Validated once before the commit (a clear error without queueing), again with its version.
      checked(approvalSchema, 'approval', { ...request, version: 1, status: 'pending', decision: null, closedAt: null });
      return state.commit((data) => {
        if (data.approvals.some((a) => a.id === request.id)) throw new ConflictError(`approval ${request.id} exists`);
        const key = versionKey(request);
        let version = 0;
        const superseded: Approval[] = [];
        for (const [index, earlier] of data.approvals.entries()) {
          if (versionKey(earlier) !== key) continue;
          version = Math.max(version, earlier.version);
          if (earlier.status === 'pending') {
            const closed = { ...earlier, status: 'superseded' as const, closedAt: request.requestedAt };
            data.approvals[index] = closed;
            superseded.push(copy(closed));
          }
        }
        const approval = checked(approvalSchema, 'approval', {
          ...request,
          version: version + 1,
          status: 'pending',
          decision: null,
          closedAt: null,
        });
        data.approvals.push(approval);
        return { approval: copy(approval), superseded };
      });
    },

    async get(id) {
      const found = state.read().approvals.find((a) => a.id === id);
      return found ? copy(found) : null;
    },

    async listForTicket(boardId, ticketId) {
      return copy(state.read().approvals.filter((a) => a.boardId === boardId && a.ticketId === ticketId));
    },

    async listForBoard(boardId) {
      return copy(state.read().approvals.filter((a) => a.boardId === boardId));
    },

    decide(id, decision) {
      return state.commit((data) => {
        const index = find(data, id);
        const current = data.approvals[index] as Approval;
        if (current.status !== 'pending') throw new ConflictError(`this approval cannot be decided: ${NOT_PENDING[current.status]}`);
        if (decision.contentHash !== current.contentHash)
          throw new ConflictError('this approval cannot be decided: what was seen is not what was sent');
        const next = checked(approvalSchema, 'approval', { ...current, status: decision.outcome, decision });
        data.approvals[index] = next;
        return copy(next);
      });
    },

    withdraw(id, at) {
      return state.commit((data) => {
        const index = find(data, id);
        const current = data.approvals[index] as Approval;
        if (current.status !== 'pending') throw new ConflictError(`this approval cannot be withdrawn: ${NOT_PENDING[current.status]}`);
        const next = checked(approvalSchema, 'approval', { ...current, status: 'withdrawn', closedAt: at });
        data.approvals[index] = next;
        return copy(next);
      });
    },

    linkComment(id, which, commentId) {
      return state.commit((data) => {
        const index = find(data, id);
        const current = data.approvals[index] as Approval;
        if (which === 'request') {
          if (current.requestCommentId !== null) return copy(current);
          data.approvals[index] = { ...current, requestCommentId: commentId };
        } else {
          if (current.decision === null || current.decision.commentId !== null) return copy(current);
          data.approvals[index] = { ...current, decision: { ...current.decision, commentId } };
        }
        return copy(data.approvals[index] as Approval);
      });
    },
  };
  return { approvals };
}
