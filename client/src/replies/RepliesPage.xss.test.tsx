/**
 * The XSS corpus (`@fluxo/shared/testing/xssCorpus`) on the `/respostas` page: every payload
 * that fits a title (120 characters) as a canned reply's title and as the name of the client it
 * is kept for (the table and the client selects). The page is rendered with marker texts, then
 * with the payloads, and held to the plain-text checker (`@fluxo/shared/testing/inertText`):
 * no element, attribute, handler or script link the markers did not produce, and every title
 * and name shown verbatim.
 */
import { MAX_REPLY_TITLE } from '@fluxo/shared/replies/cannedReply';
import { type SurfaceShape, inertTextViolations, surfaceShape } from '@fluxo/shared/testing/inertText';
import { payloadsFitting } from '@fluxo/shared/testing/xssCorpus';
import { cleanup, screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../test/renderApp';

const dora = { id: 'DoraDiretora0001', name: 'Dora', email: 'dora@demo.fluxo', role: 'admin', locale: null };
const MARKER = 'marcador';
const LOADING = { timeout: 10_000 };
const PAYLOADS = payloadsFitting(MAX_REPLY_TITLE);
const clientId = (i: number) => `Client${String(i).padStart(10, '0')}`;
const replyId = (i: number) => `Reply${String(i).padStart(11, '0')}`;

async function openPage(texts: readonly string[]) {
  renderApp({
    path: '/respostas',
    handlers: {
      'auth.me': () => dora,
      'boards.list': () => [],
      'notifications.list': () => ({ items: [], unreadCount: 0, hasMore: false, cursor: '0' }),
      'replies.list': () =>
        texts.map((text, i) => ({ id: replyId(i), title: text, body: 'Oi', tone: 'support', clientId: clientId(i), archived: i % 2 === 0 })),
      'replies.clients': () => texts.map((text, i) => ({ id: clientId(i), name: text })),
      'replies.signatures': () => ({ rules: { support: '', praise: '', experts: [] }, custom: true }),
    },
  });
  const table = await screen.findByRole('table', {}, LOADING);
  await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(texts.length + 1), LOADING);
  // The client selects are filled once the clients arrive.
  await waitFor(() => expect(screen.getByLabelText('Cliente').querySelectorAll('option')).toHaveLength(texts.length + 1), LOADING);
  return table;
}

describe('/respostas: the XSS corpus in reply titles and client names', () => {
  it('shows every payload as text, and nothing of them as markup', async () => {
    await openPage(PAYLOADS.map(() => MARKER));
    const baseline: SurfaceShape = surfaceShape(document.body);
    cleanup();

    const table = await openPage(PAYLOADS);
    expect(inertTextViolations(baseline, document.body, { expectTexts: PAYLOADS })).toEqual([]);
    const rows = within(table).getAllByRole('row').slice(1);
    PAYLOADS.forEach((payload, i) => {
      const cells = rows[i]?.querySelectorAll('td');
      expect(cells?.[0]?.firstChild?.textContent, JSON.stringify(payload)).toBe(payload);
      expect(cells?.[2]?.textContent, JSON.stringify(payload)).toBe(payload);
    });
    expect([...screen.getByLabelText('Cliente').querySelectorAll('option')].slice(1).map((o) => o.textContent)).toEqual([...PAYLOADS]);
  }, 60_000);
});
