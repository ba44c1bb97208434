import { HISTORY_KIND_ORDER } from '@fluxo/shared/history/historyEntry';
import { LOCALES, type Locale, translate } from '@fluxo/shared/i18n/translate';
import { describe, expect, it } from 'vitest';
import type { TicketHistoryItem } from '../data/tickets';
import type { I18n } from '../i18n/locale';
import { historyAction, historyAuthor } from './historyText';

const base = {
  id: 'Hist000000000001',
  boardId: 'BoardFluxoDemo01',
  ticketId: 'Ticket0000000001',
  ticketNumber: 3,
  at: '2025-03-10T12:00:00.000Z',
  author: 'PauloProducao001',
  authorName: 'Paulo',
};

/** One entry of every kind the server records. */
const ENTRIES = {
  created: { kind: 'created', stage: 'triage', status: 'open', channel: 'whatsapp', clientId: null },
  client_changed: { kind: 'client_changed', from: null, to: 'ClienteLojaAzul1' },
  channel_changed: { kind: 'channel_changed', from: 'email', to: 'phone' },
  kind_changed: { kind: 'kind_changed', from: null, to: 'landing-page' },
  priority_changed: { kind: 'priority_changed', from: 'normal', to: 'urgent' },
  moved: { kind: 'moved', from: 'planning', to: 'production' },
  handoff: { kind: 'handoff', to: ['AnaAtendimento01'] },
  status_changed: { kind: 'status_changed', from: 'open', to: 'waiting_client' },
  steps_changed: { kind: 'steps_changed', from: [], to: ['concept', 'design'] },
  step_done: { kind: 'step_done', step: 'review' },
  step_undone: { kind: 'step_undone', step: 'review' },
  assigned: { kind: 'assigned', userId: 'AnaAtendimento01' },
  unassigned: { kind: 'unassigned', userId: 'SomeoneGone00001' },
  due_date_changed: { kind: 'due_date_changed', from: null, to: '2025-03-20' },
  archived: { kind: 'archived' },
  restored: { kind: 'restored' },
} as const;

const i18nFor = (locale: Locale): I18n => ({
  locale: () => locale,
  setLocale: () => {},
  t: (key, params) => translate(locale, key, params),
});

const names = {
  members: [{ id: 'AnaAtendimento01', name: 'Ana', role: 'atendimento' }],
  clients: [{ id: 'ClienteLojaAzul1', name: 'Loja Azul' }],
} as unknown as Parameters<typeof historyAction>[2];

describe('history sentences', () => {
  it('has a sentence for every recorded kind in every language, naming things instead of ids', () => {
    expect(Object.keys(ENTRIES).sort()).toEqual([...HISTORY_KIND_ORDER].sort());
    for (const locale of LOCALES) {
      for (const entry of Object.values(ENTRIES)) {
        const text = historyAction(i18nFor(locale), { ...base, ...entry } as unknown as TicketHistoryItem, names);
        expect(text, `${locale} ${entry.kind}`).not.toMatch(/[{}]|[A-Za-z0-9]{16}/);
        expect(text.length).toBeGreaterThan(3);
      }
    }
  });

  it('names people, clients and the server', () => {
    const pt = i18nFor('pt-BR');
    const action = (entry: object) => historyAction(pt, { ...base, ...entry } as unknown as TicketHistoryItem, names);
    expect(action(ENTRIES.assigned)).toBe('adicionou Ana aos responsáveis');
    expect(action(ENTRIES.unassigned)).toBe('tirou Pessoa fora do quadro dos responsáveis');
    expect(action(ENTRIES.client_changed)).toBe('definiu o cliente: Loja Azul');
    expect(action(ENTRIES.steps_changed)).toBe('escolheu as etapas de produção: Conceito e Design');
    expect(historyAuthor(pt, { ...base, ...ENTRIES.archived } as unknown as TicketHistoryItem)).toBe('Paulo');
    expect(historyAuthor(pt, { ...base, ...ENTRIES.archived, author: null, authorName: null } as unknown as TicketHistoryItem)).toBe(
      'Fluxo (automático)',
    );
    expect(historyAuthor(pt, { ...base, ...ENTRIES.archived, authorName: null } as unknown as TicketHistoryItem)).toBe('Alguém');
  });
});
