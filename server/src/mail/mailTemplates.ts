/**
 * The emails Fluxo sends, as text and HTML, in the recipient's language.
 *
 * - **Only escaped values reach the HTML.** Every piece of text — ours (`mailTexts.ts`, with
 *   its parameters filled in first) and theirs (titles, names, comment bodies) — goes through
 *   `escapeHtml`; the only markup is the fixed skeleton below. Links are written only for
 *   absolute http(s) URLs. Comment bodies are shown as their text (markdown as typed, line
 *   breaks kept), never interpreted: an email is no place for a second markdown renderer.
 * - **What a client email may hold** is decided by the types: a `client` draft carries the
 *   ticket's client summary and client-visible comments (`clientComment` entries), and the
 *   renderer has no field for an internal description or an internal note to leak through.
 * - **Subjects name the client and the ticket**: `[Cliente] #123 Título` (parts that are
 *   unknown are left out). Mail clients thread by subject too, so it stays the same for every
 *   email about one ticket.
 */
import { translate, type Locale } from '@fluxo/shared/i18n/translate';
import type { NotificationKind } from '@fluxo/shared/conversation/notification';
import type { Stage } from '@fluxo/shared/flow/stages';
import type { Status } from '@fluxo/shared/flow/statuses';
import { type MailTextKey, mailText } from './mailTexts.js';

export interface TicketFacts {
  readonly number: number | null;
  readonly title: string;
  readonly clientName: string | null;
  readonly stage: Stage;
  readonly status: Status;
}

/** What a client may read about their ticket: the summary the account manager wrote for them. */
export interface ClientTicketFacts extends TicketFacts {
  readonly clientSummary: string;
}

export type StaffEntry =
  | {
      readonly kind: 'notification';
      readonly notification: NotificationKind;
      /** Who did it, as shown; `null` for the server itself. */
      readonly actorName: string | null;
      readonly actorIsClient: boolean;
      /** The comment's plain text, shortened; `null` for kinds without one. */
      readonly excerpt: string | null;
      readonly at: string;
    };

export interface ClientCommentEntry {
  readonly kind: 'clientComment';
  readonly authorName: string;
  readonly body: string;
  readonly at: string;
}

interface DraftBase {
  readonly locale: Locale;
  readonly agencyName: string;
  readonly recipientName: string | null;
  /** The one-click unsubscribe page (also in the `List-Unsubscribe` header). */
  readonly unsubscribeUrl: string;
}

export type MailDraft =
  | (DraftBase & {
      readonly audience: 'client';
      readonly kind: 'ticketReceived';
      readonly ticket: ClientTicketFacts;
      /** The client's timeline link (share links come with the client timeline issue). */
      readonly timelineUrl: string | null;
    })
  | (DraftBase & {
      readonly audience: 'client';
      readonly kind: 'clientUpdate';
      readonly ticket: ClientTicketFacts;
      readonly comments: readonly ClientCommentEntry[];
      readonly timelineUrl: string | null;
      /** Whether replying by email reaches the ticket (an inbound listener exists). */
      readonly replyByEmail: boolean;
    })
  | (DraftBase & {
      readonly audience: 'client';
      readonly kind: 'promisedDate';
      readonly ticket: ClientTicketFacts;
      /** The promised date now, `YYYY-MM-DD`; `null`: it was removed. */
      readonly dueDate: string | null;
      /** The date the client was last told, `YYYY-MM-DD`; `null`: none yet. */
      readonly previous: string | null;
      readonly timelineUrl: string | null;
      readonly replyByEmail: boolean;
    })
  | (DraftBase & {
      readonly audience: 'client';
      readonly kind: 'satisfactionSurvey';
      readonly ticket: ClientTicketFacts;
      /** The survey's rating page (`/avaliacao/<token>`): a GET there records nothing. */
      readonly surveyUrl: string;
      readonly replyByEmail: boolean;
    })
  | (DraftBase & {
      readonly audience: 'staff';
      readonly kind: 'staffUpdate';
      readonly ticket: TicketFacts;
      readonly entries: readonly StaffEntry[];
      /** The ticket in the app. */
      readonly appUrl: string;
    })
  | (DraftBase & {
      readonly audience: 'staff';
      readonly kind: 'staffDigest';
      /** One section per ticket, in the order they happened. */
      readonly sections: readonly StaffDigestSection[];
    });

export interface StaffDigestSection {
  readonly ticket: TicketFacts;
  readonly entries: readonly StaffEntry[];
  readonly appUrl: string;
}

export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Only absolute http(s) URLs become links; anything else is shown as text. */
function isWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}

/** One line of the subject: no line breaks (header injection), blanks collapsed. */
function oneLine(value: string): string {
  return value.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
}

export function mailSubject(ticket: TicketFacts): string {
  const parts: string[] = [];
  if (ticket.clientName !== null && oneLine(ticket.clientName) !== '') parts.push(`[${oneLine(ticket.clientName)}]`);
  if (ticket.number !== null) parts.push(`#${ticket.number}`);
  parts.push(oneLine(ticket.title));
  return parts.join(' ').slice(0, 250);
}

/** A block of text, HTML side: escaped, paragraphs on blank lines, line breaks kept. */
function htmlBlock(text: string, style = ''): string {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const attr = style === '' ? '' : ` style="${style}"`;
  return paragraphs.map((p) => `<p${attr}>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n');
}

function htmlLink(url: string, label: string): string {
  if (!isWebUrl(url)) return escapeHtml(label);
  return `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`;
}

/** Text and HTML made side by side from the same pieces. */
class MailBody {
  readonly #text: string[] = [];
  readonly #html: string[] = [];

  paragraph(text: string): this {
    this.#text.push(text);
    this.#html.push(htmlBlock(text));
    return this;
  }

  heading(text: string): this {
    this.#text.push(`${text}\n${'='.repeat(Math.min(text.length, 72))}`);
    this.#html.push(`<h3 style="margin:16px 0 4px;font-size:14px">${escapeHtml(text)}</h3>`);
    return this;
  }

  /** Someone's words, quoted as a block. */
  quote(author: string, body: string): this {
    this.#text.push(`${author}:\n${body.replace(/\r\n?/g, '\n')}`);
    this.#html.push(
      `<div style="margin:8px 0;padding:8px 12px;border-left:3px solid #c7d2fe;background:#f8fafc">` +
        `<p style="margin:0 0 4px;font-weight:bold">${escapeHtml(author)}</p>\n${htmlBlock(body, 'margin:0 0 6px')}</div>`,
    );
    return this;
  }

  /** A sentence whose `{url}` is a link: the text side shows the URL, the HTML side a link. */
  linked(sentence: string, url: string, label?: string): this {
    this.#text.push(sentence.replace('{url}', url));
    const [before = '', after = ''] = sentence.split('{url}');
    this.#html.push(`<p>${escapeHtml(before)}${htmlLink(url, label ?? url)}${escapeHtml(after)}</p>`);
    return this;
  }

  footer(lines: readonly string[], unsubscribe: { sentence: string; url: string; label: string }): this {
    this.#text.push(`--\n${lines.join('\n')}\n${unsubscribe.sentence.replace('{url}', unsubscribe.url)}`);
    this.#html.push(
      `<hr style="border:none;border-top:1px solid #e2e8f0;margin:24px 0 8px">\n` +
        `<p style="color:#64748b;font-size:12px">${lines.map(escapeHtml).join('<br>')}<br>` +
        `${htmlLink(unsubscribe.url, unsubscribe.label)}</p>`,
    );
    return this;
  }

  render(locale: Locale, title: string): { text: string; html: string } {
    const lang = locale === 'pt-BR' ? 'pt-BR' : locale;
    return {
      text: `${this.#text.join('\n\n')}\n`,
      html:
        `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n` +
        `<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#0f172a">\n` +
        `${this.#html.join('\n')}\n</body></html>\n`,
    };
  }
}

function greeting(draft: MailDraft): string {
  const name = draft.recipientName === null ? '' : oneLine(draft.recipientName);
  return name === '' ? mailText(draft.locale, 'greeting.anonymous') : mailText(draft.locale, 'greeting.named', { name });
}

function stateLine(locale: Locale, ticket: TicketFacts): string {
  return mailText(locale, 'client.state', {
    status: translate(locale, `status.${ticket.status}`),
    stage: translate(locale, `stage.${ticket.stage}`),
  });
}

function staffLine(locale: Locale, entry: StaffEntry): string {
  const actor =
    entry.actorName !== null && entry.actorName.trim() !== ''
      ? oneLine(entry.actorName)
      : mailText(locale, entry.actorIsClient ? 'actor.client' : 'actor.system');
  const key: MailTextKey = `staff.${entry.notification}`;
  return mailText(locale, key, { actor });
}

function staffEntries(body: MailBody, locale: Locale, entries: readonly StaffEntry[]): void {
  for (const entry of entries) {
    const line = staffLine(locale, entry);
    if (entry.excerpt !== null && entry.excerpt.trim() !== '') body.quote(line, entry.excerpt);
    else body.paragraph(line);
  }
}

const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar day (`YYYY-MM-DD`) written out for people: "sexta-feira, 5 de dezembro de 2025",
 * "Friday, December 5, 2025", "пятница, 5 декабря 2025 г.". The day itself, whatever the time
 * zone (it is formatted as that day in UTC). Anything else is shown as it is.
 */
export function humanDate(locale: Locale, day: string): string {
  const match = CALENDAR_DAY.exec(day);
  if (!match) return day;
  const at = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (!Number.isFinite(at)) return day;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(at);
}

/** Which news a promised-date email carries. */
function promisedNews(draft: { dueDate: string | null; previous: string | null }): 'set' | 'changed' | 'removed' {
  if (draft.dueDate === null) return 'removed';
  return draft.previous === null ? 'set' : 'changed';
}

function promisedTicket(locale: Locale, ticket: TicketFacts): string {
  const title = oneLine(ticket.title);
  return ticket.number === null
    ? mailText(locale, 'promised.ticketUnnumbered', { title })
    : mailText(locale, 'promised.ticket', { number: ticket.number, title });
}

function subjectOf(draft: MailDraft): string {
  const { locale } = draft;
  switch (draft.kind) {
    case 'staffDigest':
      return mailText(locale, 'digest.subject', { count: draft.sections.reduce((n, s) => n + s.entries.length, 0) });
    case 'promisedDate':
      // Said in the subject: the news is the date. The rest is the ticket's usual subject.
      return mailText(locale, `promised.subject.${promisedNews(draft)}`, { subject: mailSubject(draft.ticket) }).slice(0, 250);
    case 'satisfactionSurvey':
      return mailText(locale, 'satisfaction.subject', { subject: mailSubject(draft.ticket) }).slice(0, 250);
    default:
      return mailSubject(draft.ticket);
  }
}

export function renderMail(draft: MailDraft): RenderedMail {
  const { locale } = draft;
  const subject = subjectOf(draft);
  const body = new MailBody().paragraph(greeting(draft));

  if (draft.kind === 'ticketReceived') {
    const ticket = draft.ticket;
    body.paragraph(
      ticket.number === null
        ? mailText(locale, 'received.leadUnnumbered', { title: oneLine(ticket.title) })
        : mailText(locale, 'received.lead', { number: ticket.number, title: oneLine(ticket.title) }),
    );
    body.paragraph(mailText(locale, 'received.next'));
    if (draft.timelineUrl !== null) body.linked(mailText(locale, 'received.timeline', { url: '{url}' }), draft.timelineUrl);
  } else if (draft.kind === 'clientUpdate') {
    body.paragraph(mailText(locale, 'client.lead', { count: draft.comments.length }));
    for (const comment of draft.comments) body.quote(comment.authorName, comment.body);
    const summary = draft.ticket.clientSummary.trim();
    if (summary !== '') body.heading(mailText(locale, 'client.summary')).paragraph(summary);
    body.paragraph(stateLine(locale, draft.ticket));
    if (draft.timelineUrl !== null) body.linked(mailText(locale, 'received.timeline', { url: '{url}' }), draft.timelineUrl);
    if (draft.replyByEmail) body.paragraph(mailText(locale, 'client.replyHint'));
  } else if (draft.kind === 'promisedDate') {
    const news = promisedNews(draft);
    const ticket = promisedTicket(locale, draft.ticket);
    body.paragraph(
      draft.dueDate === null
        ? mailText(locale, 'promised.removed', { ticket })
        : mailText(locale, news === 'set' ? 'promised.set' : 'promised.changed', { ticket, date: humanDate(locale, draft.dueDate) }),
    );
    if (draft.previous !== null) body.paragraph(mailText(locale, 'promised.previous', { date: humanDate(locale, draft.previous) }));
    if (draft.timelineUrl !== null) body.linked(mailText(locale, 'received.timeline', { url: '{url}' }), draft.timelineUrl);
    if (draft.replyByEmail) body.paragraph(mailText(locale, 'promised.replyHint'));
  } else if (draft.kind === 'satisfactionSurvey') {
    body.paragraph(mailText(locale, 'satisfaction.lead', { ticket: promisedTicket(locale, draft.ticket) }));
    body.linked(mailText(locale, 'satisfaction.ask', { url: '{url}' }), draft.surveyUrl, mailText(locale, 'satisfaction.link'));
    if (draft.replyByEmail) body.paragraph(mailText(locale, 'satisfaction.replyHint'));
  } else if (draft.kind === 'staffUpdate') {
    body.paragraph(mailText(locale, 'staff.lead', { count: draft.entries.length }));
    staffEntries(body, locale, draft.entries);
    body.linked(mailText(locale, 'staff.open', { url: '{url}' }), draft.appUrl);
  } else {
    body.paragraph(mailText(locale, 'digest.lead'));
    for (const section of draft.sections) {
      body.heading(mailSubject(section.ticket));
      staffEntries(body, locale, section.entries);
      body.linked(mailText(locale, 'staff.open', { url: '{url}' }), section.appUrl);
    }
  }

  body.paragraph(mailText(locale, 'signature', { agency: oneLine(draft.agencyName) }));
  body.footer([mailText(locale, draft.audience === 'client' ? 'footer.client' : 'footer.staff', { agency: oneLine(draft.agencyName) })], {
    sentence: mailText(locale, 'footer.unsubscribe', { url: '{url}' }),
    url: draft.unsubscribeUrl,
    label: mailText(locale, 'footer.unsubscribeLink'),
  });
  return { subject, ...body.render(locale, subject) };
}
