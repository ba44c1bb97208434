/**
 * Code that runs inside the measured page (Playwright sends each function's source text, so a
 * function here may use only its arguments and the page's globals — no imports, no helpers from
 * outside its own body).
 *
 * bench/ compiles without the DOM library (it is Node code); the few DOM APIs the probes touch
 * are declared below, in this module only.
 */

interface ProbeElement {
  readonly childElementCount: number;
  readonly textContent: string | null;
  scrollTop: number;
  getAttribute(name: string): string | null;
  querySelector(selectors: string): ProbeElement | null;
}
interface ProbeDocument {
  querySelectorAll(selectors: string): ArrayLike<ProbeElement>;
  getElementById(id: string): ProbeElement | null;
}
interface ProbeMutationObserver {
  observe(target: ProbeDocument, options: { childList: boolean; subtree: boolean; characterData?: boolean }): void;
  disconnect(): void;
}
declare const document: ProbeDocument;
declare const MutationObserver: new (callback: () => void) => ProbeMutationObserver;
declare function requestAnimationFrame(callback: () => void): number;
declare function setTimeout(callback: () => void, ms: number): number;
declare function clearTimeout(id: number): void;
declare function scrollTo(x: number, y: number): void;
declare const MessageChannel: new () => {
  readonly port1: { onmessage: (() => void) | null };
  readonly port2: { postMessage(message: null): void };
};

/** When a page counts as shown. */
export type ShownWhen =
  /** Each named `region` (a board column) holds at least one `article` (a card). */
  | { kind: 'cards'; regions: readonly string[] }
  /** The element `listId` has `rows` children. */
  | { kind: 'rows'; listId: string; rows: number };

/** Milliseconds since the navigation started (the page's `performance.now()`). */
export interface ShownTimes {
  /** The DOM first met the condition. */
  readonly domMs: number;
  /** The frame that contains it has been rendered (after that frame's paint). */
  readonly paintedMs: number;
}

/**
 * An init script (runs at the start of every document, before the page's own scripts): watches
 * the DOM and resolves `globalThis.__fluxoBenchShown` once `when` holds, with the time the DOM
 * got there and the time the frame showing it was rendered — `requestAnimationFrame` runs just
 * before that frame's style, layout and paint; a message posted from there is delivered after
 * them. The check is a handful of `querySelector`s per mutation batch, the same for every page.
 */
export function installShownProbe(when: ShownWhen): void {
  const holder = globalThis as unknown as { __fluxoBenchShown?: Promise<ShownTimes> };
  holder.__fluxoBenchShown = new Promise<ShownTimes>((resolve) => {
    const shown = (): boolean => {
      if (when.kind === 'rows') return (document.getElementById(when.listId)?.childElementCount ?? 0) >= when.rows;
      const regions = document.querySelectorAll('[role="region"]');
      let found = 0;
      for (let i = 0; i < regions.length; i++) {
        const region = regions[i] as ProbeElement;
        const name = region.getAttribute('aria-label');
        if (name === null || !when.regions.includes(name)) continue;
        if (region.querySelector('article') === null) return false;
        found++;
      }
      return found === when.regions.length;
    };
    const observer = new MutationObserver(() => {
      if (!shown()) return;
      observer.disconnect();
      const domMs = performance.now();
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve({ domMs, paintedMs: performance.now() });
        channel.port2.postMessage(null);
      });
    });
    observer.observe(document, { childList: true, subtree: true });
  });
}

/** For `page.evaluate`: the probe's result, once the page is shown. */
export function shownTimes(): Promise<ShownTimes> {
  const holder = globalThis as unknown as { __fluxoBenchShown?: Promise<ShownTimes> };
  if (holder.__fluxoBenchShown === undefined) throw new Error('the shown probe is not installed in this page');
  return holder.__fluxoBenchShown;
}

/** For `page.evaluate`: resolves after `count` rendered frames. */
export function afterFrames(count: number): Promise<void> {
  return new Promise<void>((resolve) => {
    let left = count;
    const tick = (): void => {
      if (--left <= 0) resolve();
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** For `page.evaluate`: a `performance.mark`, which a trace records on the page's main thread. */
export function markTrace(name: string): void {
  performance.mark(name);
}

/**
 * For `page.evaluate`: scrolls the window and every card list back to the top; resolves after two
 * frames, once the virtualized lists have rendered their first cards again. Returns whether
 * anything had to move.
 */
export function scrollBoardToTop(): Promise<boolean> {
  let moved = (globalThis as unknown as { scrollY: number }).scrollY !== 0;
  scrollTo(0, 0);
  const lists = document.querySelectorAll('.card-list-scroller');
  for (let i = 0; i < lists.length; i++) {
    const list = lists[i] as ProbeElement;
    if (list.scrollTop !== 0) {
      moved = true;
      list.scrollTop = 0;
    }
  }
  return new Promise<boolean>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(moved))));
}

/** What `dropLanded` waits for after a drag's release. */
export interface DropLanding {
  /** The accessible name of the target column's `region`. */
  readonly region: string;
  readonly ticketId: string;
  /** The whole text of the board's save state when the server has the move on disk ("Salvo"). */
  readonly savedText: string;
  readonly timeoutMs: number;
}

/**
 * For `page.evaluate`, inside a measured drag: resolves true once the moved card is in the target
 * column and the board's `status` says saved, false after `timeoutMs`. Driven by a
 * `MutationObserver` (a few `querySelector`s per mutation batch), not by Playwright's locators:
 * those poll the page every frame with role queries that compute ARIA roles and visibility over
 * the board — 2–4 ms of the page's main thread per frame, which the frame measurement counted as
 * the board's own work. The same conditions are checked through the accessibility tree after the
 * measured window.
 */
export function dropLanded(landing: DropLanding): Promise<boolean> {
  const landed = (): boolean => {
    const regions = document.querySelectorAll('[role="region"]');
    let inTarget = false;
    for (let i = 0; i < regions.length && !inTarget; i++) {
      const region = regions[i] as ProbeElement;
      if (region.getAttribute('aria-label') !== landing.region) continue;
      inTarget = region.querySelector(`article[data-ticket-id="${landing.ticketId}"]`) !== null;
    }
    if (!inTarget) return false;
    const statuses = document.querySelectorAll('[role="status"]');
    for (let i = 0; i < statuses.length; i++) {
      if ((statuses[i] as ProbeElement).textContent?.trim() === landing.savedText) return true;
    }
    return false;
  };
  return new Promise<boolean>((resolve) => {
    if (landed()) {
      resolve(true);
      return;
    }
    const observer = new MutationObserver(() => {
      if (!landed()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve(true);
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      resolve(false);
    }, landing.timeoutMs);
    observer.observe(document, { childList: true, subtree: true, characterData: true });
  });
}
