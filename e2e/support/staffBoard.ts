/**
 * How a staff member finds and does things on the live board, in pt-BR, for every e2e file:
 * columns are `region`s named by their stage, cards `article`s named by their title, each card
 * has a "Mover…" menu (DESIGN.md §4). Nothing here sleeps: every step waits for what a person
 * would see, with bounded timeouts.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

export const DEMO_PASSWORD = 'fluxo-demo';
export const ANA = 'ana@demo.fluxo';
export const PAULO = 'paulo@demo.fluxo';
export const DORA = 'dora@demo.fluxo';
/** The demo board's link on the board list (its client-links link names the board after its own words). */
export const DEMO_BOARD_NAME = /^Fluxo de atendimento/;

export const STAGES = ['Triagem', 'Análise', 'Planejamento', 'Produção', 'Entrega'] as const;
export type StageLabel = (typeof STAGES)[number];

/** How long something another person did may take to show up (network, witness, re-render). */
export const SEEN_WITHIN = 10_000;

export const column = (page: Page, stage: StageLabel): Locator => page.getByRole('region', { name: stage, exact: true });
export const card = (page: Page, stage: StageLabel, title: string): Locator =>
  column(page, stage).getByRole('article', { name: title, exact: true });

/** The board's save state ("Salvo", "Salvando…", "Offline — N alterações pendentes"); the drag library has its own status region. */
export const syncState = (page: Page): Locator =>
  page.getByRole('status').filter({ hasText: /^\s*(Salvo|Salvando…|Offline — (nenhuma|\d+) alteraç(ão|ões) pendentes?)\s*$/ });
export const syncStateIs = (page: Page, text: string | RegExp): Promise<void> =>
  syncState(page).filter({ hasText: text }).waitFor({ timeout: SEEN_WITHIN });

/** Waits until the ticket is in `stage` and in no other column. */
export async function seeIn(page: Page, stage: StageLabel, title: string): Promise<void> {
  await card(page, stage, title).waitFor({ timeout: SEEN_WITHIN });
  for (const other of STAGES) {
    if (other !== stage) await card(page, other, title).waitFor({ state: 'detached', timeout: SEEN_WITHIN });
  }
}

/**
 * Lets the browser deliver the `scroll` events of a scroll it just made (they fire on the next
 * frame). The Mover… menu closes on any scroll, as it should when a person scrolls; a test must
 * not open it in the same instant Playwright scrolls the button into view.
 */
export const settleScroll = (page: Page): Promise<void> =>
  page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));

/** Opens a card's "Mover…" menu with the mouse and chooses `item` (e.g. "Mover para Entrega"). */
export async function moveWithMenu(page: Page, ticket: Locator, item: string): Promise<void> {
  const button = ticket.getByRole('button', { name: 'Mover…', exact: true });
  await button.scrollIntoViewIfNeeded();
  await settleScroll(page);
  await button.click();
  await page.getByRole('menu', { name: 'Mover…' }).getByRole('menuitem', { name: item, exact: true }).click();
}

/** The board is on screen, synced with the server. */
export async function boardShown(page: Page): Promise<void> {
  for (const stage of STAGES) await column(page, stage).waitFor();
  await syncStateIs(page, 'Salvo');
}

/** Where `openBoard` opens its contexts, and who closes them (the test file's `afterEach`). */
export interface BoardOpener {
  readonly browser: Browser;
  readonly contexts: BrowserContext[];
}

/**
 * A new browser context (its own cookies and IndexedDB) signed in as `email` at `origin`, on the
 * demo board, synced.
 */
export async function openBoard(opener: BoardOpener, origin: string, email: string): Promise<Page> {
  const context = await opener.browser.newContext({ locale: 'pt-BR', viewport: { width: 1600, height: 900 } });
  opener.contexts.push(context);
  // A step that does not happen fails well within the test's own timeout, saying which step.
  context.setDefaultTimeout(SEEN_WITHIN * 1.5);
  const page = await context.newPage();
  await page.goto(`${origin}/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('link', { name: DEMO_BOARD_NAME }).click();
  await boardShown(page);
  return page;
}

/** Marks the page so a later check can tell it was never reloaded or navigated away. */
export async function markPage(page: Page): Promise<() => Promise<boolean>> {
  const mark = randomBytes(6).toString('hex');
  await page.evaluate((value) => {
    (window as unknown as { fluxoE2eMark?: string }).fluxoE2eMark = value;
  }, mark);
  return () => page.evaluate((value) => (window as unknown as { fluxoE2eMark?: string }).fluxoE2eMark === value, mark);
}

/** The id of the ticket whose drawer is open, from the address bar (`?ticket=<id>`). */
export function openTicketId(page: Page): string {
  const id = new URL(page.url()).searchParams.get('ticket');
  if (id === null) throw new Error(`no ticket in ${page.url()}`);
  return id;
}
