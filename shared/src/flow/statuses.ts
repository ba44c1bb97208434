/**
 * The status (situação) of a ticket, orthogonal to its stage. `waiting_client` means the ball is
 * with the client and the agency's SLA clock pauses. `done` and `cancelled` close the ticket.
 */
import { z } from 'zod';

export const STATUSES = ['open', 'waiting_client', 'done', 'cancelled'] as const;
export const statusSchema = z.enum(STATUSES);
export type Status = z.infer<typeof statusSchema>;

export function isClosed(status: Status): boolean {
  return status === 'done' || status === 'cancelled';
}

/** Whether the agency's clock runs: it pauses while waiting on the client and stops when closed. */
export function isAgencyClockRunning(status: Status): boolean {
  return status === 'open';
}
