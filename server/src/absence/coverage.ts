/**
 * Who acts for an absent colleague (issue 7; seed 004: "we are interchangeable"). Pure: the
 * callers load the absences, the client, the board and its agency's staff, and pass the agency's
 * calendar day (`agencyDay`).
 *
 * "Present" on a day = no absence of that person covers it (`coversDay`, both ends included:
 * an absence that ended yesterday or starts tomorrow leaves them present today).
 *
 * `coverFor(person)`:
 * 1. a present person covers themself: `[person]`;
 * 2. an absent account manager of the client is covered by the client's other manager
 *    (primary ↔ backup) when that one is present and can open the board;
 * 3. otherwise (no client, the absent person manages none of it, or the other manager is away
 *    or gone) by every present atendimento member of the board who can open it;
 * 4. nobody present → `[]`; the caller decides (handoffs then keep the absent manager, so the
 *    mark waits for their return; notifications keep the absent person's own in-app record).
 * Never someone who cannot open the board. Leaving out the actor is the caller's business.
 */
import type { UserId } from '@fluxo/shared/ids';
import { canOpenBoard } from '../boards/boardAccess.js';
import { type AbsenceRecord, coversDay } from '../store/absenceRecords.js';
import type { BoardRecord, ClientRecord, UserRecord } from '../store/records.js';

/** Who is away when: the agency's absences and the calendar day in question. */
export interface Attendance {
  /** The agency's calendar day, `YYYY-MM-DD` (`agencyDay`). */
  readonly day: string;
  /** The agency's absences (only `userId` and the days matter). */
  readonly absences: readonly AbsenceRecord[];
}

export interface CoverageContext {
  /** The ticket's client (a record of another agency is ignored), or `null`. */
  readonly client: ClientRecord | null;
  /** The agency's calendar day, `YYYY-MM-DD`. */
  readonly day: string;
  /** The agency's absences (others are ignored: only `userId` and the days matter). */
  readonly absences: readonly AbsenceRecord[];
  /** The staff of the board's agency. */
  readonly colleagues: readonly UserRecord[];
  readonly board: BoardRecord;
}

/** Whether `userId` is away on `day`. */
export function isAway(userId: UserId, day: string, absences: readonly AbsenceRecord[]): boolean {
  return absences.some((a) => a.userId === userId && coversDay(a, day));
}

/** The client's managers, primary first (a record of another agency has none here). */
export function managersOf(client: ClientRecord | null, board: BoardRecord): UserId[] {
  if (client === null || client.agencyId !== board.agencyId) return [];
  return client.backupManagerId && client.backupManagerId !== client.primaryManagerId
    ? [client.primaryManagerId, client.backupManagerId]
    : [client.primaryManagerId];
}

/** The present atendimento members of the board who can open it, in member order. */
export function presentAtendimento(context: Omit<CoverageContext, 'client'>): UserId[] {
  const people = new Map(context.colleagues.map((u) => [u.id, u]));
  return context.board.memberIds.filter((id) => {
    const person = people.get(id);
    return (
      person !== undefined &&
      person.role === 'atendimento' &&
      canOpenBoard(person, context.board) &&
      !isAway(id, context.day, context.absences)
    );
  });
}

/** Who acts for `userId` on `context.day` (see the module comment). */
export function coverFor(context: CoverageContext & { readonly userId: UserId }): UserId[] {
  const { userId, day, absences, board } = context;
  if (!isAway(userId, day, absences)) return [userId];
  const managers = managersOf(context.client, board);
  if (managers.includes(userId)) {
    const other = managers.find((id) => id !== userId);
    const person = other === undefined ? undefined : context.colleagues.find((u) => u.id === other);
    if (person && canOpenBoard(person, board) && !isAway(person.id, day, absences)) return [person.id];
  }
  return presentAtendimento(context).filter((id) => id !== userId);
}

/**
 * Who hears of a client's new request (by email or from the timeline page): each of the
 * client's managers who can open the board, or — when away — whoever covers for them
 * (`coverFor`); when nobody present can, the managers themselves. `null` when the client has
 * no manager who can open the board (no client, or both gone): the caller falls back to its
 * own rule.
 */
export function managersOnDuty(context: CoverageContext): UserId[] | null {
  const people = new Map(context.colleagues.map((u) => [u.id, u]));
  const reachable = managersOf(context.client, context.board).filter((id) => {
    const person = people.get(id);
    return person !== undefined && canOpenBoard(person, context.board);
  });
  if (reachable.length === 0) return null;
  const onDuty = [...new Set(reachable.flatMap((userId) => coverFor({ ...context, userId })))];
  // Everyone away: the managers themselves, so the request is not heard by nobody (the notifier
  // then keeps it in their in-app list, without an email while they are away).
  return onDuty.length > 0 ? onDuty : reachable;
}
