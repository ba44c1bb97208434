/**
 * "Done needs the client's approval", held where tickets are closed: the sync path. A kind with
 * `approvalBeforeDone` closes as done only once the client approved (`doneGate`). The drawer
 * disables "Concluído" and says what is missing, but a person's browser writes the board
 * document itself, so the rule must hold for any update that reaches the server — a modified
 * client, a stale tab, a script.
 *
 * The sync gate judges updates synchronously and in order, so the guard keeps in memory what the
 * rule needs for every board a room has open: the agency's kinds and the board's approvals.
 * - `load(board)`: the room awaits it before it opens (with the document); `forget` at unload.
 * - `refusal(boardId, before, after)`: synchronous; why writing `after` would close a ticket as
 *   done that may not be (null: nothing against it). Only a change *to* done is judged: a ticket
 *   already done stays done whatever else changes.
 * - `approvalsChanged(boardId, ticketId)` / `rulesChanged(agencyId)`: the approval desk and the
 *   workspace router call them after each store write and wait for them, so by the time a person
 *   can learn that a ticket was approved (the mutation answered, the board asked again), the
 *   guard knows it too. Re-reads are ordered: a slower older read never replaces a newer one.
 * Server-made changes (the server's own origin) do not pass through the sync gate.
 */
import type { Approval } from '@fluxo/shared/approvals/approval';
import { doneGate } from '@fluxo/shared/approvals/approval';
import type { Ticket } from '@fluxo/shared/board/index';
import type { AgencyId, BoardId, TicketId } from '@fluxo/shared/ids';
import type { TicketKind } from '@fluxo/shared/kinds/ticketKind';
import { workspaceRules } from '../deadlines/boardDeadlines.js';
import type { Store } from '../store/store.js';

export interface DoneGuard {
  load(board: { readonly id: BoardId; readonly agencyId: AgencyId }): Promise<void>;
  forget(boardId: BoardId): void;
  refusal(boardId: BoardId, before: Ticket | null, after: Ticket): string | null;
  approvalsChanged(boardId: BoardId, ticketId: TicketId): Promise<void>;
  rulesChanged(agencyId: AgencyId): Promise<void>;
}

interface BoardState {
  readonly agencyId: AgencyId;
  /** Resolves once the board's approvals are read (re-reads wait for it, so none is older). */
  readonly ready: Promise<void>;
  readonly approvals: Map<TicketId, readonly Approval[]>;
  /** Per ticket, the number of the latest re-read started (older answers are dropped). */
  readonly reads: Map<TicketId, number>;
}

interface AgencyKinds {
  /** The first read of the kinds. */
  ready: Promise<void>;
  kinds: ReadonlyMap<string, TicketKind> | null;
  read: number;
}

export function createDoneGuard(deps: { readonly store: Store; readonly now?: () => Date }): DoneGuard {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  const boards = new Map<BoardId, BoardState>();
  const agencies = new Map<AgencyId, AgencyKinds>();
  let reads = 0;

  /** Reads the agency's kinds; the newest read started wins. */
  async function readKinds(agency: AgencyKinds, agencyId: AgencyId): Promise<void> {
    const read = ++reads;
    agency.read = read;
    const { kinds } = await workspaceRules(store, agencyId, now());
    if (agency.read === read) agency.kinds = kinds;
  }

  function agencyOf(agencyId: AgencyId): AgencyKinds {
    let agency = agencies.get(agencyId);
    if (agency === undefined) {
      const fresh: AgencyKinds = { ready: Promise.resolve(), kinds: null, read: 0 };
      fresh.ready = readKinds(fresh, agencyId);
      fresh.ready.catch(() => {
        if (agencies.get(agencyId) === fresh) agencies.delete(agencyId);
      });
      agency = fresh;
      agencies.set(agencyId, agency);
    }
    return agency;
  }

  function byTicket(approvals: readonly Approval[]): Map<TicketId, Approval[]> {
    const map = new Map<TicketId, Approval[]>();
    for (const approval of approvals) {
      const list = map.get(approval.ticketId);
      if (list) list.push(approval);
      else map.set(approval.ticketId, [approval]);
    }
    return map;
  }

  return {
    async load(board) {
      const approvals = new Map<TicketId, readonly Approval[]>();
      const ready = store.approvals.listForBoard(board.id).then((list) => {
        for (const [ticketId, own] of byTicket(list)) approvals.set(ticketId, own);
      });
      const state: BoardState = { agencyId: board.agencyId, ready, approvals, reads: new Map() };
      boards.set(board.id, state);
      try {
        await Promise.all([ready, agencyOf(board.agencyId).ready]);
      } catch (error) {
        if (boards.get(board.id) === state) boards.delete(board.id);
        throw error;
      }
    },

    forget(boardId) {
      boards.delete(boardId);
    },

    refusal(boardId, before, after) {
      if (after.status !== 'done' || before?.status === 'done') return null;
      const board = boards.get(boardId);
      // Not loaded (a room always loads it first): judge nothing as approved.
      const kinds = board === undefined ? null : (agencies.get(board.agencyId)?.kinds ?? null);
      if (board === undefined || kinds === null) return 'the approval rules of this board are not loaded';
      const kind = after.kind === null ? null : (kinds.get(after.kind) ?? null);
      const gate = doneGate(kind, board.approvals.get(after.id) ?? []);
      return gate.ok ? null : `ticket ${after.id} needs the client's approval before done: ${gate.missing.join(', ')}`;
    },

    async approvalsChanged(boardId, ticketId) {
      const board = boards.get(boardId);
      if (board === undefined) return; // no room holds it: read afresh at load
      const read = ++reads;
      board.reads.set(ticketId, read);
      await board.ready;
      const approvals = await store.approvals.listForTicket(boardId, ticketId);
      if (board.reads.get(ticketId) !== read || boards.get(boardId) !== board) return;
      board.approvals.set(ticketId, approvals);
    },

    async rulesChanged(agencyId) {
      const agency = agencies.get(agencyId);
      if (agency === undefined) return; // no room of the agency is open: read afresh at load
      await agency.ready.catch(() => undefined);
      await readKinds(agency, agencyId);
    },
  };
}
