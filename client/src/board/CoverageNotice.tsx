import { useQuery } from '@tanstack/solid-query';
import { For, Show, createMemo } from 'solid-js';
import { type AbsenceItem, absencesQuery, formatAbsenceDay } from '../data/absences';
import type { BoardSummary } from '../data/boards';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import './coverageNotice.css';

/**
 * The board header's line about who is away today and who covers their clients (issue 7):
 * "Beatriz está ausente até 16/03 — Ana cobre Estúdio Lótus Yoga." One line per person away
 * today (`absences.list {boardId}`, computed by the server for this board: the client's other
 * account manager, else the board's present account managers); clients covered by the same
 * people are named together, and clients nobody present can cover are said to be so. Nothing
 * is shown while loading, on an error, or when nobody is away: it is a notice, not a screen.
 */
export default function CoverageNotice(props: { boardId: BoardSummary['id'] }) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const absences = useQuery(() => absencesQuery(trpc, props.boardId));
  const current = createMemo(() => absences.data?.absences.filter((a) => a.current) ?? []);

  const list = (names: readonly string[]) =>
    new Intl.ListFormat(i18n.locale(), { style: 'long', type: 'conjunction' }).format(names);

  const sentence = (absence: AbsenceItem): string => {
    const parts = [i18n.t('absence.notice.away', { name: absence.user.name, until: formatAbsenceDay(i18n.locale(), absence.to) })];
    const groups = new Map<string, { people: string[]; clients: string[] }>();
    for (const client of absence.coverage) {
      const key = client.coveredBy.map((p) => p.id).join(' ');
      const group = groups.get(key) ?? { people: client.coveredBy.map((p) => p.name), clients: [] };
      group.clients.push(client.clientName);
      groups.set(key, group);
    }
    for (const { people, clients } of groups.values()) {
      parts.push(
        people.length > 0
          ? i18n.t('absence.notice.covers', { count: people.length, people: list(people), clients: list(clients) })
          : i18n.t('absence.notice.uncovered', { clients: list(clients) }),
      );
    }
    return `${parts.join(' — ')}.`;
  };

  return (
    <Show when={current().length > 0}>
      <section class="coverage-notice" aria-label={i18n.t('absence.notice.label')}>
        <ul class="coverage-notice__list">
          <For each={current()}>{(absence) => <li>{sentence(absence)}</li>}</For>
        </ul>
      </section>
    </Show>
  );
}
