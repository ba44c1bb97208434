/**
 * What every part of one ticket's conversation shares, given by `CommentThread` to the items and
 * composers below it: where the conversation is, who is looking, and the people it may mention.
 */
import type { BoardId, TicketId, UserId } from '@fluxo/shared/ids';
import type { Role } from '@fluxo/shared/roles';
import { type Accessor, createContext, useContext } from 'solid-js';
import type { MentionPerson } from './mentionText';

export interface ConversationMe {
  readonly id: UserId;
  readonly name: string;
  readonly role: Role;
}

export interface ConversationContextValue {
  readonly boardId: BoardId;
  readonly ticketId: TicketId;
  readonly me: ConversationMe;
  /** Colleagues who may be mentioned (`comments.mentionable`), empty until loaded. */
  readonly people: Accessor<readonly MentionPerson[]>;
  /** A colleague's current name by id (for mentions in bodies), `null` if unknown. */
  readonly nameOf: (id: UserId) => string | null;
  /** A relative-time clock (ms), ticking so "5 minutes ago" stays true. */
  readonly now: Accessor<number>;
}

export const ConversationContext = createContext<ConversationContextValue>();

export function useConversation(): ConversationContextValue {
  const value = useContext(ConversationContext);
  if (!value) throw new Error('useConversation() outside <CommentThread>');
  return value;
}
