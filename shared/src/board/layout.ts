/**
 * The Yjs layout of one board. Nothing outside `board/` touches these Y types directly.
 *
 * - `doc.getMap('meta')`: `schemaVersion` (1). Written by `initBoard` and by the first
 *   `createTicket` of a replica that finds it missing; concurrent writers write the same value.
 *   A replica may briefly hold tickets without it (a ticket from another replica can arrive
 *   before the update that set it), so "absent" is a valid state; another version is not.
 * - `doc.getMap('tickets')`: ticket id → `Y.Map` with every key of `TICKET_FIELDS`, and maybe the
 *   keys of `OPTIONAL_TICKET_FIELDS`, nothing else. Tickets are never deleted (archiving is a
 *   flag), so a key, once present, stays: an optional key absent means its default, and is
 *   written (never deleted) when someone sets it, so documents written before it existed read
 *   unchanged.
 *   - plain values, each replaced whole (last writer wins): `id`, `createdAt` (ISO datetime),
 *     `createdBy` (UserId | null), `channel`, `clientId` (ClientId | null), `kind`
 *     (slug | null), `position` `{stage, rank}`, `status`, `dueDate` ('YYYY-MM-DD' | null),
 *     `archived`, `number` (set by the server witness, null until then).
 *     `position` is one value on purpose: two concurrent moves each win or lose as a whole, so a
 *     ticket can never end up with the stage of one move and the rank of the other.
 *   - optional plain values: `priority` (`PRIORITIES`; absent = `normal`).
 *   - `title`, `summary` (client-facing, plain language), `description` (internal): `Y.Text`,
 *     so concurrent typing merges character by character.
 *   - `steps`: `Y.Map<ProductionStep, boolean>`; a present key is a step chosen for the ticket,
 *     its value says whether it is done.
 *   - `assignees`: `Y.Map<UserId, true>`, a set whose concurrent adds and removes merge.
 */
import * as Y from 'yjs';
import type { TransactionOrigin } from '../origin.js';
import type { Stage } from '../flow/stages.js';

export const BOARD_SCHEMA_VERSION = 1;
export const META_MAP = 'meta';
export const TICKETS_MAP = 'tickets';
export const ROOT_NAMES: readonly string[] = [META_MAP, TICKETS_MAP];
export const META_FIELDS: readonly string[] = ['schemaVersion'];

export const TICKET_FIELDS = [
  'id',
  'createdAt',
  'createdBy',
  'channel',
  'clientId',
  'kind',
  'position',
  'status',
  'dueDate',
  'archived',
  'number',
  'title',
  'summary',
  'description',
  'steps',
  'assignees',
] as const;
/** Keys a ticket may lack (documents written before they existed); see the module comment. */
export const OPTIONAL_TICKET_FIELDS = ['priority'] as const;
export type TicketField = (typeof TICKET_FIELDS)[number] | (typeof OPTIONAL_TICKET_FIELDS)[number];

export const TEXT_FIELDS = ['title', 'summary', 'description'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

/**
 * Limits a single command enforces. Concurrent edits can merge past them (two people typing into
 * one title at once), so the reader and the invariant checker do not: a merge of valid edits must
 * never be an invalid board. Size caps against abuse belong to the sync server.
 */
export const TITLE_MAX_LENGTH = 200;
export const SUMMARY_MAX_LENGTH = 5_000;
export const DESCRIPTION_MAX_LENGTH = 50_000;
export const TEXT_MAX_LENGTH: Readonly<Record<TextField, number>> = {
  title: TITLE_MAX_LENGTH,
  summary: SUMMARY_MAX_LENGTH,
  description: DESCRIPTION_MAX_LENGTH,
};
export const MAX_ASSIGNEES = 50;

/** Where a ticket sits: one plain value, replaced whole by every move. */
export interface Position {
  stage: Stage;
  rank: string;
}

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(META_MAP);
}

export function ticketsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(TICKETS_MAP);
}

/** Within a transaction: record the schema version if this replica has not seen it yet. */
export function ensureSchemaVersion(doc: Y.Doc): void {
  const meta = metaMap(doc);
  if (!meta.has('schemaVersion')) meta.set('schemaVersion', BOARD_SCHEMA_VERSION);
}

/** Stamp a new board document with its schema version (the server does this on creation). */
export function initBoard(doc: Y.Doc, origin: TransactionOrigin): void {
  doc.transact(() => ensureSchemaVersion(doc), origin);
}
