/** The benchmarks that run in Chromium against the real server (`run.ts` registers them). */
import type { Benchmark } from '../measure.js';
import { browserDragFrameP99 } from './dragFrames.js';
import { browserFirstRender10k } from './firstRender.js';

export const BROWSER_BENCHMARKS: readonly Benchmark[] = [browserFirstRender10k, browserDragFrameP99];
