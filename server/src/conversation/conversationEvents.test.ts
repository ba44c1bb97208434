import { newBoardId, newTicketId, newUserId } from '@fluxo/shared/ids';
import { describe, expect, it } from 'vitest';
import { ConversationEvents } from './conversationEvents.js';

describe('conversation events', () => {
  it('wakes only the watches of the place that changed, coalescing signals', async () => {
    const events = new ConversationEvents();
    const [board, ticket, other] = [newBoardId(), newTicketId(), newTicketId()];
    const here = events.watchTicket(board, ticket);
    const there = events.watchTicket(board, other);
    const person = events.watchUser(newUserId());
    events.ticketChanged(board, ticket);
    events.ticketChanged(board, ticket);
    expect(await here.next()).toBe(true);
    let woke = false;
    const pending = here.next().then((changed) => (woke = changed));
    await Promise.resolve();
    expect(woke).toBe(false); // the two signals were one
    events.ticketChanged(board, ticket);
    await pending;
    expect(woke).toBe(true);

    const thereNext = there.next();
    const personNext = person.next();
    here.close();
    expect(await here.next()).toBe(false);
    expect(events.watching).toBe(2);
    events.close();
    expect(await thereNext).toBe(false);
    expect(await personNext).toBe(false);
    expect(events.watching).toBe(0);
    expect(await events.watchUser(newUserId()).next()).toBe(false);
  });

  it('ends a watch when its signal aborts', async () => {
    const events = new ConversationEvents();
    const abort = new AbortController();
    const watch = events.watchUser(newUserId(), abort.signal);
    const next = watch.next();
    abort.abort();
    expect(await next).toBe(false);
    expect(events.watching).toBe(0);
    const aborted = events.watchUser(newUserId(), abort.signal);
    expect(await aborted.next()).toBe(false);
    expect(events.watching).toBe(0);
  });
});
