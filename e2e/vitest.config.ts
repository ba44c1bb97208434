// Browser tests: a real Fluxo server process (built SPA, embedded store in a temp DATA_DIR) and
// Debian's Chromium driven by playwright-core. They run one file at a time: two cores, one browser.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'e2e',
    include: ['tests/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 90_000,
    fileParallelism: false,
    reporters: process.env.CI ? ['default', ['json', { outputFile: '../test-results/e2e.json' }]] : ['default'],
  },
});
