import { describe, expect, it } from 'vitest';
import { type CallFrame, type CpuProfile, moduleOfSource, plainSymbolizer, summarizeProfile } from './cpuProfileSummary.js';

const frame = (functionName: string, url = 'http://127.0.0.1/assets/BoardPage-x.js', lineNumber = 0): CallFrame => ({
  functionName,
  url,
  lineNumber,
  columnNumber: 0,
});

// (root) → run → moveTicket → columnEntries, and (root) → (idle). Samples every 1 ms.
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 5] },
    { id: 2, callFrame: frame('run'), children: [3] },
    { id: 3, callFrame: frame('moveTicket'), children: [4] },
    { id: 4, callFrame: frame('columnEntries') },
    { id: 5, callFrame: frame('(idle)', '') },
  ],
  startTime: 1_000_000,
  endTime: 1_006_000,
  samples: [4, 4, 3, 2, 5, 5],
  timeDeltas: [0, 1_000, 1_000, 1_000, 1_000, 1_000],
};

describe('summarizeProfile', () => {
  it('adds self time to the leaf and inclusive time to every caller once', () => {
    const summary = summarizeProfile(profile, plainSymbolizer);
    // The last sample has no following interval, so it weighs nothing.
    expect(summary.totalMs).toBe(5);
    expect(summary.idleMs).toBe(1);
    expect(Object.fromEntries(summary.self)).toEqual({
      'columnEntries BoardPage-x.js:1': 2,
      'moveTicket BoardPage-x.js:1': 1,
      'run BoardPage-x.js:1': 1,
      '(idle) (v8)': 1,
    });
    expect(Object.fromEntries(summary.inclusive)).toEqual({
      'run BoardPage-x.js:1': 4,
      'moveTicket BoardPage-x.js:1': 3,
      'columnEntries BoardPage-x.js:1': 2,
    });
    expect(summary.modules[0]).toEqual(['BoardPage-x.js', 4]);
  });

  it('keeps only the samples inside a window', () => {
    const summary = summarizeProfile(profile, plainSymbolizer, { start: 1_002_000, end: 1_004_000 });
    expect(Object.fromEntries(summary.self)).toEqual({ 'moveTicket BoardPage-x.js:1': 1, 'run BoardPage-x.js:1': 1 });
  });

  it('counts a recursive function once per sample in inclusive time', () => {
    const recursive: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2] },
        { id: 2, callFrame: frame('walk'), children: [3] },
        { id: 3, callFrame: frame('walk') },
      ],
      startTime: 0,
      endTime: 2_000,
      samples: [3, 3],
      timeDeltas: [0, 2_000],
    };
    expect(summarizeProfile(recursive, plainSymbolizer).inclusive).toEqual([['walk BoardPage-x.js:1', 2]]);
  });
});

describe('moduleOfSource', () => {
  it('names npm packages, scoped or not, through pnpm paths', () => {
    expect(moduleOfSource('/r/node_modules/.pnpm/yjs@13.6.33/node_modules/yjs/dist/yjs.mjs')).toEqual({
      module: 'yjs',
      path: 'yjs/dist/yjs.mjs',
    });
    expect(moduleOfSource('/r/node_modules/.pnpm/@dnd-kit+dom@0.5.0/node_modules/@dnd-kit/dom/index.js').module).toBe('@dnd-kit/dom');
  });
});
