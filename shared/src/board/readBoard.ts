/**
 * Reading the board document into plain, validated objects. The reader never throws on the
 * document's content: an entry that does not have the layout of `layout.ts` (an update from a
 * buggy or malicious peer, or a partial one) is skipped and reported, so one bad ticket cannot
 * take the board down. `validateBoard` (invariants.ts) turns those reports into violations.
 *
 * The objects returned are fresh copies: mutating them never touches the document.
 */
import * as Y from 'yjs';
import { ID_LENGTH, type ClientId, type TicketId, type UserId } from '../ids.js';
import { CHANNELS, type Channel } from '../flow/channels.js';
import { PRODUCTION_STEPS, type ProductionStep } from '../flow/productionSteps.js';
import { STAGES, type Stage, stageIndex } from '../flow/stages.js';
import { DEFAULT_PRIORITY, PRIORITIES, type Priority } from '../flow/priorities.js';
import { STATUSES, type Status } from '../flow/statuses.js';
import { compareRanks, isRankOf } from './fractionalIndex.js';
import {
  META_FIELDS,
  META_MAP,
  OPTIONAL_TICKET_FIELDS,
  ROOT_NAMES,
  TICKETS_MAP,
  TICKET_FIELDS,
  type TextField,
  type TicketField,
} from './layout.js';
import { type Ticket, dueDateSchema, isoDateTimeSchema, kindSchema, ticketSchema } from './ticket.js';

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

const FIELD_SET: ReadonlySet<string> = new Set<string>([...TICKET_FIELDS, ...OPTIONAL_TICKET_FIELDS]);
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
 *
 * Well-formed entries take `fastTicketEntry`, which reads the entry in one pass over its items;
 * anything it is not sure about goes through `checkedTicketEntry`, the reference reading.
 */
export function readTicketEntry(key: string, value: unknown): TicketEntryResult {
  const ticket = fastTicketEntry(key, value);
  return ticket === null ? checkedTicketEntry(key, value) : { ok: true, ticket };
}

/*
 * The fast path. Loading a board reads every ticket, and parsing each one with zod (plus the
 * generic Yjs accessors and iterators) cost more than applying the stored update itself. This
 * reader walks each entry's items once and accepts only what it can prove `checkedTicketEntry`
 * accepts; for those it builds the very same object (same values, same key order). Anything
 * else — an unknown or missing field, a deleted value, an odd content type, a value outside the
 * plainly valid — returns null and is read by `checkedTicketEntry`, which says what is wrong. So
 * it may be stricter than the schema, never laxer; `readBoard.test.ts` holds it to that.
 *
 * Each field check is the schema's own: enums from the same constants, the ISO patterns taken from
 * the zod schemas, ranks through `isRankOf` (which `ticketSchema` also runs), kinds through
 * `kindSchema` itself (memoised, kinds repeat).
 */

const CHANNEL_SET: ReadonlySet<unknown> = new Set<unknown>(CHANNELS);
const STAGE_SET: ReadonlySet<unknown> = new Set<unknown>(STAGES);
const STATUS_SET: ReadonlySet<unknown> = new Set<unknown>(STATUSES);
const PRIORITY_SET: ReadonlySet<unknown> = new Set<unknown>(PRIORITIES);
/** Fallback patterns that match nothing: without zod's own pattern every value takes the checked path. */
const NEVER = /(?!)/;
const dateTimePattern: RegExp = isoDateTimeSchema.def.pattern ?? NEVER;
const dueDatePattern: RegExp = dueDateSchema.def.pattern ?? NEVER;
const KIND_MEMO_LIMIT = 512;
const kindMemo = new Map<string, boolean>();

function isKind(value: string): boolean {
  let ok = kindMemo.get(value);
  if (ok === undefined) {
    ok = kindSchema.safeParse(value).success;
    if (kindMemo.size < KIND_MEMO_LIMIT) kindMemo.set(value, ok);
  }
  return ok;
}

const isId = (value: unknown): value is string => typeof value === 'string' && idShape.test(value);
const isNullableId = (value: unknown): value is string | null => value === null || isId(value);

/** The plain value a live map item holds (what `Y.Map#get` returns), or undefined for other content. */
function plainContent(item: Y.Item): unknown {
  const content = item.content;
  if (!(content instanceof Y.ContentAny)) return undefined;
  const values: readonly unknown[] = content.arr;
  return values.length === 1 ? values[0] : undefined;
}

/** The shared type a live map item holds, if it holds exactly `type`. */
function typeContent<T>(item: Y.Item, type: abstract new (...args: never[]) => T): T | null {
  const content = item.content;
  return content instanceof Y.ContentType && content.type.constructor === type ? (content.type as T) : null;
}

/** The string of a `Y.Text` holding plain text only, or null. */
function fastText(item: Y.Item): string | null {
  const text = typeContent(item, Y.Text);
  if (text === null) return null;
  for (const attribute of text._map.values()) if (!attribute.deleted) return null;
  let str = '';
  for (let n = text._start; n !== null; n = n.right) {
    if (n.deleted) continue;
    if (!(n.content instanceof Y.ContentString)) return null;
    str += n.content.str;
  }
  return str;
}

/** A `Y.Map` without list content, or null. */
function fastMap(item: Y.Item): Y.Map<unknown> | null {
  const map = typeContent<Y.Map<unknown>>(item, Y.Map);
  return map === null || map._start !== null ? null : map;
}

function fastSteps(item: Y.Item): Ticket['steps'] | null {
  const map = fastMap(item);
  if (map === null) return null;
  const steps: Ticket['steps'] = [];
  let known = 0;
  for (const step of PRODUCTION_STEPS) {
    const entry = map._map.get(step);
    if (entry === undefined) continue;
    known++;
    if (entry.deleted) continue;
    const done = plainContent(entry);
    if (typeof done !== 'boolean') return null;
    steps.push({ step, done });
  }
  return known === map._map.size ? steps : null; // else an unknown step, live or deleted
}

function fastAssignees(item: Y.Item): UserId[] | null {
  const map = fastMap(item);
  if (map === null) return null;
  const assignees: UserId[] = [];
  for (const [userId, entry] of map._map) {
    if (entry.deleted) continue;
    if (!idShape.test(userId) || plainContent(entry) !== true) return null;
    assignees.push(userId as UserId);
  }
  return assignees.sort(compareRanks);
}

/** The item holding a field's live value, or null. */
function liveItem(items: Map<string, Y.Item>, field: TicketField): Y.Item | null {
  const item = items.get(field);
  return item === undefined || item.deleted ? null : item;
}

/** A ticket entry's field's live plain value (one `ContentAny` value), or undefined. */
export function plainField(items: Map<string, Y.Item>, field: TicketField): unknown {
  const item = liveItem(items, field);
  return item === null ? undefined : plainContent(item);
}

/** The ticket of a well-formed entry, or null when `checkedTicketEntry` must judge it. */
export function fastTicketEntry(key: string, value: unknown): Ticket | null {
  if (!(value instanceof Y.Map) || value._start !== null || !idShape.test(key)) return null;
  const items = (value as Y.Map<unknown>)._map;
  // Every field present, maybe the optional one, and nothing else (a deleted unknown key also
  // takes the checked path, and so does a deleted optional value: see `checkedTicketEntry`).
  const hasPriority = items.has('priority');
  if (items.size !== TICKET_FIELDS.length + (hasPriority ? 1 : 0)) return null;
  const priority = hasPriority ? plainField(items, 'priority') : DEFAULT_PRIORITY;
  if (!PRIORITY_SET.has(priority)) return null;
  const id = plainField(items, 'id');
  const number = plainField(items, 'number');
  const createdAt = plainField(items, 'createdAt');
  const createdBy = plainField(items, 'createdBy');
  const channel = plainField(items, 'channel');
  const clientId = plainField(items, 'clientId');
  const kind = plainField(items, 'kind');
  const position = plainField(items, 'position');
  const status = plainField(items, 'status');
  const dueDate = plainField(items, 'dueDate');
  const archived = plainField(items, 'archived');
  if (id !== key) return null;
  if (!(number === null || (Number.isSafeInteger(number) && (number as number) > 0))) return null;
  if (typeof createdAt !== 'string' || !dateTimePattern.test(createdAt)) return null;
  if (!isNullableId(createdBy) || !isNullableId(clientId)) return null;
  if (!CHANNEL_SET.has(channel) || !STATUS_SET.has(status) || typeof archived !== 'boolean') return null;
  if (!(kind === null || (typeof kind === 'string' && isKind(kind)))) return null;
  if (!(dueDate === null || (typeof dueDate === 'string' && dueDatePattern.test(dueDate)))) return null;
  if (!isPlainRecord(position) || Object.keys(position).length !== 2) return null;
  const { stage, rank } = position;
  if (!STAGE_SET.has(stage) || typeof rank !== 'string' || !isRankOf(rank, key)) return null;

  const titleItem = liveItem(items, 'title');
  const summaryItem = liveItem(items, 'summary');
  const descriptionItem = liveItem(items, 'description');
  const stepsItem = liveItem(items, 'steps');
  const assigneesItem = liveItem(items, 'assignees');
  if (titleItem === null || summaryItem === null || descriptionItem === null || stepsItem === null || assigneesItem === null) {
    return null;
  }
  const title = fastText(titleItem);
  const summary = fastText(summaryItem);
  const description = fastText(descriptionItem);
  const steps = fastSteps(stepsItem);
  const assignees = fastAssignees(assigneesItem);
  if (title === null || summary === null || description === null || steps === null || assignees === null) return null;
  // The key order of `ticketSchema`, as zod builds its output.
  return {
    id: key as TicketId,
    number: number as number | null,
    createdAt,
    createdBy: createdBy as UserId | null,
    channel: channel as Channel,
    clientId: clientId as ClientId | null,
    kind: kind as string | null,
    priority: priority as Priority,
    stage: stage as Stage,
    rank,
    status: status as Status,
    dueDate: dueDate as string | null,
    archived,
    title,
    summary,
    description,
    steps,
    assignees,
  };
}

/**
 * The reference reading of one entry: every check spelled out, violations named by path, and the
 * result parsed with `ticketSchema`. Exported for the tests that hold the fast path to it.
 */
export function checkedTicketEntry(key: string, value: unknown): TicketEntryResult {
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
    // Absent (a ticket never given one, or written before priorities existed): normal. Present
    // but deleted: its new value has not arrived (commands write it, never delete it).
    priority: entry._map.has('priority') ? plain('priority') : DEFAULT_PRIORITY,
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
  return stageIndex(a.stage) - stageIndex(b.stage) || compareInStage(a, b);
}

/**
 * The order of a column: by rank, then by id (ranks end with their ticket's id, so ties do not
 * happen). The one order of every column: `readBoard`, the browser's reader and the server's
 * first cards (`firstCards.ts`) all sort with it.
 */
export function compareInStage(a: { readonly rank: string; readonly id: string }, b: { readonly rank: string; readonly id: string }): number {
  return compareRanks(a.rank, b.rank) || compareRanks(a.id, b.id);
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

  // Readable tickets by stage; sorting each stage by rank then id is the order of `compareTickets`.
  const byStageUnsorted = emptyColumns();
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
      byStageUnsorted[result.ticket.stage].push(result.ticket);
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
  malformed.sort(compareRanks);
  pending.sort(compareRanks);
  const all: Ticket[] = [];
  const byStage = emptyColumns();
  for (const stage of STAGES) {
    const column = byStage[stage];
    for (const ticket of byStageUnsorted[stage].sort(compareInStage)) {
      all.push(ticket);
      if (!ticket.archived) column.push(ticket);
    }
  }
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
