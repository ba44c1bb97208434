import { useLocation, useNavigate, useSearchParams } from '@solidjs/router';
import { createEffect, createSignal } from 'solid-js';
import { SEARCH_MAX_LENGTH, searchHref } from '../data/search';
import { useI18n } from '../i18n/locale';
import './search.css';

/** The header's search box: submitting opens `/busca?q=…` (the results page). */
export default function SearchBox() {
  const i18n = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const [q, setQ] = createSignal('');
  // On the results page the box shows the query being looked at.
  createEffect(() => {
    if (location.pathname === '/busca' && typeof params.q === 'string') setQ(params.q);
  });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const query = q().trim();
    if (query.length > 0) navigate(searchHref(query));
  };

  return (
    <form class="search-box" role="search" onSubmit={submit}>
      <input
        type="search"
        class="search-box__input"
        name="q"
        aria-label={i18n.t('search.label')}
        placeholder={i18n.t('search.placeholder')}
        maxLength={SEARCH_MAX_LENGTH}
        value={q()}
        onInput={(event) => setQ(event.currentTarget.value)}
      />
    </form>
  );
}
