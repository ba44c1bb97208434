/**
 * `search.query {q, limit?, cursor?, boardId?, archived?}` (issue 7): full-text search across the
 * caller's agency — tickets, comments (internal notes too: search is staff only), documents —
 * ranked by `search/searchIndex.ts`.
 *
 * Who: staff (a share token is no session: UNAUTHORIZED). Results come only from the boards the
 * caller may open (`boards/boardAccess.ts`: same agency, member or admin), plus the agency's
 * client-wide documents; a `boardId` the caller may not open is NOT_FOUND, like one that does
 * not exist. Archived tickets (and their comments and documents) only with `archived: true`.
 * `q` is trimmed, 1–200 characters; `limit` 1–50 (default 20); `cursor` is the previous page's
 * `nextCursor` (an offset: a page read after the index changed may repeat or skip a result).
 */
import { NotFoundError } from '@fluxo/shared/errors';
import { type SearchHit, cursorAt, offsetOf, searchPageSchema, searchQueryInputSchema } from '@fluxo/shared/search/searchResult';
import { visibleBoards } from '../../boards/boardAccess.js';
import { conversationSearch } from '../../search/conversationSearch.js';
import type { RankedHit } from '../../search/searchIndex.js';
import { router, staffProcedure } from '../trpc.js';

function hitView(hit: RankedHit): SearchHit {
  const { entry } = hit;
  return {
    type: entry.type,
    boardId: entry.boardId,
    ticketId: entry.ticketId,
    ticketNumber: hit.ticketNumber,
    commentId: entry.commentId,
    documentId: entry.documentId,
    title: hit.title,
    snippet: hit.snippet,
    score: Math.round(hit.score * 1000) / 1000,
    archived: hit.archived,
    at: new Date(entry.at).toISOString(),
  };
}

export const searchRouter = router({
  query: staffProcedure
    .input(searchQueryInputSchema)
    .output(searchPageSchema)
    .query(async ({ ctx, input }) => {
      const boards = new Set((await visibleBoards(ctx.store, ctx.user)).map((board) => board.id));
      if (input.boardId && !boards.has(input.boardId)) throw new NotFoundError('board');
      const offset = offsetOf(input.cursor);
      const search = conversationSearch(ctx.conversation, { dataDir: ctx.config.dataDir, logger: ctx.logger });
      const answer = await search.query(ctx.user.agencyId, {
        q: input.q,
        boards,
        agencyWide: true,
        boardId: input.boardId ?? null,
        archived: input.archived,
        offset,
        limit: input.limit,
      });
      const next = offset + answer.hits.length;
      return {
        hits: answer.hits.map(hitView),
        nextCursor: answer.hits.length > 0 && next < answer.total ? cursorAt(next) : null,
        total: answer.total,
      };
    }),
});
