/**
 * The client's report of work done as an email (issue 8): a `client_report` outbox row
 * (`reports/clientReportOutbox.ts`) becomes, **when it is sent**, the report of its client and
 * period read through the client projection (`reports/clientReportReading.ts`) — so a ticket
 * archived or a request withdrawn before the email leaves is not in it.
 *
 * - Only escaped values reach the HTML (`escapeHtml`), the only markup is the fixed skeleton
 *   below; links only for absolute http(s) URLs. The report object holds no staff-only field
 *   (`shared/src/reports/clientReport.ts`), so there is nothing internal to leak here.
 * - It goes only to an address that still gets the client's reports (`reportRecipients`) and
 *   only while the client is the row's agency's; otherwise the row ends `skipped`.
 * - With a timeline link when the client follows one: a link of theirs that still opens on a
 *   board of the report. The email then carries a fresh `view` link (origin `email`) to that
 *   board's report page (`/share/<token>?relatorio=1&de=…&ate=…`), as promised-date emails do.
 * - Words in pt-BR / en / ru below (server-only, like `mailTexts.ts`); stage and status names
 *   from the shared dictionaries; greeting, signature and footer from `mailTexts.ts`.
 */
import type { Locale } from '@fluxo/shared/i18n/translate';
import { translate } from '@fluxo/shared/i18n/translate';
import type { BoardId } from '@fluxo/shared/ids';
import { type ClientReport, dayOfInstant, lastDayOf } from '@fluxo/shared/reports/clientReport';
import { liveTicketDirectory } from '../conversation/ticketDirectory.js';
import { readClientReport, reportTimeZone } from '../reports/clientReportReading.js';
import { reportRecipients } from '../reports/clientReportOutbox.js';
import { issueShareLink, shareLinkUrl } from '../share/shareLinks.js';
import type { OutboxRecordOf } from '../store/conversationRecords.js';
import type { Composed, MailComposerDeps } from './mailComposer.js';
import { escapeHtml } from './mailTemplates.js';
import { mailText } from './mailTexts.js';

type Words = {
  readonly subject: string;
  readonly lead: string;
  readonly delivered: string;
  readonly deliveredNone: string;
  readonly deliveredItem: string;
  readonly inProgress: string;
  readonly inProgressNone: string;
  readonly inProgressItem: string;
  readonly due: string;
  readonly noDue: string;
  readonly overdue: string;
  readonly waiting: string;
  readonly waitingNone: string;
  readonly waitingItem: string;
  readonly waitingItemUndated: string;
  readonly approvals: string;
  readonly approvalsNone: string;
  readonly approvalItem: string;
  readonly timeline: string;
  readonly footer: string;
};

const WORDS: Readonly<Record<Locale, Words>> = {
  'pt-BR': {
    subject: '[{client}] Relatório de trabalho: {from} a {to}',
    lead: 'Este é o relatório do trabalho da {agency} para {client}, de {from} a {to}.',
    delivered: 'Entregue no período ({count})',
    deliveredNone: 'Nada foi entregue no período.',
    deliveredItem: '{ticket} — entregue em {date}',
    inProgress: 'Em andamento ({count})',
    inProgressNone: 'Nenhum pedido em andamento.',
    inProgressItem: '{ticket} — {stage} · {status} · {due}',
    due: 'prazo {date}',
    noDue: 'sem prazo definido',
    overdue: 'ATRASADO',
    waiting: 'Aguardando vocês ({count})',
    waitingNone: 'Nada aguarda vocês.',
    waitingItem: '{ticket} — desde {date}',
    waitingItemUndated: '{ticket}',
    approvals: 'Aprovações pendentes ({count})',
    approvalsNone: 'Nenhuma aprovação pendente.',
    approvalItem: '"{title}" (versão {version}) — {ticket} — enviado em {date}',
    timeline: 'Veja e imprima este relatório: {url}',
    footer: 'Você recebe este relatório porque é contato de {client} na {agency}.',
  },
  en: {
    subject: '[{client}] Work report: {from} to {to}',
    lead: "This is {agency}'s report of the work for {client}, from {from} to {to}.",
    delivered: 'Delivered in the period ({count})',
    deliveredNone: 'Nothing was delivered in the period.',
    deliveredItem: '{ticket} — delivered on {date}',
    inProgress: 'In progress ({count})',
    inProgressNone: 'No request in progress.',
    inProgressItem: '{ticket} — {stage} · {status} · {due}',
    due: 'due {date}',
    noDue: 'no date set',
    overdue: 'OVERDUE',
    waiting: 'Waiting on you ({count})',
    waitingNone: 'Nothing is waiting on you.',
    waitingItem: '{ticket} — since {date}',
    waitingItemUndated: '{ticket}',
    approvals: 'Pending approvals ({count})',
    approvalsNone: 'No approval pending.',
    approvalItem: '"{title}" (version {version}) — {ticket} — sent on {date}',
    timeline: 'See and print this report: {url}',
    footer: 'You receive this report as a contact of {client} at {agency}.',
  },
  ru: {
    subject: '[{client}] Отчёт о работе: {from} — {to}',
    lead: 'Это отчёт {agency} о работе для {client} с {from} по {to}.',
    delivered: 'Сдано за период ({count})',
    deliveredNone: 'За период ничего не сдано.',
    deliveredItem: '{ticket} — сдано {date}',
    inProgress: 'В работе ({count})',
    inProgressNone: 'Нет заявок в работе.',
    inProgressItem: '{ticket} — {stage} · {status} · {due}',
    due: 'срок {date}',
    noDue: 'срок не назначен',
    overdue: 'ПРОСРОЧЕНО',
    waiting: 'Ждёт вашего ответа ({count})',
    waitingNone: 'Ничего не ждёт вашего ответа.',
    waitingItem: '{ticket} — с {date}',
    waitingItemUndated: '{ticket}',
    approvals: 'Ожидают согласования ({count})',
    approvalsNone: 'Нет запросов на согласование.',
    approvalItem: '«{title}» (версия {version}) — {ticket} — отправлено {date}',
    timeline: 'Посмотреть и распечатать отчёт: {url}',
    footer: 'Вы получаете этот отчёт как контакт {client} в {agency}.',
  },
};

/** The words of `key` in `locale` with `{param}`s filled in (values are text, escaped later). */
export function reportWord(locale: Locale, key: keyof Words, params: Readonly<Record<string, string | number>> = {}): string {
  return WORDS[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** One line of a header-bound value: no line breaks, blanks collapsed. */
function oneLine(value: string): string {
  return value.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
}

/** A calendar day, short: "5 de dez. de 2025", "Dec 5, 2025", "5 дек. 2025 г.". */
export function reportDay(locale: Locale, day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

function ticketLabel(item: { number: number | null; title: string }): string {
  return item.number === null ? `"${oneLine(item.title)}"` : `#${item.number} "${oneLine(item.title)}"`;
}

export interface ClientReportDraft {
  readonly locale: Locale;
  readonly report: ClientReport;
  /** The agency's time zone: instants are shown as its days. */
  readonly timeZone: string;
  readonly timelineUrl: string | null;
  readonly unsubscribeUrl: string;
}

function isWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}

const link = (url: string, label: string) => (isWebUrl(url) ? `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>` : escapeHtml(label));

/** The report as subject, text and HTML. */
export function renderClientReportMail(draft: ClientReportDraft): { subject: string; text: string; html: string } {
  const { locale, report, timeZone } = draft;
  const w = (key: keyof Words, params: Readonly<Record<string, string | number>> = {}) => reportWord(locale, key, params);
  const day = (at: string) => reportDay(locale, dayOfInstant(timeZone, at));
  const client = oneLine(report.client.name);
  const agency = oneLine(report.agencyName) || 'Fluxo';
  const from = reportDay(locale, report.period.from);
  const to = reportDay(locale, lastDayOf(report.period));
  const subject = oneLine(w('subject', { client, from, to })).slice(0, 250);

  const text: string[] = [mailText(locale, 'greeting.anonymous'), w('lead', { agency, client, from, to })];
  const html: string[] = [`<p>${escapeHtml(mailText(locale, 'greeting.anonymous'))}</p>`, `<p>${escapeHtml(w('lead', { agency, client, from, to }))}</p>`];
  const section = (heading: string, none: string, lines: readonly { text: string; flag?: string }[]) => {
    text.push(`${heading}\n${'='.repeat(Math.min(heading.length, 72))}\n${lines.length === 0 ? none : lines.map((l) => `- ${l.text}${l.flag ? ` [${l.flag}]` : ''}`).join('\n')}`);
    html.push(`<h3 style="margin:16px 0 4px;font-size:14px">${escapeHtml(heading)}</h3>`);
    html.push(
      lines.length === 0
        ? `<p style="color:#64748b">${escapeHtml(none)}</p>`
        : `<ul>\n${lines.map((l) => `<li>${escapeHtml(l.text)}${l.flag ? ` <strong style="color:#b91c1c">${escapeHtml(l.flag)}</strong>` : ''}</li>`).join('\n')}\n</ul>`,
    );
  };
  section(
    w('delivered', { count: report.delivered.length }),
    w('deliveredNone'),
    report.delivered.map((d) => ({ text: w('deliveredItem', { ticket: ticketLabel(d), date: day(d.deliveredAt) }) })),
  );
  section(
    w('inProgress', { count: report.inProgress.length }),
    w('inProgressNone'),
    report.inProgress.map((t) => ({
      text: w('inProgressItem', {
        ticket: ticketLabel(t),
        stage: translate(locale, `stage.${t.stage}`),
        status: translate(locale, `status.${t.status}`),
        due: t.dueDate === null ? w('noDue') : w('due', { date: reportDay(locale, t.dueDate) }),
      }),
      ...(t.overdue ? { flag: w('overdue') } : {}),
    })),
  );
  section(
    w('waiting', { count: report.waitingOnClient.length }),
    w('waitingNone'),
    report.waitingOnClient.map((t) => ({
      text: t.since === null ? w('waitingItemUndated', { ticket: ticketLabel(t) }) : w('waitingItem', { ticket: ticketLabel(t), date: day(t.since) }),
    })),
  );
  section(
    w('approvals', { count: report.pendingApprovals.length }),
    w('approvalsNone'),
    report.pendingApprovals.map((a) => ({
      text: w('approvalItem', {
        title: oneLine(a.milestoneName === null ? a.title : `${a.milestoneName}: ${a.title}`),
        version: a.version,
        ticket: ticketLabel({ number: a.number, title: a.ticketTitle }),
        date: day(a.requestedAt),
      }),
    })),
  );
  if (draft.timelineUrl !== null) {
    const sentence = w('timeline', { url: '{url}' });
    const [before = '', after = ''] = sentence.split('{url}');
    text.push(sentence.replace('{url}', draft.timelineUrl));
    html.push(`<p>${escapeHtml(before)}${link(draft.timelineUrl, draft.timelineUrl)}${escapeHtml(after)}</p>`);
  }
  const signature = mailText(locale, 'signature', { agency });
  text.push(signature);
  html.push(`<p>${escapeHtml(signature)}</p>`);
  const footer = w('footer', { client, agency });
  const unsubscribe = mailText(locale, 'footer.unsubscribe', { url: draft.unsubscribeUrl });
  text.push(`--\n${footer}\n${unsubscribe}`);
  html.push(
    `<hr style="border:none;border-top:1px solid #e2e8f0;margin:24px 0 8px">\n<p style="color:#64748b;font-size:12px">${escapeHtml(footer)}<br>` +
      `${link(draft.unsubscribeUrl, mailText(locale, 'footer.unsubscribeLink'))}</p>`,
  );
  const lang = escapeHtml(locale);
  return {
    subject,
    text: `${text.join('\n\n')}\n`,
    html:
      `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>\n` +
      `<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#0f172a">\n${html.join('\n')}\n</body></html>\n`,
  };
}

/** Where a share link shows the report of `period` (`client/src/share/ClientReportView.tsx` reads it). */
export function reportPageUrl(timelineUrl: string, period: ClientReport['period']): string {
  return `${timelineUrl}?relatorio=1&de=${period.from}&ate=${lastDayOf(period)}`;
}

/** The board of the client's newest link that still opens among `boardIds`, or null. */
async function followedBoard(deps: MailComposerDeps, row: OutboxRecordOf<'client_report'>, boardIds: readonly BoardId[]): Promise<BoardId | null> {
  const at = deps.now().getTime();
  let best: { boardId: BoardId; createdAt: string } | null = null;
  for (const boardId of boardIds) {
    for (const l of await deps.store.shareLinks.listByBoard(boardId)) {
      const opens = l.clientId === row.payload.clientId && l.agencyId === row.agencyId && l.revokedAt === null && Date.parse(l.expiresAt) > at;
      if (opens && (best === null || l.createdAt > best.createdAt)) best = { boardId, createdAt: l.createdAt };
    }
  }
  return best?.boardId ?? null;
}

/** One `client_report` row → its email, or why it does not go (see the module comment). */
export async function composeClientReportMail(deps: MailComposerDeps, row: OutboxRecordOf<'client_report'>, messageId: string): Promise<Composed> {
  const { store } = deps;
  const { clientId, period } = row.payload;
  const client = await store.clients.get(clientId);
  if (client === null || client.agencyId !== row.agencyId) return { drop: 'the client no longer exists', nothingToTell: true };
  if (!(await reportRecipients(store, row.agencyId, clientId)).includes(row.to)) {
    return { drop: "the address no longer gets the client's reports", nothingToTell: true };
  }
  const now = deps.now();
  const report = await readClientReport({ store, tickets: liveTicketDirectory(deps.boards) }, { agencyId: row.agencyId, clientId, period, now });
  const boards = (await store.boards.listByAgency(row.agencyId)).map((b) => b.id);
  const board = await followedBoard(deps, row, boards);
  let timelineUrl: string | null = null;
  if (board !== null) {
    const issued = await issueShareLink(store, { agencyId: row.agencyId, boardId: board, clientId, scope: 'view', createdBy: null, origin: 'email' }, now);
    timelineUrl = reportPageUrl(shareLinkUrl(deps.publicUrl, issued.token), period);
  }
  const recipient = await store.mail.recipient(row.agencyId, row.to, now);
  const unsubscribeUrl = `${deps.publicUrl}/unsubscribe/${recipient.unsubscribeToken}`;
  const rendered = renderClientReportMail({ locale: row.locale, report, timeZone: await reportTimeZone(store, row.agencyId), timelineUrl, unsubscribeUrl });
  return {
    mail: {
      from: deps.mailFrom,
      to: row.to,
      replyTo: null,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId,
      inReplyTo: null,
      references: [],
      headers: {
        'List-Unsubscribe': `<${unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'Auto-Submitted': 'auto-generated',
        'X-Auto-Response-Suppress': 'All',
      },
    },
  };
}
