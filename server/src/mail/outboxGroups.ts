/**
 * Which outbox rows travel together in one email, and when that email is ready — the pure part
 * of the worker.
 *
 * - **A row that has a `messageId` is already an email**: it was claimed before (a failed
 *   attempt, or a worker that died mid-send), so it goes out again with the same rows and the
 *   same Message-ID. Its group is fixed by that id and never grows.
 * - **Fresh rows collapse per recipient and ticket** (`client_comment`, and `notification` with
 *   delivery `now`): a burst of comments on one ticket is one email per person. The group is
 *   ready `windowMs` after its oldest row was created (a trailing window: the first row waits
 *   for the rest of the burst), so nobody gets five emails in a minute.
 * - **Digest notifications** (`delivery: 'digest'`) are gathered per recipient across tickets;
 *   the producer already scheduled them (`nextAttemptAt`) for the digest time, so they are
 *   ready when due.
 * - **`ticket_received`** (the answer to a client's email) goes alone and at once: seed 003,
 *   answer at once.
 * - **`promised_date`** rows gather per recipient and ticket as they come due; they wait no
 *   window here — their grace delay is their `nextAttemptAt`, and what they say (or that they
 *   say nothing) is decided when sent (`promisedDateOutbox.ts`).
 *
 * - **`client_report`** (a client's report of work done, `server/src/reports/`) goes alone, when
 *   due: one email per row (one address, one period).
 *
 * - **`satisfaction_survey`** (how did the delivery go, `server/src/satisfaction/`) rows gather
 *   per recipient and ticket as they come due (one survey per ticket, so one email); their grace
 *   delay is their `nextAttemptAt`, and whether the ticket is still delivered is decided when sent.
 *
 * The Message-ID of a fresh group derives from its oldest row's id, so the choice is stable if
 * the claim has to be retried.
 */
import type { OutboxRecord } from '../store/conversationRecords.js';

export type OutboxGroupKind = 'ticketReceived' | 'clientUpdate' | 'staffUpdate' | 'staffDigest' | 'promisedDate'
  | 'clientReport'
  | 'satisfactionSurvey';

export interface OutboxGroup {
  /** Identifies the group within one tick (a messageId or a collapse key). */
  readonly key: string;
  readonly kind: OutboxGroupKind;
  /** The rows, oldest first. */
  readonly rows: readonly OutboxRecord[];
  /** The Message-ID to claim fresh rows with (rows that have one keep theirs). */
  readonly messageIdSeed: string;
}

function kindOf(row: OutboxRecord): OutboxGroupKind {
  switch (row.kind) {
    case 'ticket_received':
      return 'ticketReceived';
    case 'client_comment':
      return 'clientUpdate';
    case 'promised_date':
      return 'promisedDate';
    case 'satisfaction_survey':
      return 'satisfactionSurvey';
    case 'client_report':
      return 'clientReport';
    case 'notification':
      return row.payload.delivery === 'digest' ? 'staffDigest' : 'staffUpdate';
  }
}

/** How fresh rows collapse: `null` for a row that always goes alone. */
function collapseKey(row: OutboxRecord, kind: OutboxGroupKind): string | null {
  const ticket = `${row.boardId ?? '-'}/${row.ticketId ?? '-'}`;
  switch (kind) {
    case 'ticketReceived':
      return null;
    case 'clientReport':
      return null;
    case 'clientUpdate':
      return `client\n${row.agencyId}\n${row.to}\n${ticket}`;
    case 'staffUpdate':
      return `staff\n${row.agencyId}\n${row.to}\n${ticket}`;
    case 'staffDigest':
      return `digest\n${row.agencyId}\n${row.to}`;
    case 'promisedDate':
      return `promised\n${row.agencyId}\n${row.to}\n${ticket}`;
    case 'satisfactionSurvey':
      return `satisfaction\n${row.agencyId}\n${row.to}\n${ticket}`;
  }
}

const created = (row: OutboxRecord) => Date.parse(row.createdAt);

/**
 * The groups of `rows` (claimable rows, see `OutboxStore.claimable`) that are ready at `now`,
 * oldest first. Rows of groups still inside their window are left for a later tick.
 */
export function readyGroups(rows: readonly OutboxRecord[], now: Date, windowMs: number): OutboxGroup[] {
  const groups = new Map<string, { kind: OutboxGroupKind; rows: OutboxRecord[]; fixed: boolean }>();
  for (const row of rows) {
    const kind = kindOf(row);
    const key = row.messageId !== null ? `id\n${row.messageId}` : (collapseKey(row, kind) ?? `row\n${row.id}`);
    const group = groups.get(key);
    if (group) group.rows.push(row);
    else groups.set(key, { kind, rows: [row], fixed: row.messageId !== null });
  }

  const ready: OutboxGroup[] = [];
  for (const [key, group] of groups) {
    group.rows.sort((a, b) => created(a) - created(b) || (a.id < b.id ? -1 : 1));
    const oldest = group.rows[0];
    if (!oldest) continue;
    const waits = !group.fixed && (group.kind === 'clientUpdate' || group.kind === 'staffUpdate');
    if (waits && created(oldest) + windowMs > now.getTime()) continue;
    ready.push({ key, kind: group.kind, rows: group.rows, messageIdSeed: oldest.id });
  }
  ready.sort((a, b) => created(a.rows[0] as OutboxRecord) - created(b.rows[0] as OutboxRecord));
  return ready;
}
