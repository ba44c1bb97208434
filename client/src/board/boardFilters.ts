/**
 * The board's filters, kept in the URL so a filtered board can be bookmarked and shared:
 * `?client=<ClientId>&assignee=<UserId>&status=<Status>&mine=1&q=<text or #123>&prazo=<state>&prioridade=<priority>`,
 * and the columns' order: `&ordem=prazo` sorts each column by deadline state (overdue first).
 *
 * The URL is input: a parameter that does not parse is ignored (the board shows unfiltered on
 * that criterion), never an error. Text matches the title, the number and the client's name,
 * ignoring case and accents ("acao" finds "Ação"); `#123` (or `123`) matches ticket 123 exactly,
 * and plain digits also match titles containing them.
 */
import type { BoardCard } from '@fluxo/shared/board/index';
import { type DeadlineState, deadlineStateSchema } from '@fluxo/shared/deadlines/ticketDeadlines';
import { type Priority, prioritySchema } from '@fluxo/shared/flow/priorities';
import { statusSchema, type Status } from '@fluxo/shared/flow/statuses';
import { clientIdSchema, userIdSchema, type ClientId, type UserId } from '@fluxo/shared/ids';

export const FILTER_TEXT_MAX_LENGTH = 200;

export interface BoardFilters {
  readonly client: ClientId | null;
  readonly assignee: UserId | null;
  readonly status: Status | null;
  readonly mine: boolean;
  readonly text: string;
  /** Only tickets whose deadline state is this ("No prazo / Em risco / Atrasado"). */
  readonly deadline: DeadlineState | null;
  /** Only tickets of this priority. */
  readonly priority: Priority | null;
  /** Each column sorted by deadline state, worst first, instead of the board's own order. */
  readonly sortByDeadline: boolean;
}

export const NO_FILTERS: BoardFilters = {
  client: null,
  assignee: null,
  status: null,
  mine: false,
  text: '',
  deadline: null,
  priority: null,
  sortByDeadline: false,
};

type SearchParams = Readonly<Partial<Record<string, string | string[]>>>;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function readFilters(params: SearchParams): BoardFilters {
  const client = clientIdSchema.safeParse(single(params.client));
  const assignee = userIdSchema.safeParse(single(params.assignee));
  const status = statusSchema.safeParse(single(params.status));
  const text = (single(params.q) ?? '').slice(0, FILTER_TEXT_MAX_LENGTH);
  const deadline = deadlineStateSchema.safeParse(single(params.prazo));
  const priority = prioritySchema.safeParse(single(params.prioridade));
  return {
    client: client.success ? client.data : null,
    assignee: assignee.success ? assignee.data : null,
    status: status.success ? status.data : null,
    mine: single(params.mine) === '1',
    text,
    deadline: deadline.success ? deadline.data : null,
    priority: priority.success ? priority.data : null,
    sortByDeadline: single(params.ordem) === 'prazo',
  };
}

/** The search parameters for a change of filters (undefined removes a parameter). */
export function filterParams(change: Partial<BoardFilters>): Record<string, string | undefined> {
  const params: Record<string, string | undefined> = {};
  if ('client' in change) params.client = change.client ?? undefined;
  if ('assignee' in change) params.assignee = change.assignee ?? undefined;
  if ('status' in change) params.status = change.status ?? undefined;
  if ('mine' in change) params.mine = change.mine ? '1' : undefined;
  if ('text' in change) params.q = change.text ? change.text : undefined;
  if ('deadline' in change) params.prazo = change.deadline ?? undefined;
  if ('priority' in change) params.prioridade = change.priority ?? undefined;
  if ('sortByDeadline' in change) params.ordem = change.sortByDeadline ? 'prazo' : undefined;
  return params;
}

const FILTER_KEYS = Object.keys(NO_FILTERS) as (keyof BoardFilters)[];

/** Whether two readings of the URL filter and sort the same (every filter is a plain value). */
export function sameFilters(a: BoardFilters, b: BoardFilters): boolean {
  return FILTER_KEYS.every((key) => a[key] === b[key]);
}

export function isFiltering(filters: BoardFilters): boolean {
  return (
    filters.client !== null ||
    filters.assignee !== null ||
    filters.status !== null ||
    filters.mine ||
    filters.deadline !== null ||
    filters.priority !== null ||
    filters.text.trim() !== ''
  );
}

/** Lower case without accents, for matching typed text against titles and names. */
export function foldText(value: string): string {
  return value.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLocaleLowerCase();
}

export interface FilterContext {
  readonly me: UserId;
  readonly clientName: (id: ClientId) => string | undefined;
  /** The ticket's deadline state now (null: closed, or not counted yet). */
  readonly deadlineState?: (id: string) => DeadlineState | null;
}

/** Builds the predicate once per filter change; the text is folded once, not per ticket. */
export function ticketMatcher(filters: BoardFilters, context: FilterContext): (ticket: BoardCard) => boolean {
  const text = filters.text.trim();
  const numberOnly = /^#\s*(\d+)$/.exec(text);
  const digits = /^\d+$/.test(text) ? Number(text) : null;
  const folded = foldText(text);
  return (ticket) => {
    if (filters.client !== null && ticket.clientId !== filters.client) return false;
    if (filters.assignee !== null && !ticket.assignees.includes(filters.assignee)) return false;
    if (filters.status !== null && ticket.status !== filters.status) return false;
    if (filters.mine && !ticket.assignees.includes(context.me)) return false;
    if (filters.priority !== null && ticket.priority !== filters.priority) return false;
    if (filters.deadline !== null && (context.deadlineState?.(ticket.id) ?? null) !== filters.deadline) return false;
    if (text === '') return true;
    if (numberOnly) return ticket.number === Number(numberOnly[1]);
    if (digits !== null && ticket.number === digits) return true;
    if (foldText(ticket.title).includes(folded)) return true;
    const client = ticket.clientId === null ? undefined : context.clientName(ticket.clientId);
    return client !== undefined && foldText(client).includes(folded);
  };
}
