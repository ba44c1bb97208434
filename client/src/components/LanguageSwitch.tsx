import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import { createUniqueId, For } from 'solid-js';
import { isLocale, LOCALE_NAMES, LOCALES } from '@fluxo/shared/i18n/index';
import { meQuery, setAccountLocaleMutation } from '../data/auth';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';

/**
 * Language picker, each language named in itself. The choice is remembered on this browser and,
 * for a signed-in person, saved on the account (optimistically, so the UI switches at once).
 */
export default function LanguageSwitch() {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const me = useQuery(() => meQuery(trpc));
  const saveOnAccount = useMutation(() => setAccountLocaleMutation(trpc, queryClient));
  const id = createUniqueId();

  const choose = (event: Event & { currentTarget: HTMLSelectElement }) => {
    const value = event.currentTarget.value;
    if (!isLocale(value)) return;
    i18n.setLocale(value);
    if (me.data) saveOnAccount.mutate(value);
  };

  return (
    <div class="language-switch">
      <label for={id}>{i18n.t('language.label')}</label>
      <select id={id} name="locale" onChange={choose}>
        <For each={LOCALES}>
          {(locale) => (
            <option value={locale} lang={locale} selected={locale === i18n.locale()}>
              {LOCALE_NAMES[locale]}
            </option>
          )}
        </For>
      </select>
    </div>
  );
}
