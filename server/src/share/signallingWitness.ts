/**
 * The witness as the client timeline needs it: the board's live client timelines are told
 * (`ConversationEvents.boardChanged`) twice — when the witness is called (the sync server calls
 * it once the change is on disk: a client is never shown something that could still be lost;
 * stage, status, summary and deadline show now), and again once the witness has recorded it
 * (history durable, numbers written: the steps and dates), whether the recording succeeded or
 * not. A stream that finds nothing new sends nothing.
 */
import type { ConversationEvents } from '../conversation/conversationEvents.js';
import type { BoardWitness } from '../witness/boardChange.js';

export function signallingWitness(inner: BoardWitness, events: ConversationEvents): BoardWitness {
  return {
    async witness(change, doc) {
      events.boardChanged(change.boardId);
      try {
        await inner.witness(change, doc);
      } finally {
        events.boardChanged(change.boardId);
      }
    },
  };
}
