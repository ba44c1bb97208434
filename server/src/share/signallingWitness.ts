/**
 * The witness as the client timeline needs it: once a board change is recorded (its history
 * durable, its ticket numbers written), the board's live client timelines are told
 * (`ConversationEvents.boardChanged`), whether the recording succeeded or not — they re-read
 * what is there.
 */
import type { ConversationEvents } from '../conversation/conversationEvents.js';
import type { BoardWitness } from '../witness/boardChange.js';

export function signallingWitness(inner: BoardWitness, events: ConversationEvents): BoardWitness {
  return {
    async witness(change, doc) {
      try {
        await inner.witness(change, doc);
      } finally {
        events.boardChanged(change.boardId);
      }
    },
  };
}
