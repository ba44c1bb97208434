/**
 * Start-up of the Fluxo server process (`tsx src/main.ts`, what `pnpm start` runs):
 *
 * 1. parse the configuration (a bad variable: message naming it, exit 1);
 * 2. open the embedded store in DATA_DIR, taking its lock (in use or damaged: message, exit 1);
 * 3. with FLUXO_DEMO=1 and an empty store, seed the demo agency (and, once listening, print a
 *    fresh client link for the demo clinic: `demo/demoShareLink.ts`);
 * 4. start mail (`mail/mailService.ts`): the outbox worker when SMTP_URL is set, the inbound
 *    SMTP listener when INBOUND_SMTP_PORT is (it needs INBOUND_DOMAIN);
 * 5. serve HTTP and the board sync WebSocket (`sync/syncServer.ts`, with the witness) and log
 *    the URL;
 * 6. on SIGINT/SIGTERM: stop mail (the listener, then the worker after its email in flight),
 *    close the sync sockets (CLOSE_GOING_AWAY) and flush and compact every
 *    loaded board, stop accepting requests, let open ones finish, flush and close the store
 *    (releasing the lock), exit 0. A second signal exits at once.
 */
import { PasswordHasher } from './auth/passwords.js';
import { Authenticator } from './auth/authenticator.js';
import { ConfigError, type Config, describeConfig, parseConfig } from './config.js';
import { fillDemoBoard } from './demo/demoBoard.js';
import { renewDemoShareLink } from './demo/demoShareLink.js';
import { DEMO_PASSWORD, seedDemo } from './demo/seedDemo.js';
import { createServer } from './http.js';
import { createLiveCore } from './liveCore.js';
import { consoleLogger as logger } from './log.js';
import { conversationInbound } from './mail/conversationInbound.js';
import { startMail } from './mail/mailService.js';
import { createClientReportDesk } from './reports/clientReportDesk.js';
import { openLowdbStore } from './store/lowdbStore.js';
import { DataDirLockedError, StoreCorruptError } from './store/storeErrors.js';

const SESSION_SWEEP_MS = 60 * 60_000;

function fail(message: string): never {
  console.error(`fluxo: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(`invalid configuration, nothing was started:\n  ${error.issues.join('\n  ')}`);
    throw error;
  }
  logger.info('starting Fluxo', { config: describeConfig(config) });

  const store = await openLowdbStore(config.dataDir).catch((error: unknown) => {
    if (error instanceof DataDirLockedError || error instanceof StoreCorruptError) fail(error.message);
    throw error;
  });

  const passwords = new PasswordHasher();
  const auth = new Authenticator({ store, passwords });

  if (config.demo && (await store.isEmpty())) {
    const seed = await seedDemo(store, passwords, { fillBoard: (doc, demo) => fillDemoBoard(doc, demo) });
    logger.info('demo agency created', {
      users: Object.values(seed.users)
        .map((u) => u.email)
        .join(','),
      password: DEMO_PASSWORD,
    });
  }

  // Live signals, notifier, the sync server with its witness, the conversation (liveCore.ts).
  const { sync, conversation } = createLiveCore({ config, store, auth, logger });
  // Mail: the outbox worker (SMTP_URL), the inbound listener (INBOUND_SMTP_PORT + INBOUND_DOMAIN).
  const mail = await startMail({ config, store, boards: sync, logger, conversation: conversationInbound(conversation) }).catch(
    async (error: unknown) => {
      await store.close();
      if (error instanceof ConfigError) fail(`invalid configuration, nothing was started:\n  ${error.issues.join('\n  ')}`);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') fail(`INBOUND_SMTP_PORT ${config.inboundSmtpPort} is already in use.`);
      if (code === 'EACCES') fail(`INBOUND_SMTP_PORT ${config.inboundSmtpPort}: permission denied (ports below 1024 need privileges).`);
      throw error;
    },
  );
  const server = createServer(config, store, { auth, logger, sync, conversation, unsubscribe: mail.unsubscribe });
  const { url } = await server.listen().catch(async (error: unknown) => {
    await mail.close();
    await store.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`PORT ${config.port} is already in use${config.host ? ` on ${config.host}` : ''}.`);
    if (code === 'EACCES') fail(`PORT ${config.port}: permission denied (ports below 1024 need privileges).`);
    throw error;
  });
  logger.info(`Fluxo is listening on ${url}`, { publicUrl: config.publicUrl });
  if (config.demo) {
    const demoLink = await renewDemoShareLink(store, config.publicUrl, new Date());
    if (demoLink) logger.info(`Link do cliente (${demoLink.clientName}): ${demoLink.url}`);
  }

  const sweep = setInterval(() => {
    auth.sweepExpiredSessions().catch((error: unknown) => logger.warn('session sweep failed', { error: String(error) }));
  }, SESSION_SWEEP_MS);
  sweep.unref();
  // Deadline warnings (due_soon / overdue), every minute (deadlines/deadlineDesk.ts).
  conversation.deadlines.start();
  // Scheduled client reports (daily / weekly / monthly, from 08:00 agency time), every minute (reports/clientReportDesk.ts).
  const clientReports = createClientReportDesk({ store, logger, now: conversation.now });
  clientReports.start();

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`second ${signal}: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    logger.info(`${signal} received, shutting down`);
    clearInterval(sweep);
    void (async () => {
      try {
        await conversation.deadlines.stop();
        await clientReports.stop();
        await mail.close();
        await server.close();
        await store.close();
        logger.info('stopped');
        process.exit(0);
      } catch (error) {
        logger.error('shutdown failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        process.exit(1);
      }
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
