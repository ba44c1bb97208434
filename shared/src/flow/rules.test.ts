import { describe, expect, it } from 'vitest';
import { InvalidMoveError, InvalidStatusError, TicketClosedError } from '../errors.js';
import { STAGES, holderOf, isHandoff } from './stages.js';
import { STATUSES } from './statuses.js';
import { allowedTargets, assertMove, assertStatus, canMove, canSetStatus, judgeMove } from './rules.js';

describe('stage moves', () => {
  it('goes forward one stage at a time', () => {
    expect(canMove('triage', 'analysis', 'open')).toBe(true);
    expect(canMove('analysis', 'planning', 'open')).toBe(true);
    expect(canMove('planning', 'production', 'open')).toBe(true);
    expect(canMove('production', 'delivery', 'open')).toBe(true);
    expect(judgeMove('triage', 'planning', 'open')).toEqual({ ok: false, reason: 'skips_stage' });
    expect(judgeMove('analysis', 'delivery', 'open')).toEqual({ ok: false, reason: 'skips_stage' });
  });

  it('goes back to any earlier stage for rework, also while waiting on the client', () => {
    expect(canMove('delivery', 'production', 'open')).toBe(true);
    expect(canMove('delivery', 'triage', 'open')).toBe(true);
    expect(canMove('planning', 'analysis', 'waiting_client')).toBe(true);
  });

  it('reorders within a stage', () => {
    for (const stage of STAGES) expect(canMove(stage, stage, 'open')).toBe(true);
  });

  it('never moves a closed ticket', () => {
    for (const from of STAGES)
      for (const to of STAGES) {
        expect(canMove(from, to, 'done')).toBe(false);
        expect(canMove(from, to, 'cancelled')).toBe(false);
      }
    expect(() => assertMove('analysis', 'planning', 'done')).toThrow(TicketClosedError);
    expect(() => assertMove('triage', 'production', 'open')).toThrow(InvalidMoveError);
    expect(() => assertMove('production', 'delivery', 'open')).not.toThrow();
  });

  it('offers the menu targets a person may choose', () => {
    expect(allowedTargets('triage', 'open')).toEqual(['triage', 'analysis']);
    expect(allowedTargets('delivery', 'open')).toEqual([...STAGES]);
    expect(allowedTargets('planning', 'done')).toEqual([]);
  });

  it('knows the handoff and the holders of seed 001', () => {
    expect(isHandoff('production', 'delivery')).toBe(true);
    expect(isHandoff('planning', 'production')).toBe(false);
    expect(isHandoff('delivery', 'production')).toBe(false);
    expect(STAGES.map(holderOf)).toEqual(['atendimento', 'atendimento', 'producao', 'producao', 'atendimento']);
  });
});

describe('status changes', () => {
  it('lets an open ticket wait on the client, close, or cancel', () => {
    expect(canSetStatus('open', 'waiting_client')).toBe(true);
    expect(canSetStatus('waiting_client', 'open')).toBe(true);
    expect(canSetStatus('open', 'done')).toBe(true);
    expect(canSetStatus('waiting_client', 'cancelled')).toBe(true);
  });

  it('only reopens a closed ticket', () => {
    for (const to of STATUSES) {
      expect(canSetStatus('done', to)).toBe(to === 'open' || to === 'done');
      expect(canSetStatus('cancelled', to)).toBe(to === 'open' || to === 'cancelled');
    }
    expect(() => assertStatus('done', 'waiting_client')).toThrow(InvalidStatusError);
  });
});
