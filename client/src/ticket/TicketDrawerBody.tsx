import type { TextField } from '@fluxo/shared/board/layout';
import type { MessageKey } from '@fluxo/shared/i18n/index';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import { For, Show, createEffect, createMemo, createSignal, on, onMount } from 'solid-js';
import { acknowledgeTicketMutation, attentionQuery } from '../data/tickets';
import { ticketKindsQuery } from '../data/workspace';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import ArchiveControl from './ArchiveControl';
import AssigneesField from './AssigneesField';
import type { CaretJson } from './caret';
import CollabTextField from './CollabTextField';
import { runCommand } from './commandProblem';
import HistoryTimeline from './HistoryTimeline';
import { createLiveTicket } from './liveTicket';
import StepsChecklist from './StepsChecklist';
import TicketDetailsFields from './TicketDetailsFields';
import TicketFacts from './TicketFacts';
import TicketDocuments from './TicketDocuments';
import TicketSatisfaction from './TicketSatisfaction';
import TicketApprovals from './TicketApprovals';
import { ticketApprovalsQuery } from '../data/approvals';
import type { TicketDrawerProps } from './TicketDrawer';
import { createTicketPresence } from './ticketPresence';

/**
 * The drawer's content for one ticket (TicketDrawer rebuilds it when the ticket changes): the
 * live ticket, presence around it, the fields, and acknowledging a handoff on open.
 */
export default function TicketDrawerBody(
  props: TicketDrawerProps & { headingId: string },
) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const live = createLiveTicket(props.doc, props.ticketId);
  // Once shown, keep showing the last readable state if the ticket is briefly unreadable (an
  // update waiting for an earlier one): unmounting the fields would lose the caret.
  const ticket = createMemo<ReturnType<typeof live.current>>((previous) => live.current() ?? previous, null);
  const presence = createTicketPresence(props.awareness, props.ticketId, props.me.id);
  const [problem, setProblem] = createSignal<MessageKey | null>(null);
  let heading: HTMLHeadingElement | undefined;
  onMount(() => heading?.focus());

  const run = (command: () => void): boolean => {
    const refused = runCommand(command);
    setProblem(refused);
    return refused === null;
  };

  const onCaret = (field: TextField, caret: CaretJson | null) => presence.setCursor(field, caret);

  const attention = useQuery(() => attentionQuery(trpc, props.boardId));
  const kinds = useQuery(() => ticketKindsQuery(trpc));
  const kindOf = (slug: string | null) => (slug === null ? null : (kinds.data?.find((k) => k.slug === slug) ?? null));
  // What the client must still approve before the ticket can be done (its kind's rule).
  const approvals = useQuery(() => ticketApprovalsQuery(trpc, props.boardId, props.ticketId));
  const doneBlockedBy = (): readonly string[] => {
    const gate = approvals.data?.gate;
    return gate !== undefined && !gate.ok ? gate.missing : [];
  };
  const acknowledge = useMutation(() => acknowledgeTicketMutation(trpc, queryClient, props.boardId));
  let acknowledged = false;
  createEffect(
    on(
      () => attention.data,
      (items) => {
        if (acknowledged || !items?.some((item) => item.ticketId === props.ticketId)) return;
        acknowledged = true;
        acknowledge.mutate(props.ticketId);
      },
    ),
  );

  const viewers = () => {
    const names = [...new Set(presence.peers().map((peer) => peer.user.name))];
    const list = new Intl.ListFormat(i18n.locale(), { type: 'conjunction' }).format(names);
    return i18n.t('drawer.viewing', { names: list, count: names.length });
  };

  const titleText = () => {
    const shown = ticket();
    if (shown === null) return i18n.t('drawer.loading');
    const title = shown.title.trim();
    return title === '' ? i18n.t('drawer.untitled') : title;
  };

  return (
    <>
      <header class="ticket-drawer__header">
        <div class="ticket-drawer__heading-row">
          <h2 id={props.headingId} class="ticket-drawer__title" tabIndex={-1} ref={heading}>
            <Show when={ticket()?.number}>
              {(number) => <span class="ticket-drawer__number">{i18n.t('ticket.number', { number: number() })} </span>}
            </Show>
            {titleText()}
          </h2>
          <button type="button" class="ticket-drawer__close button button--ghost" aria-label={i18n.t('drawer.close')} onClick={() => props.onClose()}>
            ×
          </button>
        </div>
        <Show when={presence.peers().length > 0}>
          <p class="ticket-drawer__viewers">
            <For each={presence.peers()}>
              {(peer) => <span class="presence-dot" style={{ 'background-color': peer.user.color }} title={peer.user.name} />}
            </For>
            {viewers()}
          </p>
        </Show>
      </header>
      <Show when={problem()}>
        {(key) => (
          <p class="notice notice--error ticket-drawer__problem" role="alert">
            {i18n.t(key())}
          </p>
        )}
      </Show>
      <Show
        when={ticket()}
        fallback={
          <p class="notice" role="status">
            {i18n.t('drawer.unavailable')}
          </p>
        }
      >
        {(shown) => (
          <div class="ticket-drawer__body">
            <CollabTextField
              doc={props.doc}
              ticketId={props.ticketId}
              field="title"
              origin={props.origin}
              label={i18n.t('ticket.title')}
              multiline={false}
              peers={presence.peers()}
              onCaret={onCaret}
            />
            <CollabTextField
              doc={props.doc}
              ticketId={props.ticketId}
              field="summary"
              origin={props.origin}
              label={i18n.t('ticket.summary')}
              hint={i18n.t('drawer.summary.hint')}
              multiline={true}
              peers={presence.peers()}
              onCaret={onCaret}
            />
            <CollabTextField
              doc={props.doc}
              ticketId={props.ticketId}
              field="description"
              origin={props.origin}
              label={i18n.t('ticket.description')}
              hint={i18n.t('drawer.description.hint')}
              multiline={true}
              peers={presence.peers()}
              onCaret={onCaret}
            />
            <TicketFacts doc={props.doc} origin={props.origin} ticket={shown()} members={props.members} run={run} doneBlockedBy={doneBlockedBy()} />
            <StepsChecklist doc={props.doc} origin={props.origin} ticket={shown()} run={run} />
            <AssigneesField doc={props.doc} origin={props.origin} ticket={shown()} members={props.members} run={run} />
            <TicketDetailsFields
              doc={props.doc}
              origin={props.origin}
              ticket={shown()}
              clients={props.clients}
              kinds={kinds.data ?? []}
              run={run}
            />
            <ArchiveControl doc={props.doc} origin={props.origin} ticket={shown()} run={run} />
            <TicketApprovals boardId={props.boardId} ticket={shown()} kind={kindOf(shown().kind)} role={props.me.role} />
            <TicketDocuments boardId={props.boardId} ticketId={props.ticketId} clientId={shown().clientId} />
            <TicketSatisfaction boardId={props.boardId} ticketId={props.ticketId} status={shown().status} />
            <HistoryTimeline
              boardId={props.boardId}
              ticketId={props.ticketId}
              recorded={live.recorded()}
              members={props.members}
              clients={props.clients}
            />
          </div>
        )}
      </Show>
    </>
  );
}
