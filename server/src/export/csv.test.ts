import type { Ticket } from '@fluxo/shared/board/ticket';
import type { HistoryEntry } from '@fluxo/shared/history/historyEntry';
import { describe, expect, it } from 'vitest';
import { CSV_SEPARATOR, csvCell, csvLine, localDateTimeFormatter } from './csv.js';
import type { ExportNames } from './exportNames.js';
import { historyCsvLines } from './historyCsv.js';
import { ticketCsvLines } from './ticketCsv.js';

describe('csv cells', () => {
  it('neutralises cells a spreadsheet would run as formulas (=, +, -, @, tab, CR)', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+55 11 9999')).toBe("'+55 11 9999");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('\r=cmd')).toBe('"\'\r=cmd"');
    expect(csvCell('=HYPERLINK("x";"y")')).toBe('"\'=HYPERLINK(""x"";""y"")"');
    expect(csvCell('Padaria = boa')).toBe('Padaria = boa');
  });

  it('quotes per RFC 4180 and writes CRLF lines with ;', () => {
    expect(CSV_SEPARATOR).toBe(';');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('diz "oi"')).toBe('"diz ""oi"""');
    expect(csvCell('linha\nnova')).toBe('"linha\nnova"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(12)).toBe('12');
    expect(csvLine(['Ação', null, 3])).toBe('Ação;;3\r\n');
  });

  it('writes instants as the zone’s wall clock', () => {
    const sp = localDateTimeFormatter('America/Sao_Paulo');
    expect(sp('2025-03-10T12:00:00.000Z')).toBe('2025-03-10 09:00:00');
    const lisbon = localDateTimeFormatter('Europe/Lisbon');
    expect(lisbon('2025-07-01T12:00:00.000Z')).toBe('2025-07-01 13:00:00'); // summer time
    expect(lisbon('2025-01-01T12:00:00.000Z')).toBe('2025-01-01 12:00:00');
  });
});

const names: ExportNames = {
  locale: 'pt-BR',
  timeZone: 'America/Sao_Paulo',
  users: new Map([['AnaAtendimento01', 'Ana']]),
  clients: new Map([['ClientPadaria001', 'Padaria Pão Dourado']]),
  kinds: new Map([['banner', 'Banner']]),
};

const base = { boardId: 'BoardFluxoDemo01', ticketId: 'Ticket0000000001', ticketNumber: 7, author: 'AnaAtendimento01' } as const;

describe('ticket and history CSVs', () => {
  const ticket = {
    id: 'Ticket0000000001',
    number: 7,
    createdAt: '2025-03-10T12:00:00.000Z',
    createdBy: null,
    channel: 'email',
    clientId: 'ClientPadaria001',
    kind: 'banner',
    priority: 'high',
    stage: 'delivery',
    rank: 'a0',
    status: 'done',
    dueDate: '2025-03-20',
    archived: false,
    title: 'Banner',
    summary: '',
    description: '',
    steps: [],
    assignees: ['AnaAtendimento01', 'Gone000000000000'],
  } as unknown as Ticket;
  const history = [
    { ...base, id: 'H000000000000001', at: '2025-03-10T12:00:00.000Z', kind: 'created', stage: 'triage', status: 'open', channel: 'email', clientId: null },
    { ...base, id: 'H000000000000002', at: '2025-03-12T18:30:00.000Z', kind: 'status_changed', from: 'open', to: 'done' },
    { ...base, id: 'H000000000000003', at: '2025-03-11T10:00:00.000Z', kind: 'assigned', userId: 'AnaAtendimento01', author: null },
  ] as unknown as HistoryEntry[];

  it('names everything and takes "closed at" from the history', () => {
    const [header, row] = ticketCsvLines([{ name: 'Fluxo', tickets: [ticket], history }], names);
    expect(header).toBe('Número;Título;Quadro;Cliente;Tipo;Prioridade;Etapa;Situação;Canal;Responsáveis;Prazo prometido;Aberto em;Fechado em;Arquivado\r\n');
    expect(row).toBe('7;Banner;Fluxo;Padaria Pão Dourado;Banner;Alta;Entrega;Concluído;E-mail;Ana, Alguém;2025-03-20;2025-03-10 09:00:00;2025-03-12 15:30:00;não\r\n');
  });

  it('orders the history by time and keeps a period of agency days', () => {
    const lines = historyCsvLines([{ name: 'Fluxo', entries: history }], { ...names, locale: 'en' }, { fromInstant: null, toInstant: null });
    expect(lines).toEqual([
      'Number;Board;When;Who;What;From;To\r\n',
      '7;Fluxo;2025-03-10 09:00:00;Ana;Opened;;Triage · Open · Email\r\n',
      '7;Fluxo;2025-03-11 07:00:00;Fluxo (automatic);Assignee added;;Ana\r\n',
      '7;Fluxo;2025-03-12 15:30:00;Ana;Status changed;Open;Done\r\n',
    ]);
    const day = historyCsvLines([{ name: 'Fluxo', entries: history }], names, {
      fromInstant: Date.parse('2025-03-11T03:00:00.000Z'),
      toInstant: Date.parse('2025-03-12T03:00:00.000Z'),
    });
    expect(day).toHaveLength(2);
    expect(day[1]).toContain('Responsável incluído');
  });
});
