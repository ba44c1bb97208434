import { A, useParams } from '@solidjs/router';
import { useQuery } from '@tanstack/solid-query';
import { For, Match, Switch } from 'solid-js';
import { STAGES } from '@fluxo/shared/flow/stages';
import StageColumn from '../components/StageColumn';
import { boardQuery } from '../data/boards';
import { describeRequestError } from '../data/requestError';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';

/**
 * A board: its name and the five stage columns. The tickets arrive with the live board (Yjs
 * sync); until then the columns are empty — never filled with made-up data.
 */
export default function BoardPage() {
  const i18n = useI18n();
  const trpc = useTrpc();
  const params = useParams<{ boardId: string }>();
  const board = useQuery(() => boardQuery(trpc, params.boardId));
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
            <>
              <h1 class="page__title">{current().name}</h1>
              <div class="board-columns">
                <For each={STAGES}>{(stage) => <StageColumn stage={stage} />}</For>
              </div>
            </>
          )}
        </Match>
      </Switch>
    </div>
  );
}
