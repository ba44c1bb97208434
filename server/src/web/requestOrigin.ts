/**
 * Is a request from our own pages? Browsers send `Origin` with every POST and every WebSocket
 * handshake; we accept it when it is the public URL, or when it names the very host the
 * request was sent to (a dev proxy, or reaching the server by another name on the LAN).
 * A request without `Origin` does not come from a cross-site page (browsers always send it
 * there), so it passes: curl, server-side callers, tests — unless the browser's own
 * `Sec-Fetch-Site` says `cross-site`.
 *
 * With the `SameSite=Lax` cookie this is the second, independent guard against CSRF on tRPC
 * mutations, and the Origin allow-list of the `/sync` upgrade.
 */
import type { IncomingMessage } from 'node:http';

export function isSameOrigin(req: IncomingMessage, publicUrl: string): boolean {
  // What the browser itself says (Fetch Metadata) is never overruled: a request it labels
  // cross-site is not ours, whatever its Origin (or without one).
  if (req.headers['sec-fetch-site'] === 'cross-site') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (origin === publicUrl) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false; // includes the literal "null" of sandboxed frames and file: pages
  }
  return req.headers.host !== undefined && originHost === req.headers.host.toLowerCase();
}
