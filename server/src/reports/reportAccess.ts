/**
 * Who may read the agency's reports (dashboard, exports of tickets and history): the director
 * (admin) and account managers (atendimento) — DESIGN.md §1. Production staff work the tickets
 * on their boards; the agency-wide figures are not theirs.
 */
import type { UserRecord } from '../store/records.js';

export function mayReadReports(user: UserRecord): boolean {
  return user.role === 'admin' || user.role === 'atendimento';
}
