/**
 * The full-text search at the size: a synthetic workspace of 50,000 tickets and 100,000
 * comments (short mode: 10,000 + 20,000), deterministic, with a Zipf-like vocabulary of ~4,000
 * Portuguese-looking words (accents included) so that word frequencies look like real text.
 *
 * - `search-query-50k`: the median time of a fixed mix of queries (one, two and three words, the
 *   last one typed halfway — a prefix —, a phrase, `#number`), ranked, first page of 20, through
 *   `SearchIndex.query`; reference: the same queries answered by a linear scan of the same
 *   corpus (fold each entry's text, keep those containing every word; no ranking at all), which
 *   is what searching without an index costs. Interleaved, query by query.
 * - `search-build-50k`: indexing the whole corpus (`SearchIndex.upsert` of every entry; the
 *   server does the same in chunks between event-loop turns); reference: tokenising and folding
 *   the same corpus once (`searchTerms` of every field) — the least any index of it must do.
 *
 * Reading the tickets out of the board documents is not included here: that is the board's
 * cold load (`cold-load-10k`), which the server pays whether or not anyone searches.
 */
import type { CommentId } from '@fluxo/shared/conversation/comment';
import type { BoardId, TicketId } from '@fluxo/shared/ids';
import { foldText, searchTerms } from '@fluxo/shared/search/searchText';
import { type SearchEntry, SearchIndex, ticketEntryKey } from '../../../server/src/search/searchIndex.js';
import { type BenchMode, type Benchmark, collectGarbage, median, timeMs } from '../measure.js';

const SYLLABLES = ['ba', 'ca', 'de', 'fi', 'go', 'lu', 'ma', 'ne', 'pi', 'ro', 'sa', 'te', 'vi', 'ção', 'ões', 'ré', 'lá', 'mô', 'nu', 'tra', 'pre', 'cli', 'por', 'men'];
const BOARDS = 10;

interface Corpus {
  readonly entries: readonly SearchEntry[];
  readonly queries: readonly string[];
  readonly boards: ReadonlySet<BoardId>;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let cached: { size: number; corpus: Corpus } | null = null;

/** The workspace: `tickets` tickets on 10 boards, two comments per ticket. Built once per size. */
export function searchCorpus(tickets: number): Corpus {
  if (cached?.size === tickets) return cached.corpus;
  const random = rng(20_251_123);
  const vocabulary: string[] = [];
  for (let i = 0; vocabulary.length < 4_000; i++) {
    const length = 2 + Math.floor(random() * 3);
    let word = '';
    for (let j = 0; j < length; j++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (!vocabulary.includes(word)) vocabulary.push(word);
  }
  // Zipf-like: word i drawn with probability ~ 1/(i+10).
  const word = (): string => {
    const rank = Math.floor(Math.exp(random() * Math.log(vocabulary.length + 10))) - 10;
    return vocabulary[Math.max(0, Math.min(vocabulary.length - 1, rank))] as string;
  };
  const sentence = (n: number): string => {
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(word());
    const text = words.join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  const boardIds = Array.from({ length: BOARDS }, (_, i) => `Board${String(i).padStart(11, '0')}` as BoardId);
  const entries: SearchEntry[] = [];
  const start = Date.parse('2024-01-01T00:00:00.000Z');
  for (let i = 0; i < tickets; i++) {
    const boardId = boardIds[i % BOARDS] as BoardId;
    const ticketId = `T${String(i).padStart(15, '0')}` as TicketId;
    const title = sentence(4 + Math.floor(random() * 5));
    entries.push({
      key: ticketEntryKey(boardId, ticketId),
      type: 'ticket',
      boardId,
      ticketId,
      commentId: null,
      documentId: null,
      ticketNumber: i + 1,
      title,
      fields: [
        { field: 'title', text: title },
        { field: 'body', text: `${sentence(12 + Math.floor(random() * 20))}. ${sentence(10 + Math.floor(random() * 30))}.` },
      ],
      at: start + i * 60_000,
      archived: random() < 0.1,
    });
    for (let c = 0; c < 2; c++) {
      const commentId = `C${String(i * 2 + c).padStart(15, '0')}` as CommentId;
      entries.push({
        key: `c:${boardId}/${ticketId}/${commentId}`,
        type: 'comment',
        boardId,
        ticketId,
        commentId,
        documentId: null,
        ticketNumber: null,
        title: '',
        fields: [{ field: 'comment', text: `${sentence(8 + Math.floor(random() * 25))}.` }],
        at: start + i * 60_000 + c * 1_000,
        archived: false,
      });
    }
  }
  const w = (rank: number): string => vocabulary[rank] as string;
  const queries = [
    w(3),
    w(40),
    w(900),
    `${w(5)} ${w(60)}`,
    `${w(20)} ${w(300)}`,
    `${w(2)} ${w(8)} ${w(150)}`,
    `${w(12)} ${w(1_500).slice(0, 4)}`, // the last word still being typed
    `${w(0)} ${w(1)}`, // the two commonest words
    `#${Math.floor(tickets / 2)}`,
    w(2_500).toUpperCase(),
  ];
  const corpus = { entries, queries, boards: new Set(boardIds) };
  cached = { size: tickets, corpus };
  return corpus;
}

/** The no-index answer: every entry whose folded text contains every word of the query. */
function linearScan(corpus: Corpus, q: string): number {
  const words = foldText(q).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
  let found = 0;
  for (const entry of corpus.entries) {
    if (entry.archived) continue;
    let text = '';
    for (const field of entry.fields) text += `${field.text}\n`;
    const folded = foldText(text);
    if (words.every((w) => folded.includes(w))) found++;
  }
  return found;
}

function buildIndex(corpus: Corpus): SearchIndex {
  const index = new SearchIndex();
  for (const entry of corpus.entries) index.upsert(entry);
  return index;
}

const sizeOf = (mode: BenchMode): number => (mode === 'short' ? 10_000 : 50_000);

export const searchQuery50k: Benchmark = {
  id: 'search-query-50k',
  label: 'full-text query, 50,000 tickets + 100,000 comments, ranked first page (median of a query mix)',
  run(mode) {
    const corpus = searchCorpus(sizeOf(mode));
    const index = buildIndex(corpus);
    const rounds = mode === 'short' ? 3 : 7;
    const subject: number[] = [];
    const reference: number[] = [];
    let sink = 0;
    for (const q of corpus.queries) {
      sink += index.query({ q, boards: corpus.boards, agencyWide: true, limit: 20 }).total;
      sink += linearScan(corpus, q);
    }
    for (let round = 0; round < rounds; round++) {
      for (const q of corpus.queries) {
        subject.push(timeMs(() => void (sink += index.query({ q, boards: corpus.boards, agencyWide: true, limit: 20 }).total)));
        reference.push(timeMs(() => void (sink += linearScan(corpus, q))));
      }
    }
    if (sink < 0) throw new Error('unreachable');
    return {
      id: this.id,
      label: `${this.label}; ${corpus.entries.length} entries, ${index.terms} terms`,
      value: median(subject),
      unit: 'ms',
      reference: 'linear scan of the same corpus (fold + substring, unranked)',
      referenceValue: median(reference),
      goal: 0.1,
    };
  },
};

export const searchBuild50k: Benchmark = {
  id: 'search-build-50k',
  label: 'index build, 50,000 tickets + 100,000 comments',
  run(mode) {
    const corpus = searchCorpus(sizeOf(mode));
    const rounds = mode === 'short' ? 1 : 3;
    const subject: number[] = [];
    const reference: number[] = [];
    let sink = 0;
    for (let round = 0; round < rounds; round++) {
      collectGarbage();
      subject.push(timeMs(() => void (sink += buildIndex(corpus).size)));
      collectGarbage();
      reference.push(
        timeMs(() => {
          for (const entry of corpus.entries) for (const field of entry.fields) sink += searchTerms(field.text).length;
        }),
      );
    }
    if (sink < 0) throw new Error('unreachable');
    return {
      id: this.id,
      label: this.label,
      value: median(subject),
      unit: 'ms',
      reference: 'tokenising + folding the same corpus once',
      referenceValue: median(reference),
      goal: 3,
    };
  },
};

export const SEARCH_BENCHMARKS: readonly Benchmark[] = [searchBuild50k, searchQuery50k];
