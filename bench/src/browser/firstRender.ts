/**
 * browser-first-render-10k: how long a person waits, on their first visit from this browser, from
 * opening the link of a 10,000-ticket board until every column shows its first cards.
 *
 * Measured in the page, from the start of the navigation (`performance.now()` = 0) to the end of
 * the first frame rendered with a card (`article`) in each of the five stage columns (`region`s)
 * (`pageProbes.ts`). Included, because a first visit pays it: the HTML, the app's entry and board
 * chunks (no HTTP or code cache: a new browser context), `auth.me` and `boards.get`, the sync
 * socket and its handshake, the whole board's state from the server (the 10,000 tickets and
 * their history, as `boardFixture.ts` builds them), applying it to the `Y.Doc`, the reactive
 * reader over every ticket, saving the state to IndexedDB (empty on a first visit), and rendering
 * the visible window of each virtualized column. Not included: signing in (the context carries
 * Ana's session cookie) and the server's cold load of the board (the unmeasured warm-up visit
 * loads its room; `cold-load-10k` measures that load).
 *
 * Reference, in the same run and browser, interleaved visit by visit: a new context opens a
 * static page from the same server — an empty list and a module script that appends 1,000 plain
 * `<div>` rows (`servedSite.ts`) — timed the same way, up to the frame that shows all 1,000.
 * Goal ≤ 5×. Each side's value is the median of its visits.
 *
 * After each board visit (untimed) the columns' counts are checked against the fixture, so a
 * page that showed cards from a partial or wrong board fails the benchmark.
 */
import { STAGES, translate } from '@fluxo/shared';
import type { Page } from 'playwright-core';
import { type Benchmark, median } from '../measure.js';
import { BIG_BOARD_TICKETS } from '../sync/syncLab.js';
import { type BrowserLab, LOCALE, stageLabel, withBrowserLab } from './browserLab.js';
import { type ShownTimes, type ShownWhen, installShownProbe, shownTimes } from './pageProbes.js';
import { REFERENCE_LIST_ID, REFERENCE_ROWS } from './servedSite.js';

const SHOWN_TIMEOUT_MS = 60_000;

export interface VisitHooks {
  /** Runs on the new page before it navigates (e.g. starting a profiler). */
  beforeNavigation?: (page: Page) => Promise<void>;
  /** Runs, untimed, once the page is shown (checks; stopping a profiler). */
  whenShown?: (page: Page) => Promise<void>;
}

/** One first visit of `url` in a new context: the probe's times. */
export async function visitAndTime(lab: BrowserLab, url: string, when: ShownWhen, hooks: VisitHooks = {}): Promise<ShownTimes> {
  const visit = await lab.visit(async (context) => {
    await context.addInitScript(installShownProbe, when);
  });
  try {
    await hooks.beforeNavigation?.(visit.page);
    await visit.page.goto(url, { waitUntil: 'commit' });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const times = await Promise.race([
      visit.page.evaluate(shownTimes),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${url} was not shown within ${SHOWN_TIMEOUT_MS / 1000} s`)), SHOWN_TIMEOUT_MS);
      }),
    ]).finally(() => clearTimeout(timer));
    await hooks.whenShown?.(visit.page);
    return times;
  } finally {
    await visit.close();
  }
}

/** The board counts as shown when each column that has tickets shows a card. */
export function boardShown(lab: BrowserLab): ShownWhen {
  return { kind: 'cards', regions: STAGES.filter((stage) => lab.columnSizes[stage] > 0).map(stageLabel) };
}

/** Each column says it holds all its tickets: the page shows the whole board, not a part of it. */
export async function checkWholeBoard(lab: BrowserLab, page: Page): Promise<void> {
  // The first cards come from a server projection (`boards.firstCards`) with the columns' counts:
  // only "Salvo" says the whole document has arrived and the live board replaced the preview.
  const savedText = translate(LOCALE, 'sync.saved');
  await page
    .getByRole('status')
    .filter({ hasText: new RegExp(`^\\s*${savedText}\\s*$`) })
    .first()
    .waitFor({ timeout: 60_000 })
    .catch(() => {
      throw new Error(`the board never said "${savedText}": the document did not arrive whole`);
    });
  for (const stage of STAGES) {
    if (lab.columnSizes[stage] === 0) continue;
    const count = translate(LOCALE, 'ticket.count', { count: lab.columnSizes[stage] });
    await page
      .getByRole('region', { name: stageLabel(stage), exact: true })
      .getByText(count, { exact: true })
      .first()
      .waitFor({ timeout: 10_000 })
      .catch(() => {
        throw new Error(`the ${stage} column does not say "${count}": the board was not loaded whole`);
      });
  }
}

export const browserFirstRender10k: Benchmark = {
  id: 'browser-first-render-10k',
  label: `Chromium, first visit: navigation → every column of a ${BIG_BOARD_TICKETS.toLocaleString('en')}-ticket board shows its first cards (painted)`,
  async run(mode) {
    return withBrowserLab(async (lab) => {
      const board = boardShown(lab);
      const rows: ShownWhen = { kind: 'rows', listId: REFERENCE_LIST_ID, rows: REFERENCE_ROWS };
      const subject = () => visitAndTime(lab, lab.boardUrl, board, { whenShown: (page) => checkWholeBoard(lab, page) });
      const reference = () => visitAndTime(lab, lab.referenceUrl, rows);

      // Warm-up, not counted: the server loads the board's room, Chromium starts its processes.
      await subject();
      await reference();
      const visits = mode === 'short' ? 3 : 9;
      const s: ShownTimes[] = [];
      const r: ShownTimes[] = [];
      for (let i = 0; i < visits; i++) {
        s.push(await subject());
        r.push(await reference());
      }
      const value = median(s.map((t) => t.paintedMs));
      const referenceValue = median(r.map((t) => t.paintedMs));
      process.stdout.write(
        ` [board: cards in the DOM ${median(s.map((t) => t.domMs)).toFixed(0)} ms, painted ${value.toFixed(0)} ms` +
          ` (visits ${s.map((t) => t.paintedMs.toFixed(0)).join(', ')}); rows painted ${referenceValue.toFixed(0)} ms]`,
      );
      return {
        id: 'browser-first-render-10k',
        label: this.label,
        value,
        unit: 'ms',
        reference: `Chromium, first visit: navigation → a static page's ${REFERENCE_ROWS.toLocaleString('en')} plain <div> rows painted`,
        referenceValue,
        goal: 5,
      };
    });
  },
};
