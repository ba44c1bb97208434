import { archiveTicket, restoreTicket } from '@fluxo/shared/board/archiveTicket';
import type { Ticket } from '@fluxo/shared/board/ticket';
import type { TransactionOrigin } from '@fluxo/shared/origin';
import { Show, createSignal, createUniqueId } from 'solid-js';
import type * as Y from 'yjs';
import { useI18n } from '../i18n/locale';
import type { RunCommand } from './drawerTypes';

/**
 * Archive (after a confirmation, since the card leaves the board) and restore. Archiving never
 * deletes: the ticket keeps its stage, rank and history, and restoring puts it back. Escape in
 * the confirmation cancels it (and does not close the drawer); focus follows the buttons.
 */
export default function ArchiveControl(props: { doc: Y.Doc; origin: TransactionOrigin; ticket: Ticket; run: RunCommand }) {
  const i18n = useI18n();
  const questionId = `ticket-archive-${createUniqueId()}`;
  const [confirming, setConfirming] = createSignal(false);
  let archiveButton: HTMLButtonElement | undefined;
  let restoreButton: HTMLButtonElement | undefined;

  const cancel = () => {
    setConfirming(false);
    archiveButton?.focus();
  };

  const archive = () => {
    const ticketId = props.ticket.id;
    setConfirming(false);
    if (props.run(() => archiveTicket(props.doc, { ticketId }, props.origin))) restoreButton?.focus();
  };

  const restore = () => {
    const ticketId = props.ticket.id;
    if (props.run(() => restoreTicket(props.doc, { ticketId }, props.origin))) archiveButton?.focus();
  };

  return (
    <section class="ticket-archive">
      <Show
        when={props.ticket.archived}
        fallback={
          <Show
            when={confirming()}
            fallback={
              <button
                ref={archiveButton}
                type="button"
                class="button button--ghost"
                onClick={() => setConfirming(true)}
              >
                {i18n.t('drawer.archive')}
              </button>
            }
          >
            <div
              class="ticket-archive__confirm"
              role="alertdialog"
              aria-labelledby={questionId}
              onKeyDown={(event) => {
                if (event.key !== 'Escape') return;
                event.preventDefault();
                event.stopPropagation();
                cancel();
              }}
            >
              <p id={questionId}>{i18n.t('drawer.archive.confirm')}</p>
              <div class="ticket-archive__actions">
                <button type="button" class="button button--primary" onClick={archive}>
                  {i18n.t('drawer.archive.yes')}
                </button>
                <button ref={(el) => queueMicrotask(() => el.focus())} type="button" class="button button--ghost" onClick={cancel}>
                  {i18n.t('drawer.archive.cancel')}
                </button>
              </div>
            </div>
          </Show>
        }
      >
        <p class="notice" role="status">
          {i18n.t('drawer.archived')}
        </p>
        <button ref={restoreButton} type="button" class="button button--ghost" onClick={restore}>
          {i18n.t('drawer.restore')}
        </button>
      </Show>
    </section>
  );
}
