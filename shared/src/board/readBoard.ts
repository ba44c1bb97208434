/**
 * Reading the board document into plain, validated objects. The reader never throws on the
 * document's content: an entry that does not have the layout of `layout.ts` (an update from a
 * buggy or malicious peer, or a partial one) is skipped and reported, so one bad ticket cannot
 * take the board down. `validateBoard` (invariants.ts) turns those reports into violations.
 *
 * The objects returned are fresh copies: mutating them never touches the document.
 */
import * as Y from 'yjs';
import { ID_LENGTH } from '../ids.js';
import { PRODUCTION_STEPS, type ProductionStep } from '../flow/productionSteps.js';
import { STAGES, type Stage, stageIndex } from '../flow/stages.js';
import { compareRanks } from './fractionalIndex.js';
import {
  META_FIELDS,
  META_MAP,
  ROOT_NAMES,
  TICKETS_MAP,
  TICKET_FIELDS,
  type TextField,
} from './layout.js';
import { type Ticket, ticketSchema } from './ticket.js';

/** One thing wrong with a board document; `path` is slash-separated from the document root. */
export interface BoardViolation {
  path: string;
  message: string;
}

export interface Board {
  /** `meta.schemaVersion`; null while this replica has not received it. */
  schemaVersion: number | null;
  /** Every well-formed ticket, archived ones included, sorted by stage (flow order) then rank. */
  tickets: Ticket[];
  /** The columns: tickets not archived, sorted by rank. */
  byStage: Record<Stage, Ticket[]>;
  /** Keys of ticket entries that are not well formed, sorted; they appear nowhere else. */
  malformed: string[];
  /**
   * Keys of tickets this replica cannot show yet: a field's old value was deleted and its new
   * value has not arrived (see `TicketEntryResult` and invariants.ts). Sorted; they appear nowhere
   * else. Empty once every update has arrived.
   */
  pending: string[];
}

const FIELD_SET: ReadonlySet<string> = new Set(TICKET_FIELDS);
const STEP_SET: ReadonlySet<string> = new Set(PRODUCTION_STEPS);
const idShape = new RegExp(`^[0-9A-Za-z]{${ID_LENGTH}}$`);

/**
 * The reading of one ticket entry. When not ok, `awaiting` lists the deleted items of plain fields
 * left without a live value: overwriting a field deletes its old item, and Yjs applies that
 * deletion at once even when the item carrying the new value waits for an update that has not
 * arrived yet (updates delivered out of order, a server restarted from an older copy). Whether
 * that is a transient state or damage depends on the document's pending updates; see `scanBoard`.
 */
export type TicketEntryResult =
  | { ok: true; ticket: Ticket }
  | { ok: false; violations: BoardViolation[]; awaiting: Y.Item[] };

/** Whether a shared type holds list content (only maps are expected where this is asked). */
function hasListContent(type: { _start: Y.Item | null }): boolean {
  for (let item = type._start; item !== null; item = item.right) if (!item.deleted) return true;
  return false;
}

/** Why a `Y.Text` is not plain text (formatting, embeds, nested types), or null if it is. */
function textContentProblem(text: Y.Text): string | null {
  for (const item of text._map.values()) if (!item.deleted) return 'text carries attributes';
  for (let item = text._start; item !== null; item = item.right) {
    if (!item.deleted && !(item.content instanceof Y.ContentString)) return 'text holds non-text content';
  }
  return null;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Read one entry of the tickets map: the ticket, or everything wrong with the entry. Checks the
 * Yjs layout (types of values, no unknown or missing keys, plain text only) and then the plain
 * result against `ticketSchema`.
 */
export function readTicketEntry(key: string, value: unknown): TicketEntryResult {
  const base = `${TICKETS_MAP}/${key}`;
  const violations: BoardViolation[] = [];
  const awaiting: Y.Item[] = [];
  const report = (field: string | null, message: string): void => {
    violations.push({ path: field === null ? base : `${base}/${field}`, message });
  };
  if (!(value instanceof Y.Map)) {
    report(null, 'ticket entry is not a map');
    return { ok: false, violations, awaiting };
  }
  const entry = value as Y.Map<unknown>;
  if (hasListContent(entry)) report(null, 'ticket map holds list content');
  for (const field of entry.keys()) if (!FIELD_SET.has(field)) report(field, 'unknown field');

  const plain = (field: string): unknown => {
    if (!entry.has(field)) {
      const deleted = entry._map.get(field);
      if (deleted === undefined) report(field, 'missing');
      else {
        awaiting.push(deleted);
        report(field, 'missing: its value was deleted and no new value has arrived');
      }
      return undefined;
    }
    const v = entry.get(field);
    if (v instanceof Y.AbstractType) {
      report(field, 'expected a plain value, found a shared type');
      return undefined;
    }
    return v;
  };
  const text = (field: TextField): string | undefined => {
    const v = entry.get(field);
    if (!(v instanceof Y.Text)) {
      report(field, entry.has(field) ? 'expected Y.Text' : 'missing');
      return undefined;
    }
    const problem = textContentProblem(v);
    if (problem !== null) {
      report(field, problem);
      return undefined;
    }
    return v.toString();
  };
  const nestedMap = (field: string): Y.Map<unknown> | undefined => {
    const v = entry.get(field);
    if (!(v instanceof Y.Map)) {
      report(field, entry.has(field) ? 'expected Y.Map' : 'missing');
      return undefined;
    }
    if (hasListContent(v)) {
      report(field, 'map holds list content');
      return undefined;
    }
    return v as Y.Map<unknown>;
  };

  const position = plain('position');
  let stage: unknown;
  let rank: unknown;
  if (position !== undefined) {
    if (!isPlainRecord(position)) report('position', 'expected {stage, rank}');
    else {
      const keys = Object.keys(position);
      if (keys.length !== 2 || !('stage' in position) || !('rank' in position)) {
        report('position', 'expected exactly {stage, rank}');
      }
      stage = position.stage;
      rank = position.rank;
    }
  }

  let steps: { step: ProductionStep; done: boolean }[] | undefined;
  const stepsMap = nestedMap('steps');
  if (stepsMap !== undefined) {
    const done = new Map<string, boolean>();
    for (const [step, flag] of stepsMap.entries()) {
      if (!STEP_SET.has(step)) report(`steps/${step}`, 'unknown production step');
      else if (typeof flag !== 'boolean') report(`steps/${step}`, 'expected a boolean');
      else done.set(step, flag);
    }
    steps = PRODUCTION_STEPS.filter((s) => done.has(s)).map((s) => ({ step: s, done: done.get(s) === true }));
  }

  let assignees: string[] | undefined;
  const assigneesMap = nestedMap('assignees');
  if (assigneesMap !== undefined) {
    assignees = [];
    for (const [userId, flag] of assigneesMap.entries()) {
      if (!idShape.test(userId)) report(`assignees/${userId}`, 'invalid user id');
      else if (flag !== true) report(`assignees/${userId}`, 'expected true');
      else assignees.push(userId);
    }
    assignees.sort(compareRanks);
  }

  const raw = {
    id: plain('id'),
    number: plain('number'),
    createdAt: plain('createdAt'),
    createdBy: plain('createdBy'),
    channel: plain('channel'),
    clientId: plain('clientId'),
    kind: plain('kind'),
    stage,
    rank,
    status: plain('status'),
    dueDate: plain('dueDate'),
    archived: plain('archived'),
    title: text('title'),
    summary: text('summary'),
    description: text('description'),
    steps,
    assignees,
  };
  if (raw.id !== undefined && raw.id !== key) report('id', 'id does not match the key of the entry');
  if (violations.length > 0) return { ok: false, violations, awaiting };

  const parsed = ticketSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.join('/');
      const mapped = field === 'stage' || field === 'rank' ? `position/${field}` : field;
      report(mapped === '' ? null : mapped, issue.message);
    }
    return { ok: false, violations, awaiting };
  }
  return { ok: true, ticket: parsed.data };
}

export function compareTickets(a: Ticket, b: Ticket): number {
  return stageIndex(a.stage) - stageIndex(b.stage) || compareRanks(a.rank, b.rank) || compareRanks(a.id, b.id);
}

function emptyColumns(): Record<Stage, Ticket[]> {
  const columns = {} as Record<Stage, Ticket[]>;
  for (const stage of STAGES) columns[stage] = [];
  return columns;
}

export interface ScanOptions {
  /**
   * Also report pending tickets whose missing value this document does not hold back in its own
   * pending updates. Right for the server judging an update from a client, which sends its
   * deletions together with the values replacing them. Wrong for a browser: the server relays
   * what it could apply, so a browser can receive a deletion whose replacement waits at the
   * server.
   */
  strict?: boolean;
}

/**
 * The board and every structural violation found while reading it. With `keys`, only those
 * ticket entries are read (the roots and meta always are): every invariant is a property of a
 * single entry (ranks are unique because each ends with its own ticket's id), so checking the
 * entries an update touched is as good as checking them all.
 */
export function scanBoard(
  doc: Y.Doc,
  options: ScanOptions = {},
  keys?: Iterable<string>,
): { board: Board; violations: BoardViolation[] } {
  const violations: BoardViolation[] = [];
  for (const name of doc.share.keys()) {
    if (!ROOT_NAMES.includes(name)) violations.push({ path: name, message: 'unknown root type' });
  }
  const meta = rootMap(doc, META_MAP, violations);
  const tickets = rootMap(doc, TICKETS_MAP, violations);

  let schemaVersion: number | null = null;
  if (meta !== null) {
    for (const field of meta.keys()) {
      if (!META_FIELDS.includes(field)) violations.push({ path: `${META_MAP}/${field}`, message: 'unknown field' });
    }
    const version = meta.get('schemaVersion');
    if (typeof version === 'number') schemaVersion = version;
    else if (meta.has('schemaVersion')) {
      violations.push({ path: `${META_MAP}/schemaVersion`, message: 'expected a number' });
    }
  }

  const all: Ticket[] = [];
  const malformed: string[] = [];
  const pending: string[] = [];
  let awaited: ReadonlySet<string> | null = null;
  const entries = tickets === null ? [] : keys === undefined ? tickets._map.keys() : keys;
  for (const key of entries) {
    const item = tickets?._map.get(key);
    if (item === undefined) continue;
    if (item.deleted) {
      violations.push({ path: `${TICKETS_MAP}/${key}`, message: 'ticket deleted; tickets are archived, never deleted' });
      continue;
    }
    const result = readTicketEntry(key, tickets?.get(key));
    if (result.ok) {
      all.push(result.ticket);
      continue;
    }
    if (result.awaiting.length > 0 && result.awaiting.length === result.violations.length) {
      pending.push(key);
      if (options.strict) {
        awaited ??= pendingOrigins(doc);
        const known = awaited;
        if (result.awaiting.some((deleted) => !known.has(lastIdKey(deleted)))) {
          violations.push(
            ...result.violations.map((v) => ({
              path: v.path,
              message: 'missing: its value was deleted and this replica holds no update replacing it',
            })),
          );
        }
      }
      continue;
    }
    malformed.push(key);
    violations.push(...result.violations);
  }
  all.sort(compareTickets);
  malformed.sort(compareRanks);
  pending.sort(compareRanks);
  const byStage = emptyColumns();
  for (const ticket of all) if (!ticket.archived) byStage[ticket.stage].push(ticket);
  return { board: { schemaVersion, tickets: all, byStage, malformed, pending }, violations };
}

const idKey = (client: number, clock: number): string => `${client}:${clock}`;

/** The id of an item's last unit, which is what an item inserted right after it names as origin. */
function lastIdKey(item: Y.Item): string {
  return idKey(item.id.client, item.id.clock + item.length - 1);
}

/**
 * The left origins of the items this document holds back until missing updates arrive. A field
 * whose deleted value is the origin of one of them has a replacement on its way.
 */
function pendingOrigins(doc: Y.Doc): ReadonlySet<string> {
  const origins = new Set<string>();
  const waiting = doc.store.pendingStructs;
  if (waiting === null) return origins;
  for (const struct of Y.decodeUpdateV2(waiting.update).structs) {
    if (struct instanceof Y.Item && struct.origin !== null) origins.add(idKey(struct.origin.client, struct.origin.clock));
  }
  return origins;
}

/**
 * A root map, or null (with a violation) if the document defined that root as another type or
 * put list content into it.
 */
function rootMap(doc: Y.Doc, name: string, violations: BoardViolation[]): Y.Map<unknown> | null {
  let map: Y.Map<unknown>;
  try {
    map = doc.getMap<unknown>(name);
  } catch {
    violations.push({ path: name, message: 'root is not a map' });
    return null;
  }
  if (hasListContent(map)) violations.push({ path: name, message: 'root map holds list content' });
  return map;
}

/** The whole board as plain objects. Malformed entries are skipped (listed in `malformed`). */
export function readBoard(doc: Y.Doc): Board {
  return scanBoard(doc).board;
}

/** One ticket, or null if there is none with this id or its entry is malformed. */
export function readTicket(doc: Y.Doc, id: string): Ticket | null {
  let tickets: Y.Map<unknown>;
  try {
    tickets = doc.getMap<unknown>(TICKETS_MAP);
  } catch {
    return null;
  }
  if (!tickets.has(id)) return null;
  const result = readTicketEntry(id, tickets.get(id));
  return result.ok ? result.ticket : null;
}
