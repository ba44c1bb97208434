/**
 * The words of an inbound email as Fluxo keeps them: the ticket title from the subject, the
 * body as plain text (an HTML-only email is turned into text; nothing of its markup is kept).
 */
import { TITLE_MAX_LENGTH } from '@fluxo/shared/board/index';
import type { Email } from 'postal-mime';

/** The text of an HTML-only email: tags dropped, the usual entities decoded, blocks on their own lines. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6]|blockquote)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code) % 0x110000))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(Number.parseInt(code, 16) % 0x110000))
    .replace(/&amp;/gi, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function bodyText(email: Email): string {
  const text = email.text ?? (email.html === undefined ? '' : htmlToText(email.html));
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

/** "Re: RES: Fwd: Título" → "Título". */
export function ticketTitle(subject: string | undefined): string {
  let title = (subject ?? '').replace(/\s+/g, ' ').trim();
  const prefix = /^(re|res|fw|fwd|enc|tr|aw|wg|sv|отв|пересл|ответ)\s*(\[\d+\])?\s*:\s*/i;
  while (prefix.test(title)) title = title.replace(prefix, '').trim();
  return title.slice(0, TITLE_MAX_LENGTH).trim();
}

