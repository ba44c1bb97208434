/**
 * A mail worker in its own process, for the crash test (`outboxCrash.test.ts` runs it and kills
 * it with SIGKILL mid-batch):
 *
 *     node --import tsx outboxWorker.probe.ts <dataDir> <smtpUrl>
 *
 * Opens the embedded store in `dataDir`, runs an `OutboxWorker` (lease 60 s, no digest window,
 * polling every 10 ms) against `smtpUrl`, prints "started", and runs until it is killed.
 */
import { silentLogger } from '../../log.js';
import { openLowdbStore } from '../../store/lowdbStore.js';
import { MailComposer } from '../mailComposer.js';
import { smtpTransport } from '../mailTransport.js';
import { OutboxWorker } from '../outboxWorker.js';
import { memoryBoards } from './memoryBoards.js';

const [dataDir, smtpUrl] = process.argv.slice(2);
if (dataDir === undefined || smtpUrl === undefined) {
  console.error('usage: outboxWorker.probe.ts <dataDir> <smtpUrl>');
  process.exit(2);
}

const store = await openLowdbStore(dataDir);
const composer = new MailComposer({
  store,
  boards: memoryBoards(store),
  publicUrl: 'https://fluxo.agencia.test',
  mailFrom: 'Agência <contato@agencia.test>',
  inboundDomain: null,
  timelineLinks: async () => null,
  now: () => new Date(),
});
const worker = new OutboxWorker({
  store,
  composer,
  transport: smtpTransport(smtpUrl),
  messageIdDomain: 'agencia.test',
  logger: silentLogger,
  leaseMs: 60_000,
  windowMs: 0,
  pollIntervalMs: 10,
});
worker.start();
console.log('started');
setInterval(() => undefined, 60_000); // stays up until killed
