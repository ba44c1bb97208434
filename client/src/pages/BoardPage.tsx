import { A, useParams } from '@solidjs/router';
import { useQuery } from '@tanstack/solid-query';
import { Match, Show, Switch } from 'solid-js';
import LiveBoard from '../board/LiveBoard';
import { meQuery } from '../data/auth';
import { boardQuery } from '../data/boards';
import { describeRequestError } from '../data/requestError';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';

/**
 * `/boards/:boardId`: the board's summary from the server (name, members, clients, WIP limits —
 * `boards.get`, which also says whether this person may open it), then the live board itself
 * (`board/LiveBoard.tsx`: the Yjs session, columns, cards, drawer). Filters and the open ticket
 * are search parameters of this URL (`?status=…&ticket=<id>`), so links to them work.
 */
export default function BoardPage() {
  const i18n = useI18n();
  const trpc = useTrpc();
  const params = useParams<{ boardId: string }>();
  const board = useQuery(() => boardQuery(trpc, params.boardId));
  const me = useQuery(() => meQuery(trpc));
  const notFound = () => board.isError && describeRequestError(board.error).kind === 'not_found';

  return (
    <div class="page page--board">
      <A href="/boards" class="back-link">
        ← {i18n.t('boards.back')}
      </A>
      <Switch>
        <Match when={board.isPending}>
          <p class="notice" role="status">
            {i18n.t('boards.loading')}
          </p>
        </Match>
        <Match when={notFound()}>
          <p class="empty-state" role="alert">
            {i18n.t('boards.notFound')}
          </p>
        </Match>
        <Match when={board.isError}>
          <p class="notice notice--error" role="alert">
            {i18n.t('boards.error')}
          </p>
        </Match>
        <Match when={board.data}>
          {(current) => (
            <Show when={me.data}>
              {(user) => (
                <Show when={current().id} keyed>
                  <LiveBoard board={current()} me={{ id: user().id, name: user().name, role: user().role }} />
                </Show>
              )}
            </Show>
          )}
        </Match>
      </Switch>
    </div>
  );
}
