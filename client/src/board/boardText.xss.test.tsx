/**
 * The XSS corpus (`@fluxo/shared/testing/xssCorpus`) on the live board: every payload that fits
 * a title (200 characters) as a card's title, its client's name and its assignee's name (card
 * avatars, the filters' options), a sample as colleagues' presence names (the presence bar and
 * the cards they look at), and one as the board's name. The page is rendered twice, with marker
 * texts and with the payloads, and held to the plain-text checker
 * (`@fluxo/shared/testing/inertText`): no element, attribute, handler or script link the
 * markers did not produce, and every title and name shown verbatim.
 *
 * Cards are spread over the five columns at most `VIRTUALIZE_ABOVE` per column, so jsdom
 * (which has no layout) renders every one of them.
 */
import { TITLE_MAX_LENGTH, createTicket, readTicket } from '@fluxo/shared/board/index';
import { STAGES } from '@fluxo/shared/flow/stages';
import type { BoardId, ClientId, TicketId, UserId } from '@fluxo/shared/ids';
import { serverOrigin } from '@fluxo/shared/origin';
import { PRESENCE_NAME_MAX_LENGTH } from '@fluxo/shared/sync/presence';
import { type SurfaceShape, inertTextViolations, surfaceShape } from '@fluxo/shared/testing/inertText';
import { payloadsFitting } from '@fluxo/shared/testing/xssCorpus';
import { cleanup, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardSession } from './boardSession';
import { VIRTUALIZE_ABOVE } from './ColumnCards';
import { createLocalServer } from './testing/localServer';
import { colleagueSession, renderBoard } from './testing/renderBoard';

const BOARD = 'BoardXss00000001' as BoardId;
const ANA = { id: 'AnaAtendimento01' as UserId, name: 'Ana Souza', email: 'ana@demo.fluxo', role: 'atendimento', locale: null };
const MARKER = 'marcador';
const LOADING = { timeout: 5_000 };
const PAYLOADS = payloadsFitting(TITLE_MAX_LENGTH);
/** Colleagues on the board, each named by a payload (presence names are at most 120 characters). */
const PRESENT = payloadsFitting(PRESENCE_NAME_MAX_LENGTH).filter((_, i) => i % 16 === 0);
const BOARD_NAME = '<img src=x onerror=alert(1)><script>window.__xss=1</script>';

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const ticketId = (i: number) => `Ticket${pad(i, 10)}` as TicketId;
const clientId = (i: number) => `Client${pad(i, 10)}` as ClientId;
const userId = (i: number) => `Person${pad(i, 10)}` as UserId;
const colleagueId = (i: number) => `Colleague${pad(i, 7)}` as UserId;

const colleagues: BoardSession[] = [];
afterEach(async () => {
  await Promise.all(colleagues.splice(0).map((s) => s.destroy()));
});

/**
 * The board with `texts[i]` as ticket i's title, its client's name and its assignee's name, and
 * `present[j]` as the name of a colleague looking at ticket j.
 */
async function openBoard(texts: readonly string[], present: readonly string[], boardName: string) {
  const sync = createLocalServer();
  const seed = serverOrigin('seed');
  const perColumn = Math.ceil(texts.length / STAGES.length);
  expect(perColumn).toBeLessThanOrEqual(VIRTUALIZE_ABOVE);
  texts.forEach((text, i) => {
    createTicket(
      sync.doc,
      { id: ticketId(i), title: text, channel: 'email', clientId: clientId(i), assignees: [userId(i)], stage: STAGES[Math.floor(i / perColumn)] },
      seed,
    );
  });
  const summary = {
    id: BOARD,
    name: boardName,
    members: [{ id: ANA.id, name: ANA.name, role: 'atendimento' }, ...texts.map((text, i) => ({ id: userId(i), name: text, role: 'producao' }))],
    clients: texts.map((text, i) => ({ id: clientId(i), name: text })),
    wipLimits: {},
  };
  renderBoard({
    path: `/boards/${BOARD}`,
    handlers: { 'auth.me': () => ANA, 'boards.get': () => summary, 'tickets.attention': () => [], 'tickets.history': () => [] },
    sync,
  });
  await screen.findByRole('heading', { level: 1 }, LOADING);
  await waitFor(() => expect(document.querySelectorAll('article.ticket-card')).toHaveLength(texts.length), LOADING);
  for (const [j, name] of present.entries()) {
    const colleague = colleagueSession(sync, BOARD, { id: colleagueId(j), name });
    colleagues.push(colleague);
    colleague.presence.setViewing(ticketId(j));
  }
  await waitFor(() => expect(document.querySelectorAll('.ticket-card__presence .avatar')).toHaveLength(present.length), LOADING);
  return sync;
}

describe('the board: the XSS corpus in titles, client, staff and presence names', () => {
  it('shows every payload as text on the cards, the filters and the presence bar, and nothing of them as markup', async () => {
    await openBoard(
      PAYLOADS.map(() => MARKER),
      PRESENT.map(() => MARKER),
      MARKER,
    );
    const baseline: SurfaceShape = surfaceShape(document.body);
    await Promise.all(colleagues.splice(0).map((s) => s.destroy()));
    cleanup();

    const sync = await openBoard(PAYLOADS, PRESENT, BOARD_NAME);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(BOARD_NAME);
    expect(inertTextViolations(baseline, document.body)).toEqual([]);

    const cards = [...document.querySelectorAll<HTMLElement>('article.ticket-card')];
    const byId = new Map(cards.map((card) => [card.dataset.ticketId, card]));
    PAYLOADS.forEach((payload, i) => {
      const shown = JSON.stringify(payload);
      const card = byId.get(ticketId(i));
      // Titles are stored trimmed (`createTicket`); the card shows the stored title as typed.
      const title = readTicket(sync.doc, ticketId(i))?.title;
      expect(title, shown).toBe(payload.trim());
      expect(card?.getAttribute('aria-label'), shown).toBe(title);
      expect(card?.querySelector('.ticket-card__title')?.textContent, shown).toBe(title);
      expect(card?.querySelector('.ticket-card__client')?.textContent, shown).toBe(payload);
      expect(card?.querySelector('.avatar-stack .avatar')?.getAttribute('title'), shown).toBe(payload);
      expect(card?.querySelector('.avatar-stack .visually-hidden')?.textContent, shown).toBe(payload);
    });
    const presenceBar = screen.getByRole('list', { name: 'Neste quadro agora' });
    expect([...presenceBar.querySelectorAll('.visually-hidden')].map((name) => name.textContent).sort()).toEqual([...PRESENT].sort());
    PRESENT.forEach((name, j) => {
      expect(byId.get(ticketId(j))?.querySelector('.ticket-card__presence .visually-hidden')?.textContent).toBe(`${name} está vendo este ticket`);
    });
    const options = [...document.querySelectorAll('option')].map((option) => option.textContent);
    for (const payload of PAYLOADS) expect(options.filter((text) => text === payload).length, JSON.stringify(payload)).toBe(2);
    expect((window as unknown as { __xss?: unknown }).__xss).toBeUndefined();
  }, 30_000);
});
