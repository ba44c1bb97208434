/**
 * The one HTTP server of Fluxo. Routes:
 *
 *     GET  /healthz          {"ok":true,…} — for load balancers and the e2e harness
 *     *    /trpc/<path>      the tRPC API (trpc/router.ts); body ≤ 1 MiB, batches ≤ 25 calls
 *     *    /unsubscribe/<t>  one-click unsubscribe from Fluxo's emails (mail/unsubscribePage.ts)
 *     POST /api/uploads      a staff upload, raw body ≤ 25 MiB (documents/uploadEndpoint.ts)
 *     GET  /api/files/<sha>  a file the caller's agency holds, as an inert download (same module)
 *     GET  /export/tickets.csv, /export/history.csv, /export/workspace.json; POST /import/workspace.json
 *                            CSV exports and the workspace archive (export/exportRoutes.ts)
 *     WS   /sync/<boardId>   live board sync — the `sync` option (sync/syncServer.ts) takes the
 *                            upgrades; without it (or `onUpgrade`) every upgrade is refused 404
 *     GET  /share/<t>/approvals/<id>/file  a file sent to that link's client for approval (approvals/approvalFileRoute.ts)
 *     GET  /share/<token>    the client timeline page (share.html, no-store, no-referrer, noindex; 429 per address over the share budget)
 *     GET  /avaliacao/<t>    a satisfaction survey's rating page (the same share.html and headers and budget; a GET records nothing)
 *     GET  anything else     the built SPA (web/staticSite.ts), index.html for page paths
 *
 * Every response carries the security headers (web/securityHeaders.ts). tRPC calls other than
 * GET must come from our own origin (web/requestOrigin.ts), on top of the SameSite cookie, and
 * carry JSON (415 otherwise: no form body reaches a procedure).
 *
 * `createServer` builds it without listening; `listen()` / `close()` make the lifecycle explicit,
 * so tests start it on port 0 and tear it down.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer as createNodeServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { Authenticator } from './auth/authenticator.js';
import { PasswordHasher } from './auth/passwords.js';
import type { Config } from './config.js';
import type { Conversation } from './conversation/conversation.js';
import { type Logger, consoleLogger } from './log.js';
import type { Store } from './store/store.js';
import { createHttpContextFactory } from './trpc/context.js';
import { appRouter } from './trpc/router.js';
import { clientAddress } from './web/clientAddress.js';
import { EVENT_STREAM_RETRY_AFTER_SECONDS, EventStreamLimit, wantsEventStream } from './web/eventStreamLimit.js';
import { isSameOrigin } from './web/requestOrigin.js';
import { applySecurityHeaders } from './web/securityHeaders.js';
import { SHARE_RESPONSE_HEADERS } from './trpc/routers/share.js';
import { SHARE_RETRY_AFTER_SECONDS, takeShareRequest } from './share/shareRateLimit.js';
import { createStaticSite } from './web/staticSite.js';
import { FILES_PATH_PREFIX, UPLOADS_PATH, createFileRoutes } from './documents/uploadEndpoint.js';
import { AttachmentFiles } from './mail/attachmentFiles.js';
import { approvalFilePath, serveShareApprovalFile } from './approvals/approvalFileRoute.js';
import { storedTicketDirectory } from './conversation/ticketDirectory.js';
import { createExportRoutes, isExportPath } from './export/exportRoutes.js';

/** Largest tRPC request body. Board edits travel over /sync, not tRPC; 1 MiB is generous. */
export const MAX_TRPC_BODY_BYTES = 1024 * 1024;
/** Most calls in one tRPC batch; the client's `httpBatchLink({ maxItems })` must not exceed it. */
export const MAX_TRPC_BATCH_SIZE = 25;
/** How long `close()` lets open requests finish before cutting their connections. */
const CLOSE_GRACE_MS = 5_000;

/** The SPA build, relative to this file: `<repo>/client/dist`. */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../client/dist/', import.meta.url));

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface ServerOptions {
  /** Directory of the built SPA (default `DEFAULT_STATIC_DIR`). */
  readonly staticDir?: string;
  readonly logger?: Logger;
  /** Password hashing (tests pass cheap parameters). Ignored when `auth` is given. */
  readonly passwords?: PasswordHasher;
  readonly auth?: Authenticator;
  readonly maxBodyBytes?: number;
  /** Live event streams (tRPC subscriptions) one address may hold open (`web/eventStreamLimit.ts`). */
  readonly maxEventStreamsPerAddress?: number;
  /** Takes WebSocket upgrades (the sync module); by default they are refused. */
  readonly onUpgrade?: UpgradeHandler;
  /**
   * The sync server (`sync/syncServer.ts`): takes the upgrades unless `onUpgrade` is given, and
   * `close()` shuts it down first (sockets closed with CLOSE_GOING_AWAY, boards flushed).
   */
  readonly sync?: { readonly handleUpgrade: UpgradeHandler; close(): Promise<void> };
  /**
   * The process's conversation (`conversation/conversation.ts`), shared by every tRPC request so
   * live subscriptions (SSE) hear each other's changes; `close()` ends those streams.
   */
  readonly conversation?: Conversation;
  /**
   * `/unsubscribe/<token>` (GET shows the page, POST is RFC 8058 one-click), from
   * `mail/unsubscribePage.ts`; without it those paths answer 404.
   */
  readonly unsubscribe?: (req: IncomingMessage, res: ServerResponse, token: string) => Promise<void>;
  /** The file vault of `/api/uploads` and `/api/files/` (default: `DATA_DIR/attachments`). */
  readonly vault?: AttachmentFiles;
  /** Largest upload in bytes (default 25 MiB, `MAX_UPLOAD_BYTES`); tests lower it. */
  readonly maxUploadBytes?: number;
}

export interface FluxoServer {
  readonly server: Server;
  readonly auth: Authenticator;
  /** Starts listening on `config.port`/`config.host`; resolves with the actual port and a URL. */
  listen(): Promise<{ port: number; url: string }>;
  /** Stops accepting connections and waits for open requests (cut after a short grace). */
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown, head = false): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('Cache-Control', 'no-store');
  res.end(head ? undefined : text);
}

/** A tRPC-shaped error for answers given before tRPC sees the request. */
function trpcError(res: ServerResponse, status: number, code: string, jsonRpcCode: number, message: string): void {
  json(res, status, {
    error: { message, code: jsonRpcCode, data: { code, httpStatus: status, domainCode: null, retryAfterSeconds: null } },
  });
}

/** Whether the request's body is declared `application/json` (parameters such as charset aside). */
function isJsonBody(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase() === 'application/json';
}

/** Refuses an upgrade on a raw socket with a small HTTP answer. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.on('error', () => undefined);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function displayHost(host: string | null): string {
  if (host === null || host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

export function createServer(config: Config, store: Store, options: ServerOptions = {}): FluxoServer {
  const logger = options.logger ?? consoleLogger;
  const auth = options.auth ?? new Authenticator({ store, passwords: options.passwords ?? new PasswordHasher() });
  const maxBodyBytes = options.maxBodyBytes ?? MAX_TRPC_BODY_BYTES;
  const eventStreams = new EventStreamLimit(options.maxEventStreamsPerAddress);
  const site = createStaticSite(options.staticDir ?? DEFAULT_STATIC_DIR);
  const startedAt = Date.now();
  const vault = options.vault ?? new AttachmentFiles(config.dataDir);
  const files = createFileRoutes({
    store,
    auth,
    config,
    logger,
    vault,
    ...(options.maxUploadBytes !== undefined ? { maxUploadBytes: options.maxUploadBytes } : {}),
  });

  const exportRoutes = createExportRoutes({
    store,
    auth,
    config,
    logger,
    vault,
    tickets: options.conversation?.tickets ?? storedTicketDirectory(store),
  });

  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    createContext: createHttpContextFactory({
      store,
      config,
      auth,
      logger,
      ...(options.conversation ? { conversation: options.conversation } : {}),
    }),
    maxBodySize: maxBodyBytes,
    maxBatchSize: MAX_TRPC_BATCH_SIZE,
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        const cause = error.cause ?? error;
        logger.error('tRPC procedure failed', {
          path: path ?? '(unknown)',
          error: cause instanceof Error ? (cause.stack ?? cause.message) : String(cause),
        });
      }
    },
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    applySecurityHeaders(res, { https: config.secureCookies });
    const method = req.method ?? 'GET';
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://fluxo.invalid').pathname;
    } catch {
      res.statusCode = 400;
      res.end();
      return;
    }

    if (pathname === '/healthz') {
      if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD');
      const uptimeSeconds = Math.floor((Date.now() - startedAt) / 1000);
      return json(res, 200, { ok: true, store: store.kind, uptimeSeconds }, method === 'HEAD');
    }

    if (pathname === '/trpc' || pathname.startsWith('/trpc/')) {
      if (method !== 'GET' && method !== 'HEAD') {
        if (!isSameOrigin(req, config.publicUrl)) return trpcError(res, 403, 'FORBIDDEN', -32003, 'cross-origin request refused');
        // Only JSON: the bodies a form on another site can send (urlencoded, multipart, text)
        // never reach a procedure. tRPC itself would take multipart/form-data as the input.
        if (!isJsonBody(req)) return trpcError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', -32015, 'tRPC calls other than GET send application/json');
      }
      const declared = Number(req.headers['content-length'] ?? 0);
      if (Number.isFinite(declared) && declared > maxBodyBytes) {
        res.setHeader('Connection', 'close'); // do not read the body we refuse
        return trpcError(res, 413, 'PAYLOAD_TOO_LARGE', -32013, `request body over ${maxBodyBytes} bytes`);
      }
      if (method === 'GET' && wantsEventStream(req.headers.accept)) {
        const release = eventStreams.open(clientAddress(req, config.trustProxy));
        if (release === null) {
          res.setHeader('Retry-After', String(EVENT_STREAM_RETRY_AFTER_SECONDS));
          return trpcError(res, 429, 'TOO_MANY_REQUESTS', -32029, 'too many live streams from this address');
        }
        res.once('close', release);
      }
      trpc(req, res);
      return;
    }

    if (pathname.startsWith('/unsubscribe/')) {
      const token = pathname.slice('/unsubscribe/'.length);
      if (options.unsubscribe) return options.unsubscribe(req, res, token);
      return json(res, 404, { error: 'not found' });
    }

    if (isExportPath(pathname)) return exportRoutes.handle(req, res, pathname);
    if (pathname === UPLOADS_PATH) return files.upload(req, res);
    if (pathname.startsWith(FILES_PATH_PREFIX)) return files.download(req, res, pathname.slice(FILES_PATH_PREFIX.length));

    if (pathname === '/sync' || pathname.startsWith('/sync/')) {
      res.statusCode = 426;
      res.setHeader('Upgrade', 'websocket');
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end('WebSocket endpoint\n');
      return;
    }

    if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD');
    if (pathname.startsWith('/avaliacao/')) {
      // The rating page of a satisfaction survey (issue 8): the share bundle, which reads the
      // token; whether it opens a survey is `satisfaction.survey`'s to say. Showing it records nothing.
      for (const [name, value] of Object.entries(SHARE_RESPONSE_HEADERS)) res.setHeader(name, value);
      if (!takeShareRequest(clientAddress(req, config.trustProxy))) {
        res.setHeader('Retry-After', String(SHARE_RETRY_AFTER_SECONDS));
        res.statusCode = 429;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end('Too many requests\n');
        return;
      }
      await site.servePage(req, res, 'share.html');
      return;
    }
    if (pathname.startsWith('/share/')) {
      // The client timeline: its own page; whether the token opens anything is the share
      // router's to say (one answer for every link that does not), so every token gets the page.
      for (const [name, value] of Object.entries(SHARE_RESPONSE_HEADERS)) res.setHeader(name, value);
      // The same per-address budget as the share procedures: a guesser gains nothing here.
      if (!takeShareRequest(clientAddress(req, config.trustProxy))) {
        res.setHeader('Retry-After', String(SHARE_RETRY_AFTER_SECONDS));
        res.statusCode = 429;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end('Too many requests\n');
        return;
      }
      const approvalFile = approvalFilePath(pathname.slice('/share/'.length));
      if (approvalFile !== null) {
        const tickets = options.conversation?.tickets ?? storedTicketDirectory(store);
        return serveShareApprovalFile(req, res, { store, tickets, vault, now: new Date() }, approvalFile);
      }
      await site.servePage(req, res, 'share.html');
      return;
    }
    await site.serve(req, res, pathname);
  }

  function methodNotAllowed(res: ServerResponse, allow: string): void {
    res.setHeader('Allow', allow);
    json(res, 405, { error: 'method not allowed' });
  }

  const server = createNodeServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error('request failed', {
        url: req.url,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end('Internal server error\n');
      } else {
        res.destroy();
      }
    });
  });
  // Slow-loris guard: a request must arrive completely within 30 s.
  server.requestTimeout = 30_000;
  server.headersTimeout = 20_000;
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.on(
    'upgrade',
    options.onUpgrade ??
      options.sync?.handleUpgrade ??
      ((_req: IncomingMessage, socket: Duplex) => refuseUpgrade(socket, 404, 'Not Found')),
  );

  return {
    server,
    auth,
    listen() {
      return new Promise((resolveListen, reject) => {
        server.once('error', reject);
        const onListening = () => {
          server.off('error', reject);
          const { port } = server.address() as AddressInfo;
          resolveListen({ port, url: `http://${displayHost(config.host)}:${port}` });
        };
        if (config.host === null) server.listen(config.port, onListening);
        else server.listen(config.port, config.host, onListening);
      });
    },
    async close() {
      // Upgraded sockets are no longer HTTP requests: the sync server closes them itself.
      await options.sync?.close();
      // Live subscriptions (SSE) end, so their responses finish instead of holding the close.
      options.conversation?.close();
      return new Promise((resolveClose, reject) => {
        if (!server.listening) {
          resolveClose();
          return;
        }
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        force.unref();
        // Keep-alive connections whose response ends during the grace (requests that were
        // running, live streams just ended) are closed as soon as they are idle.
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        idle.unref();
        server.close((error) => {
          clearTimeout(force);
          clearInterval(idle);
          if (error) reject(error);
          else resolveClose();
        });
        server.closeIdleConnections();
      });
    },
  };
}
