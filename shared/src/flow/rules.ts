/**
 * Which moves the flow allows (seed 001). The flow is not linear, but it is not a free-for-all:
 *
 * - Forward, one stage at a time: each stage has a duty that must not be skipped (analysis
 *   clarifies, planning sets the deadline the client is told, production does the work).
 * - Backward, to any earlier stage: rework (delivery → production when the client asks for
 *   changes), or back to analysis when planning finds a gap.
 * - Reordering inside a stage is always allowed.
 * - A closed ticket (done / cancelled) does not move; reopen it first.
 *
 * Status changes: any open ticket may wait on the client and come back; a ticket can be done or
 * cancelled from any stage (the logo-file request is done in analysis); a closed ticket can be
 * reopened. Setting the status it already has is a no-op, not an error.
 *
 * These rules judge *transitions* made by a person. Concurrent edits merged by Yjs always produce
 * a valid *state* (one stage, one status), which is what the board invariants check.
 */
import { InvalidMoveError, InvalidStatusError, TicketClosedError } from '../errors.js';
import { type Stage, stageIndex } from './stages.js';
import { type Status, isClosed } from './statuses.js';

export type MoveVerdict =
  | { ok: true }
  | { ok: false; reason: 'closed' | 'skips_stage' };

export function judgeMove(from: Stage, to: Stage, status: Status): MoveVerdict {
  if (isClosed(status)) return { ok: false, reason: 'closed' };
  const step = stageIndex(to) - stageIndex(from);
  if (step > 1) return { ok: false, reason: 'skips_stage' };
  return { ok: true };
}

export function canMove(from: Stage, to: Stage, status: Status): boolean {
  return judgeMove(from, to, status).ok;
}

/** The stages a ticket may be moved to from where it is (its own stage included, for reordering). */
export function allowedTargets(from: Stage, status: Status): Stage[] {
  const all: Stage[] = ['triage', 'analysis', 'planning', 'production', 'delivery'];
  return all.filter((to) => canMove(from, to, status));
}

export function assertMove(from: Stage, to: Stage, status: Status): void {
  const verdict = judgeMove(from, to, status);
  if (verdict.ok) return;
  if (verdict.reason === 'closed') throw new TicketClosedError();
  throw new InvalidMoveError(`cannot skip from ${from} to ${to}; move one stage at a time`);
}

export function canSetStatus(from: Status, to: Status): boolean {
  if (from === to) return true;
  if (isClosed(from)) return to === 'open';
  return true;
}

export function assertStatus(from: Status, to: Status): void {
  if (!canSetStatus(from, to)) {
    throw new InvalidStatusError(`a ${from} ticket can only be reopened, not set to ${to}`);
  }
}
