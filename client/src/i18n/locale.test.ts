import { createRoot, createSignal } from 'solid-js';
import { describe, expect, it, vi } from 'vitest';
import type { Locale } from '@fluxo/shared/i18n/index';
import { browserLanguages, createI18n, LOCALE_STORAGE_KEY, readStoredLocale, resolveLocale } from './locale';

/**
 * Creates the i18n under a root, as a component would; the checks run outside the root's
 * initial (batched) execution, like event handlers do, and the root is disposed afterwards.
 */
function withI18n(options: Parameters<typeof createI18n>[0], check: (i18n: ReturnType<typeof createI18n>) => void) {
  const { i18n, dispose } = createRoot((dispose) => ({ i18n: createI18n(options), dispose }));
  try {
    check(i18n);
  } finally {
    dispose();
  }
}

describe('resolveLocale', () => {
  it('negotiates the browser languages when nothing was chosen', () => {
    expect(resolveLocale({ account: null, stored: null, languages: ['ru-RU', 'en'] })).toBe('ru');
    expect(resolveLocale({ account: null, stored: null, languages: ['pt-PT'] })).toBe('pt-BR');
    expect(resolveLocale({ account: null, stored: null, languages: ['de-DE', 'en-GB'] })).toBe('en');
  });

  it('falls back to pt-BR for unsupported or missing languages', () => {
    expect(resolveLocale({ account: null, stored: null, languages: ['de-DE', 'fr'] })).toBe('pt-BR');
    expect(resolveLocale({ account: undefined, stored: null, languages: [] })).toBe('pt-BR');
  });

  it('a choice saved on this browser beats the browser languages', () => {
    expect(resolveLocale({ account: null, stored: 'en', languages: ['ru'] })).toBe('en');
  });

  it("the account's saved locale beats this browser's choice", () => {
    expect(resolveLocale({ account: 'ru', stored: 'en', languages: ['pt-BR'] })).toBe('ru');
  });
});

describe('stored locale', () => {
  it('reads only a supported locale from localStorage', () => {
    expect(readStoredLocale()).toBeNull();
    localStorage.setItem(LOCALE_STORAGE_KEY, 'en');
    expect(readStoredLocale()).toBe('en');
    localStorage.setItem(LOCALE_STORAGE_KEY, 'klingon');
    expect(readStoredLocale()).toBeNull();
  });

  it('treats unavailable storage as no choice', () => {
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    expect(readStoredLocale()).toBeNull();
  });
});

describe('browserLanguages', () => {
  it('uses navigator.languages, else navigator.language', () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['ru-RU', 'ru']);
    expect(browserLanguages()).toEqual(['ru-RU', 'ru']);
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue([]);
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('en-US');
    expect(browserLanguages()).toEqual(['en-US']);
  });
});

describe('createI18n', () => {
  it('starts from navigator.languages and writes <html lang>', () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['ru-RU', 'ru']);
    withI18n({}, (i18n) => {
      expect(i18n.locale()).toBe('ru');
      expect(document.documentElement.lang).toBe('ru');
      expect(i18n.t('auth.password')).toBe('Пароль');
    });
  });

  it('setLocale switches the language, persists it, and survives a reload', () => {
    withI18n({ languages: () => ['pt-BR'] }, (i18n) => {
      expect(i18n.t('auth.submit')).toBe('Entrar');
      i18n.setLocale('en');
      expect(i18n.locale()).toBe('en');
      expect(i18n.t('auth.submit')).toBe('Sign in');
      expect(document.documentElement.lang).toBe('en');
      expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
    });
    // A fresh page on the same browser.
    withI18n({ languages: () => ['pt-BR'] }, (i18n) => expect(i18n.locale()).toBe('en'));
  });

  it('follows the account locale as it arrives and leaves, then falls back to the local choice', () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'en');
    const [account, setAccount] = createSignal<Locale | null | undefined>(undefined);
    withI18n({ accountLocale: account, languages: () => [] }, (i18n) => {
      expect(i18n.locale()).toBe('en');
      setAccount('ru');
      expect(i18n.locale()).toBe('ru');
      expect(document.documentElement.lang).toBe('ru');
      setAccount(null);
      expect(i18n.locale()).toBe('en');
    });
  });

  it('translates plural messages with parameters', () => {
    withI18n({ languages: () => ['ru'] }, (i18n) => {
      expect(i18n.t('auth.error.throttled', { count: 5 })).toMatch(/5/);
      expect(i18n.t('auth.error.throttled', { count: 5 })).not.toBe(i18n.t('auth.error.throttled', { count: 1 }));
    });
  });
});
