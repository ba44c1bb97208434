/**
 * `/unsubscribe/<token>`: the link in every email's footer and `List-Unsubscribe` header.
 *
 * - `POST` unsubscribes at once: RFC 8058 one-click (mail providers post
 *   `List-Unsubscribe=One-Click` from their servers, without cookies or Origin), and the button
 *   of the page below. The token alone authorises it; it names one address of one agency.
 * - `GET` only shows a page with that button: link scanners and previews follow GETs, and must
 *   not unsubscribe anyone (RFC 8058 §3.2).
 * - An unknown token is a 404 with the same kind of page. Nothing tells whether an address
 *   exists; the page shows the address only to the holder of its token.
 *
 * The page is built from escaped values only, has no script (the CSP forbids inline scripts
 * anyway) and posts to itself (`form-action 'self'`). Its language follows `Accept-Language`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Locale, negotiateLocale } from '@fluxo/shared/i18n/translate';
import type { Store } from '../store/store.js';
import { escapeHtml } from './mailTemplates.js';
import { mailText } from './mailTexts.js';

const TOKEN_PATTERN = /^[0-9A-Za-z]{32}$/;
/** The most of a POST body read (the one-click body is 26 bytes). */
const MAX_BODY_BYTES = 4_096;

export type UnsubscribeHandler = (req: IncomingMessage, res: ServerResponse, token: string) => Promise<void>;

function localeOf(req: IncomingMessage): Locale {
  const header = req.headers['accept-language'];
  const tags = (typeof header === 'string' ? header : '')
    .split(',')
    .map((t) => t.split(';')[0]?.trim() ?? '')
    .filter((t) => t !== '');
  return negotiateLocale(tags);
}

function page(res: ServerResponse, status: number, locale: Locale, body: string, head: boolean): void {
  const html =
    `<!doctype html>\n<html lang="${locale}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(mailText(locale, 'unsubscribe.title'))}</title></head>\n` +
    `<body style="font-family:Arial,Helvetica,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5">\n` +
    `<h1 style="font-size:1.25rem">${escapeHtml(mailText(locale, 'unsubscribe.title'))}</h1>\n${body}\n</body></html>\n`;
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(html));
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Robots-Tag', 'noindex');
  res.end(head ? undefined : html);
}

/** Reads (and discards) a small body, so the connection stays usable; refuses a large one. */
function drain(req: IncomingMessage): Promise<boolean> {
  return new Promise((resolve) => {
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(false);
        req.destroy();
      }
    });
    req.on('end', () => resolve(true));
    req.on('error', () => resolve(false));
  });
}

export function createUnsubscribeHandler(deps: { readonly store: Store; readonly now?: () => Date }): UnsubscribeHandler {
  const now = deps.now ?? (() => new Date());
  return async (req, res, token) => {
    const locale = localeOf(req);
    const method = req.method ?? 'GET';
    const unknown = () =>
      page(res, 404, locale, `<p>${escapeHtml(mailText(locale, 'unsubscribe.unknown'))}</p>`, method === 'HEAD');

    if (method === 'POST') {
      if (!(await drain(req))) {
        res.statusCode = 413;
        res.setHeader('Connection', 'close');
        res.end();
        return;
      }
      const record = TOKEN_PATTERN.test(token) ? await deps.store.mail.unsubscribe(token, now()) : null;
      if (record === null) return unknown();
      const agency = (await deps.store.agencies.get(record.agencyId))?.name ?? 'Fluxo';
      page(res, 200, locale, `<p>${escapeHtml(mailText(locale, 'unsubscribe.done', { email: record.email, agency }))}</p>`, false);
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      res.statusCode = 405;
      res.setHeader('Allow', 'GET, HEAD, POST');
      res.end();
      return;
    }
    const record = TOKEN_PATTERN.test(token) ? await deps.store.mail.findRecipientByToken(token) : null;
    if (record === null) return unknown();
    const agency = (await deps.store.agencies.get(record.agencyId))?.name ?? 'Fluxo';
    const text =
      record.unsubscribedAt !== null
        ? `<p>${escapeHtml(mailText(locale, 'unsubscribe.done', { email: record.email, agency }))}</p>`
        : `<p>${escapeHtml(mailText(locale, 'unsubscribe.confirm', { email: record.email, agency }))}</p>\n` +
          `<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">` +
          `<button type="submit">${escapeHtml(mailText(locale, 'unsubscribe.button'))}</button></form>`;
    page(res, 200, locale, text, method === 'HEAD');
  };
}

