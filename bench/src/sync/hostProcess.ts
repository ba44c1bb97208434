/**
 * Servers under test run in their own process (`serverHost.ts`), so that the load generator —
 * hundreds of client sockets in the benchmark process — never shares an event loop with the
 * server it measures. The parent talks to the host over the fork IPC channel: the host reports
 * its port once listening, and answers requests for its own measurements (memory after a full
 * GC, event-loop time), which only the server process itself can take.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export type HostKind = 'relay' | 'fluxo';

export const hostRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('memory'), id: z.number() }),
  z.object({ type: z.literal('loop'), id: z.number() }),
  z.object({ type: z.literal('stop'), id: z.number() }),
]);
export type HostRequest = z.infer<typeof hostRequestSchema>;

/** After a full GC: bytes on the JS heap plus memory held outside it (buffers, sockets' data). */
export const memoryReportSchema = z.object({
  type: z.literal('memory'),
  id: z.number(),
  heapUsed: z.number(),
  external: z.number(),
  rss: z.number(),
});
/** Cumulative event-loop figures: `activeMs` is time spent running code (not waiting for I/O). */
export const loopReportSchema = z.object({
  type: z.literal('loop'),
  id: z.number(),
  activeMs: z.number(),
  idleMs: z.number(),
  cpuUserMs: z.number(),
  cpuSystemMs: z.number(),
});
const stoppedSchema = z.object({ type: z.literal('stopped'), id: z.number() });
const readySchema = z.object({ type: z.literal('ready'), port: z.number() });
const failedSchema = z.object({ type: z.literal('failed'), message: z.string() });
export const hostMessageSchema = z.discriminatedUnion('type', [
  memoryReportSchema,
  loopReportSchema,
  stoppedSchema,
  readySchema,
  failedSchema,
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;
export type MemoryReport = z.infer<typeof memoryReportSchema>;
export type LoopReport = z.infer<typeof loopReportSchema>;

const HOST_SCRIPT = fileURLToPath(new URL('./serverHost.ts', import.meta.url));
const START_TIMEOUT_MS = 60_000;

export class HostProcess {
  readonly kind: HostKind;
  readonly port: number;
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, (message: HostMessage) => void>();
  #nextId = 1;

  private constructor(kind: HostKind, port: number, child: ChildProcess) {
    this.kind = kind;
    this.port = port;
    this.#child = child;
    child.on('message', (raw: unknown) => {
      const parsed = hostMessageSchema.safeParse(raw);
      if (!parsed.success || !('id' in parsed.data)) return;
      const resolve = this.#pending.get(parsed.data.id);
      this.#pending.delete(parsed.data.id);
      resolve?.(parsed.data);
    });
  }

  /** Starts a host; `env` is the server's environment (DATA_DIR…) for `fluxo`. */
  static async start(kind: HostKind, env: Record<string, string> = {}): Promise<HostProcess> {
    // FLUXO_BENCH_HOST_ARGS: extra node flags for the server process, e.g. `--cpu-prof`.
    const extra = (process.env.FLUXO_BENCH_HOST_ARGS ?? '').split(' ').filter((a) => a !== '');
    const child = fork(HOST_SCRIPT, [kind], {
      execArgv: [...process.execArgv, ...extra],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${kind} host did not start in time`)), START_TIMEOUT_MS);
      child.on('exit', (code) => reject(new Error(`${kind} host exited with ${String(code)} before it was ready`)));
      child.on('message', (raw: unknown) => {
        const parsed = hostMessageSchema.safeParse(raw);
        if (!parsed.success) return;
        if (parsed.data.type === 'ready') {
          clearTimeout(timer);
          resolve(parsed.data.port);
        } else if (parsed.data.type === 'failed') {
          clearTimeout(timer);
          reject(new Error(`${kind} host failed: ${parsed.data.message}`));
        }
      });
    });
    child.removeAllListeners('exit');
    return new HostProcess(kind, port, child);
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  #request(type: HostRequest['type']): Promise<HostMessage> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.kind} host did not answer ${type}`)), 30_000);
      this.#pending.set(id, (message) => {
        clearTimeout(timer);
        resolve(message);
      });
      this.#child.send({ type, id } satisfies HostRequest);
    });
  }

  async memory(): Promise<MemoryReport> {
    const message = await this.#request('memory');
    if (message.type !== 'memory') throw new Error(`unexpected answer ${message.type}`);
    return message;
  }

  async loop(): Promise<LoopReport> {
    const message = await this.#request('loop');
    if (message.type !== 'loop') throw new Error(`unexpected answer ${message.type}`);
    return message;
  }

  /** Asks the host to close its server cleanly; kills it if it does not exit in time. */
  async stop(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    try {
      await Promise.race([this.#request('stop'), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    } catch {
      // killed below
    }
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
