/**
 * The UI language. Which locale wins, in order:
 *   1. the signed-in account's saved choice (`user.locale`, follows the person across devices);
 *   2. the choice saved on this browser (localStorage `fluxo.locale`, also used before sign-in);
 *   3. the browser's languages (`navigator.languages`) negotiated against the dictionaries;
 *   4. pt-BR (negotiateLocale's fallback).
 * The current locale is a memo of those sources, never a copy kept in sync by effects; the only
 * effect writes it out to `<html lang>` so assistive technology and hyphenation follow it.
 * Strings come from the shared dictionaries (`@fluxo/shared/i18n`), the same ones the server
 * uses for emails.
 */
import {
  type Accessor,
  createContext,
  createMemo,
  createRenderEffect,
  createSignal,
  useContext,
} from 'solid-js';
import {
  isLocale,
  type Locale,
  type MessageKey,
  type MessageParams,
  negotiateLocale,
  translate,
} from '@fluxo/shared/i18n/index';

export const LOCALE_STORAGE_KEY = 'fluxo.locale';

export interface LocaleSources {
  readonly account: Locale | null | undefined;
  readonly stored: Locale | null;
  readonly languages: readonly string[];
}

export function resolveLocale(sources: LocaleSources): Locale {
  return sources.account ?? sources.stored ?? negotiateLocale(sources.languages);
}

/** The locale saved on this browser; storage may be disabled or hold junk, both read as none. */
export function readStoredLocale(): Locale | null {
  try {
    const value = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

function writeStoredLocale(locale: Locale): void {
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Storage disabled (private mode, quota): the choice lasts for this page only.
  }
}

export function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  if (navigator.languages?.length) return navigator.languages;
  return navigator.language ? [navigator.language] : [];
}

export interface I18n {
  readonly locale: Accessor<Locale>;
  /** Remember a choice on this browser. Saving it on the account is the data layer's job. */
  readonly setLocale: (locale: Locale) => void;
  readonly t: (key: MessageKey, params?: MessageParams) => string;
}

export interface I18nOptions {
  /** The signed-in account's saved locale, reactive; null/undefined when none. */
  readonly accountLocale?: Accessor<Locale | null | undefined>;
  readonly languages?: () => readonly string[];
}

/** Must run under a Solid owner (a component or createRoot): it creates a memo and an effect. */
export function createI18n(options: I18nOptions = {}): I18n {
  const [stored, setStored] = createSignal<Locale | null>(readStoredLocale());
  const languages = options.languages ?? browserLanguages;
  const locale = createMemo(() =>
    resolveLocale({ account: options.accountLocale?.(), stored: stored(), languages: languages() }),
  );
  createRenderEffect(() => {
    if (typeof document !== 'undefined') document.documentElement.lang = locale();
  });
  return {
    locale,
    setLocale: (next) => {
      writeStoredLocale(next);
      setStored(next);
    },
    t: (key, params) => translate(locale(), key, params),
  };
}

export const I18nContext = createContext<I18n>();

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n() outside <LocaleProvider>');
  return i18n;
}
