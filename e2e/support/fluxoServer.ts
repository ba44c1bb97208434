/**
 * Starts the real Fluxo server as its own process, the way `pnpm start` does (tsx on
 * server/src/main.ts), on a free loopback port with a fresh DATA_DIR, and waits for /healthz.
 * Every test file gets its own server; `stop()` ends it and removes the data dir.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** A loopback port nobody listens on now (for the server's ports: HTTP, `INBOUND_SMTP_PORT`). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('no port'));
        return;
      }
      probe.close(() => resolvePort(address.port));
    });
  });
}

/** Mail both ways for a test server (server/CONTEXT.md, Mail). */
export interface FluxoMailOptions {
  /** Where Fluxo sends (`SMTP_URL`): the test's mailbox, plain SMTP on loopback. */
  readonly smtpUrl: string;
  /** `INBOUND_SMTP_PORT`: a free port (`freePort()`); the listener binds `HOST` (127.0.0.1). */
  readonly inboundPort: number;
  /** `INBOUND_DOMAIN`: `atendimento@<domain>` opens tickets. */
  readonly inboundDomain: string;
  /** `MAIL_FROM`. */
  readonly mailFrom: string;
  /**
   * `MAIL_BURST_WINDOW_SECONDS`: how long updates on one ticket gather into one email (the
   * product's default is 120 s; a test sets a second or two so it need not wait).
   */
  readonly burstWindowSeconds: number;
}

/** The environment that turns mail on for `startFluxo`. */
export function mailEnvironment(options: FluxoMailOptions): Record<string, string> {
  return {
    SMTP_URL: options.smtpUrl,
    INBOUND_SMTP_PORT: String(options.inboundPort),
    INBOUND_DOMAIN: options.inboundDomain,
    MAIL_FROM: options.mailFrom,
    MAIL_BURST_WINDOW_SECONDS: String(options.burstWindowSeconds),
  };
}

export async function startFluxo(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fluxo-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [join(repoRoot, 'server/node_modules/tsx/dist/cli.mjs'), join(repoRoot, 'server/src/main.ts')],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        PUBLIC_URL: url,
        FLUXO_DEMO: '1',
        NODE_ENV: 'production',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));

  const exited = new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`fluxo exited with ${child.exitCode}:\n${log}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`fluxo did not answer /healthz within 60 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    port,
    dataDir,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
