/**
 * Child-process entry (forked by `hostProcess.ts`): runs one server under test and answers the
 * parent's measurement requests.
 *
 *     serverHost.ts relay    the plain WebSocket relay (relayServer.ts), on a free port
 *     serverHost.ts fluxo    the Fluxo server as `server/src/main.ts` starts it — store, auth,
 *                            its live core (`liveCore.ts`), HTTP — without mail, with its config from the
 *                            environment (DATA_DIR, PORT, HOST, PUBLIC_URL), production mode
 *
 * Requests: `memory` (two full GCs, then `process.memoryUsage()`), `loop` (cumulative
 * event-loop active/idle time and CPU time), `stop` (close the server cleanly, then exit).
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Authenticator } from '../../../server/src/auth/authenticator.js';
import { PasswordHasher } from '../../../server/src/auth/passwords.js';
import { parseConfig } from '../../../server/src/config.js';
import { createServer } from '../../../server/src/http.js';
import { createLiveCore } from '../../../server/src/liveCore.js';
import { consoleLogger } from '../../../server/src/log.js';
import { openLowdbStore } from '../../../server/src/store/lowdbStore.js';
import { type HostMessage, hostRequestSchema } from './hostProcess.js';
import { startRelayServer } from './relayServer.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function send(message: HostMessage): void {
  process.send?.(message);
}

interface Running {
  readonly port: number;
  close(): Promise<void>;
}

async function startFluxo(): Promise<Running> {
  const config = parseConfig({ NODE_ENV: 'production', ...process.env });
  const store = await openLowdbStore(config.dataDir);
  const passwords = new PasswordHasher();
  const auth = new Authenticator({ store, passwords });
  // As server/src/main.ts wires it, with its logger (stdout is discarded, stderr shown).
  const logger = consoleLogger;
  const { sync, conversation } = createLiveCore({ config, store, auth, logger });
  // FLUXO_BENCH_STATIC_DIR: the browser benchmarks serve their own build of the SPA plus their
  // reference page (bench/src/browser/servedSite.ts); otherwise client/dist, as in production.
  const staticDir = process.env.FLUXO_BENCH_STATIC_DIR || undefined;
  const server = createServer(config, store, { auth, logger, sync, conversation, staticDir });
  const { port } = await server.listen();
  return {
    port,
    async close() {
      await server.close();
      await store.close();
    },
  };
}

async function main(): Promise<void> {
  const kind = process.argv[2];
  let running: Running;
  if (kind === 'relay') running = await startRelayServer();
  else if (kind === 'fluxo') running = await startFluxo();
  else throw new Error(`unknown host kind ${String(kind)}`);

  process.on('message', (raw: unknown) => {
    const parsed = hostRequestSchema.safeParse(raw);
    if (!parsed.success) return;
    const request = parsed.data;
    if (request.type === 'memory') {
      gc();
      gc();
      const usage = process.memoryUsage();
      send({ type: 'memory', id: request.id, heapUsed: usage.heapUsed, external: usage.external, rss: usage.rss });
    } else if (request.type === 'loop') {
      const loop = performance.eventLoopUtilization();
      const cpu = process.cpuUsage();
      send({
        type: 'loop',
        id: request.id,
        activeMs: loop.active,
        idleMs: loop.idle,
        cpuUserMs: cpu.user / 1000,
        cpuSystemMs: cpu.system / 1000,
      });
    } else {
      void running.close().finally(() => {
        send({ type: 'stopped', id: request.id });
        process.disconnect?.();
        process.exit(0);
      });
    }
  });
  // The parent went away: do not linger.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port: running.port });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
