import { describe, expect, it } from 'vitest';
import { CHANNELS, PRODUCTION_STEPS, STAGES, STATUSES } from '../flow/index.js';
import { ROLES } from '../roles.js';
import { DICTIONARIES, LOCALES, negotiateLocale, translate } from './translate.js';
import { ptBR, type MessageKey } from './ptBR.js';

describe('translate', () => {
  it('speaks pt-BR by default vocabulary of seed 001', () => {
    expect(translate('pt-BR', 'stage.triage')).toBe('Triagem');
    expect(translate('pt-BR', 'status.waiting_client')).toBe('Aguardando cliente');
    expect(translate('ru', 'stage.delivery')).toBe('Сдача');
    expect(translate('en', 'stage.planning')).toBe('Planning');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'move.to', { stage: 'Delivery' })).toBe('Move to Delivery');
    expect(translate('en', 'move.to')).toBe('Move to {stage}');
  });

  it('chooses plural forms per language', () => {
    expect(translate('pt-BR', 'sync.offline', { count: 0 })).toBe('Offline — nenhuma alteração pendente');
    expect(translate('en', 'sync.offline', { count: 0 })).toBe('Offline — no pending changes');
    expect(translate('pt-BR', 'ticket.count', { count: 0 })).toBe('0 tickets');
    expect(translate('pt-BR', 'sync.offline', { count: 1 })).toBe('Offline — 1 alteração pendente');
    expect(translate('pt-BR', 'sync.offline', { count: 3 })).toBe('Offline — 3 alterações pendentes');
    expect(translate('ru', 'ticket.count', { count: 1 })).toBe('1 тикет');
    expect(translate('ru', 'ticket.count', { count: 3 })).toBe('3 тикета');
    expect(translate('ru', 'ticket.count', { count: 5 })).toBe('5 тикетов');
    expect(translate('ru', 'ticket.count', { count: 21 })).toBe('21 тикет');
  });

  it('names every flow term in every language', () => {
    const keys: MessageKey[] = [
      ...STAGES.map((s) => `stage.${s}` as const),
      ...STATUSES.map((s) => `status.${s}` as const),
      ...PRODUCTION_STEPS.map((s) => `step.${s}` as const),
      ...CHANNELS.map((c) => `channel.${c}` as const),
      ...ROLES.map((r) => `role.${r}` as const),
    ];
    for (const locale of LOCALES) {
      for (const key of keys) {
        const text = translate(locale, key);
        expect(text, `${locale} ${key}`).not.toBe('');
        expect(text, `${locale} ${key}`).not.toContain('{');
      }
    }
  });

  it('has exactly the same keys in every dictionary', () => {
    const reference = Object.keys(ptBR).sort();
    for (const locale of LOCALES) {
      expect(Object.keys(DICTIONARIES[locale]).sort(), locale).toEqual(reference);
    }
  });
});

describe('negotiateLocale', () => {
  it('falls back to pt-BR', () => {
    expect(negotiateLocale([])).toBe('pt-BR');
    expect(negotiateLocale(['de-DE', 'fr'])).toBe('pt-BR');
  });
  it('matches exactly, then by primary language, in preference order', () => {
    expect(negotiateLocale(['ru-RU', 'en'])).toBe('ru');
    expect(negotiateLocale(['en-GB'])).toBe('en');
    expect(negotiateLocale(['pt-PT'])).toBe('pt-BR');
    expect(negotiateLocale(['de', 'EN-us'])).toBe('en');
  });
});
