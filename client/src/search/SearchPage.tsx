import type { MessageKey } from '@fluxo/shared/i18n/index';
import { A, useSearchParams } from '@solidjs/router';
import { useQuery } from '@tanstack/solid-query';
import { For, Match, Show, Switch, createMemo } from 'solid-js';
import { type SearchHit, hitHref, searchHref, searchQuery } from '../data/search';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import MarkedText from './MarkedText';
import './search.css';

const KIND_KEYS: Readonly<Record<SearchHit['type'], MessageKey>> = {
  ticket: 'search.kind.ticket',
  comment: 'search.kind.comment',
  document: 'search.kind.document',
};

const single = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));

/**
 * `/busca?q=…` (the header's search box): the agency's tickets, comments and documents that
 * match, best first, 20 per page (`c` is the page's cursor; `arquivados=1` includes archived
 * tickets). Each result opens its ticket's drawer on its board. Matched words come marked by
 * the server as ranges and are shown in `<mark>` (text nodes only).
 */
export default function SearchPage() {
  const i18n = useI18n();
  const trpc = useTrpc();
  const [params] = useSearchParams();
  const q = createMemo(() => single(params.q).trim());
  const cursor = createMemo(() => single(params.c) || null);
  const archived = createMemo(() => single(params.arquivados) === '1');
  const results = useQuery(() => searchQuery(trpc, { q: q(), cursor: cursor(), archived: archived() }));

  return (
    <main class="search-page">
      <h1>{q() ? i18n.t('search.titleFor', { q: q() }) : i18n.t('search.title')}</h1>
      <div class="search-page__options">
        <A href={searchHref(q(), { archived: !archived() })} aria-pressed={archived()} class="app-header__link">
          {archived() ? i18n.t('search.hideArchived') : i18n.t('search.showArchived')}
        </A>
        <Show when={results.data}>{(page) => <span>{i18n.t('search.count', { count: page().total })}</span>}</Show>
      </div>
      <Switch>
        <Match when={!q()}>
          <p>{i18n.t('search.empty')}</p>
        </Match>
        <Match when={results.isError}>
          <p role="alert">{i18n.t('search.error')}</p>
        </Match>
        <Match when={results.isPending}>
          <p role="status">{i18n.t('search.loading')}</p>
        </Match>
        <Match when={results.data?.hits.length === 0}>
          <p>{i18n.t('search.none')}</p>
        </Match>
        <Match when={results.data}>
          {(page) => (
            <>
              <ol class="search-results">
                <For each={page().hits}>
                  {(hit) => (
                    <li class="search-result">
                      <span class="search-result__kind">
                        {i18n.t(KIND_KEYS[hit.type])}
                        {hit.ticketNumber !== null ? ` #${hit.ticketNumber}` : ''}
                        {hit.archived ? ` · ${i18n.t('search.archived')}` : ''}
                      </span>
                      <Show when={hitHref(hit)} fallback={<span class="search-result__title"><MarkedText text={hit.title} /></span>}>
                        {(href) => (
                          <A href={href()} class="search-result__title">
                            <MarkedText text={hit.title} />
                          </A>
                        )}
                      </Show>
                      <Show when={hit.snippet.text}>
                        <p class="search-result__snippet">
                          <MarkedText text={hit.snippet} />
                        </p>
                      </Show>
                    </li>
                  )}
                </For>
              </ol>
              <nav class="search-page__pages">
                <Show when={cursor()}>
                  <A href={searchHref(q(), { archived: archived() })}>{i18n.t('search.firstPage')}</A>
                </Show>
                <Show when={page().nextCursor}>
                  {(next) => <A href={searchHref(q(), { archived: archived(), cursor: next() })}>{i18n.t('search.nextPage')}</A>}
                </Show>
              </nav>
            </>
          )}
        </Match>
      </Switch>
    </main>
  );
}
