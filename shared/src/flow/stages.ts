/**
 * The board's columns (etapas), in flow order, and who holds a ticket in each (seed 001).
 * Atendimento holds triage, analysis and delivery; produção (its lead first) holds planning and
 * production. Moving a ticket from `production` to `delivery` is the handoff back to atendimento.
 */
import { z } from 'zod';

export const STAGES = ['triage', 'analysis', 'planning', 'production', 'delivery'] as const;
export const stageSchema = z.enum(STAGES);
export type Stage = z.infer<typeof stageSchema>;

export type Holder = 'atendimento' | 'producao';

export const STAGE_HOLDER: Readonly<Record<Stage, Holder>> = {
  triage: 'atendimento',
  analysis: 'atendimento',
  planning: 'producao',
  production: 'producao',
  delivery: 'atendimento',
};

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}

export function holderOf(stage: Stage): Holder {
  return STAGE_HOLDER[stage];
}

/** The handoff back to attendance: production's finished work reaches delivery. */
export function isHandoff(from: Stage, to: Stage): boolean {
  return from === 'production' && to === 'delivery';
}
