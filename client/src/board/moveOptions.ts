/**
 * What the "Mover…" menu of a card offers: every stage, in flow order, each judged by the flow
 * rules (`judgeMove`) so a refused target is shown disabled with its reason instead of hidden —
 * people learn the rule where they meet it. The ticket's own stage is listed as "current".
 * Production → Delivery is the handoff back to atendimento and says so.
 */
import { judgeMove, type MoveVerdict } from '@fluxo/shared/flow/rules';
import { isHandoff, STAGES, type Stage } from '@fluxo/shared/flow/stages';
import type { Status } from '@fluxo/shared/flow/statuses';

export interface MoveOption {
  readonly stage: Stage;
  readonly current: boolean;
  readonly handoff: boolean;
  /** For the current stage: ok (reordering is allowed) but there is nothing to do from the menu. */
  readonly verdict: MoveVerdict;
}

export function moveOptions(ticket: { readonly stage: Stage; readonly status: Status }): MoveOption[] {
  return STAGES.map((stage) => ({
    stage,
    current: stage === ticket.stage,
    handoff: isHandoff(ticket.stage, stage),
    verdict: judgeMove(ticket.stage, stage, ticket.status),
  }));
}
