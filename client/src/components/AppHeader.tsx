import { A } from '@solidjs/router';
import { useMutation, useQueryClient } from '@tanstack/solid-query';
import { Show, onCleanup, onMount } from 'solid-js';
import { logoutMutation, type SessionUser } from '../data/auth';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import LanguageSwitch from './LanguageSwitch';
import NotificationBell from '../notifications/NotificationBell';
import SearchBox from '../search/SearchBox';

/** The signed-in bar: brand, the outbox (admins), the notification bell, who is signed in, language, sign out. */
export default function AppHeader(props: { user: SessionUser }) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const logout = useMutation(() => logoutMutation(trpc, queryClient));

  // Signing out empties the session in the cache; the route guard then shows the login page.
  const signOut = () => logout.mutate();

  // The header's height (it wraps on narrow screens) as `--app-header-height` on <html>, so the
  // ticket drawer opens below it and the bell, language and sign-out stay reachable.
  let header: HTMLElement | undefined;
  onMount(() => {
    const root = document.documentElement;
    const publish = () => root.style.setProperty('--app-header-height', `${header?.offsetHeight ?? 0}px`);
    publish();
    const observer = new ResizeObserver(publish);
    if (header) observer.observe(header);
    onCleanup(() => {
      observer.disconnect();
      root.style.removeProperty('--app-header-height');
    });
  });

  return (
    <header class="app-header" ref={header}>
      <A href="/boards" class="brand" end>
        <img src="/favicon.svg" alt="" width="28" height="28" />
        <span>{i18n.t('app.name')}</span>
      </A>
      <div class="app-header__tools">
        <SearchBox />
        <Show when={props.user.role === 'admin'}>
          <A href="/admin/mail" class="app-header__link">
            {i18n.t('mail.nav')}
          </A>
        </Show>
        <Show when={props.user.role === 'admin' || props.user.role === 'atendimento'}>
          <A href="/relatorios" class="app-header__link">
            {i18n.t('reports.nav')}
          </A>
        </Show>
        <A href="/absences" class="app-header__link">
          {i18n.t('absence.nav')}
        </A>
        <A href="/documents" class="app-header__link">
          {i18n.t('document.nav')}
        </A>
        <A href="/clients" class="app-header__link">
          {i18n.t('clients.nav')}
        </A>
        <A href="/respostas" class="app-header__link">
          {i18n.t('replies.nav')}
        </A>
        <NotificationBell />
        <span class="app-header__user">{i18n.t('auth.signedInAs', { name: props.user.name })}</span>
        <LanguageSwitch />
        <button type="button" class="button button--ghost" onClick={signOut} disabled={logout.isPending}>
          {i18n.t('auth.logout')}
        </button>
      </div>
    </header>
  );
}
