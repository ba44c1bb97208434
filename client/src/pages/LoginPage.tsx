import { Navigate, useSearchParams } from '@solidjs/router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import { createMemo, createUniqueId, Show } from 'solid-js';
import { loginMutation, meQuery } from '../data/auth';
import { describeRequestError } from '../data/requestError';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import LanguageSwitch from '../components/LanguageSwitch';
import { safeNextPath } from '../navigation';

/**
 * Sign-in. A successful login writes the user into the `auth.me` cache entry; the page derives
 * its redirect from that entry, so an already signed-in visitor is sent on the same way.
 */
export default function LoginPage() {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const me = useQuery(() => meQuery(trpc));
  const login = useMutation(() => loginMutation(trpc, queryClient));
  const [searchParams] = useSearchParams();
  const next = createMemo(() => safeNextPath(searchParams.next));
  const ids = { email: createUniqueId(), password: createUniqueId(), error: createUniqueId() };

  const errorMessage = createMemo(() => {
    if (!login.isError) return null;
    const problem = describeRequestError(login.error);
    switch (problem.kind) {
      case 'invalid_credentials':
      case 'unauthenticated':
        return i18n.t('auth.error.invalid');
      case 'throttled':
        return i18n.t('auth.error.throttled', { count: problem.retryAfterMinutes });
      case 'network':
        return i18n.t('auth.error.network');
      default:
        return i18n.t('error.generic');
    }
  });

  const submit = (event: SubmitEvent & { currentTarget: HTMLFormElement }) => {
    event.preventDefault();
    if (login.isPending) return;
    const form = new FormData(event.currentTarget);
    login.mutate({
      email: String(form.get('email') ?? '').trim(),
      password: String(form.get('password') ?? ''),
    });
  };

  return (
    <Show when={!me.data} fallback={<Navigate href={next()} />}>
      <div class="auth-page">
        <div class="auth-page__top">
          <LanguageSwitch />
        </div>
        <main class="auth-card">
          <div class="brand brand--large">
            <img src="/favicon.svg" alt="" width="40" height="40" />
            <span>{i18n.t('app.name')}</span>
          </div>
          <p class="auth-card__tagline">{i18n.t('app.tagline')}</p>
          <h1>{i18n.t('auth.login.title')}</h1>
          <form class="form" onSubmit={submit}>
            <div class="field">
              <label for={ids.email}>{i18n.t('auth.email')}</label>
              <input
                id={ids.email}
                name="email"
                type="email"
                autocomplete="username"
                inputmode="email"
                autocapitalize="off"
                spellcheck={false}
                required
                aria-invalid={errorMessage() ? 'true' : undefined}
                aria-describedby={errorMessage() ? ids.error : undefined}
              />
            </div>
            <div class="field">
              <label for={ids.password}>{i18n.t('auth.password')}</label>
              <input
                id={ids.password}
                name="password"
                type="password"
                autocomplete="current-password"
                required
                aria-invalid={errorMessage() ? 'true' : undefined}
                aria-describedby={errorMessage() ? ids.error : undefined}
              />
            </div>
            <Show when={errorMessage()}>
              {(message) => (
                <p id={ids.error} class="notice notice--error" role="alert">
                  {message()}
                </p>
              )}
            </Show>
            <button type="submit" class="button button--primary button--block" disabled={login.isPending}>
              {login.isPending ? i18n.t('auth.submitting') : i18n.t('auth.submit')}
            </button>
          </form>
        </main>
      </div>
    </Show>
  );
}
