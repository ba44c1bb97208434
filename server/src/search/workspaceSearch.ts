/**
 * Search over a workspace (an agency): one `SearchIndex` per agency, built on its first search
 * and then kept fresh item by item. One `WorkspaceSearch` per process (`searchOf(conversation)`).
 *
 * Lifecycle of an agency's index:
 * - **Build**, lazily, on the first `query` for the agency (everyone searching meanwhile waits
 *   for the same build): every board's tickets, read from the board documents through
 *   `LiveBoards.withBoardDoc` (the live room on the server), every ticket's comments from the
 *   store, every entry of the extra sources (documents). Work is cut into chunks of `chunk`
 *   entries with a turn of the event loop between them, so a 50,000-ticket build never holds
 *   the loop for long. A build that fails is logged and forgotten: the next search tries again.
 * - **Freshness**, by signals, item by item — never a rebuild:
 *   - tickets: the index observes the board document it read (`observeDeep` on the tickets map)
 *     and notes which tickets each transaction touched, whoever made it (people, the witness
 *     numbering, a client's request); before the next query only those are read again. When
 *     the room was unloaded (its document destroyed) the next `boardChanged` signal
 *     (`ConversationEvents.watchBoard`) makes the board be read again whole on the next query,
 *     each unchanged ticket costing one comparison;
 *   - comments: `ConversationEvents.onTicketChanged` names the ticket whose comments changed;
 *     before the next query its comments are listed again (a deleted one leaves the index);
 *   - extra sources (`SearchSource`): their own feed names the item; it is read again.
 *   - boards created after the build are found on the next query (the agency's board list is
 *     read each time) and read whole.
 *   So a query sees every change that completed before it was asked.
 * - There is no unload: an agency's index lives as long as the process.
 */
import { type Ticket, readTicket } from '@fluxo/shared/board/index';
import { TICKETS_MAP } from '@fluxo/shared/board/layout';
import { readTicketEntry } from '@fluxo/shared/board/readBoard';
import type { AgencyId, BoardId, TicketId, UserId } from '@fluxo/shared/ids';
import * as Y from 'yjs';
import type { ConversationEvents } from '../conversation/conversationEvents.js';
import type { LiveBoards } from '../conversation/ticketDirectory.js';
import { type Logger, silentLogger } from '../log.js';
import type { Store } from '../store/store.js';
import { boardTicketsPrefix, commentEntry, commentEntryKey, ticketEntry } from './searchEntries.js';
import { type SearchAnswer, type SearchEntry, SearchIndex, ticketEntryKey } from './searchIndex.js';

/**
 * Another kind of searchable item (documents: `documentSource.ts`). Its entries' keys start with
 * `${prefix}:`; `changes` names an item whose entry must be read again.
 */
export interface SearchSource {
  readonly prefix: string;
  /** Every entry of the agency (the build). */
  agencyEntries(agencyId: AgencyId): Promise<readonly SearchEntry[]>;
  /** The item's entry now, or null when it no longer has one (gone, or of another agency). */
  entry(agencyId: AgencyId, itemId: string): Promise<SearchEntry | null>;
  /** The key its item's entry has (or had). */
  keyOf(itemId: string): string;
  /** Calls `listener` once an item changed (durably); returns the function that stops it. */
  subscribe(listener: (agencyId: AgencyId, itemId: string) => void): () => void;
}

export interface WorkspaceSearchDeps {
  readonly store: Store;
  readonly events: ConversationEvents;
  readonly boards: LiveBoards;
  readonly sources?: readonly SearchSource[];
  readonly logger?: Logger;
  /** Entries indexed per turn of the event loop while building (default 500). */
  readonly chunk?: number;
}

export interface SearchRequest {
  readonly q: string;
  /** Boards the caller may open. */
  readonly boards: ReadonlySet<BoardId>;
  /** Whether entries of no board (client-wide documents) may be returned. */
  readonly agencyWide: boolean;
  readonly boardId?: BoardId | null;
  readonly archived?: boolean;
  readonly offset?: number;
  readonly limit: number;
}

export interface AgencySearchStats {
  readonly entries: number;
  readonly terms: number;
  /** How long the build took, start to end (event-loop turns given away included). */
  readonly buildMs: number | null;
  /** Longest synchronous stretch of indexing (one chunk). */
  readonly longestChunkMs: number;
  /** Ticket entries read from board documents so far (a board read whole counts each of its tickets). */
  readonly ticketsRead: number;
}

export interface WorkspaceSearch {
  query(agencyId: AgencyId, request: SearchRequest): Promise<SearchAnswer>;
  /** Builds the agency's index now if it is not (a warm-up); resolves when it is ready. */
  prepare(agencyId: AgencyId): Promise<void>;
  stats(agencyId: AgencyId): AgencySearchStats | null;
  /** Stops listening to every signal. */
  close(): void;
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface BoardTrack {
  readonly boardId: BoardId;
  /** The board document last read whole, observed while it lives; null once destroyed. */
  doc: Y.Doc | null;
  stopObserving: (() => void) | null;
  /** Ticket keys the observed document changed since they were last read. */
  readonly dirty: Set<string>;
  /** A `boardChanged` signal since the last read (matters when `doc` is gone). */
  signalled: boolean;
  /** Never read yet (its comments are read with it). */
  fresh: boolean;
}

class AgencySearch {
  readonly index = new SearchIndex();
  readonly tracks = new Map<BoardId, BoardTrack>();
  /** `${boardId}/${ticketId}` whose comments changed. */
  readonly commentsChanged = new Map<string, { boardId: BoardId; ticketId: TicketId }>();
  readonly sourceChanged = new Map<SearchSource, Set<string>>();
  readonly names = new Map<UserId, string>();
  readonly ready: Promise<void>;
  buildMs: number | null = null;
  longestChunkMs = 0;
  ticketsRead = 0;
  #refreshing: Promise<void> = Promise.resolve();
  #closed = false;
  readonly #abort = new AbortController();

  constructor(
    readonly agencyId: AgencyId,
    readonly deps: WorkspaceSearchDeps,
    readonly onBoard: (boardId: BoardId, agency: AgencySearch) => void,
  ) {
    this.ready = this.#build();
  }

  close(): void {
    this.#closed = true;
    this.#abort.abort();
    for (const track of this.tracks.values()) track.stopObserving?.();
  }

  /** Brings the index up to date with every change signalled so far (one refresh at a time). */
  refresh(): Promise<void> {
    const run = this.#refreshing.then(() => this.#refreshOnce());
    this.#refreshing = run.catch(() => undefined);
    return run;
  }

  noteComments(boardId: BoardId, ticketId: TicketId): void {
    this.commentsChanged.set(`${boardId}/${ticketId}`, { boardId, ticketId });
  }

  noteSource(source: SearchSource, itemId: string): void {
    let items = this.sourceChanged.get(source);
    if (!items) this.sourceChanged.set(source, (items = new Set()));
    items.add(itemId);
  }

  async #build(): Promise<void> {
    const started = performance.now();
    const { store } = this.deps;
    for (const user of await store.users.listByAgency(this.agencyId)) this.names.set(user.id, user.name);
    await this.#refreshOnce();
    for (const source of this.deps.sources ?? []) {
      this.sourceChanged.delete(source); // what changed meanwhile is in the full read below
      await this.#upsertChunked(await source.agencyEntries(this.agencyId));
    }
    await this.#refreshOnce(); // what changed during the build
    this.buildMs = performance.now() - started;
  }

  async #refreshOnce(): Promise<void> {
    if (this.#closed) return;
    for (const board of await this.deps.store.boards.listByAgency(this.agencyId)) {
      if (!this.tracks.has(board.id)) this.#track(board.id);
    }
    for (const track of this.tracks.values()) {
      if (!track.fresh && !track.signalled && track.dirty.size === 0) continue;
      track.signalled = false;
      const readWhole = await this.#readTickets(track);
      if (track.fresh) {
        track.fresh = false;
        await this.#readComments(track.boardId, readWhole);
      }
    }
    const comments = [...this.commentsChanged.values()];
    this.commentsChanged.clear();
    for (const { boardId, ticketId } of comments) await this.#ticketComments(boardId, ticketId);
    for (const [source, items] of [...this.sourceChanged]) {
      this.sourceChanged.delete(source);
      for (const itemId of items) {
        const entry = await source.entry(this.agencyId, itemId);
        if (entry === null) this.index.remove(source.keyOf(itemId));
        else this.index.upsert(entry);
      }
    }
  }

  #track(boardId: BoardId): BoardTrack {
    const track: BoardTrack = { boardId, doc: null, stopObserving: null, dirty: new Set(), signalled: false, fresh: true };
    this.tracks.set(boardId, track);
    this.onBoard(boardId, this);
    const watch = this.deps.events.watchBoard(boardId, this.#abort.signal);
    void (async () => {
      while (await watch.next()) track.signalled = true;
    })();
    return track;
  }

  /**
   * Reads the board's tickets into the index: only the dirty ones when `track.doc` is the
   * document `withBoardDoc` hands over, else all of them (and starts observing that document).
   * Returns the ticket ids when it read them all, else null.
   */
  async #readTickets(track: BoardTrack): Promise<TicketId[] | null> {
    return this.deps.boards.withBoardDoc(track.boardId, async (doc) => {
      const tickets = doc.getMap<unknown>(TICKETS_MAP);
      let all: TicketId[] | null = null;
      if (doc !== track.doc) {
        this.#observe(track, doc, tickets);
        track.dirty.clear();
        all = [];
        const keys = [...tickets.keys()];
        const chunk = this.deps.chunk ?? 500;
        for (let i = 0; i < keys.length; i += chunk) {
          const started = performance.now();
          for (const key of keys.slice(i, i + chunk)) {
            const read = readTicketEntry(key, tickets.get(key));
            this.ticketsRead++;
            if (read.ok) {
              this.index.upsert(ticketEntry(track.boardId, read.ticket));
              all.push(read.ticket.id);
            } else this.index.remove(ticketEntryKey(track.boardId, key as TicketId));
          }
          this.longestChunkMs = Math.max(this.longestChunkMs, performance.now() - started);
          await yieldToLoop();
        }
        const present = new Set<string>(all.map((id) => ticketEntryKey(track.boardId, id)));
        for (const key of this.index.keysWithPrefix(boardTicketsPrefix(track.boardId))) if (!present.has(key)) this.index.remove(key);
      }
      // What changed while reading (or since the last read of this same document).
      while (track.dirty.size > 0) {
        const keys = [...track.dirty];
        track.dirty.clear();
        for (const key of keys) this.#ticketFromDoc(track.boardId, doc, key);
      }
      return all;
    });
  }

  #ticketFromDoc(boardId: BoardId, doc: Y.Doc, key: string): void {
    this.ticketsRead++;
    const ticket: Ticket | null = readTicket(doc, key);
    if (ticket === null) this.index.remove(ticketEntryKey(boardId, key as TicketId));
    else this.index.upsert(ticketEntry(boardId, ticket));
  }

  #observe(track: BoardTrack, doc: Y.Doc, tickets: Y.Map<unknown>): void {
    track.stopObserving?.();
    const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
      for (const event of events) {
        if (event.target === tickets) for (const key of event.keys.keys()) track.dirty.add(key);
        else {
          const first = event.path[0];
          if (typeof first === 'string') track.dirty.add(first);
        }
      }
    };
    const destroyed = (): void => {
      if (track.doc !== doc) return;
      track.doc = null;
      track.stopObserving = null;
    };
    tickets.observeDeep(observer);
    doc.on('destroy', destroyed);
    track.doc = doc;
    track.stopObserving = () => {
      tickets.unobserveDeep(observer);
      doc.off('destroy', destroyed);
      if (track.doc === doc) track.doc = null;
    };
  }

  /** Every comment of these tickets (a board read for the first time). */
  async #readComments(boardId: BoardId, ticketIds: readonly TicketId[] | null): Promise<void> {
    if (ticketIds === null) return;
    const chunk = this.deps.chunk ?? 500;
    let done = 0;
    let started = performance.now();
    for (const ticketId of ticketIds) {
      await this.#ticketComments(boardId, ticketId);
      if (++done % chunk === 0) {
        this.longestChunkMs = Math.max(this.longestChunkMs, performance.now() - started);
        await yieldToLoop();
        started = performance.now();
      }
    }
  }

  async #ticketComments(boardId: BoardId, ticketId: TicketId): Promise<void> {
    const mentionName = (userId: UserId): string | null => this.names.get(userId) ?? null;
    for (const comment of await this.deps.store.comments.listForTicket(boardId, ticketId)) {
      if (comment.agencyId !== this.agencyId) continue;
      const entry = commentEntry(comment, mentionName);
      if (entry === null) this.index.remove(commentEntryKey(comment));
      else this.index.upsert(entry);
    }
  }

  async #upsertChunked(entries: readonly SearchEntry[]): Promise<void> {
    const chunk = this.deps.chunk ?? 500;
    for (let i = 0; i < entries.length; i += chunk) {
      const started = performance.now();
      for (const entry of entries.slice(i, i + chunk)) this.index.upsert(entry);
      this.longestChunkMs = Math.max(this.longestChunkMs, performance.now() - started);
      await yieldToLoop();
    }
  }
}

export function createWorkspaceSearch(deps: WorkspaceSearchDeps): WorkspaceSearch {
  const logger = deps.logger ?? silentLogger;
  const agencies = new Map<AgencyId, AgencySearch>();
  const byBoard = new Map<BoardId, AgencySearch>();
  const stops: (() => void)[] = [];

  stops.push(
    deps.events.onTicketChanged((boardId, ticketId) => {
      byBoard.get(boardId)?.noteComments(boardId, ticketId);
    }),
  );
  for (const source of deps.sources ?? []) {
    stops.push(
      source.subscribe((agencyId, itemId) => {
        agencies.get(agencyId)?.noteSource(source, itemId);
      }),
    );
  }

  function agency(agencyId: AgencyId): AgencySearch {
    let found = agencies.get(agencyId);
    if (!found) {
      const created = new AgencySearch(agencyId, deps, (boardId, owner) => byBoard.set(boardId, owner));
      agencies.set(agencyId, created);
      created.ready.catch((error: unknown) => {
        logger.error('search: building the index failed', { agencyId, error: error instanceof Error ? error.message : String(error) });
        created.close();
        if (agencies.get(agencyId) === created) agencies.delete(agencyId);
      });
      found = created;
    }
    return found;
  }

  return {
    async query(agencyId, request) {
      const index = agency(agencyId);
      await index.ready;
      await index.refresh();
      return index.index.query({
        q: request.q,
        boards: request.boards,
        agencyWide: request.agencyWide,
        boardId: request.boardId ?? null,
        archived: request.archived ?? false,
        offset: request.offset ?? 0,
        limit: request.limit,
      });
    },
    async prepare(agencyId) {
      await agency(agencyId).ready;
    },
    stats(agencyId) {
      const found = agencies.get(agencyId);
      if (!found) return null;
      return { entries: found.index.size, terms: found.index.terms, buildMs: found.buildMs, longestChunkMs: found.longestChunkMs, ticketsRead: found.ticketsRead };
    },
    close() {
      for (const stop of stops.splice(0)) stop();
      for (const found of agencies.values()) found.close();
      agencies.clear();
      byBoard.clear();
    },
  };
}
