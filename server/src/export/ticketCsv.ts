/**
 * The tickets CSV (`GET /export/tickets.csv`): one line per ticket of the boards given, in board
 * order then the document's order, with the columns of `TICKET_CSV_COLUMNS` headed in the reader's
 * language. Stage, status, priority and channel are their translated names; people, clients and
 * kinds their names; dates the agency's wall clock (`csv.ts`). "Closed at" is when the ticket last
 * became done or cancelled (from its history), empty while it is open.
 */
import type { Ticket } from '@fluxo/shared/board/ticket';
import type { HistoryEntry } from '@fluxo/shared/history/historyEntry';
import { type MessageKey } from '@fluxo/shared/i18n/ptBR';
import { translate } from '@fluxo/shared/i18n/translate';
import { isClosed } from '@fluxo/shared/flow/statuses';
import { csvLine, localDateTimeFormatter } from './csv.js';
import type { ExportNames } from './exportNames.js';

export const TICKET_CSV_COLUMNS = [
  'export.csv.number',
  'export.csv.title',
  'export.csv.board',
  'export.csv.client',
  'export.csv.kind',
  'export.csv.priority',
  'export.csv.stage',
  'export.csv.status',
  'export.csv.channel',
  'export.csv.assignees',
  'export.csv.dueDate',
  'export.csv.createdAt',
  'export.csv.closedAt',
  'export.csv.archived',
] as const satisfies readonly MessageKey[];

export interface TicketCsvBoard {
  readonly name: string;
  readonly tickets: readonly Ticket[];
  /** The board's history (append order), for "closed at". */
  readonly history: readonly HistoryEntry[];
}

/** When each ticket last became done or cancelled. */
function closings(history: readonly HistoryEntry[]): Map<string, string> {
  const closedAt = new Map<string, string>();
  for (const entry of history) {
    if (entry.kind === 'status_changed' && isClosed(entry.to) && !isClosed(entry.from)) closedAt.set(entry.ticketId, entry.at);
    else if (entry.kind === 'created' && isClosed(entry.status)) closedAt.set(entry.ticketId, entry.at);
  }
  return closedAt;
}

/** The CSV's lines (header first), each ending in CRLF; without the BOM. */
export function ticketCsvLines(boards: readonly TicketCsvBoard[], names: ExportNames): string[] {
  const t = (key: MessageKey) => translate(names.locale, key);
  const when = localDateTimeFormatter(names.timeZone);
  const lines = [csvLine(TICKET_CSV_COLUMNS.map(t))];
  const yes = t('export.csv.yes');
  const no = t('export.csv.no');
  for (const board of boards) {
    const closedAt = closings(board.history);
    for (const ticket of board.tickets) {
      const closed = isClosed(ticket.status) ? closedAt.get(ticket.id) : undefined;
      lines.push(
        csvLine([
          ticket.number,
          ticket.title,
          board.name,
          ticket.clientId === null ? null : (names.clients.get(ticket.clientId) ?? null),
          ticket.kind === null ? null : (names.kinds.get(ticket.kind) ?? ticket.kind),
          t(`priority.${ticket.priority}`),
          t(`stage.${ticket.stage}`),
          t(`status.${ticket.status}`),
          t(`channel.${ticket.channel}`),
          ticket.assignees.map((id) => names.users.get(id) ?? t('history.someone')).join(', '),
          ticket.dueDate,
          when(ticket.createdAt),
          closed === undefined ? null : when(closed),
          ticket.archived ? yes : no,
        ]),
      );
    }
  }
  return lines;
}
