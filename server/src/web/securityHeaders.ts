/**
 * Headers on every response. The Content-Security-Policy allows scripts only from our own
 * origin (no inline scripts, no eval), so an injected `<script>` does nothing; inline styles
 * stay allowed because Solid and the board set `style` attributes. `connect-src 'self'` also
 * covers the same-origin `/sync` WebSocket (CSP Level 3), and no other host. Framing is
 * refused (clickjacking). HSTS is sent only when the public URL is https — over plain http it
 * would be ignored, and on localhost harmful.
 */
import type { ServerResponse } from 'node:http';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export function applySecurityHeaders(res: ServerResponse, options: { readonly https: boolean }): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  if (options.https) res.setHeader('Strict-Transport-Security', 'max-age=15552000');
}
