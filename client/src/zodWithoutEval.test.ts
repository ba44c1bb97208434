import { describe, expect, it } from 'vitest';
import { config } from 'zod';
import mainSource from './main.tsx?raw';
import shareMainSource from './share/main.tsx?raw';
import './zodWithoutEval';

describe('zod without eval (the CSP forbids it)', () => {
  it('turns off zod’s compiled parsers, and with them its `new Function` probe', () => {
    expect(config().jitless).toBe(true);
  });

  it.each([
    ['main.tsx', mainSource],
    ['share/main.tsx', shareMainSource],
  ])('is the first import of %s', (_entry, source) => {
    const firstImport = /^import\s+(?:[^'"]*from\s+)?['"]([^'"]+)['"]/m.exec(source)?.[1];
    expect(firstImport).toMatch(/zodWithoutEval$/);
  });
});
