import { Navigate, useLocation, type RouteSectionProps } from '@solidjs/router';
import { useQuery } from '@tanstack/solid-query';
import { createMemo, Match, Switch } from 'solid-js';
import { meQuery } from '../data/auth';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import { loginPathFor } from '../navigation';
import AppHeader from './AppHeader';

/**
 * Route guard and signed-in layout. A visitor (auth.me = null) is sent to /login with the page
 * they asked for in `next`; someone who was signed in here and no longer is (signed out, session
 * ended) goes to the plain login page. While the session is being checked nothing of the page is
 * rendered, so no protected query fires for a visitor.
 */
export default function RequireSession(props: RouteSectionProps) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const me = useQuery(() => meQuery(trpc));
  const location = useLocation();
  const wasSignedIn = createMemo((before: boolean) => before || Boolean(me.data), false);
  const loginHref = () => (wasSignedIn() ? '/login' : loginPathFor(location.pathname + location.search));

  return (
    <Switch fallback={<div class="page-loading" aria-busy="true" />}>
      <Match when={me.data}>
        {(user) => (
          <div class="app">
            <AppHeader user={user()} />
            <main id="main" class="app-main" tabindex="-1">
              {props.children}
            </main>
          </div>
        )}
      </Match>
      <Match when={me.isSuccess && me.data === null}>
        <Navigate href={loginHref()} />
      </Match>
      <Match when={me.isError}>
        <main class="app-main">
          <p class="notice notice--error" role="alert">
            {i18n.t('auth.error.network')}
          </p>
        </main>
      </Match>
    </Switch>
  );
}
