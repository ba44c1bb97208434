/**
 * One history entry as a sentence in the reader's language: who (the author's name, "Fluxo
 * (automatic)" for the server, "Someone" for a person no longer in the agency) and what they did,
 * with stages, statuses, steps, channels, people and clients named, never shown as ids.
 */
import type { I18n } from '../i18n/locale';
import type { TicketHistoryItem } from '../data/tickets';
import type { BoardClient, BoardMember } from './drawerTypes';
import { formatDay } from './ticketDates';

export interface HistoryNames {
  readonly members: readonly BoardMember[];
  readonly clients: readonly BoardClient[];
}

export function historyAuthor(i18n: I18n, entry: TicketHistoryItem): string {
  if (entry.author === null) return i18n.t('history.system');
  return entry.authorName ?? i18n.t('history.someone');
}

export function historyAction(i18n: I18n, entry: TicketHistoryItem, names: HistoryNames): string {
  const person = (id: string) => names.members.find((m) => m.id === id)?.name ?? i18n.t('drawer.person.unknown');
  const client = (id: string) => names.clients.find((c) => c.id === id)?.name ?? i18n.t('drawer.client.unknown');
  switch (entry.kind) {
    case 'created':
      return i18n.t('history.created', { stage: i18n.t(`stage.${entry.stage}`), channel: i18n.t(`channel.${entry.channel}`) });
    case 'moved':
      return i18n.t('history.moved', { from: i18n.t(`stage.${entry.from}`), to: i18n.t(`stage.${entry.to}`) });
    case 'handoff':
      return i18n.t('history.handoff');
    case 'status_changed':
      return i18n.t('history.status_changed', { from: i18n.t(`status.${entry.from}`), to: i18n.t(`status.${entry.to}`) });
    case 'assigned':
      return i18n.t('history.assigned', { person: person(entry.userId) });
    case 'unassigned':
      return i18n.t('history.unassigned', { person: person(entry.userId) });
    case 'due_date_changed':
      return entry.to === null
        ? i18n.t('history.due_date_cleared')
        : i18n.t('history.due_date_set', { to: formatDay(i18n.locale(), entry.to) });
    case 'steps_changed': {
      if (entry.to.length === 0) return i18n.t('history.steps_cleared');
      const steps = new Intl.ListFormat(i18n.locale(), { type: 'conjunction' }).format(
        entry.to.map((step) => i18n.t(`step.${step}`)),
      );
      return i18n.t('history.steps_changed', { steps });
    }
    case 'step_done':
      return i18n.t('history.step_done', { step: i18n.t(`step.${entry.step}`) });
    case 'step_undone':
      return i18n.t('history.step_undone', { step: i18n.t(`step.${entry.step}`) });
    case 'archived':
      return i18n.t('history.archived');
    case 'restored':
      return i18n.t('history.restored');
    case 'client_changed':
      return entry.to === null ? i18n.t('history.client_cleared') : i18n.t('history.client_set', { to: client(entry.to) });
    case 'channel_changed':
      return i18n.t('history.channel_changed', {
        from: i18n.t(`channel.${entry.from}`),
        to: i18n.t(`channel.${entry.to}`),
      });
    case 'kind_changed':
      return entry.to === null ? i18n.t('history.kind_cleared') : i18n.t('history.kind_set', { to: entry.to });
    case 'priority_changed':
      return i18n.t('history.priority_changed', { from: i18n.t(`priority.${entry.from}`), to: i18n.t(`priority.${entry.to}`) });
  }
}
