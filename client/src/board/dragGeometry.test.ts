import type { Stage } from '@fluxo/shared/flow/stages';
import type { TicketId } from '@fluxo/shared/ids';
import { describe, expect, it } from 'vitest';
import {
  AUTO_SCROLL_MAX,
  autoScrollStep,
  type ColumnLayout,
  ghostOffset,
  moveSpot,
  sameTarget,
  spotTarget,
  targetAtPoint,
} from './dragGeometry';

const t = (n: number) => `Ticket${String(n).padStart(10, '0')}` as TicketId;

/** Two columns side by side: a header of 100 px, then a list from y 100 to 500. */
const columns: ColumnLayout[] = [
  {
    stage: 'production',
    left: 0,
    right: 300,
    top: 0,
    bottom: 520,
    list: { top: 100, bottom: 500 },
    cards: [
      // Scrolled out above the list's box: not a target.
      { ticketId: t(1), top: -60, bottom: 90 },
      { ticketId: t(2), top: 110, bottom: 210 },
      { ticketId: t(3), top: 220, bottom: 320 },
    ],
  },
  { stage: 'delivery', left: 310, right: 610, top: 0, bottom: 520, list: { top: 100, bottom: 500 }, cards: [] },
];

describe('targetAtPoint', () => {
  it('names the card under the pointer, with the pointer and the card’s middle', () => {
    expect(targetAtPoint({ x: 150, y: 130 }, columns)).toEqual({
      kind: 'card',
      stage: 'production',
      ticketId: t(2),
      pointer: { y: 130, middle: 160 },
    });
    expect(targetAtPoint({ x: 150, y: 300 }, columns)).toMatchObject({ ticketId: t(3), pointer: { y: 300, middle: 270 } });
  });

  it('takes the nearest card in a gap or below the last card, never the column’s end inside a list', () => {
    expect(targetAtPoint({ x: 150, y: 214 }, columns)).toMatchObject({ ticketId: t(2) });
    expect(targetAtPoint({ x: 150, y: 217 }, columns)).toMatchObject({ ticketId: t(3) });
    expect(targetAtPoint({ x: 150, y: 480 }, columns)).toMatchObject({ ticketId: t(3), pointer: { y: 480, middle: 270 } });
  });

  it('ignores cards scrolled out of the list’s box', () => {
    expect(targetAtPoint({ x: 150, y: 101 }, columns)).toMatchObject({ ticketId: t(2) });
  });

  it('names the column over its header or an empty list, and nothing outside the columns', () => {
    expect(targetAtPoint({ x: 150, y: 40 }, columns)).toEqual({ kind: 'column', stage: 'production' });
    expect(targetAtPoint({ x: 400, y: 300 }, columns)).toEqual({ kind: 'column', stage: 'delivery' });
    expect(targetAtPoint({ x: 305, y: 300 }, columns)).toBeNull();
    expect(targetAtPoint({ x: 150, y: 600 }, columns)).toBeNull();
  });

  it('names the column when it shows no list', () => {
    const empty: ColumnLayout = { stage: 'triage', left: 0, right: 100, top: 0, bottom: 100, list: null, cards: [] };
    expect(targetAtPoint({ x: 50, y: 50 }, [empty])).toEqual({ kind: 'column', stage: 'triage' });
  });
});

describe('sameTarget', () => {
  const card = (y: number) => ({ kind: 'card' as const, stage: 'delivery' as const, ticketId: t(1), pointer: { y, middle: 100 } });
  it('is the same card on the same side, or the same column', () => {
    expect(sameTarget(card(10), card(20))).toBe(true);
    expect(sameTarget(card(10), card(120))).toBe(false);
    expect(sameTarget({ kind: 'column', stage: 'triage' }, { kind: 'column', stage: 'triage' })).toBe(true);
    expect(sameTarget({ kind: 'column', stage: 'triage' }, { kind: 'column', stage: 'analysis' })).toBe(false);
    expect(sameTarget({ kind: 'column', stage: 'delivery' }, card(10))).toBe(false);
    expect(sameTarget(null, null)).toBe(true);
    expect(sameTarget(null, card(10))).toBe(false);
  });
});

describe('ghostOffset', () => {
  it('moves the ghost exactly as far as the pointer went since the press', () => {
    expect(ghostOffset({ x: 100, y: 200 }, { x: 430, y: 180 })).toEqual({ x: 330, y: -20 });
  });
});

describe('autoScrollStep', () => {
  const list = { top: 100, bottom: 500 };
  it('scrolls up near the top edge and down near the bottom, faster closer to it', () => {
    expect(autoScrollStep(100, list)).toBe(-AUTO_SCROLL_MAX);
    expect(autoScrollStep(500, list)).toBe(AUTO_SCROLL_MAX);
    expect(autoScrollStep(130, list)).toBeLessThan(0);
    expect(autoScrollStep(130, list)).toBeGreaterThan(autoScrollStep(110, list));
    expect(autoScrollStep(480, list)).toBeGreaterThan(0);
  });

  it('does not scroll in the middle or outside the list', () => {
    expect(autoScrollStep(300, list)).toBe(0);
    expect(autoScrollStep(50, list)).toBe(0);
    expect(autoScrollStep(520, list)).toBe(0);
  });
});

describe('keyboard spots', () => {
  const ids: Record<Stage, string[]> = {
    triage: [t(1)],
    analysis: [],
    planning: [t(2), t(3), t(4)],
    production: [t(5), t(6)],
    delivery: [],
  };
  const columnsOf = (stage: Stage) => ids[stage];

  it('goes from card to card, and below the last card to the column’s end', () => {
    expect(moveSpot({ stage: 'planning', row: 0 }, 'down', columnsOf)).toEqual({ stage: 'planning', row: 1 });
    expect(moveSpot({ stage: 'planning', row: 2 }, 'down', columnsOf)).toEqual({ stage: 'planning', row: 3 });
    expect(moveSpot({ stage: 'planning', row: 3 }, 'down', columnsOf)).toEqual({ stage: 'planning', row: 3 });
    expect(moveSpot({ stage: 'planning', row: 3 }, 'up', columnsOf)).toEqual({ stage: 'planning', row: 2 });
    expect(moveSpot({ stage: 'planning', row: 0 }, 'up', columnsOf)).toEqual({ stage: 'planning', row: 0 });
  });

  it('goes to the neighbouring column at the same row, its last card, or its end when empty', () => {
    expect(moveSpot({ stage: 'planning', row: 1 }, 'right', columnsOf)).toEqual({ stage: 'production', row: 1 });
    expect(moveSpot({ stage: 'planning', row: 2 }, 'right', columnsOf)).toEqual({ stage: 'production', row: 1 });
    expect(moveSpot({ stage: 'triage', row: 0 }, 'right', columnsOf)).toEqual({ stage: 'analysis', row: 0 });
    expect(moveSpot({ stage: 'analysis', row: 0 }, 'right', columnsOf)).toEqual({ stage: 'planning', row: 0 });
    expect(moveSpot({ stage: 'triage', row: 0 }, 'left', columnsOf)).toEqual({ stage: 'triage', row: 0 });
    expect(moveSpot({ stage: 'delivery', row: 0 }, 'right', columnsOf)).toEqual({ stage: 'delivery', row: 0 });
  });

  it('names a card, or the column past its last card', () => {
    expect(spotTarget({ stage: 'production', row: 1 }, columnsOf)).toEqual({
      kind: 'card',
      stage: 'production',
      ticketId: t(6),
      pointer: null,
    });
    expect(spotTarget({ stage: 'production', row: 2 }, columnsOf)).toEqual({ kind: 'column', stage: 'production' });
    expect(spotTarget({ stage: 'analysis', row: 0 }, columnsOf)).toEqual({ kind: 'column', stage: 'analysis' });
  });
});
