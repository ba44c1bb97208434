import type { TicketId, UserId } from '@fluxo/shared/ids';
import { createEffect, createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { createPresenceReader, initialPresence } from './presence';

const ANA = 'AnaAtendimento01' as UserId;
const PAULO = 'PauloProducao001' as UserId;
const TICKET = 'TicketPresence01' as TicketId;

describe('presence reader', () => {
  it('re-reads the others on their changes only, not on this tab’s own (a pick-up publishing `dragging`)', async () => {
    const mine = new Awareness(new Y.Doc());
    mine.setLocalState(initialPresence({ id: ANA, name: 'Ana' }));
    const theirs = new Awareness(new Y.Doc());
    theirs.setLocalState(initialPresence({ id: PAULO, name: 'Paulo' }));

    await new Promise<void>((done) =>
      createRoot((dispose) => {
        const presence = createPresenceReader(mine, ANA);
        let reads = 0;
        createEffect(() => {
          presence.onTicket(TICKET);
          reads++;
        });
        queueMicrotask(() => {
          expect(reads).toBe(1);
          presence.setDragging(TICKET);
          expect(mine.getLocalState()?.dragging).toBe(TICKET);
          expect(reads).toBe(1);

          theirs.setLocalStateField('dragging', TICKET);
          applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [theirs.clientID]), 'remote');
          expect(reads).toBe(2);
          expect(presence.onTicket(TICKET)).toEqual([expect.objectContaining({ name: 'Paulo', activity: 'dragging' })]);
          presence.dispose();
          dispose();
          done();
        });
      }),
    );
    mine.destroy();
    theirs.destroy();
  });
});
