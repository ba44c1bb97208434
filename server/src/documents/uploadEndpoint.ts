/**
 * Files over HTTP, for staff (issue 7, the document archive):
 *
 *     POST /api/uploads          raw body = the file; headers `Content-Type` (its type) and
 *                                `X-File-Name` (percent-encoded UTF-8). 201 {sha256, name,
 *                                contentType, size}
 *     GET  /api/files/<sha256>   the bytes, as a download
 *
 * Not tRPC: a file is bytes, and tRPC bodies are JSON capped at 1 MiB. The rules tRPC gets from
 * `http.ts` are applied here instead:
 *
 * - **Who**: a staff session cookie (`auth.resume`), else 401 for an upload. A download answers
 *   one 404 for everything it will not serve — no session, a malformed hash, bytes no record of
 *   the caller's agency names (`store.uploads.heldFile`: an upload, a document version, a mail
 *   attachment), bytes missing from the vault — so it says nothing about other agencies' files.
 * - **CSRF**: an upload must be same-origin (`web/requestOrigin.ts`) and carries `X-File-Name`,
 *   a header no HTML form can send and a cross-origin `fetch` cannot without a CORS preflight,
 *   which this server never grants — on top of the `SameSite=Lax` cookie.
 * - **Size**: at most `MAX_UPLOAD_BYTES` (25 MiB). A larger declared `Content-Length` is refused
 *   413 before a byte is read; a chunked body is counted as it arrives and refused 413 the
 *   moment it passes the cap, the rest discarded for 250 ms (so the client can read the 413) and
 *   the connection then cut. Empty: 400.
 * - **Storage**: the bytes go to the content-addressed vault (`mail/attachmentFiles.ts`, the one
 *   inbound mail uses: same bytes = one file), durable before the record
 *   (`store.uploads.record`): a crash in between leaves an orphan file, never a record without
 *   bytes. The name is cleaned (`fileName.ts`); the type is kept as its lower-case essence.
 * - **Downloads** are inert: `Content-Disposition: attachment` (the name as
 *   `filename*=UTF-8''…`), `X-Content-Type-Options: nosniff`, `Content-Security-Policy: sandbox`
 *   (an HTML file opened anyway runs no script on our origin), `Cache-Control: private,
 *   no-store`. `sendVaultFile` does this for any route that has decided a file may be read.
 *
 * Known limit: `http.ts`'s `requestTimeout` (30 s for a whole request, the slow-loris guard)
 * also bounds an upload: 25 MiB needs ≥ ~7 Mbit/s of upstream.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { UserRecord } from '../store/records.js';
import { readSessionToken, serializeSessionCookie } from '../auth/sessionCookie.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { AttachmentFiles } from '../mail/attachmentFiles.js';
import type { Store } from '../store/store.js';
import { MAX_UPLOAD_BYTES, contentTypeSchema, sha256Schema } from '../store/uploadRecords.js';
import { isSameOrigin } from '../web/requestOrigin.js';
import { attachmentDisposition, fileNameFromHeader } from './fileName.js';

export const UPLOADS_PATH = '/api/uploads';
export const FILES_PATH_PREFIX = '/api/files/';
/** How long an oversized body is drained (discarded) after its 413, before the connection is cut. */
const OVERSIZE_GRACE_MS = 250;
/** The header carrying the file's name, percent-encoded UTF-8 (`encodeURIComponent`). */
export const FILE_NAME_HEADER = 'x-file-name';

/** What an upload answers. */
export interface UploadAnswer {
  readonly sha256: string;
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
}

/** The error codes an upload answers with (`{error: {code, message}}`), for the client's texts. */
export type UploadErrorCode =
  | 'unauthenticated'
  | 'cross_origin'
  | 'method_not_allowed'
  | 'missing_name'
  | 'bad_content_type'
  | 'empty'
  | 'too_large';

export interface FileRoutesDeps {
  readonly store: Store;
  readonly auth: Authenticator;
  readonly config: Pick<Config, 'publicUrl' | 'secureCookies'>;
  readonly vault: AttachmentFiles;
  readonly logger: Logger;
  /** Largest upload (default `MAX_UPLOAD_BYTES`; tests lower it). */
  readonly maxUploadBytes?: number;
  readonly now?: () => Date;
}

export interface FileRoutes {
  /** `POST /api/uploads`. */
  upload(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** `GET|HEAD /api/files/<sha256>` — `sha256` as it appeared in the path (checked here). */
  download(req: IncomingMessage, res: ServerResponse, sha256: string): Promise<void>;
}

function answerJson(res: ServerResponse, status: number, body: unknown, options: { close?: boolean } = {}): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('Cache-Control', 'no-store');
  // A refused body is not read; closing the connection is how it stops arriving.
  if (options.close) res.setHeader('Connection', 'close');
  res.end(text);
}

function refuse(res: ServerResponse, status: number, code: UploadErrorCode, message: string, close = true): void {
  answerJson(res, status, { error: { code, message } }, { close });
}

/** The essence (`type/subtype`, lower-case) of a `Content-Type` header; `null` if malformed. */
export function contentTypeEssence(header: string | undefined): string | null {
  if (header === undefined || header.trim() === '') return 'application/octet-stream';
  const essence = header.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return contentTypeSchema.safeParse(essence).success ? essence : null;
}

/** The file the caller may download, as a download needs it. */
export interface VaultFile {
  readonly sha256: string;
  readonly name: string;
  readonly contentType: string;
}

/**
 * Streams a vault file as an inert download (headers above). Resolves `false` — having written
 * nothing — when the vault has no such bytes, so the caller answers its own 404; `true` once
 * the response is sent. Authorization is the caller's: call this only for a file it may read.
 */
export async function sendVaultFile(
  res: ServerResponse,
  vault: AttachmentFiles,
  file: VaultFile,
  options: { readonly head?: boolean } = {},
): Promise<boolean> {
  const path = vault.pathOf(file.sha256);
  if (path === null) return false;
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return false;
    size = info.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const type = contentTypeEssence(file.contentType) ?? 'application/octet-stream';
  res.statusCode = 200;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', size);
  res.setHeader('Content-Disposition', attachmentDisposition(file.name));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', 'sandbox');
  res.setHeader('Cache-Control', 'private, no-store');
  if (options.head) {
    res.end();
    return true;
  }
  try {
    await pipeline(createReadStream(path), res);
  } catch (error) {
    // The person closed the tab or cancelled the download: nothing is wrong with the file.
    if (!res.destroyed) throw error;
  }
  return true;
}

/** Reads at most `limit` bytes; `null` as soon as the body passes it (the rest is not read). */
function readCapped(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
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
    const onAborted = () => {
      cleanup();
      reject(new Error('upload aborted by the client'));
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

export function createFileRoutes(deps: FileRoutesDeps): FileRoutes {
  const limit = deps.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  const now = deps.now ?? (() => new Date());
  const cookieOptions = { secure: deps.config.secureCookies };

  /** The signed-in staff member, re-sending the cookie when the session slid. */
  async function staff(req: IncomingMessage, res: ServerResponse): Promise<UserRecord | null> {
    const token = readSessionToken(req.headers.cookie, cookieOptions);
    const resumed = await deps.auth.resume(token);
    if (resumed === null) return null;
    if (resumed.extended && token !== null)
      res.appendHeader('Set-Cookie', serializeSessionCookie(token, deps.auth.cookieMaxAgeSeconds(resumed.session), cookieOptions));
    return resumed.user;
  }

  return {
    async upload(req, res) {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        return refuse(res, 405, 'method_not_allowed', 'uploads are POSTed');
      }
      if (!isSameOrigin(req, deps.config.publicUrl)) return refuse(res, 403, 'cross_origin', 'cross-origin upload refused');
      const user = await staff(req, res);
      if (user === null) return refuse(res, 401, 'unauthenticated', 'sign in to upload');
      const name = fileNameFromHeader(req.headers[FILE_NAME_HEADER]);
      if (name === null)
        return refuse(res, 400, 'missing_name', 'X-File-Name must name the file (percent-encoded UTF-8, not a bare path)');
      const contentType = contentTypeEssence(req.headers['content-type']);
      if (contentType === null) return refuse(res, 400, 'bad_content_type', 'Content-Type must be a media type such as application/pdf');
      const declared = req.headers['content-length'];
      if (declared !== undefined && Number(declared) > limit)
        return refuse(res, 413, 'too_large', `a file has at most ${limit} bytes`);

      const body = await readCapped(req, limit);
      if (body === null) {
        // Answered without `Connection: close`: closing at once, with the client's bytes still
        // arriving, resets the connection and can take the 413 with it before the client reads
        // it. The rest is discarded (never stored) for a moment, then the connection is cut.
        refuse(res, 413, 'too_large', `a file has at most ${limit} bytes`, false);
        req.resume();
        res.once('finish', () => setTimeout(() => req.socket.destroy(), OVERSIZE_GRACE_MS).unref());
        return;
      }
      if (body.length === 0) return refuse(res, 400, 'empty', 'the file is empty', false);

      const sha256 = await deps.vault.save(body);
      await deps.store.uploads.record({
        sha256,
        agencyId: user.agencyId,
        name,
        contentType,
        size: body.length,
        uploadedBy: user.id,
        uploadedAt: now().toISOString(),
      });
      const answer: UploadAnswer = { sha256, name, contentType, size: body.length };
      answerJson(res, 201, answer);
    },

    async download(req, res, sha256) {
      const method = req.method ?? 'GET';
      if (method !== 'GET' && method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD');
        return answerJson(res, 405, { error: { code: 'method_not_allowed', message: 'files are read with GET' } });
      }
      const notFound = () => answerJson(res, 404, { error: { code: 'not_found', message: 'no such file' } });
      if (!sha256Schema.safeParse(sha256).success) return notFound();
      const user = await staff(req, res);
      if (user === null) return notFound();
      const file = await deps.store.uploads.heldFile(user.agencyId, sha256);
      if (file === null) return notFound();
      const sent = await sendVaultFile(res, deps.vault, file, { head: method === 'HEAD' });
      if (!sent) {
        deps.logger.warn('a file on record is missing from the vault', { sha256 });
        notFound();
      }
    },
  };
}
