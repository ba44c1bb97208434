/**
 * The address a request came from, for login throttling and logs. Without `TRUST_PROXY` it is
 * the TCP peer; with it, the last `X-Forwarded-For` hop — the one our own reverse proxy
 * appended, so a client cannot choose it (earlier hops can be forged and are ignored).
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const value = Array.isArray(header) ? header.join(',') : header;
    const last = value
      ?.split(',')
      .map((hop) => hop.trim())
      .filter((hop) => hop !== '')
      .at(-1);
    if (last !== undefined && isIP(last) !== 0) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
