/**
 * Turning what happened into notifications and notification emails.
 *
 * Callers describe *events* (`NotificationEvent`: a kind, who should hear of it, who caused it,
 * the ticket); `planNotifications` decides, per recipient:
 * - **not the actor**: nobody is notified of their own action;
 * - **only colleagues who can open the board** (a recipient who left the agency or the board,
 *   or an id of another agency, is dropped silently);
 * - **once per event and person** (duplicates in `recipients` collapse);
 * - **absences** (issue 7): a recipient away on the event's agency day (`absence/agencyDay.ts`)
 *   who is one of the ticket's client's account managers is covered — whoever `coverFor` names
 *   (the client's other manager if present, else the board's present atendimento members) gets
 *   the same notification too. The absent person keeps their in-app notification (it is there
 *   when they come back) but gets no email while away, whatever their preference; the covering
 *   person's notification is an ordinary one of the same kind (it does not say "for Beatriz":
 *   the board's coverage notice says who covers whom);
 * - a `NotificationRecord` for the in-app centre, always, and — by the person's preference
 *   for that kind (`notificationPrefs`) — an outbox row: `now` is due at once, `digest` at the
 *   next digest slot (`nextDigestAt`), `off` none. The row names the notification; the mail
 *   worker renders and sends it (`server/src/mail/`), collapsing a burst on one ticket.
 *
 * The plan is data, so a comment and what it causes are written in one store write
 * (`createComment`). `Notifier.notify` writes a plan on its own (the witness, inbound mail,
 * approvals), then wakes the live subscriptions of the people notified.
 */
import type { CommentId } from '@fluxo/shared/conversation/comment';
import {
  NOTIFICATION_EXCERPT_LENGTH,
  type NotificationActor,
  type NotificationKind,
  newNotificationId,
  resolveNotificationPrefs,
} from '@fluxo/shared/conversation/notification';
import type { ClientId, TicketId, UserId } from '@fluxo/shared/ids';
import { DEFAULT_LOCALE } from '@fluxo/shared/i18n/translate';
import { agencyDay } from '../absence/agencyDay.js';
import { coverFor, isAway, managersOf } from '../absence/coverage.js';
import { canOpenBoard } from '../boards/boardAccess.js';
import type { AbsenceRecord } from '../store/absenceRecords.js';
import type { ConversationEvents } from '../conversation/conversationEvents.js';
import type { Logger } from '../log.js';
import {
  type NotificationRecord,
  type OutboxRecordOf,
  type StoredNotification,
  newOutboxId,
} from '../store/conversationRecords.js';
import type { BoardRecord, ClientRecord, UserRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { nextDigestAt } from './digest.js';

/** Who caused an event; staff names are looked up when the notification is made. */
export type NotificationCause =
  | { readonly kind: 'staff'; readonly userId: UserId }
  | { readonly kind: 'client'; readonly email: string; readonly name: string | null }
  | { readonly kind: 'system' };

/** What a notification says about its ticket (as it is when the event happens). */
export interface TicketSnapshot {
  readonly id: TicketId;
  readonly number: number | null;
  readonly title: string;
  readonly clientId: ClientId | null;
}

export interface NotificationEvent {
  readonly kind: NotificationKind;
  /** Who should hear of it; the actor and anyone who cannot open the board are left out. */
  readonly recipients: readonly UserId[];
  readonly actor: NotificationCause;
  readonly board: BoardRecord;
  readonly ticket: TicketSnapshot;
  readonly commentId?: CommentId | null;
  /** Plain text, shortened to `NOTIFICATION_EXCERPT_LENGTH` here if longer. */
  readonly excerpt?: string | null;
  readonly at: Date;
}

export interface NotificationPlan {
  readonly notifications: NotificationRecord[];
  readonly outbox: OutboxRecordOf<'notification'>[];
}

const TITLE_MAX = 300;

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The notifications and notification emails `events` cause (nothing is written). */
export async function planNotifications(store: Store, events: readonly NotificationEvent[]): Promise<NotificationPlan> {
  const plan: NotificationPlan = { notifications: [], outbox: [] };
  if (events.length === 0) return plan;
  const people = new Map<string, Map<UserId, UserRecord>>();
  const colleaguesOf = async (board: BoardRecord) => {
    let map = people.get(board.agencyId);
    if (!map) {
      map = new Map((await store.users.listByAgency(board.agencyId)).map((u) => [u.id, u]));
      people.set(board.agencyId, map);
    }
    return map;
  };
  const clients = new Map<ClientId, ClientRecord | null>();
  const clientOf = async (board: BoardRecord, id: ClientId | null): Promise<ClientRecord | null> => {
    if (id === null) return null;
    if (!clients.has(id)) {
      const client = await store.clients.get(id);
      clients.set(id, client && client.agencyId === board.agencyId ? client : null);
    }
    return clients.get(id) ?? null;
  };
  const clientName = async (board: BoardRecord, id: ClientId | null) => (await clientOf(board, id))?.name ?? null;
  const absencesByAgency = new Map<string, AbsenceRecord[]>();
  const absencesOf = async (board: BoardRecord) => {
    let list = absencesByAgency.get(board.agencyId);
    if (!list) {
      list = await store.absences.listByAgency(board.agencyId);
      absencesByAgency.set(board.agencyId, list);
    }
    return list;
  };

  for (const event of events) {
    const colleagues = await colleaguesOf(event.board);
    const actorId = event.actor.kind === 'staff' ? event.actor.userId : null;
    const day = await agencyDay(store, event.board.agencyId, event.at);
    const absences = await absencesOf(event.board);
    const away = (id: UserId) => isAway(id, day, absences);
    let wanted: UserId[] = [...event.recipients];
    if (wanted.some(away)) {
      const ticketClient = await clientOf(event.board, event.ticket.clientId);
      const managers = managersOf(ticketClient, event.board);
      const coverage = { client: ticketClient, day, absences, colleagues: [...colleagues.values()], board: event.board };
      wanted = wanted.flatMap((id) => (away(id) && managers.includes(id) ? [id, ...coverFor({ ...coverage, userId: id })] : [id]));
    }
    const recipients = [...new Set(wanted)].flatMap((id) => {
      const person = colleagues.get(id);
      return person && person.id !== actorId && canOpenBoard(person, event.board) ? [person] : [];
    });
    if (recipients.length === 0) continue;

    let actor: NotificationActor;
    if (event.actor.kind === 'staff') {
      actor = { kind: 'staff', userId: event.actor.userId, name: shorten(colleagues.get(event.actor.userId)?.name ?? '?', 200) };
    } else if (event.actor.kind === 'client') {
      actor = { kind: 'client', email: event.actor.email, name: event.actor.name === null ? null : shorten(event.actor.name, 200) };
    } else {
      actor = { kind: 'system' };
    }
    const at = event.at.toISOString();
    const client = await clientName(event.board, event.ticket.clientId);
    const excerpt = event.excerpt ? shorten(event.excerpt, NOTIFICATION_EXCERPT_LENGTH) : null;

    for (const person of recipients) {
      const notification: NotificationRecord = {
        id: newNotificationId(),
        agencyId: event.board.agencyId,
        userId: person.id,
        kind: event.kind,
        boardId: event.board.id,
        ticketId: event.ticket.id,
        ticketNumber: event.ticket.number,
        ticketTitle: shorten(event.ticket.title, TITLE_MAX),
        clientName: client === null ? null : shorten(client, 200),
        actor,
        commentId: event.commentId ?? null,
        excerpt,
        createdAt: at,
        readAt: null,
      };
      plan.notifications.push(notification);

      const delivery = resolveNotificationPrefs((await store.notificationPrefs.get(person.id))?.prefs)[event.kind];
      if (delivery === 'off' || away(person.id)) continue;
      plan.outbox.push({
        id: newOutboxId(),
        idempotencyKey: `notification:${notification.id}`,
        kind: 'notification',
        to: person.email,
        locale: person.locale ?? DEFAULT_LOCALE,
        agencyId: event.board.agencyId,
        boardId: event.board.id,
        ticketId: event.ticket.id,
        payload: { notificationId: notification.id, notificationKind: event.kind, delivery },
        status: 'pending',
        attempts: 0,
        nextAttemptAt: delivery === 'now' ? at : nextDigestAt(event.at).toISOString(),
        lastError: null,
        messageId: null,
        createdAt: at,
        sentAt: null,
      });
    }
  }
  return plan;
}

export interface Notifier {
  /**
   * Records the notifications `events` cause and their emails, in one store write, and wakes
   * the recipients' live subscriptions. Returns the notifications stored.
   */
  notify(events: readonly NotificationEvent[]): Promise<StoredNotification[]>;
}

export interface NotifierDeps {
  readonly store: Store;
  readonly events: ConversationEvents;
  readonly logger?: Logger;
}

export function createNotifier(deps: NotifierDeps): Notifier {
  return {
    async notify(events) {
      const plan = await planNotifications(deps.store, events);
      if (plan.notifications.length === 0) return [];
      const written = await deps.store.conversation.write({ notifications: plan.notifications, outbox: plan.outbox });
      announceNotifications(deps.events, written.notifications);
      return written.notifications;
    },
  };
}

/** Wakes the live subscriptions of everyone in `notifications`. */
export function announceNotifications(events: ConversationEvents, notifications: readonly { userId: UserId }[]): void {
  for (const userId of new Set(notifications.map((n) => n.userId))) events.userChanged(userId);
}
