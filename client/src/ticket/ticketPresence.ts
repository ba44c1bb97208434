/**
 * Presence around one open ticket, over the board's y-protocols `Awareness` (the board session
 * owns it and publishes `user`; see `shared/src/sync/presence.ts`).
 *
 * Published by the drawer, in this tab's awareness state:
 * - `viewing`: this ticket while the drawer shows it, back to null when it closes (only if it
 *   still names this ticket, so a drawer replaced by another one does not clear its successor);
 * - `cursor`: the caret in one of the ticket's text fields, null when no field has focus.
 *
 * Read: every other tab's state, each validated with `presenceStateSchema` (awareness comes from
 * the network; the server checks `user.id`, this side still refuses a malformed state), keeping
 * those viewing this ticket. This person's own other tabs are left out: "Ana is editing" is not
 * news to Ana.
 */
import { type PresenceState, presenceStateSchema } from '@fluxo/shared/sync/presence';
import type { TicketId, UserId } from '@fluxo/shared/ids';
import type { TextField } from '@fluxo/shared/board/layout';
import { type Accessor, createSignal, onCleanup } from 'solid-js';
import type { Awareness } from 'y-protocols/awareness';
import type { CaretJson } from './caret';

export interface Peer {
  /** The Yjs client id of the tab. */
  readonly clientId: number;
  readonly user: PresenceState['user'];
  readonly cursor: PresenceState['cursor'];
}

export interface TicketPresence {
  /** Other people's tabs with this ticket open, sorted by name. Reactive. */
  readonly peers: Accessor<readonly Peer[]>;
  /** Publish (or clear, with null) the caret of this tab in `field`. */
  setCursor(field: TextField, caret: CaretJson | null): void;
}

function readPeers(awareness: Awareness, ticketId: TicketId, me: UserId): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, raw] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const parsed = presenceStateSchema.safeParse(raw);
    if (!parsed.success) continue;
    const state = parsed.data;
    if (state.viewing !== ticketId || state.user.id === me) continue;
    peers.push({ clientId, user: state.user, cursor: state.cursor });
  }
  return peers.sort((a, b) => a.user.name.localeCompare(b.user.name) || a.clientId - b.clientId);
}

/** Must run under a Solid owner. Without an awareness (no live link yet) nobody is around. */
export function createTicketPresence(awareness: Awareness | null, ticketId: TicketId, me: UserId): TicketPresence {
  if (awareness === null) return { peers: () => [], setCursor: () => {} };

  const [peers, setPeers] = createSignal<readonly Peer[]>(readPeers(awareness, ticketId, me));
  const onChange = (): void => {
    setPeers(readPeers(awareness, ticketId, me));
  };
  awareness.on('change', onChange);

  const local = (): Record<string, unknown> | null => awareness.getLocalState();
  const initial = local();
  if (initial !== null) awareness.setLocalState({ ...initial, viewing: ticketId, cursor: null });

  onCleanup(() => {
    awareness.off('change', onChange);
    const state = local();
    if (state !== null && state.viewing === ticketId) {
      awareness.setLocalState({ ...state, viewing: null, cursor: null });
    }
  });

  return {
    peers,
    setCursor(field, caret) {
      const state = local();
      if (state === null || state.viewing !== ticketId) return;
      const current = state.cursor as PresenceState['cursor'] | undefined;
      if (caret === null) {
        if (current?.field === field) awareness.setLocalStateField('cursor', null);
        return;
      }
      awareness.setLocalStateField('cursor', { field, anchor: caret.anchor, head: caret.head });
    },
  };
}
