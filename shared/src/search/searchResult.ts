/**
 * What crosses the wire for `search.query`: the input bounds and the results. A snippet is plain
 * text plus the ranges of the words that matched — never HTML: whoever shows it wraps those
 * ranges (the client in `<mark>` elements, text nodes only).
 */
import { z } from 'zod';
import { commentIdSchema } from '../conversation/comment.js';
import { boardIdSchema, ticketIdSchema } from '../ids.js';

export const MAX_SEARCH_QUERY = 200;
export const MAX_SEARCH_PAGE = 50;
export const DEFAULT_SEARCH_PAGE = 20;
/** Deepest result a cursor may reach: past it, the query should be more precise. */
export const MAX_SEARCH_DEPTH = 1_000;

export const SEARCH_RESULT_TYPES = ['ticket', 'comment', 'document'] as const;
export type SearchResultType = (typeof SEARCH_RESULT_TYPES)[number];

/** An opaque page cursor (the offset of the next result, as the server wrote it). */
export const searchCursorSchema = z.string().regex(/^o[0-9]{1,4}$/, 'invalid cursor');

export const searchQueryInputSchema = z.strictObject({
  q: z
    .string()
    .transform((q) => q.trim())
    .pipe(z.string().min(1, 'type something to search for').max(MAX_SEARCH_QUERY, `at most ${MAX_SEARCH_QUERY} characters`)),
  limit: z.number().int().min(1).max(MAX_SEARCH_PAGE).default(DEFAULT_SEARCH_PAGE),
  cursor: searchCursorSchema.nullish(),
  boardId: boardIdSchema.nullish(),
  /** Archived tickets (and what is on them) only when asked. */
  archived: z.boolean().default(false),
});
export type SearchQueryInput = z.input<typeof searchQueryInputSchema>;

/** A matched word: UTF-16 offsets into the text it marks, end exclusive. */
export const markRangeSchema = z.strictObject({ start: z.number().int().min(0), end: z.number().int().min(0) });
export type MarkRange = z.infer<typeof markRangeSchema>;

export const markedTextSchema = z.strictObject({
  text: z.string(),
  /** Sorted, non-overlapping, inside `text`. */
  marks: z.array(markRangeSchema),
});
export type MarkedText = z.infer<typeof markedTextSchema>;

export const searchHitSchema = z.strictObject({
  type: z.enum(SEARCH_RESULT_TYPES),
  /** Null only for a client-wide document (of no board). */
  boardId: boardIdSchema.nullable(),
  ticketId: ticketIdSchema.nullable(),
  /** The ticket's number (`#123`), null before the server numbered it or for a board's document. */
  ticketNumber: z.number().int().positive().nullable(),
  commentId: commentIdSchema.nullable(),
  documentId: z.string().max(64).nullable(),
  /** The ticket's title (for a comment: its ticket's), or the document's; marked where it matched. */
  title: markedTextSchema,
  /** A short excerpt around the best match; may be empty when only the title or number matched. */
  snippet: markedTextSchema,
  /** Higher is better; only comparable within one answer. */
  score: z.number(),
  archived: z.boolean(),
  /** When the item was written or last edited (ISO): the tie-break. */
  at: z.iso.datetime(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export const searchPageSchema = z.strictObject({
  hits: z.array(searchHitSchema),
  /** Pass back as `cursor` for the next page; null on the last one. */
  nextCursor: searchCursorSchema.nullable(),
  /** How many results the query has in all (capped at `MAX_SEARCH_DEPTH`). */
  total: z.number().int().min(0),
});
export type SearchPage = z.infer<typeof searchPageSchema>;

export const cursorAt = (offset: number): string => `o${offset}`;
export const offsetOf = (cursor: string | null | undefined): number => (cursor ? Number(cursor.slice(1)) : 0);
