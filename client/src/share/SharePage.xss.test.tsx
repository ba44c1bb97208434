/**
 * The XSS corpus (`@fluxo/shared/testing/xssCorpus`) on the client's share page: every payload
 * as a ticket's title and summary, a comment's author and body, an approval's every text, and — one after the other, live —
 * the agency's and the client's name. Held to the plain-text checker
 * (`@fluxo/shared/testing/inertText`) against the same page with marker texts: no element,
 * attribute, handler or script link the markers did not produce; comment bodies (the page's
 * only markup, `renderCommentHtml`) may hold only the renderer's allow-list; every title,
 * summary and name shown verbatim.
 */
import type { CommentId } from '@fluxo/shared/conversation/comment';
import type { ShareApproval } from '@fluxo/shared/approvals/approval';
import type { ShareTicket, ShareTimeline } from '@fluxo/shared/share/timeline';
import { COMMENT_BODY_MARKUP, inertTextViolations, surfaceShape } from '@fluxo/shared/testing/inertText';
import { XSS_PAYLOADS } from '@fluxo/shared/testing/xssCorpus';
import { render, screen, waitFor } from '@solidjs/testing-library';
import { describe, expect, it, vi } from 'vitest';
import { I18nContext, createI18n } from '../i18n/locale';
import { type FakeSubscription, createFakeServer } from '../test/fakeServer';
import SharePage from './SharePage';

const TOKEN = 'T'.repeat(43);
const MARKER = 'marcador';
const LOADING = { timeout: 5_000 };

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** One ticket per text: `texts[i]` as its title, summary, comment author (agency and client; names are at most 200 characters) and body. */
function timeline(texts: readonly string[], names: string): ShareTimeline {
  const tickets: ShareTicket[] = texts.map((text, i) => ({
    id: `Ticket${pad(i, 10)}` as ShareTicket['id'],
    number: i + 1,
    title: text,
    summary: text,
    stage: 'delivery',
    status: 'waiting_client',
    openedAt: '2025-03-01T10:00:00.000Z',
    dueDate: '2025-03-20',
    deliveredAt: '2025-03-10T10:00:00.000Z',
    closedAt: null,
    steps: [{ kind: 'opened', at: '2025-03-01T10:00:00.000Z', stage: 'triage' }],
    comments: [
      { id: `CommentA${pad(i, 8)}` as CommentId, parentId: null, author: { kind: 'agency', name: text.slice(0, 200) }, body: text, createdAt: '2025-03-10T10:05:00.000Z', editedAt: null },
      { id: `CommentC${pad(i, 8)}` as CommentId, parentId: null, author: { kind: 'client', name: text.slice(0, 200) }, body: `**${text}**`, createdAt: '2025-03-10T10:06:00.000Z', editedAt: null },
    ],
    approvals: [
      {
        id: `ApprovalT${pad(i, 7)}` as ShareApproval['id'],
        milestoneName: text,
        title: text,
        note: text,
        deliverable: { type: 'text', text },
        version: 2,
        contentHash: 'a'.repeat(64),
        requestedBy: text.slice(0, 200),
        requestedAt: '2025-03-10T10:07:00.000Z',
        status: 'changes_requested',
        decision: { outcome: 'changes_requested', at: '2025-03-10T11:00:00.000Z', by: text.slice(0, 200), note: text },
      },
      {
        id: `ApprovalL${pad(i, 7)}` as ShareApproval['id'],
        milestoneName: null,
        title: text,
        note: '',
        deliverable: { type: 'link', url: `https://arte.example/?q=${encodeURIComponent(text.slice(0, 300))}` },
        version: 1,
        contentHash: 'b'.repeat(64),
        requestedBy: null,
        requestedAt: '2025-03-10T10:06:30.000Z',
        status: 'pending',
        decision: null,
      },
      {
        id: `ApprovalF${pad(i, 7)}` as ShareApproval['id'],
        milestoneName: null,
        title: text,
        note: '',
        deliverable: { type: 'file', name: text, size: 1234 },
        version: 1,
        contentHash: 'c'.repeat(64),
        requestedBy: null,
        requestedAt: '2025-03-10T10:06:00.000Z',
        status: 'approved',
        decision: { outcome: 'approved', at: '2025-03-10T11:00:00.000Z', by: null, note: '' },
      },
    ],
  }));
  return {
    agencyName: names,
    client: { id: 'ClientPadaria001', name: names } as ShareTimeline['client'],
    scope: 'respond',
    expiresAt: '2099-01-01T00:00:00.000Z',
    tickets,
  } as ShareTimeline;
}

async function openShare(first: ShareTimeline): Promise<FakeSubscription> {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['pt-BR']);
  const server = createFakeServer({});
  render(() => (
    <I18nContext.Provider value={createI18n()}>
      <SharePage client={server.client} token={TOKEN} />
    </I18nContext.Provider>
  ));
  await waitFor(() => expect(server.subscriptionsTo('share.watch')).toHaveLength(1), LOADING);
  const stream = server.subscriptionsTo('share.watch')[0] as FakeSubscription;
  stream.push(first);
  await waitFor(() => expect(document.querySelectorAll('article.share-ticket')).toHaveLength(first.tickets.length), LOADING);
  return stream;
}

describe('SharePage: the XSS corpus in every field people write', () => {
  it('shows titles, summaries, names and messages as text, and nothing of them as markup', async () => {
    const stream = await openShare(timeline(XSS_PAYLOADS.map(() => MARKER), MARKER));
    const baseline = surfaceShape(document.body);
    // The same tickets, now with what people wrote: the page updates them live.
    stream.push(timeline(XSS_PAYLOADS, MARKER));
    await waitFor(() => expect(document.querySelector('article.share-ticket h2')?.textContent).toBe(XSS_PAYLOADS[0]), LOADING);
    const found = inertTextViolations(baseline, document.body, { richText: COMMENT_BODY_MARKUP });
    expect(found).toEqual([]);
    const articles = [...document.querySelectorAll('article.share-ticket')];
    XSS_PAYLOADS.forEach((payload, i) => {
      const article = articles[i] as HTMLElement;
      const shown = JSON.stringify(payload);
      expect(article.querySelector('h2')?.textContent, shown).toBe(payload);
      expect(article.querySelector('.share-ticket__summary')?.textContent, shown).toBe(payload);
      const authors = [...article.querySelectorAll('.share-comment__meta strong')].map((name) => name.textContent);
      expect(authors, shown).toEqual([payload.slice(0, 200), payload.slice(0, 200)]);
      // Each comment body is the renderer's markup only (the allow-list, checked above).
      expect(article.querySelectorAll('.comment-body')).toHaveLength(2);
      // Approvals: what was sent, its milestone, the note, the sender and the decision, as text.
      const approvals = [...article.querySelectorAll('article.share-approval')];
      expect(approvals.map((a) => a.querySelector('h4')?.textContent), shown).toEqual([`${payload} — ${payload}`, payload, payload]);
      expect(article.querySelector('.share-approval__note')?.textContent, shown).toBe(payload);
      expect(article.querySelector('.share-approval__text')?.textContent, shown).toBe(payload);
      expect(article.querySelector('.share-approval__decision-note')?.textContent, shown).toBe(payload);
      expect(article.querySelector('.share-approval__url')?.textContent, shown).toBe(`https://arte.example/?q=${encodeURIComponent(payload.slice(0, 300))}`);
    });
    // "Sua vez" links to each ticket by its title.
    const turn = screen.getByRole('region', { name: 'Sua vez: a agência aguarda você' });
    expect([...turn.querySelectorAll('a')].map((a) => a.textContent)).toEqual([...XSS_PAYLOADS]);
    // Besides anchors and the page's own report link (`?relatorio=1`, issue 8), only plain web and mail links.
    expect(
      [...document.querySelectorAll('a')]
        .map((a) => a.getAttribute('href') ?? '')
        .filter((href) => href !== '?relatorio=1' && !/^(#|https?:|mailto:|\/share\/)/i.test(href)),
    ).toEqual([]);

    expect((window as unknown as { __xss?: unknown }).__xss).toBeUndefined();
  }, 30_000);

  it('shows the agency’s and the client’s names as text, live, one payload after another', async () => {
    const page = timeline([MARKER], MARKER);
    const stream = await openShare(page);
    const baseline = surfaceShape(document.body);
    const baselineHead = surfaceShape(document.head);
    for (const payload of XSS_PAYLOADS) {
      stream.push({ ...page, agencyName: payload, client: { ...page.client, name: payload } });
      const shown = JSON.stringify(payload);
      await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent, shown).toBe(`Acompanhamento de ${payload}`), { interval: 1, timeout: 2_000 });
      // `document.title` reads the title with its whitespace stripped and collapsed (HTML §3.1.3).
      expect(document.title, shown).toBe(`Acompanhamento — ${payload.replace(/[\t\n\f\r ]+/g, ' ').replace(/^ | $/g, '')}`);
      expect(inertTextViolations(baseline, document.body, { richText: COMMENT_BODY_MARKUP, expectTexts: [`por ${payload}`] }), shown).toEqual([]);
      expect(inertTextViolations(baselineHead, document.head), shown).toEqual([]);
    }
    expect((window as unknown as { __xss?: unknown }).__xss).toBeUndefined();
  }, 30_000);
});
