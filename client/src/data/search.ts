/**
 * `search.query` (server/src/trpc/routers/search.ts): full-text search across the agency's
 * tickets, comments and documents, from the header's box to the `/busca` page. Results are
 * cached briefly per query and page (the index on the server is fresh; a minute-old answer to
 * the same query is good enough while paging back and forth).
 */
import { queryOptions } from '@tanstack/solid-query';
import type { TrpcClient } from './trpc';

export type SearchPage = Awaited<ReturnType<TrpcClient['search']['query']['query']>>;
export type SearchHit = SearchPage['hits'][number];
export type SearchText = SearchHit['snippet'];

export interface SearchParams {
  readonly q: string;
  readonly cursor: string | null;
  readonly archived: boolean;
}

/** The longest query the server takes (longer ones are cut here, not refused there). */
export const SEARCH_MAX_LENGTH = 200;

export const searchKeys = {
  all: ['search'] as const,
  page: (params: SearchParams) => ['search', params.q, params.cursor ?? '', params.archived] as const,
};

export function searchQuery(trpc: TrpcClient, params: SearchParams) {
  return queryOptions({
    queryKey: searchKeys.page(params),
    queryFn: () =>
      trpc.search.query.query({ q: params.q, archived: params.archived, ...(params.cursor ? { cursor: params.cursor } : {}) }),
    enabled: params.q.trim().length > 0,
    staleTime: 60_000,
  });
}

/** The results page for a query. */
export function searchHref(q: string, options: { readonly cursor?: string | null; readonly archived?: boolean } = {}): string {
  const params = new URLSearchParams({ q: q.slice(0, SEARCH_MAX_LENGTH) });
  if (options.archived) params.set('arquivados', '1');
  if (options.cursor) params.set('c', options.cursor);
  return `/busca?${params.toString()}`;
}

/** Where a hit opens: its ticket's drawer on the board (`?ticket=`), else its board; null for a client-wide document. */
export function hitHref(hit: Pick<SearchHit, 'boardId' | 'ticketId'>): string | null {
  if (hit.boardId === null) return null;
  const board = `/boards/${encodeURIComponent(hit.boardId)}`;
  return hit.ticketId === null ? board : `${board}?ticket=${encodeURIComponent(hit.ticketId)}`;
}

/** A marked text cut into runs, each marked or not (the ranges are the server's, checked here). */
export function markedRuns(text: SearchText): { readonly text: string; readonly marked: boolean }[] {
  const runs: { text: string; marked: boolean }[] = [];
  let at = 0;
  for (const mark of text.marks) {
    const start = Math.max(at, Math.min(mark.start, text.text.length));
    const end = Math.max(start, Math.min(mark.end, text.text.length));
    if (start > at) runs.push({ text: text.text.slice(at, start), marked: false });
    if (end > start) runs.push({ text: text.text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.text.length) runs.push({ text: text.text.slice(at), marked: false });
  return runs;
}
