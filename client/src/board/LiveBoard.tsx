import { moveTicket } from '@fluxo/shared/board/index';
import { isDomainError } from '@fluxo/shared/errors';
import { judgeMove } from '@fluxo/shared/flow/rules';
import { isHandoff, STAGES, type Stage } from '@fluxo/shared/flow/stages';
import type { MessageKey } from '@fluxo/shared/i18n/index';
import { ticketIdSchema, type TicketId } from '@fluxo/shared/ids';
import { CLOSE_FORBIDDEN, CLOSE_UNAUTHENTICATED } from '@fluxo/shared/sync/protocol';
import { useSearchParams } from '@solidjs/router';
import { useQuery, useQueryClient } from '@tanstack/solid-query';
import {
  createEffect,
  createMemo,
  createSelector,
  createSignal,
  createUniqueId,
  on,
  onCleanup,
  Show,
  untrack,
} from 'solid-js';
import { authKeys } from '../data/auth';
import type { BoardSummary } from '../data/boards';
import { boardDeadlinesQuery } from '../data/deadlines';
import { boardApprovalsQuery, refreshApprovals } from '../data/approvals';
import { firstCardsQuery } from '../data/firstCards';
import { attentionQuery } from '../data/tickets';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import TicketDrawer from '../ticket/TicketDrawer';
import BoardColumns from './BoardColumns';
import CoverageNotice from './CoverageNotice';
import { useBoardConnection } from './boardConnection';
import { BoardContext, type BoardContextValue, type BoardUser, type DropHint } from './boardContext';
import { type BoardFilters, filterParams, isFiltering, readFilters, sameFilters, ticketMatcher } from './boardFilters';
import BoardFiltersBar from './BoardFiltersBar';
import { createDeadlineBoard, createDeadlineClock, deadlineSeverity, earliestDue } from './boardDeadlines';
import { type BoardSession, createBoardSession } from './boardSession';
import type { DropPlacement } from './dropPlacement';
import HistoryButtons from './HistoryButtons';
import PresenceBar from './PresenceBar';
import SyncStatus from './SyncStatus';

/** How often the "handed back to you" marks are fetched again, besides after a handoff. */
const ATTENTION_REFRESH_MS = 30_000;
/** The witness records a handoff right after it syncs; ask a little later. */
const ATTENTION_AFTER_CHANGE_MS = 1_500;
/** How often deadlines are fetched again without a change on the board (a first response arrives by email). */
const DEADLINES_REFRESH_MS = 2 * 60_000;
/** After a change in the document, the witness records it; ask for deadlines a little later. */
const DEADLINES_AFTER_CHANGE_MS = 2_000;
/** How often the cards' approval states are asked again without a change seen. */
const APPROVALS_REFRESH_MS = 60_000;
/** How long an error message stays. */
const ALERT_MS = 8_000;
/** While offline, how often to check that the session still exists. */
const SESSION_CHECK_MS = 30_000;
/** A click this soon after a drop belongs to the drag. */
const CLICK_AFTER_DROP_MS = 250;
/**
 * Cards per column asked of `boards.firstCards` on a first visit: a tall window's worth. More
 * cost render time before the first paint (each card is a drag source) and are replaced anyway.
 */
export const PREVIEW_CARDS_PER_STAGE = 15;

/**
 * A live board: one board session (`boardSession.ts`) for as long as the page shows this
 * board. When the server refuses this browser's state the session is discarded (its cache
 * too) and a fresh one loads the board from the server; the person is told.
 *
 * First visit from this browser (the session `needsFirstCards`): the columns' first cards are
 * asked of the server (`boards.firstCards`, in parallel with the socket) and shown, read-only,
 * until the document has synced; then the live reader takes over with the same cards in the
 * same order. Not while URL filters are active: a filtered preview of a few cards per column
 * would say "no match" where the board has matches, so a filtered first visit waits for the
 * document as before (a filter set during the preview takes it away until cleared).
 */
export default function LiveBoard(props: { board: BoardSummary; me: BoardUser }) {
  const connection = useBoardConnection();
  const queryClient = useQueryClient();
  const [generation, setGeneration] = createSignal(0);
  const [notice, setNotice] = createSignal<MessageKey | null>(null);

  const session = createMemo(() => {
    generation();
    return untrack(() => {
      let reloading = false;
      const current: BoardSession = createBoardSession({
        boardId: props.board.id,
        me: props.me,
        link: connection.link,
        cache: connection.cache,
        onRefused: (reason) => {
          if (reloading) return;
          reloading = true;
          setNotice(reason === 'needs_approval' ? 'sync.refused.needsApproval' : 'sync.refused');
          void current.discard().finally(() => setGeneration((g) => g + 1));
        },
        onClosed: (code) => {
          if (code === CLOSE_UNAUTHENTICATED) {
            setNotice('sync.closed.session');
            void queryClient.invalidateQueries({ queryKey: authKeys.me });
          } else if (code === CLOSE_FORBIDDEN) setNotice('sync.closed.forbidden');
          else setNotice('sync.closed.other');
        },
      });
      onCleanup(() => void current.destroy());
      return current;
    });
  });

  return (
    <Show when={session()} keyed>
      {(current) => <BoardView session={current} board={props.board} me={props.me} notice={notice()} />}
    </Show>
  );
}

function BoardView(props: { session: BoardSession; board: BoardSummary; me: BoardUser; notice: MessageKey | null }) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const [searchParams, setSearchParams] = useSearchParams();
  const reader = props.session.reader;

  // Filters and the open ticket live in the URL.
  const filters = createMemo(() => readFilters(searchParams), undefined, { equals: sameFilters });
  const filtering = createMemo(() => isFiltering(filters()));

  // First visit: the server's first cards while the document loads (see the component comment).
  const firstCards = useQuery(() => ({
    ...firstCardsQuery(trpc, props.board.id, PREVIEW_CARDS_PER_STAGE),
    enabled: props.session.needsFirstCards() && !filtering(),
  }));
  createEffect(() => {
    const first = firstCards.data;
    if (first === undefined || !props.session.needsFirstCards()) return;
    props.session.showFirstCards(filtering() ? null : first);
  });
  const readOnly = () => reader.previewing();
  // Deadlines: the server's instants, this browser's clock (boardDeadlines.ts).
  // Asked once the document has loaded: the first paint does not wait behind it on the server.
  const deadlineList = useQuery(() => ({
    ...boardDeadlinesQuery(trpc, props.board.id),
    enabled: props.session.loaded(),
    refetchInterval: DEADLINES_REFRESH_MS,
  }));
  const deadlines = createDeadlineBoard(() => deadlineList.data, createDeadlineClock());
  // Client approvals: asked like deadlines (a client's decision moves its ticket, so the change
  // in the document brings the new state within seconds).
  const approvalList = useQuery(() => ({
    ...boardApprovalsQuery(trpc, props.board.id),
    enabled: props.session.loaded(),
    refetchInterval: APPROVALS_REFRESH_MS,
  }));
  const approvals = createMemo(() => new Map((approvalList.data ?? []).map((summary) => [summary.ticketId as string, summary])));
  let deadlinesTimer: ReturnType<typeof setTimeout> | undefined;
  const onDocUpdate = (): void => {
    clearTimeout(deadlinesTimer);
    deadlinesTimer = setTimeout(() => {
      void queryClient.invalidateQueries({ queryKey: boardDeadlinesQuery(trpc, props.board.id).queryKey });
      // The cards' approval states and an open drawer's list (a decision moves its ticket).
      void refreshApprovals(queryClient, props.board.id);
    }, DEADLINES_AFTER_CHANGE_MS);
  };
  props.session.doc.on('update', onDocUpdate);
  onCleanup(() => {
    props.session.doc.off('update', onDocUpdate);
    clearTimeout(deadlinesTimer);
  });
  const memberNames = createMemo(() => new Map<string, string>((props.board.members ?? []).map((m) => [m.id, m.name])));
  const clientNames = createMemo(() => new Map<string, string>((props.board.clients ?? []).map((c) => [c.id, c.name])));
  const matches = createMemo(() =>
    ticketMatcher(filters(), { me: props.me.id, clientName: (id) => clientNames().get(id), deadlineState: deadlines.stateOf }),
  );
  const visibleColumns = Object.fromEntries(
    STAGES.map((stage) => [
      stage,
      createMemo(() => {
        const ids = reader.column(stage);
        let shown = ids;
        if (filtering()) {
          const match = matches();
          shown = ids.filter((id) => {
            const ticket = reader.tickets[id];
            return ticket !== undefined && match(ticket);
          });
        }
        return filters().sortByDeadline ? sortedByDeadline(shown) : shown;
      }),
    ]),
  ) as Record<Stage, () => readonly string[]>;
  function sortedByDeadline(ids: readonly string[]): readonly string[] {
    const keyed = ids.map((id, index) => {
      const view = deadlines.viewOf(id);
      return { id, index, severity: deadlineSeverity(view?.state ?? null), due: earliestDue(view) };
    });
    keyed.sort((a, b) => b.severity - a.severity || a.due - b.due || a.index - b.index);
    return keyed.map((k) => k.id);
  }
  const matching = () => STAGES.reduce((sum, stage) => sum + visibleColumns[stage]().length, 0);
  const openId = createMemo((): TicketId | null => {
    const raw = searchParams.ticket;
    const parsed = ticketIdSchema.safeParse(Array.isArray(raw) ? raw[0] : raw);
    return parsed.success ? parsed.data : null;
  });

  // Tickets handed back to me (the witness marks them; the drawer acknowledges on open).
  const attentionList = useQuery(() => ({
    ...attentionQuery(trpc, props.board.id),
    refetchInterval: ATTENTION_REFRESH_MS,
  }));
  const attention = createMemo<ReadonlySet<string>>(() => new Set((attentionList.data ?? []).map((item) => item.ticketId)));
  let attentionTimer: ReturnType<typeof setTimeout> | undefined;
  createEffect(
    on(
      () => reader.column('delivery'),
      () => {
        clearTimeout(attentionTimer);
        attentionTimer = setTimeout(
          () => void queryClient.invalidateQueries({ queryKey: attentionQuery(trpc, props.board.id).queryKey }),
          ATTENTION_AFTER_CHANGE_MS,
        );
      },
      { defer: true },
    ),
  );
  onCleanup(() => clearTimeout(attentionTimer));

  // Offline for long: ask whether the session still exists (a socket refused at the upgrade
  // looks like a lost network). A failed check keeps the cached person, so offline work goes on;
  // an ended session sends the person to sign in, and the edits wait in this browser's cache.
  createEffect(() => {
    if (props.session.sync().kind !== 'offline' || !props.session.loaded()) return;
    const timer = setInterval(() => void queryClient.invalidateQueries({ queryKey: authKeys.me }), SESSION_CHECK_MS);
    onCleanup(() => clearInterval(timer));
  });

  // Messages: errors are visible alerts for a while; the rest is for screen readers.
  const [alertText, setAlertText] = createSignal('');
  const [politeText, setPoliteText] = createSignal('');
  let alertTimer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(alertTimer));
  const announce = (message: string, tone: 'info' | 'error' = 'info'): void => {
    if (tone === 'error') {
      setAlertText(message);
      clearTimeout(alertTimer);
      alertTimer = setTimeout(() => setAlertText(''), ALERT_MS);
    } else {
      setPoliteText('');
      queueMicrotask(() => setPoliteText(message));
    }
  };

  const moveCard = (ticketId: TicketId, placement: DropPlacement): boolean => {
    if (readOnly()) {
      announce(i18n.t('board.preview.readOnly'), 'error');
      return false;
    }
    const ticket = reader.tickets[ticketId];
    if (!ticket) return false;
    const stageName = (stage: Stage) => i18n.t(`stage.${stage}`);
    const verdict = judgeMove(ticket.stage, placement.toStage, ticket.status);
    if (!verdict.ok) {
      announce(
        verdict.reason === 'closed'
          ? i18n.t('move.error.closed')
          : i18n.t('move.error.skips_stage', { from: stageName(ticket.stage), to: stageName(placement.toStage) }),
        'error',
      );
      return false;
    }
    // Sorted by deadline, the neighbours on screen are not the board's order: a card dropped in
    // another column goes to its end, and order within a column is not changed from this view.
    const sorted = filters().sortByDeadline;
    if (sorted && ticket.stage === placement.toStage) return false;
    const target = sorted ? { toStage: placement.toStage } : placement;
    try {
      moveTicket(props.session.doc, { ticketId, ...target }, props.session.origin);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      announce(i18n.t('board.error.command'), 'error');
      return false;
    }
    const title = ticket.title;
    if (isHandoff(ticket.stage, placement.toStage)) announce(i18n.t('move.handedOff', { title }));
    else if (ticket.stage !== placement.toStage) {
      announce(i18n.t('move.done', { title, stage: stageName(placement.toStage) }));
    }
    return true;
  };

  // Drag state: the dragged ticket (published in awareness) and the landing hint.
  const [dragging, setDragging] = createSignal<string | null>(null);
  const [hint, setHint] = createSignal<string | null>(null);
  const hintedId = createMemo(() => hint()?.split('|')[0] ?? null);
  const isHinted = createSelector(hintedId);
  let lastDrop = 0;

  const scrollers = new Map<Stage, (index: number) => void>();
  const cardElement = (id: string) => document.querySelector<HTMLElement>(`article[data-ticket-id="${id}"]`);
  /**
   * A card re-created elsewhere (moved to another column) or put back by the drag library loses
   * the focus; give it back to the card, scrolling a long column to it first. Tried again after a
   * frame, once the drag library has finished moving elements around.
   */
  const focusCard = (id: string): void => {
    const attempt = (): boolean => {
      const element = cardElement(id);
      if (element && document.activeElement !== element) element.focus();
      return element !== null;
    };
    const nextFrame = globalThis.requestAnimationFrame ?? ((callback: () => void) => setTimeout(callback, 16));
    queueMicrotask(() => {
      if (!attempt()) {
        const ticket = reader.tickets[id];
        if (ticket) scrollers.get(ticket.stage)?.(visibleColumns[ticket.stage]().indexOf(id));
      }
      nextFrame(() => {
        const active = document.activeElement;
        if (active === null || active === document.body) attempt();
      });
    });
  };

  const context: BoardContextValue = {
    session: props.session,
    readOnly,
    get board() {
      return props.board;
    },
    me: props.me,
    memberName: (id) => memberNames().get(id),
    clientName: (id) => clientNames().get(id),
    wipLimit: (stage) => props.board.wipLimits?.[stage],
    attention,
    deadlines,
    approvalOf: (ticketId: string) => approvals().get(ticketId),
    filters,
    setFilters: (change) => setSearchParams(filterParams(change), { replace: true }),
    filtering,
    matches,
    visible: (stage) => visibleColumns[stage](),
    openTicket: (id) => setSearchParams({ ticket: id }),
    moveCard,
    announce,
    dragging,
    dropHintFor: (id) => (isHinted(id) ? ((hint()?.split('|')[1] as DropHint['side'] | undefined) ?? null) : null),
    setDropHint: (next) => setHint(next === null ? null : `${next.ticketId}|${next.side}`),
    justDragged: () => Date.now() - lastDrop < CLICK_AFTER_DROP_MS,
    focusCard,
    registerScroller: (stage, scrollToIndex) => {
      scrollers.set(stage, scrollToIndex);
      return () => {
        if (scrollers.get(stage) === scrollToIndex) scrollers.delete(stage);
      };
    },
    instructionsId: createUniqueId(),
  };

  return (
    <BoardContext.Provider value={context}>
      <div class="board">
        <header class="board-header">
          <h1 class="page__title">{props.board.name}</h1>
          <CoverageNotice boardId={props.board.id} />
          <div class="board-header__tools">
            <SyncStatus state={props.session.sync()} />
            <HistoryButtons history={props.session.history} disabled={() => dragging() !== null} />
            <PresenceBar people={props.session.presence.others()} />
          </div>
        </header>
        <Show when={props.notice}>
          {(key) => (
            <p class="notice notice--error" role="alert">
              {i18n.t(key())}
            </p>
          )}
        </Show>
        <BoardFiltersBar matching={matching()} />
        <Show when={alertText()}>
          <p class="board-alert" role="alert">
            {alertText()}
          </p>
        </Show>
        <p class="visually-hidden" aria-live="polite">
          {politeText()}
        </p>
        <p class="visually-hidden" id={context.instructionsId}>
          {i18n.t('board.drag.instructions')}
        </p>
        <BoardColumns
          onDragging={(id) => {
            setDragging(id);
            props.session.presence.setDragging(id);
          }}
          onDrop={() => {
            lastDrop = Date.now();
          }}
        />
        <Show when={openId()}>
          {(ticketId) => (
            <TicketDrawer
              doc={props.session.doc}
              origin={props.session.origin}
              ticketId={ticketId()}
              boardId={props.board.id}
              me={props.me}
              members={props.board.members ?? []}
              clients={props.board.clients ?? []}
              awareness={props.session.awareness}
              onClose={() => setSearchParams({ ticket: undefined })}
            />
          )}
        </Show>
      </div>
    </BoardContext.Provider>
  );
}
