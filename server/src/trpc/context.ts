/**
 * The tRPC context: what every procedure can reach.
 *
 * `createContextInner` builds it from plain values, so router tests call procedures through
 * `createCaller` without HTTP (they pass a `collectingResponse()` to see cookies and headers).
 * `createHttpContextFactory` is the HTTP adapter's side: it reads the session cookie, resumes
 * the session (re-sending the cookie when its expiry slid, clearing it when it is no longer
 * valid) and finds the client's address.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from '../auth/authenticator.js';
import { clearSessionCookie, readSessionToken, serializeSessionCookie } from '../auth/sessionCookie.js';
import type { Config } from '../config.js';
import { type Conversation, createConversation } from '../conversation/conversation.js';
import { type Logger, silentLogger } from '../log.js';
import type { SessionRecord, UserRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { clientAddress } from '../web/clientAddress.js';

/** Where procedures put response headers; the HTTP adapter writes them to the real response. */
export interface ResponseHeaders {
  /** Adds one `Set-Cookie` header (several may be set). */
  setCookie(cookie: string): void;
  /** Sets a header, replacing an earlier value. */
  setHeader(name: string, value: string): void;
}

export interface Context {
  readonly store: Store;
  readonly config: Config;
  readonly auth: Authenticator;
  readonly logger: Logger;
  /** The signed-in staff member, or `null`. */
  readonly user: UserRecord | null;
  /** The session the request came with, or `null`; set exactly when `user` is. */
  readonly session: SessionRecord | null;
  /** The client's address (see `clientAddress`). */
  readonly ip: string;
  readonly response: ResponseHeaders;
  /** Comments, notifications and their live signals: one per process (`conversation/`). */
  readonly conversation: Conversation;
}

export interface ContextInnerOptions {
  readonly store: Store;
  readonly config: Config;
  readonly auth: Authenticator;
  readonly logger?: Logger;
  readonly user?: UserRecord | null;
  readonly session?: SessionRecord | null;
  readonly ip?: string;
  readonly response?: ResponseHeaders;
  /**
   * The process's conversation. Without it a fresh one is made for this context alone — fine
   * for calls that need no live signals from other contexts.
   */
  readonly conversation?: Conversation;
}

export function createContextInner(options: ContextInnerOptions): Context {
  const user = options.user ?? null;
  const session = options.session ?? null;
  if ((user === null) !== (session === null)) throw new Error('a context has both a user and a session, or neither');
  return {
    store: options.store,
    config: options.config,
    auth: options.auth,
    logger: options.logger ?? silentLogger,
    user,
    session,
    ip: options.ip ?? '127.0.0.1',
    response: options.response ?? collectingResponse(),
    conversation:
      options.conversation ??
      createConversation({ store: options.store, ...(options.logger ? { logger: options.logger } : {}) }),
  };
}

/** A `ResponseHeaders` that only remembers what was set: for tests and callers without HTTP. */
export function collectingResponse(): ResponseHeaders & {
  readonly cookies: string[];
  readonly headers: Map<string, string>;
} {
  const cookies: string[] = [];
  const headers = new Map<string, string>();
  return {
    cookies,
    headers,
    setCookie: (cookie) => void cookies.push(cookie),
    setHeader: (name, value) => void headers.set(name.toLowerCase(), value),
  };
}

function nodeResponseHeaders(res: ServerResponse): ResponseHeaders {
  return {
    setCookie: (cookie) => void res.appendHeader('Set-Cookie', cookie),
    setHeader: (name, value) => void res.setHeader(name, value),
  };
}

export interface HttpContextDeps {
  readonly store: Store;
  readonly config: Config;
  readonly auth: Authenticator;
  readonly logger: Logger;
  /** Shared by every request (live subscriptions see each other's changes); made once if absent. */
  readonly conversation?: Conversation;
}

/** The `createContext` of the HTTP adapter. */
export function createHttpContextFactory(deps: HttpContextDeps) {
  const conversation = deps.conversation ?? createConversation({ store: deps.store, logger: deps.logger });
  return async ({ req, res }: { req: IncomingMessage; res: ServerResponse }): Promise<Context> => {
    const response = nodeResponseHeaders(res);
    const cookieOptions = { secure: deps.config.secureCookies };
    const token = readSessionToken(req.headers.cookie, cookieOptions);
    const resumed = await deps.auth.resume(token);
    if (resumed?.extended) {
      response.setCookie(
        serializeSessionCookie(token ?? '', deps.auth.cookieMaxAgeSeconds(resumed.session), cookieOptions),
      );
    } else if (token !== null && resumed === null) {
      response.setCookie(clearSessionCookie(cookieOptions)); // stop the browser sending a dead session
    }
    return createContextInner({
      ...deps,
      conversation,
      user: resumed?.user ?? null,
      session: resumed?.session ?? null,
      ip: clientAddress(req, deps.config.trustProxy),
      response,
    });
  };
}
