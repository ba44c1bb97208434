/**
 * What changed for the client between two timelines, in the few words a screen reader says
 * when the page updates by itself (the polite live region of `SharePage`). Only what the client
 * did not do: a new ticket, a ticket that moved (stage or status), a message from the agency.
 * The client's own message is not news to the client; a changed summary or date is shown, not
 * announced.
 */
import type { Stage } from '@fluxo/shared/flow/stages';
import type { Status } from '@fluxo/shared/flow/statuses';
import type { ShareTimeline } from '@fluxo/shared/share/timeline';

export type TimelineChange =
  | { readonly kind: 'added'; readonly title: string }
  | { readonly kind: 'moved'; readonly title: string; readonly stage: Stage; readonly status: Status }
  | { readonly kind: 'message'; readonly title: string };

export function timelineChanges(previous: ShareTimeline, next: ShareTimeline): TimelineChange[] {
  const before = new Map(previous.tickets.map((ticket) => [ticket.id, ticket]));
  const changes: TimelineChange[] = [];
  for (const ticket of next.tickets) {
    const old = before.get(ticket.id);
    if (old === undefined) {
      changes.push({ kind: 'added', title: ticket.title });
      continue;
    }
    if (old.stage !== ticket.stage || old.status !== ticket.status) {
      changes.push({ kind: 'moved', title: ticket.title, stage: ticket.stage, status: ticket.status });
    }
    const known = new Set(old.comments.map((comment) => comment.id));
    if (ticket.comments.some((comment) => !known.has(comment.id) && comment.author.kind === 'agency')) {
      changes.push({ kind: 'message', title: ticket.title });
    }
  }
  return changes;
}
