import type { TicketId } from '@fluxo/shared/ids';
import { describe, expect, it } from 'vitest';
import { placeDrop } from './dropPlacement';

const t = (n: number) => `Ticket${String(n).padStart(10, '0')}` as TicketId;
const triage = [t(1), t(2), t(3), t(4)];

describe('placeDrop', () => {
  it('puts a card dropped on a column’s empty space at its end', () => {
    expect(placeDrop({ ticketId: t(1), stage: 'triage' }, { kind: 'column', stage: 'analysis' }, [t(9)])).toEqual({
      toStage: 'analysis',
    });
    expect(placeDrop({ ticketId: t(2), stage: 'triage' }, { kind: 'column', stage: 'triage' }, triage)).toEqual({
      toStage: 'triage',
    });
    expect(placeDrop({ ticketId: t(4), stage: 'triage' }, { kind: 'column', stage: 'triage' }, triage)).toBeNull();
  });

  it('follows the pointer: the upper half of a card means above it, the lower half below it', () => {
    const target = (y: number) => ({ kind: 'card' as const, stage: 'analysis' as const, ticketId: t(9), pointer: { y, middle: 100 } });
    expect(placeDrop({ ticketId: t(1), stage: 'triage' }, target(90), [t(8), t(9)])).toEqual({ toStage: 'analysis', before: t(8), after: t(9) });
    expect(placeDrop({ ticketId: t(1), stage: 'triage' }, target(110), [t(8), t(9)])).toEqual({ toStage: 'analysis', before: t(9) });
  });

  it('takes the target’s place with the keyboard, as a sortable list does', () => {
    const on = (n: number, stage: 'triage' | 'analysis' = 'triage') => ({ kind: 'card' as const, stage, ticketId: t(n), pointer: null });
    // Moving down within the column: below the target.
    expect(placeDrop({ ticketId: t(1), stage: 'triage' }, on(3), triage)).toEqual({ toStage: 'triage', before: t(3), after: t(4) });
    // Moving up: above it.
    expect(placeDrop({ ticketId: t(4), stage: 'triage' }, on(2), triage)).toEqual({ toStage: 'triage', before: t(1), after: t(2) });
    // Into another column: above the card it lands on.
    expect(placeDrop({ ticketId: t(1), stage: 'triage' }, on(9, 'analysis'), [t(9)])).toEqual({ toStage: 'analysis', after: t(9) });
  });

  it('names the neighbours around the moved card’s old place without counting it', () => {
    const below = (n: number) => ({ kind: 'card' as const, stage: 'triage' as const, ticketId: t(n), pointer: { y: 20, middle: 10 } });
    const above = (n: number) => ({ kind: 'card' as const, stage: 'triage' as const, ticketId: t(n), pointer: { y: 0, middle: 10 } });
    // Dropping next to the card's own old place skips it: the neighbours named are the others.
    expect(placeDrop({ ticketId: t(3), stage: 'triage' }, below(2), triage)).toBeNull();
    expect(placeDrop({ ticketId: t(2), stage: 'triage' }, above(1), triage)).toEqual({ toStage: 'triage', after: t(1) });
    expect(placeDrop({ ticketId: t(2), stage: 'triage' }, above(4), triage)).toEqual({ toStage: 'triage', before: t(3), after: t(4) });
    expect(placeDrop({ ticketId: t(3), stage: 'triage' }, below(2), [t(1), t(2), t(3)])).toBeNull();
    expect(placeDrop({ ticketId: t(3), stage: 'triage' }, below(1), triage)).toEqual({ toStage: 'triage', before: t(1), after: t(2) });
    expect(placeDrop({ ticketId: t(1), stage: 'triage' }, below(4), triage)).toEqual({ toStage: 'triage', before: t(4) });
    expect(placeDrop({ ticketId: t(4), stage: 'triage' }, below(3), triage)).toBeNull();
    expect(placeDrop({ ticketId: t(3), stage: 'triage' }, above(4), [t(1), t(2), t(3), t(4), t(5)])).toBeNull();
    expect(placeDrop({ ticketId: t(2), stage: 'triage' }, below(3), [t(1), t(2), t(3), t(4)])).toEqual({
      toStage: 'triage',
      before: t(3),
      after: t(4),
    });
    expect(placeDrop({ ticketId: t(4), stage: 'triage' }, above(2), [t(1), t(2), t(3), t(4)])).toEqual({
      toStage: 'triage',
      before: t(1),
      after: t(2),
    });
    expect(placeDrop({ ticketId: t(2), stage: 'triage' }, below(1), [t(1), t(3), t(2)])).toEqual({
      toStage: 'triage',
      before: t(1),
      after: t(3),
    });
  });

  it('does nothing when the card would stay where it is', () => {
    const source = { ticketId: t(2), stage: 'triage' as const };
    expect(placeDrop(source, { kind: 'card', stage: 'triage', ticketId: t(2), pointer: null }, triage)).toBeNull();
    expect(placeDrop(source, { kind: 'card', stage: 'triage', ticketId: t(3), pointer: { y: 0, middle: 10 } }, triage)).toBeNull();
    expect(placeDrop(source, { kind: 'card', stage: 'triage', ticketId: t(1), pointer: { y: 20, middle: 10 } }, triage)).toBeNull();
  });
});
