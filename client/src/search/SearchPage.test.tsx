import { screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { type SearchHit, type SearchPage, markedRuns } from '../data/search';
import { renderApp } from '../test/renderApp';

const ana = { id: 'AnaAtendimento01', name: 'Ana', email: 'ana@demo.fluxo', role: 'atendimento', locale: null };
const BOARD = 'BoardFluxoDemo01';
const emptyCentre = () => ({ items: [], unreadCount: 0, hasMore: false, cursor: '0' });
const PAYLOAD = '<img src=x onerror="window.__pwned=1">';

function hit(fields: Partial<SearchHit>): SearchHit {
  return {
    type: 'ticket',
    boardId: BOARD,
    ticketId: 'TicketLanding001',
    ticketNumber: 12,
    commentId: null,
    documentId: null,
    title: { text: 'Landing page de verão', marks: [{ start: 0, end: 7 }] },
    snippet: { text: '', marks: [] },
    score: 3.2,
    archived: false,
    at: '2025-03-01T12:00:00.000Z',
    ...fields,
  } as SearchHit;
}

function searchServer(pages: Record<string, SearchPage>) {
  return {
    'auth.me': () => ana,
    'boards.list': () => [],
    'notifications.list': emptyCentre,
    'search.query': (raw: unknown) => {
      const input = raw as { q: string; cursor?: string };
      return pages[`${input.q}|${input.cursor ?? ''}`] ?? { hits: [], nextCursor: null, total: 0 };
    },
  };
}

describe('search', () => {
  it('searches from the header box and links each result to its ticket drawer, matches in <mark>', async () => {
    const view = renderApp({
      path: '/boards',
      handlers: searchServer({
        'landing|': {
          hits: [
            hit({}),
            hit({
              type: 'comment',
              ticketId: 'TicketBanner0001' as SearchHit['ticketId'],
              ticketNumber: 7,
              commentId: 'CommentLanding01' as SearchHit['commentId'],
              title: { text: 'Banner da campanha', marks: [] },
              snippet: { text: 'Falta a landing com o formulário', marks: [{ start: 8, end: 15 }] },
            }),
          ],
          nextCursor: 'o2',
          total: 3,
        },
        'landing|o2': { hits: [hit({ ticketId: 'TicketLanding002' as SearchHit['ticketId'], title: { text: 'Landing antiga', marks: [{ start: 0, end: 7 }] } })], nextCursor: null, total: 3 },
      }),
    });
    const box = await screen.findByRole('searchbox', { name: 'Buscar tickets, comentários e documentos' });
    await view.user.type(box, 'landing{Enter}');
    expect(await screen.findByRole('heading', { name: 'Busca: “landing”', level: 1 })).toBeInTheDocument();
    const results = await screen.findByRole('list');
    const items = within(results).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(within(items[0] as HTMLElement).getByRole('link', { name: 'Landing page de verão' })).toHaveAttribute('href', `/boards/${BOARD}?ticket=TicketLanding001`);
    expect([...(items[0] as HTMLElement).querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['Landing']);
    expect(items[1]).toHaveTextContent('Comentário #7');
    expect([...(items[1] as HTMLElement).querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['landing']);
    expect(screen.getByText('3 resultados')).toBeInTheDocument();

    await view.user.click(screen.getByRole('link', { name: 'Próxima página →' }));
    expect(await screen.findByRole('link', { name: 'Landing antiga' })).toBeInTheDocument();
    expect(view.server.callsTo('search.query').at(-1)?.input).toEqual({ q: 'landing', archived: false, cursor: 'o2' });
  });

  it('shows hostile text as text, marks included', async () => {
    const view = renderApp({
      path: `/busca?q=${encodeURIComponent('onerror')}`,
      handlers: searchServer({
        'onerror|': {
          hits: [hit({ title: { text: PAYLOAD, marks: [{ start: 11, end: 18 }] }, snippet: { text: `x ${PAYLOAD} y`, marks: [{ start: 0, end: 200 }] } })],
          nextCursor: null,
          total: 1,
        },
      }),
    });
    const link = await screen.findByRole('link', { name: PAYLOAD });
    expect(link.querySelector('img')).toBeNull();
    expect(view.container.querySelector('img[src="x"]')).toBeNull();
    expect(link.querySelector('mark')?.textContent).toBe('onerror');
    await waitFor(() => expect(screen.getByText((_, el) => el?.tagName === 'MARK' && el.textContent === `x ${PAYLOAD} y`)).toBeInTheDocument());
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('cuts text into runs even when ranges overlap or overrun', () => {
    expect(markedRuns({ text: 'abcdef', marks: [{ start: 1, end: 3 }, { start: 2, end: 4 }, { start: 5, end: 99 }] })).toEqual([
      { text: 'a', marked: false },
      { text: 'bc', marked: true },
      { text: 'd', marked: true },
      { text: 'e', marked: false },
      { text: 'f', marked: true },
    ]);
  });
});
