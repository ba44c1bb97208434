/**
 * The deadline desk: one per process. It answers "what are this board's deadlines?" for the
 * board UI (`deadlines.board`) and warns people before a deadline breaks, and when it does.
 *
 * - **Cache.** A board's deadlines are computed once (`boardDeadlines.ts`: ~one read of the
 *   board and its history) and kept until something they depend on changes: the board (the
 *   witness's `boardChanged` signals, which also fire for every comment: a first response), or
 *   the agency's calendar and kinds (`rulesChanged`). Time alone changes no deadline — its
 *   instants stay put; states are derived from them and the clock (`deadlineState`) — but a
 *   view older than an hour is recomputed anyway (the default calendar's holidays roll with
 *   the year).
 * - **Warnings.** `sweep()` (every minute once `start()`ed) looks at every board of every agency;
 *   each running deadline that is at risk gets one `due_soon`, each broken one one `overdue`,
 *   once per deadline — the keys sent are stored (`store.deadlineAlerts`), so a restart does not
 *   warn twice, and a changed deadline (another promised date, another kind or priority) is
 *   warned about anew. A paused clock (waiting on the client) warns nobody. Who hears it:
 *   the first response → the client's account manager (primary, else backup, else whoever
 *   opened the ticket); the resolution and the promised date → the assignees and the client's
 *   primary account manager (else the ticket's creator). The notifier drops anyone who cannot
 *   open the board. Notifications are sent before the keys are stored: a crash in between
 *   warns twice rather than never.
 */
import type { Ticket } from '@fluxo/shared/board/index';
import {
  type Deadline,
  type TicketDeadlines,
  deadlineState,
} from '@fluxo/shared/deadlines/ticketDeadlines';
import type { AgencyId, BoardId, TicketId, UserId } from '@fluxo/shared/ids';
import type { ConversationEvents } from '../conversation/conversationEvents.js';
import type { TicketDirectory } from '../conversation/ticketDirectory.js';
import type { Logger } from '../log.js';
import type { NotificationEvent, Notifier } from '../notifications/notifier.js';
import type { BoardRecord, ClientRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import type { DeadlineAlertRecord } from '../store/workspaceRecords.js';
import { boardDeadlines, workspaceRules } from './boardDeadlines.js';

export interface BoardDeadlinesView {
  /** When they were computed (ISO). */
  readonly computedAt: string;
  readonly tickets: readonly TicketDeadlines[];
}

export interface DeadlineDesk {
  /** The board's open tickets' deadlines (cached; see the module comment). */
  forBoard(board: BoardRecord): Promise<BoardDeadlinesView>;
  /** The agency's calendar or kinds changed: its boards' deadlines are recomputed on next use. */
  rulesChanged(agencyId: AgencyId): void;
  /** Warns about every deadline at risk or broken not warned about yet; resolves with how many warnings went out. */
  sweep(): Promise<number>;
  /** Sweeps every `intervalMs` (default a minute) until `stop()`. */
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

export interface DeadlineDeskDeps {
  readonly store: Store;
  readonly events: ConversationEvents;
  readonly tickets: TicketDirectory;
  readonly notifier: Notifier;
  readonly logger?: Logger;
  readonly now?: () => Date;
}

const MAX_VIEW_AGE_MS = 60 * 60_000;

/** A board's deadlines with the tickets they were computed from (the sweep reads those, not the board again). */
interface Computed {
  readonly view: BoardDeadlinesView;
  readonly tickets: ReadonlyMap<TicketId, Ticket>;
}

interface CacheEntry {
  readonly agencyId: AgencyId;
  readonly computed: Promise<Computed>;
  readonly at: number;
  stale: boolean;
}

/** The key of one warning about one deadline (stable while the deadline stays the same). */
export function alertKey(deadline: Deadline, level: 'due_soon' | 'overdue', dueDate: string | null): string {
  const which = deadline.target === 'promised' ? `promised:${dueDate ?? ''}` : `${deadline.target}:${deadline.budgetMs}`;
  return `${which}:${level}`;
}

function alertRecipients(deadline: Deadline, ticket: Ticket, client: ClientRecord | null): UserId[] {
  if (deadline.target === 'first_response') {
    const manager = client?.primaryManagerId ?? client?.backupManagerId ?? ticket.createdBy;
    return manager ? [manager] : [];
  }
  const people = [...ticket.assignees];
  const manager = client?.primaryManagerId ?? ticket.createdBy;
  if (manager) people.push(manager);
  return people;
}

export function createDeadlineDesk(deps: DeadlineDeskDeps): DeadlineDesk {
  const { store, events, tickets } = deps;
  const now = deps.now ?? (() => new Date());
  const cache = new Map<BoardId, CacheEntry>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();

  async function compute(board: BoardRecord, at: Date): Promise<Computed> {
    const rules = await workspaceRules(store, board.agencyId, at);
    const boardTickets = await tickets.boardTickets(board.id);
    const list = await boardDeadlines({ store, boardId: board.id, rules, tickets: boardTickets, now: at });
    return { view: { computedAt: at.toISOString(), tickets: list }, tickets: new Map(boardTickets.map((t) => [t.id, t])) };
  }

  function computed(board: BoardRecord): Promise<Computed> {
    const t = now();
    const cached = cache.get(board.id);
    if (cached && !cached.stale && t.getTime() - cached.at < MAX_VIEW_AGE_MS) return cached.computed;
    // Watch before reading, so a change during the computation makes its result stale.
    const watch = events.watchBoard(board.id);
    const entry: CacheEntry = { agencyId: board.agencyId, computed: compute(board, t), at: t.getTime(), stale: false };
    cache.set(board.id, entry);
    void watch.next().then(() => {
      entry.stale = true;
      watch.close();
    });
    entry.computed.catch(() => {
      entry.stale = true;
      watch.close();
      if (cache.get(board.id) === entry) cache.delete(board.id);
    });
    return entry.computed;
  }

  async function sweepBoard(board: BoardRecord, at: Date): Promise<number> {
    const { view, tickets: byId } = await computed(board);
    const due = view.tickets.filter((t) => !t.paused && t.deadlines.some((d) => deadlineState(d, at) !== 'on_track'));
    if (due.length === 0) return 0;
    const sent = await store.deadlineAlerts.sentForBoard(board.id);
    const clients = new Map<string, ClientRecord | null>();
    const events: NotificationEvent[] = [];
    const records: DeadlineAlertRecord[] = [];
    for (const { ticketId, deadlines } of due) {
      const ticket = byId.get(ticketId);
      if (!ticket || ticket.status !== 'open' || ticket.archived) continue;
      let client: ClientRecord | null = null;
      if (ticket.clientId !== null) {
        if (!clients.has(ticket.clientId)) {
          const found = await store.clients.get(ticket.clientId);
          clients.set(ticket.clientId, found && found.agencyId === board.agencyId ? found : null);
        }
        client = clients.get(ticket.clientId) ?? null;
      }
      const already = sent.get(ticketId);
      for (const deadline of deadlines) {
        const state = deadlineState(deadline, at);
        if (state === 'on_track') continue;
        const level = state === 'overdue' ? 'overdue' : 'due_soon';
        const key = alertKey(deadline, level, ticket.dueDate);
        if (already?.has(key)) continue;
        // An overdue deadline that was never warned about as at risk gets only the overdue warning.
        if (level === 'overdue') records.push({ boardId: board.id, ticketId, key: alertKey(deadline, 'due_soon', ticket.dueDate), at: at.toISOString() });
        records.push({ boardId: board.id, ticketId, key, at: at.toISOString() });
        events.push({
          kind: level,
          recipients: alertRecipients(deadline, ticket, client),
          actor: { kind: 'system' },
          board,
          ticket: { id: ticket.id, number: ticket.number, title: ticket.title, clientId: ticket.clientId },
          at,
        });
      }
    }
    if (events.length > 0) await deps.notifier.notify(events);
    await store.deadlineAlerts.record(records);
    return events.length;
  }

  async function sweep(): Promise<number> {
    const at = now();
    let count = 0;
    for (const agency of await store.agencies.list()) {
      for (const board of await store.boards.listByAgency(agency.id)) {
        try {
          count += await sweepBoard(board, at);
        } catch (error) {
          deps.logger?.error('deadlines.sweep_failed', { boardId: board.id, error: String(error) });
        }
      }
    }
    return count;
  }

  return {
    forBoard: async (board) => (await computed(board)).view,
    rulesChanged(agencyId) {
      for (const entry of cache.values()) if (entry.agencyId === agencyId) entry.stale = true;
    },
    sweep,
    start(intervalMs = 60_000) {
      if (timer !== null) return;
      timer = setInterval(() => {
        running = running.then(sweep).catch((error: unknown) => deps.logger?.error('deadlines.sweep_failed', { error: String(error) }));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
