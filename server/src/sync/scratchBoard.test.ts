/**
 * The scratch copy the gate judges an update on (`scratchBoard.ts`): the chosen tickets exactly
 * as the live document has them, the live state vector, and nothing of the other tickets.
 */
import { createTicket, editText, readTicket } from '@fluxo/shared/board/index';
import type { TicketId } from '@fluxo/shared/ids';
import { serverOrigin } from '@fluxo/shared/origin';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SCRATCH_GUID, scratchCopy } from './scratchBoard.js';

const tid = (n: number) => `Ticket${String(n).padStart(10, '0')}` as TicketId;

describe('scratchCopy', () => {
  it('copies the chosen tickets with the live state vector, under a fixed guid (no random UUID per judged update)', () => {
    const live = new Y.Doc();
    live.getMap('meta');
    live.getMap('tickets');
    for (let i = 0; i < 5; i++) {
      createTicket(live, { id: tid(i), title: `Ticket ${i}`, channel: 'email', stage: 'triage', createdAt: '2025-01-02T10:00:00.000Z' }, serverOrigin('seed'));
    }
    editText(live, { ticketId: tid(2), field: 'description', index: 0, insert: 'olá' }, serverOrigin('seed'));

    const first = scratchCopy(live, [tid(2), tid(9)], []);
    const second = scratchCopy(live, [tid(2)], []);
    expect(first.tickets).toBe(1); // tid(9) is not on the board
    expect(readTicket(first.doc, tid(2))).toEqual(readTicket(live, tid(2)));
    expect(readTicket(first.doc, tid(1))).toBeNull();
    expect(Y.encodeStateVector(first.doc)).toEqual(Y.encodeStateVector(live));
    expect(first.doc.guid).toBe(SCRATCH_GUID);
    expect(second.doc.guid).toBe(SCRATCH_GUID);
  });
});
