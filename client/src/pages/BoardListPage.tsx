import { A } from '@solidjs/router';
import { useQuery } from '@tanstack/solid-query';
import { For, Show } from 'solid-js';
import { meQuery } from '../data/auth';
import { boardsQuery } from '../data/boards';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import QueryList from '../components/QueryList';

/**
 * The boards this person belongs to, each a link to its live board; for account managers and
 * admins also to the board's client links.
 */
export default function BoardListPage() {
  const i18n = useI18n();
  const trpc = useTrpc();
  const boards = useQuery(() => boardsQuery(trpc));
  const me = useQuery(() => meQuery(trpc));
  const managesLinks = () => me.data?.role === 'admin' || me.data?.role === 'atendimento';

  return (
    <div class="page">
      <h1 class="page__title">{i18n.t('boards.title')}</h1>
      <QueryList
        pending={boards.isPending}
        failed={boards.isError}
        rows={boards.data}
        messages={{ loading: 'boards.loading', error: 'boards.error', empty: 'boards.empty' }}
      >
        {(list) => (
          <ul class="board-list">
            <For each={list()}>
              {(board) => (
                <li>
                  <A href={`/boards/${encodeURIComponent(board.id)}`} class="board-card">
                    <span class="board-card__name">{board.name}</span>
                    <span class="board-card__open" aria-hidden="true">
                      {i18n.t('boards.open')} →
                    </span>
                  </A>
                  <Show when={managesLinks()}>
                    <A href={`/boards/${encodeURIComponent(board.id)}/links`} class="board-card__links">
                      {i18n.t('shareLinks.nav')}
                      <span class="visually-hidden"> — {board.name}</span>
                    </A>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        )}
      </QueryList>
    </div>
  );
}
