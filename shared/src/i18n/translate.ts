/**
 * Message lookup and locale negotiation. Pure: no DOM, no `node:*`, so the server (emails) and
 * the client (UI) translate the same way. Placeholders are `{name}`; a plural message picks its
 * form with `Intl.PluralRules` from the numeric `count` parameter.
 */
import { en } from './en.js';
import { type Dictionary, type Message, type MessageKey, ptBR } from './ptBR.js';
import { ru } from './ru.js';

export const LOCALES = ['pt-BR', 'en', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'pt-BR';

/** Each language named in itself, for the language switch. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  'pt-BR': 'Português (Brasil)',
  en: 'English',
  ru: 'Русский',
};

export const DICTIONARIES: Readonly<Record<Locale, Dictionary>> = { 'pt-BR': ptBR, en, ru };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export type MessageParams = Readonly<Record<string, string | number>>;

const pluralRules = new Map<Locale, Intl.PluralRules>();
function pluralCategory(locale: Locale, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return rules.select(count);
}

function pickForm(locale: Locale, message: Message, params: MessageParams | undefined): string {
  if (typeof message === 'string') return message;
  const count = params?.count;
  if (typeof count !== 'number') return message.other;
  if (count === 0 && message.zero !== undefined) return message.zero;
  const category = pluralCategory(locale, count);
  if (category === 'one') return message.one;
  if (category === 'few') return message.few ?? message.other;
  if (category === 'many') return message.many ?? message.other;
  return message.other;
}

export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const form = pickForm(locale, DICTIONARIES[locale][key], params);
  if (!params) return form;
  return form.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/**
 * Pick the best supported locale for a list of preferred language tags (e.g. navigator.languages
 * or Accept-Language entries): an exact match first, then a match on the primary subtag
 * (any `pt-*` → pt-BR, `en-GB` → en), else pt-BR.
 */
export function negotiateLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const lower = tag.trim().toLowerCase();
    const exact = LOCALES.find((l) => l.toLowerCase() === lower);
    if (exact) return exact;
    const primary = lower.split('-')[0];
    const byPrimary = LOCALES.find((l) => l.toLowerCase().split('-')[0] === primary);
    if (byPrimary) return byPrimary;
  }
  return DEFAULT_LOCALE;
}
