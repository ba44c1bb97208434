/**
 * `approvals.*` — client approvals, staff side (`approvals/approvalDesk.ts`; the client decides
 * through `share.decide` or by email). Staff who can open the board only (NOT_FOUND otherwise,
 * like `boards.get`); sending and withdrawing are the account managers' and the director's
 * (producers get FORBIDDEN: what reaches the client goes through atendimento, seed 001).
 *
 * - `approvals.board {boardId}` → one summary per ticket that has approvals: its state (a
 *   change asked > pending > approved), the request behind it, and whether the ticket's kind lets
 *   it be done now (`doneGate`). The board asks again when its document changes, as for deadlines.
 * - `approvals.forTicket {boardId, ticketId}` → every request of the ticket, newest first, and the
 *   done gate with what is still missing.
 * - `approvals.request {boardId, ticketId, milestoneId, title, note, deliverable}` → the request
 *   stored as the next version (a pending older one superseded), told to the client.
 * - `approvals.record {boardId, approvalId, outcome, via: phone|meeting, clientName, note}` → the
 *   client's answer given to the account manager, recorded in the client's name (`recordedBy`:
 *   the caller; a note is required for changes). Same rules as the client's own decision.
 * - `approvals.withdraw {boardId, approvalId}` → the pending request taken back.
 */
import {
  type Approval,
  type ApprovalView,
  approvalIdSchema,
  approvalRecordInputSchema,
  approvalRequestInputSchema,
  approvalViewSchema,
  doneGate,
  latestPerMilestone,
  ticketApprovalState,
  ticketApprovalSummarySchema,
} from '@fluxo/shared/approvals/approval';
import { ForbiddenError, NotFoundError } from '@fluxo/shared/errors';
import { type BoardId, type TicketId, type UserId, boardIdSchema, ticketIdSchema } from '@fluxo/shared/ids';
import { z } from 'zod';
import { recordClientAnswer, requestApproval, withdrawApproval } from '../../approvals/approvalDesk.js';
import { agencyHasFile } from '../../approvals/approvalFiles.js';
import { canOpenBoard } from '../../boards/boardAccess.js';
import { workspaceRules } from '../../deadlines/boardDeadlines.js';
import type { BoardRecord, UserRecord } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import { router, staffProcedure } from '../trpc.js';

async function openBoard(store: Store, user: UserRecord, boardId: BoardId): Promise<BoardRecord> {
  const board = await store.boards.get(boardId);
  if (!board || !canOpenBoard(user, board)) throw new NotFoundError('board');
  return board;
}

function mayAskClients(user: UserRecord): void {
  if (user.role === 'producao') throw new ForbiddenError('approvals are sent to the client by the account managers');
}

async function views(store: Store, agencyId: BoardRecord['agencyId'], approvals: readonly Approval[]): Promise<ApprovalView[]> {
  const names = new Map<UserId, string>((await store.users.listByAgency(agencyId)).map((u) => [u.id, u.name]));
  return approvals
    .map((a) => ({
      id: a.id,
      ticketId: a.ticketId,
      milestone: a.milestone,
      title: a.title,
      note: a.note,
      deliverable: a.deliverable,
      version: a.version,
      contentHash: a.contentHash,
      requestedBy: { id: a.requestedBy, name: names.get(a.requestedBy) ?? null },
      requestedAt: a.requestedAt,
      status: a.status,
      decision:
        a.decision === null
          ? null
          : { ...a.decision, recordedByName: a.decision.recordedBy === null ? null : (names.get(a.decision.recordedBy) ?? null) },
      closedAt: a.closedAt,
    }))
    .sort((x, y) => (x.requestedAt < y.requestedAt ? 1 : x.requestedAt > y.requestedAt ? -1 : y.version - x.version));
}

const gateSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true) }),
  z.strictObject({ ok: z.literal(false), missing: z.array(z.string()) }),
]);

export const approvalsRouter = router({
  board: staffProcedure
    .input(z.strictObject({ boardId: boardIdSchema }))
    .output(z.array(ticketApprovalSummarySchema))
    .query(async ({ ctx, input }) => {
      const board = await openBoard(ctx.store, ctx.user, input.boardId);
      const all = await ctx.store.approvals.listForBoard(board.id);
      if (all.length === 0) return [];
      const byTicket = new Map<TicketId, Approval[]>();
      for (const approval of all) {
        const list = byTicket.get(approval.ticketId);
        if (list) list.push(approval);
        else byTicket.set(approval.ticketId, [approval]);
      }
      const [rules, tickets] = await Promise.all([
        workspaceRules(ctx.store, board.agencyId, ctx.conversation.now()),
        ctx.conversation.tickets.boardTickets(board.id),
      ]);
      const kindOf = new Map(tickets.map((t) => [t.id, t.kind] as const));
      const summaries = [];
      for (const [ticketId, approvals] of byTicket) {
        const state = ticketApprovalState(approvals);
        if (state === null || !kindOf.has(ticketId)) continue;
        const behind = latestPerMilestone(approvals)
          .filter((a) => a.status === state)
          .sort((x, y) => (x.requestedAt < y.requestedAt ? 1 : -1))[0];
        if (behind === undefined) continue;
        const kindSlug = kindOf.get(ticketId) ?? null;
        const kind = kindSlug === null ? null : (rules.kinds.get(kindSlug) ?? null);
        summaries.push({
          ticketId,
          state,
          title: behind.title,
          version: behind.version,
          decidedAt: behind.decision?.at ?? null,
          doneAllowed: doneGate(kind, approvals).ok,
        });
      }
      return summaries;
    }),

  forTicket: staffProcedure
    .input(z.strictObject({ boardId: boardIdSchema, ticketId: ticketIdSchema }))
    .output(z.strictObject({ approvals: z.array(approvalViewSchema), gate: gateSchema }))
    .query(async ({ ctx, input }) => {
      const board = await openBoard(ctx.store, ctx.user, input.boardId);
      const ticket = await ctx.conversation.tickets.ticket(board.id, input.ticketId);
      if (ticket === null) throw new NotFoundError('ticket');
      const approvals = await ctx.store.approvals.listForTicket(board.id, ticket.id);
      const rules = await workspaceRules(ctx.store, board.agencyId, ctx.conversation.now());
      const kind = ticket.kind === null ? null : (rules.kinds.get(ticket.kind) ?? null);
      const gate = doneGate(kind, approvals);
      return { approvals: await views(ctx.store, board.agencyId, approvals), gate: gate.ok ? gate : { ok: false as const, missing: [...gate.missing] } };
    }),

  request: staffProcedure
    .input(approvalRequestInputSchema)
    .output(approvalViewSchema)
    .mutation(async ({ ctx, input }) => {
      const board = await openBoard(ctx.store, ctx.user, input.boardId);
      mayAskClients(ctx.user);
      const approval = await requestApproval(
        ctx.conversation,
        { board, ticketId: input.ticketId, requester: ctx.user, milestoneId: input.milestoneId, title: input.title, note: input.note, deliverable: input.deliverable },
        { fileKnown: (b, sha256) => agencyHasFile(ctx.store, b.agencyId, sha256) },
      );
      const [view] = await views(ctx.store, board.agencyId, [approval]);
      if (view === undefined) throw new Error('no view of a stored approval');
      return view;
    }),

  /** The client answered by phone or in a meeting: staff record it in their name (account managers, the director). */
  record: staffProcedure
    .input(approvalRecordInputSchema)
    .output(approvalViewSchema)
    .mutation(async ({ ctx, input }) => {
      const board = await openBoard(ctx.store, ctx.user, input.boardId);
      mayAskClients(ctx.user);
      const decided = await recordClientAnswer(ctx.conversation, {
        approvalId: input.approvalId,
        boardId: board.id,
        outcome: input.outcome,
        via: input.via,
        clientName: input.clientName,
        note: input.note,
        recorder: ctx.user,
      });
      const [view] = await views(ctx.store, board.agencyId, [decided]);
      if (view === undefined) throw new Error('no view of a stored approval');
      return view;
    }),

  withdraw: staffProcedure
    .input(z.strictObject({ boardId: boardIdSchema, approvalId: approvalIdSchema }))
    .output(approvalViewSchema)
    .mutation(async ({ ctx, input }) => {
      const board = await openBoard(ctx.store, ctx.user, input.boardId);
      mayAskClients(ctx.user);
      const withdrawn = await withdrawApproval(ctx.conversation, input.approvalId, board.id);
      const [view] = await views(ctx.store, board.agencyId, [withdrawn]);
      if (view === undefined) throw new Error('no view of a stored approval');
      return view;
    }),
});
