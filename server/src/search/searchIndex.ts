/**
 * The full-text index of one agency: an in-memory inverted index, ranked with BM25F.
 *
 * Entries are tickets (title, summary + description, number), comments and documents, each
 * under a unique key (`entryKeys` in `searchEntries.ts`). The index knows nothing of boards'
 * access rules or where entries come from; `searchIndex.query` takes the boards the caller may
 * see, and `workspaceSearch.ts` keeps the entries fresh.
 *
 * Ranking, in this order:
 * 1. **How many of the query's words** an entry has (all words beat some, whatever the scores).
 * 2. **Score**: BM25F — per query word, the field frequencies weighted by field
 *    (`FIELD_WEIGHTS`: a ticket's title > its summary/description > a comment > a document),
 *    each normalised by its field's length against that field's average, saturated with k1,
 *    times the word's idf — plus a **phrase bonus** for each pair of consecutive query words
 *    found next to each other, in order, in one field. The last word, while typed, also matches
 *    as a prefix (up to `MAX_PREFIX_TERMS` completions, most frequent first) at `PREFIX_WEIGHT`.
 * 3. **Recency** (`at`, newest first), then the key, so pages are stable.
 *
 * Updates are incremental: `upsert` of an unchanged entry costs a comparison; a changed one is
 * tombstoned and added anew (O(its words)); a term's posting list is compacted when half of it
 * is dead. New terms enter the sorted dictionary (prefix matches) on the next query.
 */
import {
  MAX_SEARCH_DEPTH,
  type MarkRange,
  type MarkedText,
  type SearchResultType,
} from '@fluxo/shared/search/searchResult';
import { parseSearchQuery, searchTerms, searchTokens, ticketNumberTerm } from '@fluxo/shared/search/searchText';
import type { CommentId } from '@fluxo/shared/conversation/comment';
import type { BoardId, TicketId } from '@fluxo/shared/ids';

export const SEARCH_FIELDS = ['title', 'body', 'comment', 'document'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export const FIELD_WEIGHTS: Readonly<Record<SearchField, number>> = { title: 3, body: 1.5, comment: 1, document: 0.8 };
/** A ticket's number (`#123`) counts like a title made of that one word, three times over. */
const NUMBER_WEIGHT = 9;
const K1 = 1.2;
const B = 0.75;
export const PREFIX_WEIGHT = 0.85;
/** Per adjacent pair of query words, this share of the pair's mean idf, times the field weight. */
export const PHRASE_BONUS = 0.6;
export const MAX_PREFIX_TERMS = 50;
/** Dictionary entries looked at for one prefix (a one-letter prefix must not walk them all). */
const MAX_PREFIX_SCAN = 5_000;
const MIN_PREFIX = 2;
/** Query words beyond this are ignored (200 characters could make a hundred). */
export const MAX_QUERY_TERMS = 12;
const SNIPPET_BEFORE = 60;
const SNIPPET_LENGTH = 200;

export interface SearchEntryField {
  readonly field: SearchField;
  readonly text: string;
}

/** What a source hands the index: one searchable item. */
export interface SearchEntry {
  /** Unique in the index (`searchEntries.ts`). */
  readonly key: string;
  readonly type: SearchResultType;
  /** Null for what belongs to the agency rather than a board (a client-wide document). */
  readonly boardId: BoardId | null;
  /** The ticket the entry is or belongs to (null: a document of no ticket). */
  readonly ticketId: TicketId | null;
  readonly commentId: CommentId | null;
  readonly documentId: string | null;
  /** A ticket's number (indexed as `#n`); null for others and for tickets not numbered yet. */
  readonly ticketNumber: number | null;
  /** The title shown: a ticket's own, a document's, a comment's ticket's (as indexed; the live ticket entry's wins). */
  readonly title: string;
  readonly fields: readonly SearchEntryField[];
  /** Written or last edited (epoch ms). */
  readonly at: number;
  /** Tickets only; comments and documents of a ticket follow their ticket's. */
  readonly archived: boolean;
}

interface IndexedField {
  readonly field: SearchField;
  readonly text: string;
  readonly terms: Int32Array;
}

interface IndexedDoc {
  readonly entry: SearchEntry;
  readonly fields: readonly IndexedField[];
  /** The key of the ticket whose title/number/archived state a comment or document shows. */
  readonly ticketKey: string | null;
  /** Distinct term ids (for tombstoning). */
  readonly distinct: readonly number[];
}

interface Posting {
  /** Doc ids, some maybe dead. */
  docs: number[];
  /** Per doc, its frequency in each of the doc's fields, 10 bits each (cap 1023), field order. */
  tfs: number[];
  dead: number;
}

export interface SearchQuery {
  readonly q: string;
  /** Boards the caller may open: nothing of another board is returned. */
  readonly boards: ReadonlySet<BoardId>;
  /** Whether entries of no board (client-wide documents) may be returned. */
  readonly agencyWide: boolean;
  /** Only this board's entries. */
  readonly boardId?: BoardId | null;
  readonly archived?: boolean;
  readonly offset?: number;
  readonly limit: number;
}

export interface RankedHit {
  readonly entry: SearchEntry;
  readonly score: number;
  /** Query words matched. */
  readonly matched: number;
  readonly title: MarkedText;
  readonly snippet: MarkedText;
  readonly ticketNumber: number | null;
  readonly archived: boolean;
}

export interface SearchAnswer {
  readonly hits: readonly RankedHit[];
  /** Results in all, at most `MAX_SEARCH_DEPTH`. */
  readonly total: number;
}

/** The key of a ticket's entry: comments and documents of the ticket point to it. */
export const ticketEntryKey = (boardId: BoardId, ticketId: TicketId): string => `t:${boardId}/${ticketId}`;

const TF_BITS = 10;
const TF_MAX = (1 << TF_BITS) - 1;
const FIELD_SLOTS = 3;
/** A posting's bit for "this is the ticket's number", above the field slots. */
const NUMBER_BIT = 1 << (FIELD_SLOTS * TF_BITS);

function sameEntry(a: SearchEntry, b: SearchEntry): boolean {
  if (
    a.type !== b.type ||
    a.boardId !== b.boardId ||
    a.ticketId !== b.ticketId ||
    a.ticketNumber !== b.ticketNumber ||
    a.title !== b.title ||
    a.at !== b.at ||
    a.archived !== b.archived ||
    a.fields.length !== b.fields.length
  ) {
    return false;
  }
  return a.fields.every((f, i) => f.field === b.fields[i]?.field && f.text === b.fields[i]?.text);
}

interface TermGroup {
  /** Term id → weight (1 exact, `PREFIX_WEIGHT` completions). */
  readonly terms: Map<number, number>;
  /** Idf of the group's exact term (or best completion), for the phrase bonus. */
  idf: number;
}

export class SearchIndex {
  readonly #docs: (IndexedDoc | null)[] = [];
  readonly #free: number[] = [];
  readonly #byKey = new Map<string, number>();
  readonly #termIds = new Map<string, number>();
  readonly #termNames: string[] = [];
  readonly #postings: Posting[] = [];
  #sorted: string[] = [];
  #unsorted: string[] = [];
  #alive = 0;
  /** Per doc id: its board's slot (-1: no board); per doc id × field slot: the field's kind and length. */
  readonly #docBoard: number[] = [];
  readonly #slotKind: number[] = [];
  readonly #slotLength: number[] = [];
  readonly #boardSlots = new Map<string, number>();
  /** Keys of archived tickets (their comments and documents follow them). */
  readonly #archivedTickets = new Set<string>();
  #score = new Float64Array(0);
  #best = new Float64Array(0);
  #mask = new Int32Array(0);
  #matched = new Uint8Array(0);
  #touched = new Int32Array(0);
  #groupTouched = new Int32Array(0);
  readonly #fieldLength = new Map<SearchField, { total: number; count: number }>(SEARCH_FIELDS.map((f) => [f, { total: 0, count: 0 }]));

  /** Live entries. */
  get size(): number {
    return this.#alive;
  }

  /** Distinct terms ever seen (the dictionary keeps dead ones until the index is rebuilt). */
  get terms(): number {
    return this.#termNames.length;
  }

  has(key: string): boolean {
    return this.#byKey.has(key);
  }

  get(key: string): SearchEntry | null {
    const id = this.#byKey.get(key);
    return id === undefined ? null : (this.#docs[id]?.entry ?? null);
  }

  /** Adds or replaces the entry under its key. Returns false when it was already indexed as is. */
  upsert(entry: SearchEntry): boolean {
    const existing = this.#byKey.get(entry.key);
    if (existing !== undefined) {
      const doc = this.#docs[existing];
      if (doc && sameEntry(doc.entry, entry)) return false;
      this.remove(entry.key);
    }
    if (entry.fields.length > FIELD_SLOTS) throw new Error(`a search entry has at most ${FIELD_SLOTS} fields`);
    const fields: IndexedField[] = [];
    const frequencies = new Map<number, number>();
    entry.fields.forEach((field, slot) => {
      const words = searchTerms(field.text);
      const terms = new Int32Array(words.length);
      words.forEach((word, i) => {
        const id = this.#termId(word);
        terms[i] = id;
        const shift = slot * TF_BITS;
        const packed = frequencies.get(id) ?? 0;
        const tf = (packed >>> shift) & TF_MAX;
        if (tf < TF_MAX) frequencies.set(id, packed + (1 << shift));
      });
      fields.push({ field: field.field, text: field.text, terms });
      const length = this.#fieldLength.get(field.field);
      if (length) {
        length.total += words.length;
        length.count++;
      }
    });
    if (entry.ticketNumber !== null) {
      // The number sits in a slot of its own, after the fields.
      frequencies.set(this.#termId(ticketNumberTerm(entry.ticketNumber)), NUMBER_BIT);
    }
    const id = this.#free.pop() ?? this.#docs.length;
    const ticketKey =
      entry.type !== 'ticket' && entry.ticketId !== null && entry.boardId !== null ? ticketEntryKey(entry.boardId, entry.ticketId) : null;
    this.#docs[id] = { entry, fields, ticketKey, distinct: [...frequencies.keys()] };
    let boardSlot = -1;
    if (entry.boardId !== null) {
      boardSlot = this.#boardSlots.get(entry.boardId) ?? this.#boardSlots.size;
      this.#boardSlots.set(entry.boardId, boardSlot);
    }
    this.#docBoard[id] = boardSlot;
    for (let slot = 0; slot < FIELD_SLOTS; slot++) {
      const field = fields[slot];
      this.#slotKind[id * FIELD_SLOTS + slot] = field ? SEARCH_FIELDS.indexOf(field.field) : 0;
      this.#slotLength[id * FIELD_SLOTS + slot] = field ? field.terms.length : 0;
    }
    if (entry.type === 'ticket' && entry.archived) this.#archivedTickets.add(entry.key);
    for (const [term, tf] of frequencies) {
      const posting = this.#postings[term] as Posting;
      posting.docs.push(id);
      posting.tfs.push(tf);
    }
    this.#byKey.set(entry.key, id);
    this.#alive++;
    return true;
  }

  /** Removes the entry; false when there was none. */
  remove(key: string): boolean {
    const id = this.#byKey.get(key);
    if (id === undefined) return false;
    const doc = this.#docs[id];
    this.#byKey.delete(key);
    this.#docs[id] = null;
    this.#archivedTickets.delete(key);
    if (!doc) return true;
    this.#alive--;
    for (const field of doc.fields) {
      const length = this.#fieldLength.get(field.field);
      if (length) {
        length.total -= field.terms.length;
        length.count--;
      }
    }
    for (const term of doc.distinct) {
      const posting = this.#postings[term] as Posting;
      posting.dead++;
      if (posting.dead * 2 > posting.docs.length) this.#compact(posting);
    }
    // The id is reused only once no posting can still name it.
    if (doc.distinct.every((term) => (this.#postings[term] as Posting).dead === 0)) this.#free.push(id);
    return true;
  }

  /** Keys of every live entry whose key starts with `prefix` (sources diffing what they own). */
  keysWithPrefix(prefix: string): string[] {
    const keys: string[] = [];
    for (const key of this.#byKey.keys()) if (key.startsWith(prefix)) keys.push(key);
    return keys;
  }

  query(query: SearchQuery): SearchAnswer {
    const parsed = parseSearchQuery(query.q);
    this.#sortDictionary();
    const groups: TermGroup[] = [];
    const total = this.#alive;
    const idf = (term: number): number => {
      const posting = this.#postings[term] as Posting;
      const df = posting.docs.length - posting.dead;
      return Math.log(1 + (total - df + 0.5) / (df + 0.5));
    };
    const prefixTerm = parsed.prefix === null ? null : (parsed.terms[parsed.terms.length - 1] ?? null);
    for (const word of parsed.terms.slice(0, MAX_QUERY_TERMS)) {
      const terms = new Map<number, number>();
      const exact = this.#termIds.get(word);
      if (exact !== undefined) terms.set(exact, 1);
      if (word === prefixTerm && parsed.prefix !== null) {
        for (const completion of this.#completions(parsed.prefix)) if (!terms.has(completion)) terms.set(completion, PREFIX_WEIGHT);
      }
      let best = 0;
      for (const [term, weight] of terms) best = Math.max(best, idf(term) * weight);
      groups.push({ terms, idf: best });
    }
    const numberGroups: TermGroup[] = [];
    for (const n of parsed.ticketNumbers) {
      const term = this.#termIds.get(ticketNumberTerm(n));
      if (term !== undefined) numberGroups.push({ terms: new Map([[term, 1]]), idf: idf(term) });
    }
    if (groups.length + parsed.ticketNumbers.length === 0) return { hits: [], total: 0 };

    // Scratch space per doc id, zero between queries (every touched slot is reset below).
    const size = this.#docs.length;
    if (this.#score.length < size) {
      const grown = Math.max(size, this.#score.length * 2, 1024);
      this.#score = new Float64Array(grown);
      this.#best = new Float64Array(grown);
      this.#mask = new Int32Array(grown);
      this.#matched = new Uint8Array(grown);
      this.#touched = new Int32Array(grown);
      this.#groupTouched = new Int32Array(grown);
    }
    const score = this.#score;
    const best = this.#best;
    const mask = this.#mask;
    const matched = this.#matched;
    const touched = this.#touched;
    const groupTouched = this.#groupTouched;
    let touchedCount = 0;

    // Which board slots the caller may see (slot -1: entries of no board).
    const allowed = new Uint8Array(this.#boardSlots.size + 1);
    const only = query.boardId ?? null;
    if (query.agencyWide && only === null) allowed[0] = 1;
    for (const [boardId, slot] of this.#boardSlots) if (query.boards.has(boardId as BoardId) && (only === null || only === boardId)) allowed[slot + 1] = 1;
    const weightOf = SEARCH_FIELDS.map((f) => FIELD_WEIGHTS[f]);
    const lengthFactor = SEARCH_FIELDS.map((f) => {
      const length = this.#fieldLength.get(f);
      return B / (length && length.count > 0 ? Math.max(1, length.total / length.count) : 1);
    });
    const docs = this.#docs;
    const docBoard = this.#docBoard;
    const slotKind = this.#slotKind;
    const slotLength = this.#slotLength;

    const addGroup = (group: TermGroup, bit: number): void => {
      let count = 0;
      for (const [term, weight] of group.terms) {
        const posting = this.#postings[term] as Posting;
        const termIdf = idf(term) * weight;
        const ids = posting.docs;
        const tfs = posting.tfs;
        for (let i = 0; i < ids.length; i++) {
          const id = ids[i] as number;
          if (docs[id] === null || allowed[(docBoard[id] as number) + 1] === 0) continue;
          const packed = tfs[i] as number;
          let tf = 0;
          for (let slot = 0; slot < FIELD_SLOTS; slot++) {
            const f = (packed >>> (slot * TF_BITS)) & TF_MAX;
            if (f === 0) continue;
            const kind = slotKind[id * FIELD_SLOTS + slot] as number;
            tf += ((weightOf[kind] as number) * f) / (1 - B + (lengthFactor[kind] as number) * (slotLength[id * FIELD_SLOTS + slot] as number));
          }
          if (packed & NUMBER_BIT) tf += NUMBER_WEIGHT;
          const s = (termIdf * tf * (K1 + 1)) / (tf + K1);
          if (best[id] === 0) groupTouched[count++] = id;
          if (s > (best[id] as number)) best[id] = s;
        }
      }
      for (let k = 0; k < count; k++) {
        const id = groupTouched[k] as number;
        if (matched[id] === 0) touched[touchedCount++] = id;
        matched[id] = (matched[id] as number) + 1;
        score[id] = (score[id] as number) + (best[id] as number);
        mask[id] = (mask[id] as number) | bit;
        best[id] = 0;
      }
    };
    groups.forEach((group, i) => addGroup(group, 1 << i));
    for (const group of numberGroups) addGroup(group, 0);

    const candidates: number[] = [];
    for (let k = 0; k < touchedCount; k++) {
      const id = touched[k] as number;
      if (!query.archived && this.#archived(docs[id] as IndexedDoc)) continue;
      candidates.push(id);
    }
    const offset = Math.min(query.offset ?? 0, MAX_SEARCH_DEPTH);
    const end = Math.min(offset + query.limit, MAX_SEARCH_DEPTH);
    const better = (a: number, b: number): number => {
      const byMatched = (matched[b] as number) - (matched[a] as number);
      if (byMatched !== 0) return byMatched;
      const byScore = (score[b] as number) - (score[a] as number);
      if (byScore !== 0) return byScore;
      const entryA = (docs[a] as IndexedDoc).entry;
      const entryB = (docs[b] as IndexedDoc).entry;
      return entryB.at - entryA.at || (entryA.key < entryB.key ? -1 : entryA.key > entryB.key ? 1 : 0);
    };
    let ranked = candidates;
    if (groups.length >= 2) {
      // The phrase bonus only for those it could bring into the page: everyone at or above the
      // end-th result by base score, and those within the largest bonus possible below it.
      let eligible = candidates;
      if (candidates.length > end && end > 0) {
        const kth = topIds(candidates, end, better)[end - 1] as number;
        let maxBonus = 0;
        for (let g = 0; g + 1 < groups.length; g++) maxBonus += FIELD_WEIGHTS.title * PHRASE_BONUS * (((groups[g] as TermGroup).idf + (groups[g + 1] as TermGroup).idf) / 2);
        const tier = matched[kth] as number;
        const floor = (score[kth] as number) - maxBonus;
        eligible = candidates.filter((id) => (matched[id] as number) > tier || ((matched[id] as number) === tier && (score[id] as number) >= floor));
      }
      const bits = new Int32Array(this.#termNames.length);
      groups.forEach((group, g) => {
        for (const term of group.terms.keys()) bits[term] = (bits[term] as number) | (1 << g);
      });
      for (const id of eligible) {
        if ((matched[id] as number) >= 2) score[id] = (score[id] as number) + this.#phraseBonus(docs[id] as IndexedDoc, groups, bits);
      }
      ranked = eligible;
    }
    const page = topIds(ranked, end, better).slice(offset, end);
    const marked = new Set<string>();
    for (const group of groups) for (const term of group.terms.keys()) marked.add(this.#termNames[term] as string);
    const hits = page.map((id) => this.#hit(id, score[id] as number, matched[id] as number, marked));
    for (let k = 0; k < touchedCount; k++) {
      const id = touched[k] as number;
      score[id] = 0;
      matched[id] = 0;
      mask[id] = 0;
    }
    return { total: Math.min(candidates.length, MAX_SEARCH_DEPTH), hits };
  }

  #termId(term: string): number {
    let id = this.#termIds.get(term);
    if (id === undefined) {
      id = this.#termNames.length;
      this.#termIds.set(term, id);
      this.#termNames.push(term);
      this.#postings.push({ docs: [], tfs: [], dead: 0 });
      if (!term.startsWith('#')) this.#unsorted.push(term);
    }
    return id;
  }

  #compact(posting: Posting): void {
    // A removed doc's id is reused only once no posting names it (see `remove`), so a null
    // slot is exactly a dead entry here.
    const docs: number[] = [];
    const tfs: number[] = [];
    for (let i = 0; i < posting.docs.length; i++) {
      const id = posting.docs[i] as number;
      if (this.#docs[id] === null) continue;
      docs.push(id);
      tfs.push(posting.tfs[i] as number);
    }
    posting.docs = docs;
    posting.tfs = tfs;
    posting.dead = 0;
  }

  /** A ticket's own flag; a comment or document is archived with its ticket (a document also on its own). */
  #archived(doc: IndexedDoc): boolean {
    if (doc.entry.archived) return true;
    return doc.ticketKey !== null && this.#archivedTickets.has(doc.ticketKey);
  }

  #sortDictionary(): void {
    if (this.#unsorted.length === 0) return;
    const fresh = this.#unsorted.sort();
    this.#unsorted = [];
    if (fresh.length > 256) {
      this.#sorted = mergeSorted(this.#sorted, fresh);
      return;
    }
    for (const term of fresh) this.#sorted.splice(lowerBound(this.#sorted, term), 0, term);
  }

  /** The most frequent live terms starting with `prefix` (the prefix itself excluded). */
  #completions(prefix: string): number[] {
    if (prefix.length < MIN_PREFIX) return [];
    const found: { id: number; df: number }[] = [];
    const start = lowerBound(this.#sorted, prefix);
    for (let i = start; i < this.#sorted.length && i - start < MAX_PREFIX_SCAN; i++) {
      const term = this.#sorted[i] as string;
      if (!term.startsWith(prefix)) break;
      if (term === prefix) continue;
      const id = this.#termIds.get(term) as number;
      const posting = this.#postings[id] as Posting;
      const df = posting.docs.length - posting.dead;
      if (df > 0) found.push({ id, df });
    }
    found.sort((a, b) => b.df - a.df);
    return found.slice(0, MAX_PREFIX_TERMS).map((f) => f.id);
  }

  /**
   * For each pair of consecutive query words (g, g+1) found next to each other in one field,
   * the best field's weight × `PHRASE_BONUS` × the pair's mean idf. `bits[term]` has bit g set
   * when the term belongs to word g, so one pass over a field finds every adjacent pair.
   */
  #phraseBonus(doc: IndexedDoc, groups: readonly TermGroup[], bits: Int32Array): number {
    let bonus = 0;
    let found = 0;
    let bestWeight: number[] | null = null;
    for (const field of doc.fields) {
      const terms = field.terms;
      let pairs = 0;
      for (let i = 0; i + 1 < terms.length; i++) pairs |= (bits[terms[i] as number] as number) & ((bits[terms[i + 1] as number] as number) >>> 1);
      if (pairs === 0) continue;
      bestWeight ??= new Array<number>(groups.length).fill(0);
      const weight = FIELD_WEIGHTS[field.field];
      for (let g = 0; g + 1 < groups.length; g++) if (pairs & (1 << g) && weight > (bestWeight[g] as number)) bestWeight[g] = weight;
      found |= pairs;
    }
    if (found === 0 || bestWeight === null) return 0;
    for (let g = 0; g + 1 < groups.length; g++) {
      bonus += (bestWeight[g] as number) * PHRASE_BONUS * (((groups[g] as TermGroup).idf + (groups[g + 1] as TermGroup).idf) / 2);
    }
    return bonus;
  }

  #hit(id: number, score: number, matched: number, marked: ReadonlySet<string>): RankedHit {
    const doc = this.#docs[id] as IndexedDoc;
    const entry = doc.entry;
    const ticket = doc.ticketKey === null ? null : this.get(doc.ticketKey);
    // A comment shows its ticket's current title; a ticket and a document their own.
    const titleText = entry.type === 'comment' ? (ticket?.title ?? entry.title) : entry.title;
    const snippetFields = doc.fields.filter((f) => f.field !== 'title');
    let snippet: MarkedText = { text: '', marks: [] };
    let bestCount = -1;
    for (const field of snippetFields) {
      const excerpt = markedExcerpt(field.text, marked);
      if (excerpt.marks.length > bestCount) {
        snippet = excerpt;
        bestCount = excerpt.marks.length;
      }
    }
    return {
      entry,
      score,
      matched,
      title: markWhole(titleText, marked),
      snippet,
      ticketNumber: entry.type === 'ticket' ? entry.ticketNumber : (ticket?.ticketNumber ?? null),
      archived: this.#archived(doc),
    };
  }
}

/** The best `k` of `ids`, best first (a bounded heap when there are many). */
function topIds(ids: readonly number[], k: number, better: (a: number, b: number) => number): number[] {
  if (ids.length <= k * 4) return [...ids].sort(better).slice(0, k);
  // A heap whose root is the worst kept.
  const heap: number[] = [];
  const worse = (a: number, b: number): boolean => better(a, b) > 0;
  const swap = (i: number, j: number): void => {
    const t = heap[i] as number;
    heap[i] = heap[j] as number;
    heap[j] = t;
  };
  const up = (i: number): void => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(heap[i] as number, heap[parent] as number)) break;
      swap(i, parent);
      i = parent;
    }
  };
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l] as number, heap[m] as number)) m = l;
      if (r < heap.length && worse(heap[r] as number, heap[m] as number)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (const id of ids) {
    if (heap.length < k) {
      heap.push(id);
      up(heap.length - 1);
    } else if (k > 0 && better(id, heap[0] as number) < 0) {
      heap[0] = id;
      down(0);
    }
  }
  return heap.sort(better);
}

function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as string) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push((a[i] as string) <= (b[j] as string) ? (a[i++] as string) : (b[j++] as string));
  while (i < a.length) out.push(a[i++] as string);
  while (j < b.length) out.push(b[j++] as string);
  return out;
}

function marksIn(text: string, marked: ReadonlySet<string>): MarkRange[] {
  const marks: MarkRange[] = [];
  for (const token of searchTokens(text)) if (marked.has(token.term)) marks.push({ start: token.start, end: token.end });
  return marks;
}

function markWhole(text: string, marked: ReadonlySet<string>): MarkedText {
  return { text, marks: marksIn(text, marked) };
}

/** Up to `SNIPPET_LENGTH` characters around the first match, cut at word boundaries, with "…". */
export function markedExcerpt(text: string, marked: ReadonlySet<string>): MarkedText {
  const tokens = searchTokens(text);
  const hits = tokens.filter((t) => marked.has(t.term));
  const first = hits[0];
  let from = 0;
  if (first !== undefined && first.start > SNIPPET_BEFORE) {
    const cut = first.start - SNIPPET_BEFORE;
    from = tokens.find((t) => t.start >= cut)?.start ?? first.start;
  }
  let to = text.length;
  if (to - from > SNIPPET_LENGTH) {
    const limit = from + SNIPPET_LENGTH;
    let last = from;
    for (const t of tokens) {
      if (t.start < from) continue;
      if (t.end > limit) break;
      last = t.end;
    }
    to = last > from ? last : limit;
  }
  const lead = from > 0 ? '…' : '';
  const tail = to < text.length ? '…' : '';
  const body = text.slice(from, to);
  const marks: MarkRange[] = [];
  for (const hit of hits) {
    if (hit.start < from || hit.end > to) continue;
    marks.push({ start: hit.start - from + lead.length, end: hit.end - from + lead.length });
  }
  return { text: lead + body + tail, marks };
}
