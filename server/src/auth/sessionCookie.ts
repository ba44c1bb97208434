/**
 * The session cookie `fluxo_session`:
 * - `HttpOnly`: page scripts cannot read it, so an injected script cannot steal the session;
 * - `SameSite=Lax`: browsers do not send it with cross-site POSTs (CSRF) but do with a link
 *   followed from an email, so notification links open signed in;
 * - `Path=/`: tRPC and the `/sync` WebSocket upgrade both need it;
 * - `Secure` when `PUBLIC_URL` is https;
 * - `Max-Age` equal to the session's remaining lifetime, re-sent when the session slides.
 */
export const SESSION_COOKIE_NAME = 'fluxo_session';

export interface CookieOptions {
  readonly secure: boolean;
}

function attributes(options: CookieOptions): string {
  return `Path=/; HttpOnly; SameSite=Lax${options.secure ? '; Secure' : ''}`;
}

export function serializeSessionCookie(token: string, maxAgeSeconds: number, options: CookieOptions): string {
  return `${SESSION_COOKIE_NAME}=${token}; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}; ${attributes(options)}`;
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(options: CookieOptions): string {
  return `${SESSION_COOKIE_NAME}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; ${attributes(options)}`;
}

/**
 * The session token from a `Cookie` request header, or `null`. When a browser sends the name
 * more than once (cookies set for different paths), the first non-empty value wins, as the
 * most specific path comes first.
 */
export function readSessionToken(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== SESSION_COOKIE_NAME) continue;
    const value = part.slice(eq + 1).trim();
    if (value !== '') return value;
  }
  return null;
}
