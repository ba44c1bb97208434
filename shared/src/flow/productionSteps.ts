/**
 * Production sub-steps (etapas de produção), chosen per ticket kind. The order here is the order
 * they are shown and worked in.
 */
import { z } from 'zod';

export const PRODUCTION_STEPS = ['concept', 'copy', 'design', 'build', 'review', 'publish'] as const;
export const productionStepSchema = z.enum(PRODUCTION_STEPS);
export type ProductionStep = z.infer<typeof productionStepSchema>;

/** Sort a set of steps into flow order, dropping duplicates. */
export function orderSteps(steps: Iterable<ProductionStep>): ProductionStep[] {
  const wanted = new Set(steps);
  return PRODUCTION_STEPS.filter((s) => wanted.has(s));
}
