// Vitest setup for the client project (jsdom): jest-dom matchers, and a clean DOM and storage
// between tests so one test's locale choice or rendered page never leaks into the next.
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@solidjs/testing-library';
import { afterEach, vi } from 'vitest';

afterEach(() => {
  cleanup();
  localStorage.clear();
  document.documentElement.lang = '';
  vi.restoreAllMocks();
});

// jsdom does not implement scrolling; the router scrolls to the top on navigation.
window.scrollTo = () => {};

// jsdom has no ResizeObserver; the columns' virtualizer observes card sizes with one.
globalThis.ResizeObserver ??= class ResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};

// jsdom has no 2D canvas (it would log "not implemented" for each chart): say so quietly, and the
// dashboard's charts draw nothing — their figures are in the tables beside them.
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
