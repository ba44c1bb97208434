/**
 * The conversation of a Fluxo process: comments and the notifications they cause, built once
 * in `main.ts` and shared by the tRPC routers (through the context), the witness (handoff and
 * assignment notifications, through `notifier`) and the mail module (inbound replies become
 * comments with `createComment`; client emails ride along through `commentOutbox`).
 *
 *     const events = new ConversationEvents();
 *     const notifier = createNotifier({ store, events });
 *     const witness = createWitness({ store, logger, notifier });     // → sync server
 *     const conversation = createConversation({ store, events, notifier,
 *                                               tickets: liveTicketDirectory(sync) });
 *
 * Everything is optional except the store, so a test builds one in a line.
 */
import type { DoneGuard } from '../approvals/doneGuard.js';
import { type DeadlineDesk, createDeadlineDesk } from '../deadlines/deadlineDesk.js';
import { FlowCache } from '../reports/flowCache.js';
import type { Logger } from '../log.js';
import { type Notifier, createNotifier } from '../notifications/notifier.js';
import type { StoredComment } from '../store/conversationRecords.js';
import type { Store } from '../store/store.js';
import {
  type CommentDeps,
  type CommentOutboxBuilder,
  type CreateCommentInput,
  type CreateCommentOptions,
  type DeleteCommentInput,
  type EditCommentInput,
  createComment,
  deleteComment,
  editComment,
} from './comments.js';
import { ConversationEvents } from './conversationEvents.js';
import { type LiveBoards, type TicketDirectory, storedBoards, storedTicketDirectory } from './ticketDirectory.js';

export interface ConversationOptions {
  readonly store: Store;
  readonly logger?: Logger;
  /** Default: the stored documents (`storedTicketDirectory`); the server passes the live one. */
  readonly tickets?: TicketDirectory;
  /** Where board documents are changed (a client's answer reopens a ticket). Default: `storedBoards`; the server passes the sync server. */
  readonly boards?: LiveBoards;
  readonly events?: ConversationEvents;
  readonly notifier?: Notifier;
  /** The sync gate's "done needs approval" memory, kept current by the approval desk (the live server's). */
  readonly doneGuard?: DoneGuard;
  readonly now?: () => Date;
  /** The mail module's rows for every new or edited comment (client emails). */
  readonly commentOutbox?: CommentOutboxBuilder;
}

export interface Conversation {
  readonly store: Store;
  readonly events: ConversationEvents;
  readonly tickets: TicketDirectory;
  readonly boards: LiveBoards;
  readonly notifier: Notifier;
  /** The boards' deadlines and their warnings (`deadlines/deadlineDesk.ts`); sweeping starts with `deadlines.start()`. */
  readonly deadlines: DeadlineDesk;
  /** Told of every approval and workspace-rules change, when the sync server holds one (`approvals/doneGuard.ts`). */
  readonly doneGuard: DoneGuard | null;
  /** Each board's ticket flows, read from the history as it grows (the reports; `reports/flowCache.ts`). */
  readonly flows: FlowCache;
  /** The clock comments, notifications and live session checks use. */
  now(): Date;
  createComment(input: CreateCommentInput, options?: CreateCommentOptions): Promise<StoredComment>;
  editComment(input: EditCommentInput): Promise<StoredComment>;
  deleteComment(input: DeleteCommentInput): Promise<StoredComment>;
  /** Ends every live subscription (shutdown). */
  close(): void;
}

export function createConversation(options: ConversationOptions): Conversation {
  const events = options.events ?? new ConversationEvents();
  const notifier = options.notifier ?? createNotifier({ store: options.store, events, ...(options.logger ? { logger: options.logger } : {}) });
  const deps: CommentDeps = {
    store: options.store,
    tickets: options.tickets ?? storedTicketDirectory(options.store),
    events,
    now: options.now ?? (() => new Date()),
    ...(options.commentOutbox ? { commentOutbox: options.commentOutbox } : {}),
  };
  const deadlines = createDeadlineDesk({
    store: options.store,
    events,
    tickets: deps.tickets,
    notifier,
    now: deps.now,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    store: options.store,
    events,
    tickets: deps.tickets,
    deadlines,
    doneGuard: options.doneGuard ?? null,
    flows: new FlowCache(options.store),
    boards: options.boards ?? storedBoards(options.store),
    notifier,
    now: deps.now,
    createComment: (input, createOptions) => createComment(deps, input, createOptions),
    editComment: (input) => editComment(deps, input),
    deleteComment: (input) => deleteComment(deps, input),
    close: () => {
      void deadlines.stop();
      events.close();
    },
  };
}
