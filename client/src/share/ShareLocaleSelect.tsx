import { LOCALE_NAMES, LOCALES, isLocale } from '@fluxo/shared/i18n/index';
import { For, createUniqueId } from 'solid-js';
import { useI18n } from '../i18n/locale';

/**
 * The page's small language switch (pt-BR, en, ru), each language named in itself. The choice is
 * remembered on this browser (`createI18n`'s `setLocale`); without one, the browser's languages
 * decide.
 */
export default function ShareLocaleSelect() {
  const i18n = useI18n();
  const id = createUniqueId();
  return (
    <label class="share-locale" for={id}>
      <span>{i18n.t('share.language')}</span>
      <select
        id={id}
        value={i18n.locale()}
        onChange={(event) => {
          const value = event.currentTarget.value;
          if (isLocale(value)) i18n.setLocale(value);
        }}
      >
        <For each={LOCALES}>{(locale) => <option value={locale}>{LOCALE_NAMES[locale]}</option>}</For>
      </select>
    </label>
  );
}
