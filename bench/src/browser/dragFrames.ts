/**
 * browser-drag-frame-p99: how much main-thread work each frame costs while a person drags a card
 * from one column to another on a 10,000-ticket board, in Chromium, with real pointer input.
 *
 * A drag, as `e2e/tests/liveBoard.e2e.ts` makes one with `page.mouse`: press on the title of the
 * first movable card wholly in view in the source column, move 12 px right and 6 px down in four
 * steps (the board's drag layer activates after 5 px), travel in 30 steps to the second card of the
 * target column, wander to the lower part of the first card and the upper part of the third (the
 * landing line moves from card to card, the column's verdict is computed), and release in the
 * upper quarter of the second card. Then wait, still inside the measured window, until the card
 * shows in the target column and the board says "Salvo" (the server has the move on disk), plus
 * two frames (watched from inside the page by a `MutationObserver`, `dropLanded`, not by
 * Playwright locators, whose per-frame role queries ran on the measured thread): the drop's own
 * consequences — the `moveTicket` transaction, the re-render of both columns, the IndexedDB
 * write, the socket send and the acknowledgement — are frames of the drag too. Drags alternate Produção → Entrega (the handoff) and Entrega → Produção (changes asked),
 * so the board keeps its shape.
 *
 * Measured with a Chrome trace (`frameWork.ts`): per frame slot, the time the page's main thread
 * spent in tasks — input, scripts, style, layout, paint, GC — not the vsync interval. The first
 * drag after the board loads is a warm-up (JIT, lazy set-up); its worst slot
 * is printed but not counted. The value is the p99 over every slot of the measured drags, pooled.
 * Reference: the budget of 10 ms per frame (a 60 Hz frame keeps a third of its time spare).
 * Goal ≤ 1.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Stage, translate } from '@fluxo/shared';
import type { Locator, Page } from 'playwright-core';
import { type Benchmark, quantile } from '../measure.js';
import { BIG_BOARD_TICKETS } from '../sync/syncLab.js';
import { LOCALE, stageLabel, withBrowserLab } from './browserLab.js';
import { startTrace } from './chromeTrace.js';
import { FRAME_TRACE_CATEGORIES, type FrameSlot, frameWork, relevantTraceEvents } from './frameWork.js';
import { afterFrames, dropLanded, markTrace, scrollBoardToTop } from './pageProbes.js';

export const FRAME_BUDGET_MS = 10;
export const MARK_PREFIX = 'fluxo-bench:drag';
const STEP_TIMEOUT_MS = 15_000;

const column = (page: Page, stage: Stage): Locator => page.getByRole('region', { name: stageLabel(stage), exact: true });
/** The board's save state region (filtered by its text: the page may have other `status` regions). */
const saved = (page: Page): Locator =>
  page.getByRole('status').filter({ hasText: new RegExp(`^\\s*${translate(LOCALE, 'sync.saved')}\\s*$`) });

async function centre(locator: Locator, yShare = 0.5): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (box === null) throw new Error(`${locator.toString()} is not on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height * yShare };
}

/** One measured drag; returns the id of the card it moved, after checking it landed. */
export async function dragCard(page: Page, from: Stage, to: Stage, mark: string): Promise<string> {
  // Untimed: the previous drop may have left a list scrolled (focus follows the moved card).
  await page.evaluate(scrollBoardToTop);
  // A card that may move (closed tickets stay put), near the top of its column and wholly in view
  // inside the column's scroll box (a drop or the drag's auto-scroll may have scrolled it).
  const movable = column(page, from).locator('article:not([data-status="done"]):not([data-status="cancelled"])');
  const view = await column(page, from).locator('.card-list-scroller').boundingBox();
  if (view === null) throw new Error(`the ${from} column has no card list on screen`);
  let card: Locator | null = null;
  for (let i = 0; i < 6 && card === null; i++) {
    const box = await movable.nth(i).boundingBox();
    if (box !== null && box.y >= view.y && box.y + box.height <= view.y + view.height) card = movable.nth(i);
  }
  if (card === null) throw new Error(`no movable card wholly in view in ${from}`);
  const ticketId = await card.getAttribute('data-ticket-id');
  if (ticketId === null) throw new Error(`a card in ${from} has no ticket id`);
  // The path stays clear of the window's and the column's edges, where the drag layer would
  // start auto-scrolling (a drag that scrolls measures the scroll, and lands somewhere else).
  const targets = column(page, to).getByRole('article');
  const start = await centre(card.locator('.ticket-card__title'));
  const target = await centre(targets.nth(1));
  const above = await centre(targets.nth(0), 0.75);
  const below = await centre(targets.nth(2), 0.25);
  const landing = await centre(targets.nth(1), 0.25);

  await page.evaluate(markTrace, `${mark}:start`);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 12, start.y + 6, { steps: 4 });
  await page.mouse.move(target.x, target.y, { steps: 30 });
  await page.mouse.move(above.x, above.y, { steps: 10 });
  await page.mouse.move(below.x, below.y, { steps: 15 });
  await page.mouse.move(landing.x, landing.y, { steps: 10 });
  await page.mouse.up();
  // Inside the measured window the page itself is watched (no Playwright polling: pageProbes.ts).
  const landedInTime = await page.evaluate(dropLanded, {
    region: stageLabel(to),
    ticketId,
    savedText: translate(LOCALE, 'sync.saved'),
    timeoutMs: STEP_TIMEOUT_MS,
  });
  if (landedInTime) {
    await page.evaluate(afterFrames, 2);
    await page.evaluate(markTrace, `${mark}:end`);
  }
  // Untimed: the same through the accessibility tree, as a person (and the e2e tests) would see it.
  await column(page, to)
    .locator(`article[data-ticket-id="${ticketId}"]`)
    .waitFor({ timeout: STEP_TIMEOUT_MS })
    .catch(async (error: unknown) => {
      const screenshot = join(tmpdir(), 'fluxo-bench-drag-failure.png');
      await page.screenshot({ path: screenshot }).catch(() => undefined);
      const alert = await page.getByRole('alert').allTextContents();
      const says = alert.length > 0 ? ` (the board says: ${alert.join(' ')})` : '';
      throw new Error(`the card ${ticketId} did not land in ${to}${says}; screenshot: ${screenshot}`, { cause: error });
    });
  await saved(page).waitFor({ timeout: STEP_TIMEOUT_MS });
  if (!landedInTime) throw new Error(`the drop of ${ticketId} was not seen landing and saved in the page within ${STEP_TIMEOUT_MS} ms`);
  if ((await column(page, from).locator(`article[data-ticket-id="${ticketId}"]`).count()) !== 0) {
    throw new Error(`card ${ticketId} is still in ${from} after the drop`);
  }
  return ticketId;
}

/** Drag `i` of a series: the handoff Produção → Entrega, then back, and so on. */
export const dragRoute = (i: number): [Stage, Stage] => (i % 2 === 0 ? ['production', 'delivery'] : ['delivery', 'production']);

/** Opens the board and waits until both columns of the route show cards and the board is synced. */
export async function openBoardForDrags(page: Page, boardUrl: string): Promise<void> {
  await page.goto(boardUrl);
  for (const stage of ['production', 'delivery'] as const) {
    await column(page, stage).getByRole('article').nth(3).waitFor({ timeout: 60_000 });
  }
  await saved(page).waitFor({ timeout: 60_000 });
}

export const browserDragFrameP99: Benchmark = {
  id: 'browser-drag-frame-p99',
  label: `Chromium: p99 main-thread work per frame while dragging a card across columns (${BIG_BOARD_TICKETS.toLocaleString('en')}-ticket board, pointer)`,
  async run(mode) {
    return withBrowserLab(async (lab) => {
      const visit = await lab.visit();
      try {
        const { page } = visit;
        await openBoardForDrags(page, lab.boardUrl);

        const drags = mode === 'short' ? 4 : 12;
        const trace = await startTrace(lab.browser, FRAME_TRACE_CATEGORIES);
        let events: unknown[];
        try {
          for (let i = 0; i <= drags; i++) await dragCard(page, ...dragRoute(i), `${MARK_PREFIX}:${i}`);
        } finally {
          events = await trace.stop();
        }
        const relevant = relevantTraceEvents(events, MARK_PREFIX);
        const slotsOf = (i: number): FrameSlot[] => frameWork(relevant, `${MARK_PREFIX}:${i}:start`, `${MARK_PREFIX}:${i}:end`);
        const warmUp = slotsOf(0);
        const measured = Array.from({ length: drags }, (_, i) => slotsOf(i + 1));
        const work = measured.flat().map((slot) => slot.workMs);
        const worst = (slots: readonly FrameSlot[]) => Math.max(...slots.map((slot) => slot.workMs));
        const value = quantile(work, 0.99);
        process.stdout.write(
          ` [${work.length} frames in ${drags} drags: p50 ${quantile(work, 0.5).toFixed(1)}, p90 ${quantile(work, 0.9).toFixed(1)},` +
            ` p99 ${value.toFixed(1)}, worst per drag ${measured.map((d) => worst(d).toFixed(0)).join('/')} ms;` +
            ` warm-up drag worst ${worst(warmUp).toFixed(0)} ms]`,
        );
        return {
          id: 'browser-drag-frame-p99',
          label: this.label,
          value,
          unit: 'ms',
          reference: `budget: ${FRAME_BUDGET_MS} ms of main-thread work per frame`,
          referenceValue: FRAME_BUDGET_MS,
          goal: 1,
        };
      } finally {
        await visit.close();
      }
    });
  },
};
