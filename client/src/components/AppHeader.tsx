import { A } from '@solidjs/router';
import { useMutation, useQueryClient } from '@tanstack/solid-query';
import { logoutMutation, type SessionUser } from '../data/auth';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import LanguageSwitch from './LanguageSwitch';

/** The signed-in bar: brand, who is signed in, language, sign out. */
export default function AppHeader(props: { user: SessionUser }) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const logout = useMutation(() => logoutMutation(trpc, queryClient));

  // Signing out empties the session in the cache; the route guard then shows the login page.
  const signOut = () => logout.mutate();

  return (
    <header class="app-header">
      <A href="/boards" class="brand" end>
        <img src="/favicon.svg" alt="" width="28" height="28" />
        <span>{i18n.t('app.name')}</span>
      </A>
      <div class="app-header__tools">
        <span class="app-header__user">{i18n.t('auth.signedInAs', { name: props.user.name })}</span>
        <LanguageSwitch />
        <button type="button" class="button button--ghost" onClick={signOut} disabled={logout.isPending}>
          {i18n.t('auth.logout')}
        </button>
      </div>
    </header>
  );
}
