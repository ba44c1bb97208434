/**
 * What the browser benchmarks share: the real Fluxo server in its own process (as the sync
 * benchmarks start it, `sync/serverHost.ts`) on a fresh copy of the run's prepared data — the
 * pt-BR demo agency and the 10,000-ticket board of `boardFixture.ts` whose members are Ana,
 * Paulo and Dora (`sync/fluxoDataDir.ts`) — serving this run's build of the SPA and the reference
 * page (`servedSite.ts`); Ana's session cookie; and Debian's Chromium.
 *
 * Each benchmark gets its own lab (server and browser), so none inherits another's moves,
 * rooms or browser caches. A visitor is a new browser context: its own cookie jar, HTTP cache,
 * code cache and IndexedDB — a first visit of this board on this device, signed in already.
 */
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BoardId, STAGES, type Stage, type Ticket, translate } from '@fluxo/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildBoardFixture } from '../boardFixture.js';
import { HostProcess } from '../sync/hostProcess.js';
import { fluxoEnv, freePort, login } from '../sync/fluxoDataDir.js';
import { BIG_BOARD_TICKETS, fluxoData } from '../sync/syncLab.js';
import { allowCompiledPageFunctions, launchChromium } from './chromium.js';
import { REFERENCE_PATH, buildServedSite } from './servedSite.js';

/** The window of a desktop at work: all five columns side by side, as in the e2e tests. */
export const VIEWPORT = { width: 1600, height: 900 } as const;
export const LOCALE = 'pt-BR';

/** A stage's column as people and screen readers find it: the `region` named by its label. */
export const stageLabel = (stage: Stage): string => translate(LOCALE, `stage.${stage}`);

export interface BrowserLab {
  readonly browser: Browser;
  readonly baseUrl: string;
  readonly boardId: BoardId;
  readonly boardUrl: string;
  readonly referenceUrl: string;
  /** The directory the server serves: this run's SPA build (with source maps) and the reference page. */
  readonly siteDir: string;
  /** Tickets per stage column (not archived), as the board holds them before any benchmark moves one. */
  readonly columnSizes: Readonly<Record<Stage, number>>;
  /** A first visit: a new context signed in as Ana, with `prepare` run before any page loads. */
  visit(prepare?: (context: BrowserContext) => Promise<void>): Promise<Visit>;
}

export interface Visit {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

let site: Promise<string> | null = null;

/** The run's build of the SPA plus the reference page, made once and removed when the process exits. */
function servedSite(): Promise<string> {
  site ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fluxo-bench-site-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    await buildServedSite(dir);
    return dir;
  })();
  return site;
}

function columnSizes(tickets: readonly Ticket[]): Record<Stage, number> {
  const sizes = Object.fromEntries(STAGES.map((stage) => [stage, 0])) as Record<Stage, number>;
  for (const ticket of tickets) if (!ticket.archived) sizes[ticket.stage]++;
  return sizes;
}

/** Runs `use` with a fresh lab and tears it down (browser, server) whatever happens. */
export async function withBrowserLab<T>(use: (lab: BrowserLab) => Promise<T>): Promise<T> {
  const [prepared, siteDir] = await Promise.all([fluxoData(), servedSite()]);
  if (prepared.bigBoardId === null) throw new Error('the prepared data has no large board');
  const boardId = prepared.bigBoardId;
  const port = await freePort();
  const host = await HostProcess.start('fluxo', { ...fluxoEnv(await prepared.copy(), port), FLUXO_BENCH_STATIC_DIR: siteDir });
  let browser: Browser | null = null;
  try {
    const baseUrl = `http://127.0.0.1:${host.port}`;
    const [session, launched] = await Promise.all([login(baseUrl, prepared.email, prepared.password), launchChromium()]);
    browser = launched;
    const [cookieName, ...rest] = session.cookie.split('=');
    const cookie = { name: cookieName as string, value: rest.join('='), url: baseUrl };
    const lab: BrowserLab = {
      browser,
      baseUrl,
      boardId,
      boardUrl: `${baseUrl}/boards/${boardId}`,
      referenceUrl: `${baseUrl}${REFERENCE_PATH}`,
      siteDir,
      columnSizes: columnSizes(buildBoardFixture(BIG_BOARD_TICKETS).tickets),
      async visit(prepare) {
        const context = await launched.newContext({ locale: LOCALE, viewport: VIEWPORT });
        try {
          await context.addCookies([cookie]);
          await allowCompiledPageFunctions(context);
          await prepare?.(context);
          const page = await context.newPage();
          return { context, page, close: () => context.close() };
        } catch (error) {
          await context.close();
          throw error;
        }
      },
    };
    return await use(lab);
  } finally {
    await browser?.close();
    await host.stop();
  }
}
