// @vitest-environment jsdom
/**
 * The XSS corpus (`@fluxo/shared/testing/xssCorpus`) in every user-written field of every email:
 * ticket title, client name, client summary, agency name, recipient name, comment authors and
 * bodies, staff actors and excerpts — and the promised-date email (`promisedDate`) and the satisfaction survey (`satisfactionSurvey`).
 *
 * - **HTML part**: parsed by jsdom's HTML parser and held to the plain-text checker
 *   (`@fluxo/shared/testing/inertText`) against the same email rendered with marker texts: no
 *   element, attribute, handler or script URL the markers did not produce, and every payload's
 *   words shown verbatim (line by line where the template breaks lines).
 * - **Text part**: every payload verbatim, nothing escaped.
 * - **Subject**: one line (no CR, LF or Unicode line separator), and the message nodemailer builds
 *   from it (the same options `mailTransport.ts` passes) has the baseline's headers and no
 *   other, and decodes back to the same subject (postal-mime): no header injection.
 */
import { NOTIFICATION_KINDS } from '@fluxo/shared/conversation/notification';
import { LOCALES, type Locale } from '@fluxo/shared/i18n/translate';
import { type DomRoot, type SurfaceShape, inertTextViolations, parsedHtmlText, surfaceShape } from '@fluxo/shared/testing/inertText';
import { PLAIN_TEXT_PAYLOADS, XSS_PAYLOADS } from '@fluxo/shared/testing/xssCorpus';
import nodemailer from 'nodemailer';
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { type ClientTicketFacts, type MailDraft, type RenderedMail, type StaffEntry, renderMail } from './mailTemplates.js';
import type { TicketId } from '@fluxo/shared/ids';
import type { ClientReport } from '@fluxo/shared/reports/clientReport';
import { renderClientReportMail } from './clientReportMail.js';

const MARKER = 'marcador';
const AT = '2025-03-10T12:00:00.000Z';
const KINDS = ['ticketReceived', 'clientUpdate', 'staffUpdate', 'staffDigest', 'promisedDate', 'satisfactionSurvey'] as const;
type Kind = (typeof KINDS)[number];

function facts(text: string): ClientTicketFacts {
  return { number: 42, title: text, clientName: text, stage: 'analysis', status: 'waiting_client', clientSummary: text };
}

/**
 * Entries naming `text` as their actor and quoting it: of one kind, or of every kind (each kind
 * is its own sentence around the actor's name).
 */
function staffEntries(text: string, every: boolean): StaffEntry[] {
  const kinds = every ? NOTIFICATION_KINDS : (['client_replied'] as const);
  return kinds.map((notification) => ({ kind: 'notification', notification, actorName: text, actorIsClient: false, excerpt: text, at: AT }));
}

/** An email of `kind` with `text` in every field a person wrote. */
function draft(kind: Kind, text: string, locale: Locale = 'pt-BR', every = false): MailDraft {
  const base = { locale, agencyName: text, recipientName: text, unsubscribeUrl: 'https://fluxo.test/unsubscribe/abc' };
  switch (kind) {
    case 'ticketReceived':
      return { ...base, audience: 'client', kind, ticket: facts(text), timelineUrl: 'https://fluxo.test/share/tok' };
    case 'clientUpdate':
      return {
        ...base,
        audience: 'client',
        kind,
        ticket: facts(text),
        comments: [{ kind: 'clientComment', authorName: text, body: text, at: AT }],
        timelineUrl: 'https://fluxo.test/share/tok',
        replyByEmail: true,
      };
    case 'staffUpdate':
      return { ...base, audience: 'staff', kind, ticket: facts(text), entries: staffEntries(text, every), appUrl: 'https://fluxo.test/b/1' };
    case 'staffDigest':
      return { ...base, audience: 'staff', kind, sections: [{ ticket: facts(text), entries: staffEntries(text, every), appUrl: 'https://fluxo.test/b/1' }] };
    case 'promisedDate':
      // A changed date: both the new one and the one told before are in the email.
      return {
        ...base,
        audience: 'client',
        kind,
        ticket: facts(text),
        dueDate: '2025-12-12',
        previous: '2025-12-10',
        timelineUrl: 'https://fluxo.test/share/tok',
        replyByEmail: true,
      };
    case 'satisfactionSurvey':
      // Issue 8: "how did the delivery go?" with the survey's rating page.
      return { ...base, audience: 'client', kind, ticket: facts(text), surveyUrl: 'https://fluxo.test/avaliacao/tok', replyByEmail: true };
  }
}

interface MiniParser {
  parseFromString(html: string, type: 'text/html'): { readonly documentElement: DomRoot };
}

function parseHtml(html: string): DomRoot {
  const Parser = (globalThis as unknown as { DOMParser: new () => MiniParser }).DOMParser;
  return new Parser().parseFromString(html, 'text/html').documentElement;
}

/**
 * Each non-blank line of `text`: the templates break text into paragraphs and lines (`<p>`,
 * `<br>`), and put names and titles on one line.
 */
function lines(text: string): string[] {
  return text
    .split(/\r\n?|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Blanks as the templates may reflow them (one-line places collapse runs of blanks): one space. */
const blanks = (text: string): string => text.replace(/\s+/g, ' ');

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

const mailer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

/** The raw message nodemailer builds from a rendered email, with the options `smtpTransport` uses. */
async function rawMessage(mail: RenderedMail): Promise<string> {
  const info = await mailer.sendMail({
    from: 'Agência <contato@agencia.test>',
    to: 'cliente@cliente.test',
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: '<m1@fluxo.test>',
    headers: { 'List-Unsubscribe': '<https://fluxo.test/unsubscribe/abc>' },
  });
  return (info.message as Buffer).toString('utf8');
}

function headerNames(raw: string): string[] {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  return head
    .split(/\r?\n/)
    .filter((line) => /^[^\s:]+:/.test(line))
    .map((line) => line.slice(0, line.indexOf(':')).toLowerCase())
    .sort();
}

/** The HTML part of an email holding `payload` against the marker render: nothing new, every line of the payload shown. */
function htmlViolations(baseline: SurfaceShape, payload: string, mail: MailDraft): string[] {
  return inertTextViolations(baseline, parseHtml(renderMail(mail).html), { expectTexts: lines(parsedHtmlText(payload)), normalize: blanks });
}

describe('emails: the XSS corpus in every user-written field', () => {
  for (const kind of KINDS) {
    it(`${kind}: the HTML part shows every payload as text and nothing more`, () => {
      const baseline = surfaceShape(parseHtml(renderMail(draft(kind, MARKER)).html));
      for (const payload of XSS_PAYLOADS) expect(htmlViolations(baseline, payload, draft(kind, payload)), JSON.stringify(payload)).toEqual([]);
    });

    it(`${kind}: in every language and with every notification sentence, the plain-text payloads stay text`, () => {
      for (const locale of LOCALES) {
        const baseline = surfaceShape(parseHtml(renderMail(draft(kind, MARKER, locale, true)).html));
        // The long string is in the test above once per field; here it would be parsed 48 times per email.
        for (const payload of PLAIN_TEXT_PAYLOADS.filter((p) => p.length <= 200)) {
          expect(htmlViolations(baseline, payload, draft(kind, payload, locale, true)), `${locale} ${JSON.stringify(payload)}`).toEqual([]);
        }
      }
    });

    it(`${kind}: the text part holds every payload as typed`, () => {
      for (const payload of XSS_PAYLOADS) {
        // Nothing escaped or dropped: each line as typed (blanks as reflowed).
        const text = blanks(renderMail(draft(kind, payload)).text);
        for (const line of lines(payload)) expect(text, JSON.stringify(payload)).toContain(blanks(line));
      }
    });
  }

  it('keeps every subject on one line, and nodemailer builds the baseline headers from it and nothing else', async () => {
    const baselineHeaders = headerNames(await rawMessage(renderMail(draft('clientUpdate', MARKER))));
    expect(baselineHeaders).toContain('subject');
    for (const payload of XSS_PAYLOADS) {
      const mail = renderMail(draft('clientUpdate', payload));
      expect(mail.subject, JSON.stringify(payload)).not.toMatch(/[\r\n\u2028\u2029]/);
      for (const word of words(payload)) expect(mail.subject.length === 250 || mail.subject.includes(word), JSON.stringify(payload)).toBe(true);
      const raw = await rawMessage(mail);
      expect(headerNames(raw), JSON.stringify(payload)).toEqual(baselineHeaders);
      const parsed = await PostalMime.parse(raw);
      expect(parsed.subject).toBe(mail.subject);
      expect(parsed.to?.map((to) => to.address)).toEqual(['cliente@cliente.test']);
      expect(parsed.bcc).toBeUndefined();
    }
  });

  it('keeps the promised-date subjects (set, changed, removed) on one line, with the baseline headers only', async () => {
    const promised = (text: string, dueDate: string | null, previous: string | null): MailDraft => ({
      ...(draft('promisedDate', text) as Extract<MailDraft, { kind: 'promisedDate' }>),
      dueDate,
      previous,
    });
    const baselineHeaders = headerNames(await rawMessage(renderMail(promised(MARKER, '2025-12-05', null))));
    for (const [dueDate, previous] of [['2025-12-05', null], ['2025-12-12', '2025-12-05'], [null, '2025-12-05']] as const) {
      for (const payload of XSS_PAYLOADS) {
        const mail = renderMail(promised(payload, dueDate, previous));
        expect(mail.subject, JSON.stringify(payload)).not.toMatch(/[\r\n\u2028\u2029]/);
        for (const word of words(payload)) expect(mail.subject.length === 250 || mail.subject.includes(word), JSON.stringify(payload)).toBe(true);
        const raw = await rawMessage(mail);
        expect(headerNames(raw), JSON.stringify(payload)).toEqual(baselineHeaders);
        expect((await PostalMime.parse(raw)).subject).toBe(mail.subject);
      }
    }
  });

  it('the checker sees a template that would pass a payload through unescaped', () => {
    const baseline = surfaceShape(parseHtml(renderMail(draft('clientUpdate', MARKER)).html));
    const payload = '<img src=x onerror=alert(1)>';
    const unescaped = renderMail(draft('clientUpdate', MARKER)).html.replace(/marcador/g, payload);
    expect(inertTextViolations(baseline, parseHtml(unescaped), { expectTexts: [payload] })).not.toEqual([]);
  });
});

// Issue 8: the client's report of work done (`clientReportMail.ts`), with the payload in every
// field that comes from people: agency and client names, ticket titles, approval titles and
// milestone names.
describe('client report email: the XSS corpus in every user-written field', () => {
  const report = (text: string): ClientReport => ({
    agencyName: text,
    client: { id: 'ClientPadaria001' as ClientReport['client']['id'], name: text },
    period: { from: '2025-05-05', to: '2025-05-12' },
    today: '2025-05-14',
    timeZone: 'America/Sao_Paulo',
    generatedAt: '2025-05-14T12:00:00.000Z',
    delivered: [{ ticketId: 'TicketDelivered1' as TicketId, number: 1, title: text, deliveredAt: '2025-05-09T12:00:00.000Z' }],
    inProgress: [{ ticketId: 'TicketInProgres1' as TicketId, number: 2, title: text, stage: 'production', status: 'open', dueDate: '2025-05-13', overdue: true }],
    waitingOnClient: [{ ticketId: 'TicketWaiting001' as TicketId, number: null, title: text, since: '2025-05-08T12:00:00.000Z' }],
    pendingApprovals: [
      { approvalId: 'ApprovalPending1' as ClientReport['pendingApprovals'][number]['approvalId'], ticketId: 'TicketWaiting001' as TicketId, number: 3, ticketTitle: text, title: text, milestoneName: text, version: 2, requestedAt: '2025-05-07T12:00:00.000Z' },
    ],
  });
  const render = (text: string, locale: Locale = 'pt-BR') =>
    renderClientReportMail({ locale, report: report(text), timeZone: 'America/Sao_Paulo', timelineUrl: 'https://fluxo.test/share/tok?relatorio=1', unsubscribeUrl: 'https://fluxo.test/unsubscribe/abc' });

  it('the HTML part shows every payload as text and nothing more, in every language', () => {
    for (const locale of LOCALES) {
      const baseline = surfaceShape(parseHtml(render(MARKER, locale).html));
      for (const payload of locale === 'pt-BR' ? XSS_PAYLOADS : PLAIN_TEXT_PAYLOADS.filter((p) => p.length <= 200)) {
        const violations = inertTextViolations(baseline, parseHtml(render(payload, locale).html), { expectTexts: lines(parsedHtmlText(payload)), normalize: blanks });
        expect(violations, `${locale} ${JSON.stringify(payload)}`).toEqual([]);
      }
    }
  });

  it('the text part holds every payload (blanks as reflowed), and the subject stays one header line', async () => {
    const baselineHeaders = headerNames(await rawMessage(render(MARKER)));
    for (const payload of XSS_PAYLOADS) {
      const mail = render(payload);
      const text = blanks(mail.text);
      for (const line of lines(payload)) expect(text, JSON.stringify(payload)).toContain(blanks(line));
      expect(mail.subject, JSON.stringify(payload)).not.toMatch(/[\r\n\u2028\u2029]/);
      const raw = await rawMessage(mail);
      expect(headerNames(raw), JSON.stringify(payload)).toEqual(baselineHeaders);
      expect((await PostalMime.parse(raw)).subject).toBe(mail.subject);
    }
  });

  it('the checker sees a report template that would pass a payload through unescaped', () => {
    const baseline = surfaceShape(parseHtml(render(MARKER).html));
    const payload = '<img src=x onerror=alert(1)>';
    const unescaped = render(MARKER).html.replace(/marcador/g, payload);
    expect(inertTextViolations(baseline, parseHtml(unescaped), { expectTexts: [payload] })).not.toEqual([]);
  });
});
