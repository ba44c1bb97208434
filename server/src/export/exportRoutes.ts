/**
 * Exports and the workspace import over plain HTTP (real file downloads, not tRPC: a CSV or an
 * archive is a file, and tRPC bodies are JSON capped at 1 MiB):
 *
 *     GET  /export/tickets.csv[?board=<id>]                 admins and account managers
 *     GET  /export/history.csv[?board=<id>&from=YYYY-MM-DD&to=YYYY-MM-DD]   same
 *     GET  /export/workspace.json                           admins: the agency's whole workspace
 *     POST /import/workspace.json                           admins: raw body = an archive
 *
 * - **Who**: the staff session cookie, as `/api/files/` (`documents/uploadEndpoint.ts`): none →
 *   401; a role that may not → 403 (`producao` for the CSVs, anyone but `admin` for the
 *   workspace). The CSVs hold only boards the caller may open (`boards/boardAccess.ts`); a
 *   `?board=` they may not open is 404, as elsewhere.
 * - **CSV** (`csv.ts`): `text/csv; charset=utf-8`, a BOM, `;`, RFC 4180, formula cells
 *   neutralised; headers in the caller's language (`locale`, else pt-BR), dates and the
 *   `from`/`to` days in the agency's business-calendar zone. Lines are written as they are
 *   built, in chunks that respect back-pressure.
 * - **Import**: same-origin only (`web/requestOrigin.ts`) and `Content-Type: application/json`
 *   (no HTML form can send it cross-site without a CORS preflight, never granted), at most
 *   `MAX_WORKSPACE_IMPORT_BYTES` (413 before reading a larger declared body; counted as it
 *   arrives otherwise). 201 with what was imported; 400 `{error: {code: 'invalid', message}}`
 *   naming what is wrong; 409 `conflict` when the installation already holds part of it —
 *   in both cases nothing was written (`export/workspaceArchive.ts`). The import creates a new
 *   agency next to the caller's; the caller stays in theirs. For an installation without an
 *   admin yet, or archives over the cap, `import-workspace` runs the same import from a shell
 *   (`importWorkspaceCli.ts`). `http.ts`'s 30 s request timeout bounds an upload, too.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConflictError, InvalidInputError } from '@fluxo/shared/errors';
import { DAY_MS, dayNumberOfIsoDate, instantOfWallTime } from '@fluxo/shared/deadlines/zonedTime';
import { DEFAULT_TIME_ZONE } from '@fluxo/shared/deadlines/businessCalendar';
import { SEED_TICKET_KINDS } from '@fluxo/shared/kinds/ticketKind';
import { DEFAULT_LOCALE } from '@fluxo/shared/i18n/translate';
import { boardIdSchema } from '@fluxo/shared/ids';
import { z } from 'zod';
import { calendarDay } from '../absence/agencyDay.js';
import type { Authenticator } from '../auth/authenticator.js';
import { readSessionToken, serializeSessionCookie } from '../auth/sessionCookie.js';
import { visibleBoards } from '../boards/boardAccess.js';
import type { Config } from '../config.js';
import type { TicketDirectory } from '../conversation/ticketDirectory.js';
import { attachmentDisposition } from '../documents/fileName.js';
import type { Logger } from '../log.js';
import { mayReadReports } from '../reports/reportAccess.js';
import type { AttachmentFiles } from '../mail/attachmentFiles.js';
import type { BoardRecord, UserRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { isSameOrigin } from '../web/requestOrigin.js';
import { CSV_BOM, CSV_CONTENT_TYPE } from './csv.js';
import type { ExportNames } from './exportNames.js';
import { historyCsvLines } from './historyCsv.js';
import { ticketCsvLines } from './ticketCsv.js';
import { exportWorkspace, importWorkspace } from './workspaceArchive.js';

export const EXPORT_PATH_PREFIX = '/export/';
export const TICKETS_CSV_PATH = '/export/tickets.csv';
export const HISTORY_CSV_PATH = '/export/history.csv';
export const WORKSPACE_EXPORT_PATH = '/export/workspace.json';
export const WORKSPACE_IMPORT_PATH = '/import/workspace.json';
/** Largest archive the HTTP import takes (the CLI has no cap). */
export const MAX_WORKSPACE_IMPORT_BYTES = 256 * 1024 * 1024;
/** Lines per `res.write` of a CSV. */
const LINES_PER_CHUNK = 2_000;

/** Whether `http.ts` should hand the path to these routes. */
export function isExportPath(pathname: string): boolean {
  return pathname.startsWith(EXPORT_PATH_PREFIX) || pathname === WORKSPACE_IMPORT_PATH;
}

export interface ExportRoutesDeps {
  readonly store: Store;
  readonly auth: Authenticator;
  readonly config: Pick<Config, 'publicUrl' | 'secureCookies'>;
  readonly vault: AttachmentFiles;
  readonly logger: Logger;
  /** Tickets' current state: the live rooms in production (`conversation.tickets`). */
  readonly tickets: TicketDirectory;
  readonly maxImportBytes?: number;
  readonly now?: () => Date;
}

export type ExportErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'bad_request'
  | 'cross_origin'
  | 'unsupported_media_type'
  | 'too_large'
  | 'invalid'
  | 'conflict';

function answerJson(res: ServerResponse, status: number, body: unknown, close = false): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('Cache-Control', 'no-store');
  if (close) res.setHeader('Connection', 'close');
  res.end(text);
}

function refuse(res: ServerResponse, status: number, code: ExportErrorCode, message: string, close = false): void {
  answerJson(res, status, { error: { code, message } }, close);
}

const daySchema = z.iso.date();

/** Writes `lines` after `head` in chunks, waiting for `drain` when the socket is full. */
async function writeLines(res: ServerResponse, head: string, lines: readonly string[]): Promise<void> {
  res.write(head);
  for (let i = 0; i < lines.length; i += LINES_PER_CHUNK) {
    if (res.destroyed) return;
    const ok = res.write(lines.slice(i, i + LINES_PER_CHUNK).join(''));
    if (!ok) await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  }
  res.end();
}

function downloadHeaders(res: ServerResponse, contentType: string, fileName: string): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', attachmentDisposition(fileName));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
}

/** Reads at most `limit` bytes; `null` as soon as the body passes it. */
function readCapped(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

export function createExportRoutes(deps: ExportRoutesDeps): { handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> } {
  const cookieOptions = { secure: deps.config.secureCookies };
  const now = deps.now ?? (() => new Date());
  const maxImportBytes = deps.maxImportBytes ?? MAX_WORKSPACE_IMPORT_BYTES;

  async function staff(req: IncomingMessage, res: ServerResponse): Promise<UserRecord | null> {
    const token = readSessionToken(req.headers.cookie, cookieOptions);
    const resumed = await deps.auth.resume(token);
    if (resumed === null) return null;
    if (resumed.extended && token !== null)
      res.appendHeader('Set-Cookie', serializeSessionCookie(token, deps.auth.cookieMaxAgeSeconds(resumed.session), cookieOptions));
    return resumed.user;
  }

  async function namesFor(user: UserRecord): Promise<ExportNames> {
    const [users, clients, settings] = await Promise.all([
      deps.store.users.listByAgency(user.agencyId),
      deps.store.clients.listByAgency(user.agencyId),
      deps.store.workspaceSettings.get(user.agencyId),
    ]);
    return {
      locale: user.locale ?? DEFAULT_LOCALE,
      timeZone: settings?.calendar?.timeZone ?? DEFAULT_TIME_ZONE,
      users: new Map(users.map((u) => [u.id, u.name])),
      clients: new Map(clients.map((c) => [c.id, c.name])),
      kinds: new Map((settings?.ticketKinds ?? SEED_TICKET_KINDS).map((k) => [k.slug, k.name])),
    };
  }

  /** The boards the CSV covers: `?board=` (if the caller may open it) or every visible one; `null` after answering. */
  async function boardsFor(res: ServerResponse, user: UserRecord, params: URLSearchParams): Promise<BoardRecord[] | null> {
    const visible = await visibleBoards(deps.store, user);
    const wanted = params.get('board');
    if (wanted === null) return visible;
    if (!boardIdSchema.safeParse(wanted).success) {
      refuse(res, 400, 'bad_request', 'board must be a board id');
      return null;
    }
    const board = visible.find((b) => b.id === wanted);
    if (board === undefined) {
      refuse(res, 404, 'not_found', 'no such board');
      return null;
    }
    return [board];
  }

  async function ticketsCsv(res: ServerResponse, user: UserRecord, params: URLSearchParams): Promise<void> {
    const boards = await boardsFor(res, user, params);
    if (boards === null) return;
    const names = await namesFor(user);
    const data = [];
    for (const board of boards) {
      const [tickets, history] = await Promise.all([deps.tickets.boardTickets(board.id), deps.store.history.listForBoard(board.id)]);
      data.push({ name: board.name, tickets, history });
    }
    const lines = ticketCsvLines(data, names);
    downloadHeaders(res, CSV_CONTENT_TYPE, `${fileStem(boards, params)}-${calendarDay(names.timeZone, now())}.csv`);
    await writeLines(res, CSV_BOM, lines);
  }

  async function historyCsv(res: ServerResponse, user: UserRecord, params: URLSearchParams): Promise<void> {
    const from = params.get('from');
    const to = params.get('to');
    for (const [name, value] of [['from', from], ['to', to]] as const) {
      if (value !== null && value !== '' && !daySchema.safeParse(value).success)
        return refuse(res, 400, 'bad_request', `${name} must be a day, YYYY-MM-DD`);
    }
    const fromDay = from || null;
    const toDay = to || null;
    if (fromDay !== null && toDay !== null && fromDay > toDay) return refuse(res, 400, 'bad_request', 'from comes after to');
    const boards = await boardsFor(res, user, params);
    if (boards === null) return;
    const names = await namesFor(user);
    const startOf = (day: string) => instantOfWallTime(names.timeZone, dayNumberOfIsoDate(day) * DAY_MS);
    const range = {
      fromInstant: fromDay === null ? null : startOf(fromDay),
      toInstant: toDay === null ? null : instantOfWallTime(names.timeZone, (dayNumberOfIsoDate(toDay) + 1) * DAY_MS),
    };
    const since = range.fromInstant === null ? undefined : { since: new Date(range.fromInstant).toISOString() };
    const data = [];
    for (const board of boards) data.push({ name: board.name, entries: await deps.store.history.listForBoard(board.id, since) });
    const lines = historyCsvLines(data, names, range);
    const period = fromDay !== null || toDay !== null ? `-${fromDay ?? 'inicio'}_${toDay ?? calendarDay(names.timeZone, now())}` : '';
    downloadHeaders(res, CSV_CONTENT_TYPE, `historico${boards.length === 1 && params.has('board') ? `-${slug(boards[0]?.name ?? '')}` : ''}${period}.csv`);
    await writeLines(res, CSV_BOM, lines);
  }

  async function workspaceJson(res: ServerResponse, user: UserRecord): Promise<void> {
    const archive = await exportWorkspace({ store: deps.store, vault: deps.vault, now }, user.agencyId);
    const agency = archive.records.agencies[0];
    const day = calendarDay(DEFAULT_TIME_ZONE, now());
    downloadHeaders(res, 'application/json; charset=utf-8', `fluxo-${slug(agency?.name ?? 'agencia')}-${day}.json`);
    res.end(JSON.stringify(archive));
  }

  async function importJson(req: IncomingMessage, res: ServerResponse, user: UserRecord): Promise<void> {
    if (user.role !== 'admin') return refuse(res, 403, 'forbidden', 'admins only', true);
    const type = (req.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase();
    if (type !== 'application/json') return refuse(res, 415, 'unsupported_media_type', 'send the archive as application/json', true);
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > maxImportBytes)
      return refuse(res, 413, 'too_large', `an archive sent over HTTP has at most ${maxImportBytes} bytes; use import-workspace`, true);
    const body = await readCapped(req, maxImportBytes);
    if (body === null) {
      refuse(res, 413, 'too_large', `an archive sent over HTTP has at most ${maxImportBytes} bytes; use import-workspace`);
      req.resume();
      res.once('finish', () => setTimeout(() => req.socket.destroy(), 250).unref());
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return refuse(res, 400, 'invalid', 'the file is not JSON');
    }
    try {
      const summary = await importWorkspace({ store: deps.store, vault: deps.vault }, json);
      deps.logger.info('workspace imported', { by: user.id, agencyId: summary.agencyId, users: summary.users, boards: summary.boards });
      answerJson(res, 201, summary);
    } catch (error) {
      if (error instanceof InvalidInputError) return refuse(res, 400, 'invalid', error.message);
      if (error instanceof ConflictError) return refuse(res, 409, 'conflict', error.message);
      throw error;
    }
  }

  return {
    async handle(req, res, pathname) {
      const method = req.method ?? 'GET';
      const url = new URL(req.url ?? '/', 'http://fluxo.invalid');
      if (pathname === WORKSPACE_IMPORT_PATH) {
        if (method !== 'POST') {
          res.setHeader('Allow', 'POST');
          return refuse(res, 405, 'method_not_allowed', 'an archive is POSTed', true);
        }
        if (!isSameOrigin(req, deps.config.publicUrl)) return refuse(res, 403, 'cross_origin', 'cross-origin import refused', true);
        const user = await staff(req, res);
        if (user === null) return refuse(res, 401, 'unauthenticated', 'sign in to import', true);
        return importJson(req, res, user);
      }
      const route = [TICKETS_CSV_PATH, HISTORY_CSV_PATH, WORKSPACE_EXPORT_PATH].find((path) => path === pathname);
      if (route === undefined) return refuse(res, 404, 'not_found', 'no such export');
      if (method !== 'GET') {
        res.setHeader('Allow', 'GET');
        return refuse(res, 405, 'method_not_allowed', 'exports are read with GET');
      }
      const user = await staff(req, res);
      if (user === null) return refuse(res, 401, 'unauthenticated', 'sign in to export');
      if (route === WORKSPACE_EXPORT_PATH) {
        if (user.role !== 'admin') return refuse(res, 403, 'forbidden', 'admins only');
        return workspaceJson(res, user);
      }
      if (!mayReadReports(user)) return refuse(res, 403, 'forbidden', 'reports are for admins and account managers');
      return route === TICKETS_CSV_PATH ? ticketsCsv(res, user, url.searchParams) : historyCsv(res, user, url.searchParams);
    },
  };
}

/** A file-name-safe slug of a name ("Agência Ponto Criativo" → "agencia-ponto-criativo"). */
function slug(name: string): string {
  const out = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return out === '' ? 'fluxo' : out;
}

function fileStem(boards: readonly BoardRecord[], params: URLSearchParams): string {
  return boards.length === 1 && params.has('board') ? `chamados-${slug(boards[0]?.name ?? '')}` : 'chamados';
}
