import { createTicket, readTicket } from '@fluxo/shared/board/index';
import type { BoardId, TicketId, UserId } from '@fluxo/shared/ids';
import { serverOrigin } from '@fluxo/shared/origin';
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLocalServer, type LocalServer } from './testing/localServer';
import { renderBoard } from './testing/renderBoard';

const BOARD = 'BoardDrag0000001' as BoardId;
const ANA_ID = 'AnaAtendimento01' as UserId;
const T = {
  one: 'TicketDragOne001' as TicketId,
  two: 'TicketDragTwo001' as TicketId,
  three: 'TicketDragThree1' as TicketId,
  shipped: 'TicketDragShip01' as TicketId,
};
const ana = { id: ANA_ID, name: 'Ana Souza', email: 'ana@demo.fluxo', role: 'atendimento', locale: null };
const summary = { id: BOARD, name: 'Quadro de arrastar', members: [{ id: ANA_ID, name: 'Ana Souza', role: 'atendimento' }], clients: [] };

/** Production holds two tickets, delivery one; triage one. */
function seeded(): LocalServer {
  const sync = createLocalServer();
  const seed = serverOrigin('seed');
  createTicket(sync.doc, { id: T.shipped, title: 'Entrega pronta', channel: 'email', stage: 'delivery' }, seed);
  createTicket(sync.doc, { id: T.one, title: 'Primeiro cartaz', channel: 'email', stage: 'production' }, seed);
  createTicket(sync.doc, { id: T.two, title: 'Segundo cartaz', channel: 'email', stage: 'production' }, seed);
  createTicket(sync.doc, { id: T.three, title: 'Pedido novo', channel: 'email' }, seed);
  return sync;
}

async function openBoard() {
  const view = renderBoard({
    path: `/boards/${BOARD}`,
    handlers: {
      'auth.me': () => ana,
      'boards.get': () => summary,
      'tickets.attention': () => [],
      'tickets.history': () => [],
    },
    sync: seeded(),
    languages: ['pt-BR'],
  });
  await screen.findByRole('heading', { level: 1, name: 'Quadro de arrastar' }, { timeout: 5_000 });
  await screen.findByRole('article', { name: 'Segundo cartaz' }, { timeout: 5_000 });
  return view;
}

const region = (name: string) => screen.getByRole('region', { name });
const card = (name: string) => screen.getByRole('article', { name });
const polite = () => document.querySelector('[aria-live="polite"]')?.textContent ?? '';

// jsdom lays nothing out and has no scrollIntoView: the keyboard drag's reveal is recorded.
const reveal = vi.fn<(this: Element) => void>();
beforeEach(() => {
  Element.prototype.scrollIntoView = reveal;
});

afterEach(() => {
  vi.restoreAllMocks();
  reveal.mockReset();
  Reflect.deleteProperty(Element.prototype, 'scrollIntoView');
  document.querySelector('.board-drag-layer')?.remove();
});

describe('keyboard drag', () => {
  it('picks a card up with Space, moves the spot with the arrows and drops with Space; the focus follows', async () => {
    const { sync } = await openBoard();
    const moving = card('Primeiro cartaz');
    moving.focus();
    fireEvent.keyDown(moving, { key: ' ', code: 'Space' });
    await waitFor(() => expect(polite()).toBe('“Primeiro cartaz” pego. Use as setas para escolher o lugar.'));
    expect(moving).toHaveClass('ticket-card--drag-source');

    fireEvent.keyDown(moving, { key: 'ArrowRight' });
    await waitFor(() => expect(polite()).toBe('Sobre “Entrega pronta”, em Entrega.'));
    expect(card('Entrega pronta')).toHaveAttribute('data-drop-hint', 'above');
    expect(region('Entrega')).toHaveAttribute('data-drop', 'allowed');
    expect(reveal.mock.contexts.at(-1)).toBe(card('Entrega pronta'));

    // Enter drops too; the card's own Enter (open the drawer) must not see it.
    fireEvent.keyDown(moving, { key: 'Enter' });
    expect(readTicket(sync.doc, T.one)?.stage).toBe('delivery');
    await waitFor(() =>
      expect(within(region('Entrega')).getAllByRole('article').map((a) => a.getAttribute('aria-label'))).toEqual([
        'Primeiro cartaz',
        'Entrega pronta',
      ]),
    );
    await waitFor(() => expect(within(region('Entrega')).getByRole('article', { name: 'Primeiro cartaz' })).toHaveFocus());
    expect(region('Entrega')).not.toHaveAttribute('data-drop');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('moves within a column, below the card when moving down', async () => {
    const { sync } = await openBoard();
    const moving = card('Primeiro cartaz');
    moving.focus();
    fireEvent.keyDown(moving, { key: ' ' });
    fireEvent.keyDown(moving, { key: 'ArrowDown' });
    await waitFor(() => expect(polite()).toBe('Sobre “Segundo cartaz”, em Produção.'));
    expect(card('Segundo cartaz')).toHaveAttribute('data-drop-hint', 'below');
    fireEvent.keyDown(moving, { key: ' ' });
    await waitFor(() =>
      expect(within(region('Produção')).getAllByRole('article').map((a) => a.getAttribute('aria-label'))).toEqual([
        'Segundo cartaz',
        'Primeiro cartaz',
      ]),
    );
    expect(readTicket(sync.doc, T.one)?.stage).toBe('production');
  });

  it('cancels with Escape and refuses a skipped stage with the reason, the card staying put', async () => {
    const { sync } = await openBoard();
    const moving = card('Pedido novo');
    moving.focus();
    fireEvent.keyDown(moving, { key: ' ' });
    fireEvent.keyDown(moving, { key: 'ArrowRight' });
    await waitFor(() => expect(polite()).toBe('Sobre a etapa Análise.'));
    fireEvent.keyDown(moving, { key: 'Escape' });
    await waitFor(() => expect(polite()).toBe('Movimento cancelado; “Pedido novo” ficou onde estava.'));
    expect(readTicket(sync.doc, T.three)?.stage).toBe('triage');
    expect(moving).not.toHaveClass('ticket-card--drag-source');

    fireEvent.keyDown(moving, { key: ' ' });
    for (let i = 0; i < 3; i++) fireEvent.keyDown(moving, { key: 'ArrowRight' });
    await waitFor(() => expect(polite()).toBe('Sobre “Primeiro cartaz”, em Produção.'));
    expect(region('Produção')).toHaveAttribute('data-drop', 'refused');
    fireEvent.keyDown(moving, { key: ' ' });
    expect(screen.getByRole('alert')).toHaveTextContent('Avance uma etapa por vez: Triagem → Produção pula etapas.');
    expect(readTicket(sync.doc, T.three)?.stage).toBe('triage');
    await waitFor(() => expect(card('Pedido novo')).toHaveFocus());
  });
});

describe('pointer drag', () => {
  /** Lays the board out as a browser would: columns 300 px wide, cards 100 px tall in a list from y 100. */
  function layOut(): void {
    const stages = ['triage', 'analysis', 'planning', 'production', 'delivery'];
    const rect = (left: number, top: number, width: number, height: number) =>
      ({ left, top, width, height, right: left + width, bottom: top + height, x: left, y: top, toJSON: () => ({}) }) as DOMRect;
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
      const section = this.closest<HTMLElement>('section[data-stage]');
      if (section === null) return rect(0, 0, 0, 0);
      const left = stages.indexOf(section.dataset.stage ?? '') * 300;
      if (this === section) return rect(left, 0, 290, 1000);
      if (this.classList.contains('card-list-scroller')) return rect(left, 100, 290, 800);
      const article = this.closest('article');
      if (article === null) return rect(left, 0, 290, 20);
      const index = [...section.querySelectorAll('article')].indexOf(article);
      return rect(left, 110 + index * 110, 290, 100);
    });
  }

  const press = (element: Element, x: number, y: number) =>
    fireEvent.pointerDown(element, { clientX: x, clientY: y, button: 0, isPrimary: true, pointerId: 1, pointerType: 'mouse' });
  const move = (x: number, y: number) => fireEvent.pointerMove(window, { clientX: x, clientY: y, pointerId: 1, pointerType: 'mouse' });
  const release = (x: number, y: number) => fireEvent.pointerUp(window, { clientX: x, clientY: y, pointerId: 1, pointerType: 'mouse' });

  it('hands a ticket over from Produção to Entrega: ghost, landing line, verdict, move', async () => {
    const { sync } = await openBoard();
    layOut();
    const title = within(card('Segundo cartaz')).getByText('Segundo cartaz');
    press(title, 1000, 280);
    move(1002, 281);
    expect(document.querySelector('.board-drag-layer')).toBeNull();
    move(1012, 286);
    const ghost = document.querySelector<HTMLElement>('.board-drag-layer .board-drag-ghost');
    expect(ghost).not.toBeNull();
    expect(ghost?.closest('.board-drag-layer')).toHaveAttribute('aria-hidden', 'true');
    expect(ghost).not.toHaveAttribute('data-ticket-id');
    expect(ghost?.style.transform).toBe('translate3d(12px, 6px, 0)');
    await waitFor(() => expect(card('Segundo cartaz')).toHaveClass('ticket-card--drag-source'));

    // Over the upper half of the card in Entrega: the line above it, the column allowed.
    move(1300, 130);
    expect(ghost?.style.transform).toBe('translate3d(300px, -150px, 0)');
    expect(card('Entrega pronta')).toHaveAttribute('data-drop-hint', 'above');
    expect(region('Entrega')).toHaveAttribute('data-drop', 'allowed');
    await waitFor(() => expect(polite()).toBe('Sobre “Entrega pronta”, em Entrega.'));
    // Its lower half: below.
    move(1300, 190);
    expect(card('Entrega pronta')).toHaveAttribute('data-drop-hint', 'below');

    release(1300, 190);
    expect(document.querySelector('.board-drag-layer')).toBeNull();
    await waitFor(() => expect(readTicket(sync.doc, T.two)?.stage).toBe('delivery'));
    await waitFor(() =>
      expect(within(region('Entrega')).getAllByRole('article').map((a) => a.getAttribute('aria-label'))).toEqual([
        'Entrega pronta',
        'Segundo cartaz',
      ]),
    );
    expect(card('Entrega pronta')).not.toHaveAttribute('data-drop-hint');
    // The click that ends a drag opens nothing.
    fireEvent.click(card('Segundo cartaz'));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('is not a drag below the activation distance, from the Mover… button, or of a closed ticket; Escape cancels', async () => {
    const { sync } = await openBoard();
    layOut();
    press(within(card('Segundo cartaz')).getByRole('button', { name: 'Mover…' }), 1000, 230);
    move(1100, 300);
    expect(document.querySelector('.board-drag-layer')).toBeNull();
    release(1100, 300);

    press(card('Segundo cartaz'), 1000, 280);
    move(1010, 290);
    expect(document.querySelector('.board-drag-layer')).not.toBeNull();
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(document.querySelector('.board-drag-layer')).toBeNull();
    await waitFor(() => expect(polite()).toBe('Movimento cancelado; “Segundo cartaz” ficou onde estava.'));
    release(1300, 130);
    expect(readTicket(sync.doc, T.two)?.stage).toBe('production');
  });
});
