/**
 * The production sub-steps of a ticket (`Y.Map<ProductionStep, boolean>`): which steps the
 * ticket's kind needs, and which of them are done. Choosing steps keeps the done flag of steps
 * that stay; toggling marks one chosen step done or not done.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { ConflictError, InvalidInputError } from '../errors.js';
import { ticketIdSchema } from '../ids.js';
import type { TransactionOrigin } from '../origin.js';
import { orderSteps, productionStepSchema } from '../flow/productionSteps.js';
import { assertCommandOrigin, loadTicket, parseInput } from './command.js';

export const setStepsInputSchema = z.strictObject({
  ticketId: ticketIdSchema,
  steps: z.array(productionStepSchema),
});
export type SetStepsInput = z.input<typeof setStepsInputSchema>;

export const toggleStepInputSchema = z.strictObject({
  ticketId: ticketIdSchema,
  step: productionStepSchema,
  /** The new state; omitted, the step flips. */
  done: z.boolean().optional(),
});
export type ToggleStepInput = z.input<typeof toggleStepInputSchema>;

function stepsOf(entry: Y.Map<unknown>): Y.Map<unknown> {
  const steps = entry.get('steps');
  if (!(steps instanceof Y.Map)) throw new ConflictError('ticket has no step map');
  return steps as Y.Map<unknown>;
}

/** Choose exactly these steps (duplicates ignored). New steps start not done. */
export function setSteps(doc: Y.Doc, input: SetStepsInput, origin: TransactionOrigin): void {
  assertCommandOrigin(origin, 'setSteps');
  const { ticketId, steps } = parseInput(setStepsInputSchema, input, 'setSteps');
  const { entry, ticket } = loadTicket(doc, ticketId);
  const map = stepsOf(entry);
  const wanted = new Set(orderSteps(steps));
  const current = new Set(ticket.steps.map((s) => s.step));
  doc.transact(() => {
    for (const step of current) if (!wanted.has(step)) map.delete(step);
    for (const step of wanted) if (!current.has(step)) map.set(step, false);
  }, origin);
}

/** Mark a chosen step done or not done. A step the ticket has not chosen is an input error. */
export function toggleStep(doc: Y.Doc, input: ToggleStepInput, origin: TransactionOrigin): void {
  assertCommandOrigin(origin, 'toggleStep');
  const { ticketId, step, done } = parseInput(toggleStepInputSchema, input, 'toggleStep');
  const { entry, ticket } = loadTicket(doc, ticketId);
  const map = stepsOf(entry);
  const current = ticket.steps.find((s) => s.step === step);
  if (current === undefined) throw new InvalidInputError(`toggleStep: step ${step} is not chosen for this ticket`);
  const next = done ?? !current.done;
  doc.transact(() => {
    if (next !== current.done) map.set(step, next);
  }, origin);
}
