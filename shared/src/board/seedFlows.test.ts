/**
 * The three example flows of seed 001, replayed command by command. After every step the board,
 * as `readBoard` returns it, must show the ticket in exactly the stage, status and production
 * steps the agency described — and in no other column.
 */
import type * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { TicketClosedError } from '../errors.js';
import type { TicketId } from '../ids.js';
import type { ProductionStep } from '../flow/productionSteps.js';
import { STAGES, type Stage } from '../flow/stages.js';
import type { Status } from '../flow/statuses.js';
import { createTicket } from './createTicket.js';
import { validateBoard } from './invariants.js';
import { moveTicket } from './moveTicket.js';
import { readBoard } from './readBoard.js';
import { setStatus } from './setStatus.js';
import { setSteps, toggleStep } from './setSteps.js';
import { ASANA, ASPAULO, WITNESS, newDoc, tid } from './testing/fixtures.js';
import { setTicketNumber } from './setTicketNumber.js';

type Step =
  | { do: 'move'; to: Stage }
  | { do: 'status'; to: Status }
  | { do: 'steps'; steps: ProductionStep[] }
  | { do: 'finish'; step: ProductionStep };

interface Expected {
  stage: Stage;
  status: Status;
  steps?: { step: ProductionStep; done: boolean }[];
}

/** Apply one step as the person who holds the ticket there would. */
function apply(doc: Y.Doc, id: TicketId, step: Step): void {
  switch (step.do) {
    case 'move':
      moveTicket(doc, { ticketId: id, toStage: step.to }, ['planning', 'production'].includes(step.to) ? ASPAULO : ASANA);
      return;
    case 'status':
      setStatus(doc, { ticketId: id, status: step.to }, ASANA);
      return;
    case 'steps':
      setSteps(doc, { ticketId: id, steps: step.steps }, ASPAULO);
      return;
    case 'finish':
      toggleStep(doc, { ticketId: id, step: step.step, done: true }, ASPAULO);
      return;
  }
}

function expectState(doc: Y.Doc, id: TicketId, expected: Expected, label: string): void {
  const board = readBoard(doc);
  expect(validateBoard(doc), label).toEqual([]);
  const ticket = board.tickets.find((t) => t.id === id);
  expect(ticket, label).toBeDefined();
  expect({ stage: ticket?.stage, status: ticket?.status }, label).toEqual({
    stage: expected.stage,
    status: expected.status,
  });
  if (expected.steps) expect(ticket?.steps, label).toEqual(expected.steps);
  for (const stage of STAGES) {
    expect(board.byStage[stage].some((t) => t.id === id), `${label}: in ${stage}?`).toBe(stage === expected.stage);
  }
}

function replay(title: string, kind: string, script: [Step, Expected][]): { doc: Y.Doc; id: TicketId } {
  const doc = newDoc();
  // Other demands already on the board, so columns have neighbours.
  for (let n = 1; n <= 3; n++) createTicket(doc, { id: tid(n), title: `Outra ${n}`, channel: 'phone' }, ASANA);
  const id = createTicket(
    doc,
    { id: tid(100), title, kind, channel: 'email', createdAt: '2024-05-02T12:00:00.000Z' },
    ASANA,
  );
  setTicketNumber(doc, { ticketId: id, number: 1 }, WITNESS);
  expectState(doc, id, { stage: 'triage', status: 'open', steps: [] }, 'created');
  script.forEach(([step, expected], i) => {
    apply(doc, id, step);
    expectState(doc, id, expected, `step ${i + 1}: ${JSON.stringify(step)}`);
  });
  return { doc, id };
}

function expectClosedForGood(doc: Y.Doc, id: TicketId): void {
  const before = readBoard(doc);
  for (const to of STAGES) {
    expect(() => moveTicket(doc, { ticketId: id, toStage: to }, ASANA)).toThrow(TicketClosedError);
  }
  expect(readBoard(doc)).toEqual(before);
}

const done = (steps: ProductionStep[], finished: number): { step: ProductionStep; done: boolean }[] =>
  steps.map((step, i) => ({ step, done: i < finished }));

describe('seed 001 flows', () => {
  it('1. "Preciso de um banner no site para a campanha de desconto"', () => {
    const steps: ProductionStep[] = ['concept', 'copy', 'design', 'review'];
    const { doc, id } = replay('Preciso de um banner no site para a campanha de desconto', 'banner', [
      [{ do: 'move', to: 'analysis' }, { stage: 'analysis', status: 'open' }],
      [{ do: 'status', to: 'waiting_client' }, { stage: 'analysis', status: 'waiting_client' }],
      [{ do: 'status', to: 'open' }, { stage: 'analysis', status: 'open' }],
      [{ do: 'move', to: 'planning' }, { stage: 'planning', status: 'open' }],
      [{ do: 'steps', steps }, { stage: 'planning', status: 'open', steps: done(steps, 0) }],
      [{ do: 'move', to: 'production' }, { stage: 'production', status: 'open', steps: done(steps, 0) }],
      [{ do: 'finish', step: 'concept' }, { stage: 'production', status: 'open', steps: done(steps, 1) }],
      [{ do: 'finish', step: 'copy' }, { stage: 'production', status: 'open', steps: done(steps, 2) }],
      [{ do: 'finish', step: 'design' }, { stage: 'production', status: 'open', steps: done(steps, 3) }],
      [{ do: 'finish', step: 'review' }, { stage: 'production', status: 'open', steps: done(steps, 4) }],
      [{ do: 'move', to: 'delivery' }, { stage: 'delivery', status: 'open', steps: done(steps, 4) }],
      [{ do: 'status', to: 'waiting_client' }, { stage: 'delivery', status: 'waiting_client' }],
      [{ do: 'status', to: 'done' }, { stage: 'delivery', status: 'done' }],
    ]);
    expectClosedForGood(doc, id);
  });

  it('2. "Preciso de uma landing page para um novo produto"', () => {
    const steps: ProductionStep[] = ['concept', 'design', 'build', 'review', 'publish'];
    const { doc, id } = replay('Preciso de uma landing page para um novo produto', 'landing-page', [
      [{ do: 'move', to: 'analysis' }, { stage: 'analysis', status: 'open' }],
      [{ do: 'move', to: 'planning' }, { stage: 'planning', status: 'open' }],
      [{ do: 'steps', steps }, { stage: 'planning', status: 'open', steps: done(steps, 0) }],
      [{ do: 'move', to: 'production' }, { stage: 'production', status: 'open' }],
      [{ do: 'finish', step: 'concept' }, { stage: 'production', status: 'open', steps: done(steps, 1) }],
      [{ do: 'finish', step: 'design' }, { stage: 'production', status: 'open', steps: done(steps, 2) }],
      [{ do: 'finish', step: 'build' }, { stage: 'production', status: 'open', steps: done(steps, 3) }],
      [{ do: 'finish', step: 'review' }, { stage: 'production', status: 'open', steps: done(steps, 4) }],
      [{ do: 'finish', step: 'publish' }, { stage: 'production', status: 'open', steps: done(steps, 5) }],
      [{ do: 'move', to: 'delivery' }, { stage: 'delivery', status: 'open', steps: done(steps, 5) }],
      [{ do: 'status', to: 'waiting_client' }, { stage: 'delivery', status: 'waiting_client' }],
      [{ do: 'status', to: 'done' }, { stage: 'delivery', status: 'done' }],
    ]);
    expectClosedForGood(doc, id);
  });

  it('3. "Preciso do arquivo da minha logomarca" — done in analysis', () => {
    const { doc, id } = replay('Preciso do arquivo da minha logomarca', 'logo-file', [
      [{ do: 'move', to: 'analysis' }, { stage: 'analysis', status: 'open', steps: [] }],
      [{ do: 'status', to: 'done' }, { stage: 'analysis', status: 'done', steps: [] }],
    ]);
    expectClosedForGood(doc, id);
  });

  it('cannot skip a stage on the way', () => {
    const doc = newDoc();
    const id = createTicket(doc, { title: 'Atalho', channel: 'email' }, ASANA);
    expect(() => moveTicket(doc, { ticketId: id, toStage: 'planning' }, ASANA)).toThrow(/skip/);
  });
});
