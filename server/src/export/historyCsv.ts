/**
 * The history CSV (`GET /export/history.csv`): one line per history entry of the boards given,
 * in time order (entries of one instant keep their recorded order), optionally only those from
 * the agency day `from` to the agency day `to` (both included). Columns `HISTORY_CSV_COLUMNS`:
 * the ticket's number, the board, when (agency wall clock), who (the person's name; "Fluxo
 * (automatic)" for the server), what (the kind, named in the reader's language) and the values
 * it changed from and to, named as the board shows them.
 */
import type { HistoryEntry } from '@fluxo/shared/history/historyEntry';
import type { MessageKey } from '@fluxo/shared/i18n/ptBR';
import { translate } from '@fluxo/shared/i18n/translate';
import { csvLine, localDateTimeFormatter } from './csv.js';
import type { ExportNames } from './exportNames.js';

export const HISTORY_CSV_COLUMNS = [
  'export.csv.number',
  'export.csv.board',
  'export.csv.when',
  'export.csv.who',
  'export.csv.what',
  'export.csv.from',
  'export.csv.to',
] as const satisfies readonly MessageKey[];

export interface HistoryCsvBoard {
  readonly name: string;
  readonly entries: readonly HistoryEntry[];
}

/** Entries with `fromInstant <= at < toInstant` (epoch ms; `null` = unbounded). */
export interface HistoryRange {
  readonly fromInstant: number | null;
  readonly toInstant: number | null;
}

/** Translations and names, looked up once per distinct value (an export repeats them a lot). */
function labeller(names: ExportNames) {
  const cache = new Map<string, string>();
  const t = (key: MessageKey): string => {
    let text = cache.get(key);
    if (text === undefined) {
      text = translate(names.locale, key);
      cache.set(key, text);
    }
    return text;
  };
  const someone = t('history.someone');
  const unknownClient = t('drawer.client.unknown');
  return {
    t,
    person: (id: string) => names.users.get(id) ?? someone,
    client: (id: string | null) => (id === null ? null : (names.clients.get(id) ?? unknownClient)),
    kind: (slug: string | null) => (slug === null ? null : (names.kinds.get(slug) ?? slug)),
  };
}
type Labels = ReturnType<typeof labeller>;

function fromTo(entry: HistoryEntry, { t, person, client, kind }: Labels): [string | null, string | null] {
  switch (entry.kind) {
    case 'created':
      return [null, `${t(`stage.${entry.stage}`)} · ${t(`status.${entry.status}`)} · ${t(`channel.${entry.channel}`)}`];
    case 'moved':
      return [t(`stage.${entry.from}`), t(`stage.${entry.to}`)];
    case 'handoff':
      return [t('stage.production'), [t('stage.delivery'), ...entry.to.map(person)].join(', ')];
    case 'status_changed':
      return [t(`status.${entry.from}`), t(`status.${entry.to}`)];
    case 'assigned':
      return [null, person(entry.userId)];
    case 'unassigned':
      return [person(entry.userId), null];
    case 'due_date_changed':
      return [entry.from, entry.to];
    case 'steps_changed':
      return [entry.from.map((s) => t(`step.${s}`)).join(', '), entry.to.map((s) => t(`step.${s}`)).join(', ')];
    case 'step_done':
      return [null, t(`step.${entry.step}`)];
    case 'step_undone':
      return [t(`step.${entry.step}`), null];
    case 'archived':
    case 'restored':
      return [null, null];
    case 'client_changed':
      return [client(entry.from), client(entry.to)];
    case 'channel_changed':
      return [t(`channel.${entry.from}`), t(`channel.${entry.to}`)];
    case 'kind_changed':
      return [kind(entry.from), kind(entry.to)];
    case 'priority_changed':
      return [t(`priority.${entry.from}`), t(`priority.${entry.to}`)];
  }
}

/** The CSV's lines (header first), each ending in CRLF; without the BOM. */
export function historyCsvLines(boards: readonly HistoryCsvBoard[], names: ExportNames, range: HistoryRange): string[] {
  const labels = labeller(names);
  const { t } = labels;
  const when = localDateTimeFormatter(names.timeZone);
  // Parallel arrays (no object per entry); sorted by time only when the boards interleave.
  const entries: HistoryEntry[] = [];
  const boardOf: string[] = [];
  const ats: number[] = [];
  let sorted = true;
  for (const board of boards) {
    for (const entry of board.entries) {
      const at = Date.parse(entry.at);
      if (range.fromInstant !== null && at < range.fromInstant) continue;
      if (range.toInstant !== null && at >= range.toInstant) continue;
      if (ats.length > 0 && at < (ats[ats.length - 1] as number)) sorted = false;
      entries.push(entry);
      boardOf.push(board.name);
      ats.push(at);
    }
  }
  let order: number[] | null = null;
  if (!sorted) {
    order = Array.from(entries, (_, i) => i);
    order.sort((a, b) => (ats[a] as number) - (ats[b] as number) || a - b); // one instant keeps its recorded order
  }
  const system = t('history.system');
  const lines = [csvLine(HISTORY_CSV_COLUMNS.map(t))];
  for (let n = 0; n < entries.length; n++) {
    const i = order === null ? n : (order[n] as number);
    const entry = entries[i] as HistoryEntry;
    const [from, to] = fromTo(entry, labels);
    lines.push(
      csvLine([
        entry.ticketNumber,
        boardOf[i] as string,
        when(entry.at),
        entry.author === null ? system : labels.person(entry.author),
        t(`export.historyKind.${entry.kind}`),
        from,
        to,
      ]),
    );
  }
  return lines;
}
