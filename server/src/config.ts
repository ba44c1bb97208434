/**
 * Server configuration, parsed once at start-up from the environment (DESIGN.md §4).
 *
 * Every variable is checked with zod; a bad value stops start-up with a `ConfigError` whose
 * message names the variable, what was expected and what was given (secrets are never echoed).
 * All problems are reported at once, one per line, so a broken deployment is fixed in one go.
 *
 * Conventions:
 * - An empty value (`PORT=`) means "unset", as docker-compose and systemd files often write it.
 * - `HOST` unset means "listen on every interface" (Node's default: IPv6 `::`, which also
 *   accepts IPv4 on dual-stack machines). Set `HOST=127.0.0.1` to accept only local connections,
 *   e.g. behind a reverse proxy on the same machine.
 * - `DATA_DIR` (default `./data`) is resolved against the directory the command was started
 *   from: `INIT_CWD` when set (pnpm sets it to where `pnpm …` was typed, while it runs the
 *   server's own script with cwd = `server/`), else the process cwd. So
 *   `npx pnpm@10.34.9 start` at the repo root keeps its data in `<repo>/data`.
 * - `PUBLIC_URL` is the origin people type in the browser (default `http://localhost:<PORT>`).
 *   It must be a bare http(s) origin: the SPA is served at `/`. An `https:` URL turns on
 *   `Secure` cookies and HSTS.
 * - `TRUST_PROXY=1` (Fluxo-specific, default off) takes the client address for login
 *   throttling from the last `X-Forwarded-For` hop, for deployments behind a reverse proxy.
 *   Leave it off when clients connect directly, or anyone could forge their address.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

export type NodeEnv = 'development' | 'production' | 'test';

export interface Config {
  /** TCP port of the HTTP server; 0 picks a free port (tests). */
  readonly port: number;
  /** Interface to listen on; `null` listens on all interfaces. */
  readonly host: string | null;
  /** Absolute path of the data directory. */
  readonly dataDir: string;
  /** Public origin without trailing slash, e.g. `https://fluxo.agencia.com.br`. */
  readonly publicUrl: string;
  /** True when `publicUrl` is https: cookies get `Secure`, responses get HSTS. */
  readonly secureCookies: boolean;
  /** Outgoing mail server (`smtp://` or `smtps://`); without it mail waits in the outbox. */
  readonly smtpUrl: string | null;
  /** `From` of outgoing mail: `equipe@agencia.com.br` or `Equipe <equipe@agencia.com.br>`. */
  readonly mailFrom: string | null;
  /** Port of the incoming-mail listener; `null` keeps it off. */
  readonly inboundSmtpPort: number | null;
  /** Domain whose addresses the inbound listener accepts, e.g. `atendimento.agencia.com.br`. */
  readonly inboundDomain: string | null;
  /**
   * `MAIL_BURST_WINDOW_SECONDS` (default 120, at most 3600): updates on one ticket written within
   * this window after the first go out as one email per recipient (`mail/outboxGroups.ts`).
   * 0 sends each at once; the e2e tests use 1 so they need not wait two minutes.
   */
  readonly mailBurstWindowMs: number;
  /** `FLUXO_DEMO=1`: seed the demo agency into an empty data dir. */
  readonly demo: boolean;
  /** Take the client address from `X-Forwarded-For` (see module comment). */
  readonly trustProxy: boolean;
  readonly nodeEnv: NodeEnv;
}

/** Invalid configuration. `issues` holds one line per bad variable, each starting with its name. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(issues.join('\n'));
    this.name = 'ConfigError';
  }
}

// Each schema's error text is the *expectation*; `parseConfig` adds the variable and the value.
const PORT_EXPECTATION = 'expected an integer 0–65535';
const port = z
  .string()
  .regex(/^\d{1,5}$/, { error: PORT_EXPECTATION })
  .transform(Number)
  .refine((n) => n <= 65_535, { error: PORT_EXPECTATION });

const hostnamePattern =
  /^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

// A name made only of digits and dots is meant as an IPv4 address: it must be a valid one.
const host = z.string().refine((v) => (/^[\d.]+$/.test(v) ? isIPv4(v) : hostnamePattern.test(v) || isIPv6(v)), {
  error: 'expected a hostname or IP address such as 127.0.0.1',
});

const PUBLIC_URL_EXPECTATION = 'expected an http(s) origin such as https://fluxo.example.com (no path)';
const publicUrl = z.string().transform((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: PUBLIC_URL_EXPECTATION });
    return z.NEVER;
  }
  const bare = url.pathname === '/' && url.search === '' && url.hash === '';
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !bare || url.username || url.password) {
    ctx.addIssue({ code: 'custom', message: PUBLIC_URL_EXPECTATION });
    return z.NEVER;
  }
  return url.origin;
});

const smtpUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
    } catch {
      return false;
    }
  },
  { error: 'expected a URL such as smtp://user:password@mail.example.com:587 or smtps://…' },
);

const emailPattern = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const mailFrom = z
  .string()
  .refine((v) => emailPattern.test(v) || /^[^<>]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>$/.test(v.trim()), {
    error: 'expected an email address, optionally with a name: Equipe <equipe@example.com>',
  });

const inboundDomain = z.string().refine((v) => hostnamePattern.test(v) && v.includes('.'), {
  error: 'expected a domain name such as atendimento.example.com',
});

const BURST_WINDOW_EXPECTATION = 'expected a whole number of seconds 0–3600';
const burstWindowSeconds = z
  .string()
  .regex(/^\d{1,4}$/, { error: BURST_WINDOW_EXPECTATION })
  .transform(Number)
  .refine((n) => n <= 3_600, { error: BURST_WINDOW_EXPECTATION });

const flag = z.enum(['0', '1'], { error: 'expected 1 or 0' }).transform((v) => v === '1');

const nodeEnv = z.enum(['development', 'production', 'test'], {
  error: 'expected development, production or test',
});

const envSchema = z.object({
  PORT: port.optional(),
  HOST: host.optional(),
  DATA_DIR: z.string().optional(),
  PUBLIC_URL: publicUrl.optional(),
  SMTP_URL: smtpUrl.optional(),
  MAIL_FROM: mailFrom.optional(),
  INBOUND_SMTP_PORT: port.optional(),
  INBOUND_DOMAIN: inboundDomain.optional(),
  MAIL_BURST_WINDOW_SECONDS: burstWindowSeconds.optional(),
  FLUXO_DEMO: flag.optional(),
  TRUST_PROXY: flag.optional(),
  NODE_ENV: nodeEnv.optional(),
});

type EnvName = keyof typeof envSchema.shape;
const ENV_NAMES = Object.keys(envSchema.shape) as EnvName[];

/** Variables whose value may carry a password and so is never repeated in an error message. */
const SECRET_VARIABLES: ReadonlySet<EnvName> = new Set(['SMTP_URL']);

export interface ParseConfigOptions {
  /** Directory relative paths are resolved against when `INIT_CWD` is not set. */
  readonly cwd?: string;
}

/**
 * Reads the configuration from `env` (normally `process.env`). Throws `ConfigError`.
 * Pure apart from reading `process.cwd()` when no `cwd` is given.
 */
export function parseConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: ParseConfigOptions = {},
): Config {
  const raw: Partial<Record<EnvName, string>> = {};
  for (const name of ENV_NAMES) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[name] = value;
  }

  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const issues: string[] = [];
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'environment') as EnvName;
      if (seen.has(name)) continue;
      seen.add(name);
      const value = raw[name];
      const given = SECRET_VARIABLES.has(name)
        ? 'a value that is not one (not shown: it may hold a password)'
        : JSON.stringify(value);
      issues.push(`${name}: ${issue.message}, got ${given}`);
    }
    throw new ConfigError(issues);
  }

  const v = parsed.data;
  const portNumber = v.PORT ?? 3000;
  const baseDir = env.INIT_CWD !== undefined && env.INIT_CWD !== '' ? env.INIT_CWD : (options.cwd ?? process.cwd());
  const dataDirSetting = v.DATA_DIR ?? './data';
  const publicOrigin = v.PUBLIC_URL ?? `http://localhost:${portNumber}`;

  return Object.freeze({
    port: portNumber,
    host: v.HOST ?? null,
    dataDir: isAbsolute(dataDirSetting) ? resolve(dataDirSetting) : resolve(baseDir, dataDirSetting),
    publicUrl: publicOrigin,
    secureCookies: publicOrigin.startsWith('https:'),
    smtpUrl: v.SMTP_URL ?? null,
    mailFrom: v.MAIL_FROM?.trim() ?? null,
    inboundSmtpPort: v.INBOUND_SMTP_PORT ?? null,
    inboundDomain: v.INBOUND_DOMAIN?.toLowerCase() ?? null,
    mailBurstWindowMs: (v.MAIL_BURST_WINDOW_SECONDS ?? 120) * 1_000,
    demo: v.FLUXO_DEMO ?? false,
    trustProxy: v.TRUST_PROXY ?? false,
    nodeEnv: v.NODE_ENV ?? 'production',
  });
}

/** A one-line summary for the start-up log, without secrets. */
export function describeConfig(config: Config): string {
  const parts = [
    `data ${config.dataDir}`,
    `public ${config.publicUrl}`,
    `mail ${config.smtpUrl === null ? 'outbox only (SMTP_URL unset)' : 'smtp'}`,
    `inbound ${config.inboundSmtpPort === null ? 'off' : `:${config.inboundSmtpPort}`}`,
    `env ${config.nodeEnv}`,
  ];
  if (config.demo) parts.push('demo');
  return parts.join(', ');
}
