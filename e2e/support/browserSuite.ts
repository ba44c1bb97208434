/**
 * What most browser test files share: one Fluxo server (`fluxoServer.ts`) and one Chromium for
 * the whole file, started together before its tests; every browser context a test opens goes
 * into `contexts` and is closed after that test; both stop after the file.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from './chromium.js';
import { type RunningServer, startFluxo } from './fluxoServer.js';
import { SEEN_WITHIN } from './staffBoard.js';

export interface BrowserSuite {
  /** The file's server (read inside tests: it starts in `beforeAll`). */
  readonly server: RunningServer;
  readonly browser: Browser;
  /** Closed after each test. */
  readonly contexts: BrowserContext[];
}

/** Registers the file's hooks; call at the top level of a test file. */
export function browserSuite(): BrowserSuite {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    [server, browser] = await Promise.all([startFluxo(), launchChromium()]);
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server(): RunningServer {
      if (server === undefined) throw new Error('the server starts in beforeAll');
      return server;
    },
    get browser(): Browser {
      if (browser === undefined) throw new Error('Chromium starts in beforeAll');
      return browser;
    },
    contexts,
  };
}

/** The share path the server printed at start-up for the demo clinic (`FLUXO_DEMO`). */
export function demoClientSharePath(server: RunningServer): string {
  const match = /Link do cliente \(Clínica Sorriso\): https?:\/\/[^/\s]+(\/share\/[A-Za-z0-9_-]{43})/.exec(server.output());
  if (match?.[1] === undefined) throw new Error(`no client link in the server's output:\n${server.output()}`);
  return match[1];
}

/** The client's phone: a small screen, no account, no cookies of the agency. */
export async function clientPhoneContext(suite: BrowserSuite): Promise<BrowserContext> {
  const context = await suite.browser.newContext({ locale: 'pt-BR', viewport: { width: 390, height: 844 } });
  suite.contexts.push(context);
  context.setDefaultTimeout(SEEN_WITHIN * 1.5);
  return context;
}
