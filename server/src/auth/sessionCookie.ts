/**
 * The session cookie `fluxo_session`:
 * - `HttpOnly`: page scripts cannot read it, so an injected script cannot steal the session;
 * - `SameSite=Lax`: browsers do not send it with cross-site POSTs (CSRF) but do with a link
 *   followed from an email, so notification links open signed in;
 * - `Path=/`: tRPC and the `/sync` WebSocket upgrade both need it;
 * - `Secure` when `PUBLIC_URL` is https, and then named `__Host-fluxo_session`: the prefix makes
 *   browsers refuse the cookie unless it is Secure, host-only and `Path=/`, so a sibling
 *   subdomain cannot plant or shadow a session (cookie tossing);
 * - `Max-Age` equal to the session's remaining lifetime, re-sent when the session slides.
 */
export const SESSION_COOKIE_NAME = 'fluxo_session';

export interface CookieOptions {
  readonly secure: boolean;
}

/** The cookie's name under these options: `__Host-` prefixed when it is Secure. */
export function sessionCookieName(options: CookieOptions): string {
  return options.secure ? `__Host-${SESSION_COOKIE_NAME}` : SESSION_COOKIE_NAME;
}

function attributes(options: CookieOptions): string {
  return `Path=/; HttpOnly; SameSite=Lax${options.secure ? '; Secure' : ''}`;
}

export function serializeSessionCookie(token: string, maxAgeSeconds: number, options: CookieOptions): string {
  return `${sessionCookieName(options)}=${token}; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}; ${attributes(options)}`;
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(options: CookieOptions): string {
  return `${sessionCookieName(options)}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; ${attributes(options)}`;
}

/**
 * The session token from a `Cookie` request header, or `null`. When a browser sends the name
 * more than once (cookies set for different paths), the first non-empty value wins, as the
 * most specific path comes first.
 */
export function readSessionToken(cookieHeader: string | undefined, options: CookieOptions): string | null {
  if (!cookieHeader) return null;
  const name = sessionCookieName(options);
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    if (value !== '') return value;
  }
  return null;
}
