/**
 * The bridge from the board's Yjs document to Solid: a store of plain, validated tickets
 * (`readTicket` from shared/board) keyed by id, and the five columns as ordered id lists.
 *
 * One `observeDeep` on the tickets map runs once per transaction (local, remote or from
 * IndexedDB) with every event of it. From those events only the touched tickets are read again,
 * and each is merged into the store with `reconcile`, so a card re-renders only the fields that
 * changed and an edit on a 10,000-ticket board touches one card. A column's id list changes only
 * when a ticket enters, leaves or moves within it (binary insertion by rank); a large batch (the
 * first sync, a reload from IndexedDB) rebuilds the columns with one sort instead.
 *
 * A ticket that does not read (malformed, or waiting for an update that has not arrived —
 * see shared/board/readBoard.ts) is absent from the store and the columns until it reads again.
 * Archived tickets stay in the store (the drawer may show one) but not in the columns.
 *
 * Each column's count of tickets that are not closed (what takes WIP capacity) is kept beside
 * its ids, from the reader's own plain placements: a column header never walks thousands of
 * store proxies (which would subscribe it to every ticket's status) to count.
 *
 * **Preview** (first visit from this browser): until the document has loaded, the session may
 * hand the reader the server's first cards of each column (`boards.firstCards`); the columns
 * then show those cards and the server's counts (`size`, `openCount`). What the document brings
 * meanwhile goes into the store and the reader's own columns but is not published, so a partial
 * document never shows. `endPreview()` (the session calls it once the document has synced)
 * publishes the document's columns: the cards the preview showed are the same tickets in the
 * same order (the server sorts with the same `compareInStage`), already replaced in the store
 * by their document reading, so their cards stay where they are; preview entries the document
 * does not hold are dropped. The store holds `BoardCard`s — what the board's cards render; a
 * document ticket is one, with more fields that nothing on the board reads.
 */
import {
  type BoardCard,
  compareInStage,
  compareRanks,
  type FirstCards,
  readBoard,
  readTicket,
  TICKETS_MAP,
  type Ticket,
} from '@fluxo/shared/board/index';
import { STAGES, type Stage } from '@fluxo/shared/flow/stages';
import { isClosed } from '@fluxo/shared/flow/statuses';
import { batch, createSignal, type Signal, untrack } from 'solid-js';
import { $RAW, createStore, reconcile } from 'solid-js/store';
import * as Y from 'yjs';

export interface BoardReader {
  /** Every readable ticket by id (archived ones too), or a preview's card. Reactive per ticket and per field. */
  readonly tickets: Readonly<Record<string, BoardCard | undefined>>;
  /** The ids shown in a column, in rank order. Reactive. */
  column(stage: Stage): readonly string[];
  /** How many tickets a column holds: its ids, or during a preview the server's count. Reactive. */
  size(stage: Stage): number;
  /** How many tickets of a column are not closed (done/cancelled): its work in progress. Reactive. */
  openCount(stage: Stage): number;
  /** Whether the columns show the server's first cards (`showPreview`) instead of the document. Reactive. */
  previewing(): boolean;
  /** Show the server's first cards until `endPreview()` (again: replaces the previous preview). */
  showPreview(first: FirstCards): void;
  /** Show the document's columns (no-op when not previewing). */
  endPreview(): void;
  /** Stop observing the document. */
  dispose(): void;
}

interface Placement {
  id: string;
  stage: Stage;
  rank: string;
  archived: boolean;
  closed: boolean;
}

/** Above this many touched tickets in one transaction, columns are rebuilt by sorting. */
const REBUILD_THRESHOLD = 256;

function placementOf(ticket: Ticket): Placement {
  return { id: ticket.id, stage: ticket.stage, rank: ticket.rank, archived: ticket.archived, closed: isClosed(ticket.status) };
}

function emptyColumns(): Record<Stage, string[]> {
  return { triage: [], analysis: [], planning: [], production: [], delivery: [] };
}

/**
 * Marks a record of freshly read tickets (plain objects, no store proxies inside) as already
 * unwrapped: a store setter first `unwrap`s what it is given, which walks every field of every
 * ticket (~120 ms for the 10,000 of a first sync); an object that carries `$RAW` is taken as is.
 * The mark is a non-enumerable symbol: the store merges only the record's own string keys.
 */
function alreadyUnwrapped<T extends object>(record: T): T {
  Object.defineProperty(record, $RAW, { value: record });
  return record;
}

export interface BoardReaderOptions {
  /** How one ticket is read (tests count the calls); `readTicket` from shared/board. */
  readonly readOne?: (doc: Y.Doc, id: string) => Ticket | null;
}

export function createBoardReader(doc: Y.Doc, options: BoardReaderOptions = {}): BoardReader {
  const readOne = options.readOne ?? readTicket;
  const ticketsMap = doc.getMap<unknown>(TICKETS_MAP);
  const placements = new Map<string, Placement>();
  const columns = emptyColumns();

  const initial = readBoard(doc);
  const initialTickets: Record<string, Ticket> = {};
  for (const ticket of initial.tickets) {
    initialTickets[ticket.id] = ticket;
    placements.set(ticket.id, placementOf(ticket));
  }
  for (const stage of STAGES) columns[stage] = initial.byStage[stage].map((t) => t.id);

  const [tickets, setTickets] = createStore<Record<string, BoardCard | undefined>>(initialTickets);
  // The columns are plain arrays in signals, replaced whole when they change: they are read
  // often (filtering, indexes, the virtualizer's keys) and a store proxy would tax every read.
  const columnSignals = Object.fromEntries(
    STAGES.map((stage) => [stage, createSignal<readonly string[]>([...columns[stage]])]),
  ) as Record<Stage, Signal<readonly string[]>>;
  const countOpen = (stage: Stage): number => {
    let open = 0;
    for (const id of columns[stage]) if (placements.get(id)?.closed === false) open++;
    return open;
  };
  const openCountSignals = Object.fromEntries(STAGES.map((stage) => [stage, createSignal(countOpen(stage))])) as Record<
    Stage,
    Signal<number>
  >;

  /** Column order (`compareInStage`: by rank, then id), over the plain placements. */
  const compare = (a: string, b: string): number => {
    const pa = placements.get(a);
    const pb = placements.get(b);
    if (!pa || !pb) return compareRanks(a, b);
    return compareInStage(pa, pb);
  };

  /** The preview being shown: its ticket ids and the server's column sizes. */
  interface Preview {
    readonly ids: ReadonlySet<string>;
    readonly sizes: Readonly<Record<Stage, number>>;
  }
  const [preview, setPreview] = createSignal<Preview | null>(null);
  /** Publish the reader's own columns and counts of these stages (not during a preview). */
  const publish = (stages: Iterable<Stage>, recount: Iterable<Stage>): void => {
    if (untrack(preview) !== null) return;
    for (const stage of stages) columnSignals[stage][1]([...columns[stage]]);
    for (const stage of recount) openCountSignals[stage][1](countOpen(stage));
  };

  const remove = (stage: Stage, id: string): void => {
    const list = columns[stage];
    const at = list.indexOf(id);
    if (at >= 0) list.splice(at, 1);
  };

  const insert = (stage: Stage, id: string): void => {
    const list = columns[stage];
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const other = list[mid];
      if (other !== undefined && compare(other, id) < 0) low = mid + 1;
      else high = mid;
    }
    list.splice(low, 0, id);
  };

  const rebuild = (): void => {
    const fresh = emptyColumns();
    for (const [id, p] of placements) if (!p.archived) fresh[p.stage].push(id);
    for (const stage of STAGES) {
      fresh[stage].sort(compare);
      columns[stage] = fresh[stage];
    }
  };

  const apply = (touched: ReadonlySet<string>): void => {
    const changedStages = new Set<Stage>();
    /** Columns whose open count may have changed without their ids changing (a status closed or reopened). */
    const recount = new Set<Stage>();
    const bulk = touched.size > REBUILD_THRESHOLD;
    // Tickets new to the store are added in one merge (one pass of the store over them);
    // known ones are reconciled, so only their changed fields notify.
    const added: Record<string, Ticket> = {};
    let addedAny = false;
    batch(() => {
      for (const id of touched) {
        const ticket = readOne(doc, id);
        const previous = placements.get(id);
        if (ticket === null) {
          if (previous === undefined) continue;
          placements.delete(id);
          if (!bulk && !previous.archived) remove(previous.stage, id);
          changedStages.add(previous.stage);
          setTickets(id, undefined);
          continue;
        }
        if (previous === undefined) {
          added[id] = ticket;
          addedAny = true;
        } else {
          setTickets(id, reconcile(ticket));
        }
        const next = placementOf(ticket);
        if (
          previous !== undefined &&
          previous.stage === next.stage &&
          previous.rank === next.rank &&
          previous.archived === next.archived
        ) {
          if (previous.closed !== next.closed) {
            placements.set(id, next);
            recount.add(next.stage);
          }
          continue;
        }
        if (!bulk && previous !== undefined && !previous.archived) remove(previous.stage, id);
        placements.set(id, next);
        if (!bulk && !next.archived) insert(next.stage, id);
        if (previous !== undefined) changedStages.add(previous.stage);
        changedStages.add(next.stage);
      }
      if (addedAny) setTickets(alreadyUnwrapped(added));
      if (bulk) rebuild();
      publish(changedStages, new Set([...changedStages, ...recount]));
    });
  };

  // Both read the preview untracked: callers may well be inside an effect.
  const endPreview = (): void => {
    const shown = untrack(preview);
    if (shown === null) return;
    batch(() => {
      setPreview(null);
      for (const id of shown.ids) if (!placements.has(id)) setTickets(id, undefined);
      publish(STAGES, STAGES);
    });
  };

  const showPreview = (first: FirstCards): void => {
    if (disposed) return;
    const shown = untrack(preview);
    batch(() => {
      const cards: Record<string, BoardCard> = {};
      const ids = new Set<string>();
      for (const stage of STAGES) {
        for (const card of first.columns[stage].cards) {
          ids.add(card.id);
          // A ticket the document already gave stays as the document says.
          if (!placements.has(card.id)) cards[card.id] = { ...card, assignees: [...card.assignees] };
        }
      }
      if (shown !== null) for (const id of shown.ids) if (!ids.has(id) && !placements.has(id)) setTickets(id, undefined);
      setTickets(alreadyUnwrapped(cards));
      const sizes = {} as Record<Stage, number>;
      for (const stage of STAGES) {
        const column = first.columns[stage];
        sizes[stage] = column.total;
        columnSignals[stage][1](column.cards.map((card) => card.id));
        openCountSignals[stage][1](column.open);
      }
      setPreview({ ids, sizes });
    });
  };

  const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    const touched = new Set<string>();
    for (const event of events) {
      if (event instanceof Y.YMapEvent && event.target === ticketsMap) {
        for (const key of event.keysChanged) touched.add(key);
      } else {
        const key = event.path[0];
        if (typeof key === 'string') touched.add(key);
      }
    }
    if (touched.size > 0) apply(touched);
  };
  ticketsMap.observeDeep(observer);
  let disposed = false;

  return {
    tickets,
    column: (stage) => columnSignals[stage][0](),
    size: (stage) => preview()?.sizes[stage] ?? columnSignals[stage][0]().length,
    openCount: (stage) => openCountSignals[stage][0](),
    previewing: () => preview() !== null,
    showPreview,
    endPreview,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      ticketsMap.unobserveDeep(observer);
    },
  };
}
