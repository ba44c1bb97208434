/**
 * Who a handoff (Produção → Entrega) asks to look at the ticket: the account manager who owns
 * the relationship, so that the finished work reaches the client at once (DESIGN.md §2).
 *
 * In order, the first that applies:
 * 1. the client's primary account manager (`ClientRecord.primaryManagerId`);
 * 2. the client's backup account manager — seed 004: "we are interchangeable" — when the
 *    primary can no longer open the board (left the agency or the board);
 * 3. the ticket's creator, if they work in atendimento;
 * 4. every atendimento member of the board.
 * Only people who can open the board count. Then the author is left out: nobody is asked to
 * look at their own action, and nobody else is asked in their place (if the account manager
 * dragged the card, they have seen it) — so the list may be empty.
 *
 * Absences (issue 7; given `attendance`: the agency's absences and calendar day): the manager chosen in 1–2 who is
 * away on that day is replaced by whoever covers for them (`absence/coverage.ts` `coverFor`:
 * the client's other manager if present, else the board's present atendimento members); if
 * nobody present can, the absent manager keeps the mark (it waits for their return). An absent
 * creator in 3 gives way to the present atendimento members; in 4 the present ones are asked
 * (all of them when everyone is away).
 */
import type { Ticket } from '@fluxo/shared/board/index';
import type { UserId } from '@fluxo/shared/ids';
import { type Attendance, coverFor, isAway, presentAtendimento } from '../absence/coverage.js';
import { canOpenBoard } from '../boards/boardAccess.js';
import type { BoardRecord, ClientRecord, UserRecord } from '../store/records.js';

export interface HandoffContext {
  readonly ticket: Ticket;
  /** Who handed it back; `null` for the server. */
  readonly author: UserId | null;
  /** The ticket's client, if it has one (of any agency: checked here). */
  readonly client: ClientRecord | null;
  readonly board: BoardRecord;
  /** The staff of the board's agency. */
  readonly colleagues: readonly UserRecord[];
  /** The agency's absences and the calendar day of the handoff; nobody is away when left out. */
  readonly attendance?: Attendance;
}

export function handoffRecipients(context: HandoffContext): UserId[] {
  const { ticket, author, board } = context;
  const client = context.client && context.client.agencyId === board.agencyId ? context.client : null;
  const people = new Map(context.colleagues.map((u) => [u.id, u]));
  const reachable = (id: UserId | null | undefined): UserRecord | null => {
    const user = id ? people.get(id) : undefined;
    return user && canOpenBoard(user, board) ? user : null;
  };

  const { day, absences } = context.attendance ?? { day: '', absences: [] };
  const away = (id: UserId) => absences.length > 0 && isAway(id, day, absences);
  const present = () => presentAtendimento({ day, absences, colleagues: context.colleagues, board });

  let chosen: UserId[] = [];
  const primary = reachable(client?.primaryManagerId);
  const backup = reachable(client?.backupManagerId);
  const creator = reachable(ticket.createdBy);
  const manager = primary ?? backup;
  if (manager) {
    const cover = away(manager.id) ? coverFor({ userId: manager.id, client, day, absences, colleagues: context.colleagues, board }) : [];
    chosen = cover.length > 0 ? cover : [manager.id];
  } else if (creator?.role === 'atendimento' && !(away(creator.id) && present().length > 0)) chosen = [creator.id];
  else {
    const everyone = board.memberIds.filter((id) => reachable(id)?.role === 'atendimento');
    const onDuty = everyone.filter((id) => !away(id));
    chosen = onDuty.length > 0 ? onDuty : everyone;
  }
  return [...new Set(chosen)].filter((id) => id !== author);
}
