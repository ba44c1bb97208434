/**
 * The live core every Fluxo process wires the same way (`main.ts`, and the benchmarks' server
 * host, so they measure what runs): the conversation's live signals and notifier, shared by
 * the witness (handoff and assignment notifications, client timeline signals) and the tRPC
 * routers; the sync server with that witness; the conversation, reading tickets from the live
 * boards; the done guard both share (the sync gate asks it, the approval desk and the workspace
 * rules keep it current).
 */
import { createDoneGuard } from './approvals/doneGuard.js';
import type { Authenticator } from './auth/authenticator.js';
import type { Config } from './config.js';
import { type Conversation, createConversation } from './conversation/conversation.js';
import { ConversationEvents } from './conversation/conversationEvents.js';
import { liveTicketDirectory } from './conversation/ticketDirectory.js';
import type { Logger } from './log.js';
import { clientCommentOutbox } from './mail/clientCommentOutbox.js';
import { promisedDateOutbox } from './mail/promisedDateOutbox.js';
import { createNotifier } from './notifications/notifier.js';
import { signallingWitness } from './share/signallingWitness.js';
import { satisfactionAsker, satisfactionWitness } from './satisfaction/satisfactionSurveys.js';
import type { Store } from './store/store.js';
import { type SyncServer, type SyncServerOptions, createSyncServer } from './sync/syncServer.js';
import { createWitness } from './witness/witness.js';

export interface LiveCore {
  readonly events: ConversationEvents;
  readonly sync: SyncServer;
  readonly conversation: Conversation;
}

export function createLiveCore(deps: {
  config: Config;
  store: Store;
  auth: Authenticator;
  logger: Logger;
  /** Tuning of the sync server (tests: e.g. a short `idleUnloadMs`); the production defaults otherwise. */
  syncOptions?: Partial<Omit<SyncServerOptions, 'config' | 'store' | 'auth' | 'logger' | 'witness' | 'doneGuard'>>;
}): LiveCore {
  const { config, store, auth, logger } = deps;
  const events = new ConversationEvents();
  const notifier = createNotifier({ store, events, logger });
  // The client hears of a promised date after the burst window, coalesced (one email for a quick 10/12 → 12/12).
  const promisedDates = promisedDateOutbox({ store, graceMs: config.mailBurstWindowMs });
  // After delivery the client is asked how it went (issue 8): a survey per done client ticket, emailed after the burst window.
  const satisfaction = satisfactionAsker({ store, graceMs: config.mailBurstWindowMs });
  const witness = signallingWitness(satisfactionWitness(createWitness({ store, logger, notifier, promisedDates }), satisfaction, logger), events);
  const doneGuard = createDoneGuard({ store });
  const sync = createSyncServer({ ...deps.syncOptions, config, store, auth, logger, witness, doneGuard });
  const conversation = createConversation({
    store,
    logger,
    events,
    notifier,
    tickets: liveTicketDirectory(sync),
    boards: sync,
    doneGuard,
    commentOutbox: clientCommentOutbox(store),
  });
  return { events, sync, conversation };
}
