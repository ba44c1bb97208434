/**
 * Presence on a board, over y-protocols awareness: what this tab publishes (who I am, which
 * ticket I have open, which one I am dragging) and what the others publish, read as people.
 *
 * Remote states are network input: each is checked against `presenceStateSchema` and dropped
 * if it does not match (the server already refuses such states; this keeps a bug or an older
 * client from breaking the board). A person with several tabs appears once; on a ticket,
 * dragging outranks viewing. The signal changes on awareness `change` events only, not on the
 * periodic renewals, so the cards do not re-render every 15 seconds.
 */
import type { TicketId, UserId } from '@fluxo/shared/ids';
import {
  PRESENCE_NAME_MAX_LENGTH,
  presenceColor,
  presenceStateSchema,
  type PresenceState,
} from '@fluxo/shared/sync/presence';
import { type Accessor, createSignal } from 'solid-js';
import type { Awareness } from 'y-protocols/awareness';

export interface PresentPerson {
  readonly id: UserId;
  readonly name: string;
  readonly color: string;
}

export interface TicketPresence extends PresentPerson {
  readonly activity: 'viewing' | 'dragging';
}

export interface PresenceReader {
  /** Everyone else on the board now, one entry per person, sorted by name. */
  readonly others: Accessor<readonly PresentPerson[]>;
  /** Who else has this ticket open or is dragging it. */
  onTicket(ticketId: string): readonly TicketPresence[];
  setViewing(ticketId: TicketId | null): void;
  setDragging(ticketId: TicketId | null): void;
  dispose(): void;
}

export function initialPresence(me: { id: UserId; name: string }): PresenceState {
  const name = me.name.trim().slice(0, PRESENCE_NAME_MAX_LENGTH) || '?';
  return {
    user: { id: me.id, name, color: presenceColor(me.id) },
    viewing: null,
    dragging: null,
    cursor: null,
  };
}

/** Valid states of other people, by Yjs client id. */
export function readRemoteStates(awareness: Awareness, me: UserId): PresenceState[] {
  const states: PresenceState[] = [];
  for (const [clientId, raw] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const parsed = presenceStateSchema.safeParse(raw);
    if (parsed.success && parsed.data.user.id !== me) states.push(parsed.data);
  }
  return states;
}

export function createPresenceReader(awareness: Awareness, me: UserId): PresenceReader {
  const [states, setStates] = createSignal<PresenceState[]>(readRemoteStates(awareness, me));
  // This tab's own changes (picking a card up publishes `dragging`) are not others' presence:
  // re-reading would hand every rendered card a new list to compare in the pick-up frame.
  const onChange = (change: { added: number[]; updated: number[]; removed: number[] }): void => {
    const clients = [...change.added, ...change.updated, ...change.removed];
    if (clients.length > 0 && clients.every((client) => client === awareness.clientID)) return;
    setStates(readRemoteStates(awareness, me));
  };
  awareness.on('change', onChange);

  const others = (): PresentPerson[] => {
    const byId = new Map<string, PresentPerson>();
    for (const s of states()) if (!byId.has(s.user.id)) byId.set(s.user.id, s.user);
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  };

  const setField = (field: 'viewing' | 'dragging', value: TicketId | null): void => {
    if (awareness.getLocalState() === null) return;
    if (awareness.getLocalState()?.[field] === value) return;
    awareness.setLocalStateField(field, value);
  };

  return {
    others,
    onTicket(ticketId) {
      const byId = new Map<string, TicketPresence>();
      for (const s of states()) {
        const activity = s.dragging === ticketId ? 'dragging' : s.viewing === ticketId ? 'viewing' : null;
        if (activity === null) continue;
        const known = byId.get(s.user.id);
        if (known === undefined || (known.activity === 'viewing' && activity === 'dragging')) {
          byId.set(s.user.id, { ...s.user, activity });
        }
      }
      return [...byId.values()];
    },
    setViewing: (ticketId) => setField('viewing', ticketId),
    setDragging: (ticketId) => setField('dragging', ticketId),
    dispose: () => awareness.off('change', onChange),
  };
}
