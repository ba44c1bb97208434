import type { BoardId, ClientId, TicketId } from '@fluxo/shared/ids';
import type { TransactionOrigin } from '@fluxo/shared/origin';
import { Show, createMemo, createUniqueId, onCleanup } from 'solid-js';
import type { Awareness } from 'y-protocols/awareness';
import CommentThread from '../conversation/CommentThread';
import type * as Y from 'yjs';
import type { BoardMember, DrawerUser } from './drawerTypes';
import TicketDrawerBody from './TicketDrawerBody';
import './ticketDrawer.css';

export type { BoardClient, BoardMember, DrawerUser } from './drawerTypes';

export interface TicketDrawerProps {
  doc: Y.Doc;
  /** The board session's one user origin: every command here carries it, so its undo manager can undo them. */
  origin: TransactionOrigin;
  ticketId: TicketId;
  boardId: BoardId;
  me: DrawerUser;
  members: BoardMember[];
  clients: { id: ClientId; name: string }[];
  awareness: Awareness | null;
  onClose: () => void;
}

/**
 * The ticket drawer: everything about one ticket, edited live with everyone else on the board.
 *
 * A non-modal dialog beside the board (the board stays usable, so focus is not trapped):
 * `role="dialog"` named by the ticket's title; on open (and on switching tickets) focus moves to
 * the heading; Escape or
 * the close button calls `onClose`; when the drawer goes away focus returns to what had it
 * before (the card that opened it), if that is still on the page.
 *
 * The body is rebuilt when `ticketId` (or the document) changes, so bindings, presence and
 * queries always belong to the ticket shown. Opening a ticket that was handed back to me
 * (`tickets.attention`) acknowledges it. Below the body, the ticket's conversation
 * (`../conversation/CommentThread`), rebuilt with it.
 */
export default function TicketDrawer(props: TicketDrawerProps) {
  const headingId = `ticket-drawer-title-${createUniqueId()}`;
  const opener = document.activeElement;
  onCleanup(() => {
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
  });

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    props.onClose();
  };

  const current = createMemo(() => ({ doc: props.doc, ticketId: props.ticketId }));

  return (
    <aside class="ticket-drawer" role="dialog" aria-labelledby={headingId} onKeyDown={onKeyDown}>
      <Show when={current()} keyed>
        {(shown) => (
          <>
            <TicketDrawerBody
              {...props}
              doc={shown.doc}
              ticketId={shown.ticketId}
              headingId={headingId}
            />
            <CommentThread boardId={props.boardId} ticketId={shown.ticketId} me={props.me} />
          </>
        )}
      </Show>
    </aside>
  );
}
