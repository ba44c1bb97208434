/**
 * Debian's Chromium (`/usr/bin/chromium`, or `CHROMIUM_PATH`), driven by playwright-core, with
 * the flags of `e2e/support/chromium.ts` (this machine has no network to reach for). Headless,
 * software rendering: the same browser the e2e tests use, so what the benchmarks measure is what
 * those tests exercise.
 */
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * tsx compiles this package with esbuild's `keepNames`, which wraps named functions in a
 * `__name(fn, "name")` helper. Playwright sends a function given to `page.evaluate` or
 * `addInitScript` to the page as its source text, where that helper does not exist; this defines
 * it (as the identity) in every document of the context, before any of those scripts run.
 */
export async function allowCompiledPageFunctions(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
}
