/// <reference types="vitest/config" />
// One config for the whole workspace. `test.projects` keeps the browser-like client tests
// (jsdom + the Solid compiler) apart from the node-only server and shared tests. Browser
// (real Chromium) tests live in e2e/ with their own config because they need a built SPA
// and a running server.
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

export default defineConfig({
  test: {
    // Under CI, also write a JSON report so .ci/run can print one closing count for all suites.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/unit.json' }]] : ['default'],
    projects: [
      {
        test: {
          name: 'shared',
          root: './shared',
          environment: 'node',
          include: ['src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'server',
          root: './server',
          environment: 'node',
          include: ['src/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        // The benchmarks' own analysis code (e.g. trace → frame work); no timing is asserted here.
        test: {
          name: 'bench',
          root: './bench',
          environment: 'node',
          include: ['src/**/*.test.ts'],
        },
      },
      {
        plugins: [solid()],
        resolve: { conditions: ['development', 'browser'] },
        test: {
          name: 'client',
          root: './client',
          environment: 'jsdom',
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['./src/test/setup.ts'],
          // @solidjs/router ships uncompiled .jsx: let Vite (and the Solid compiler) load it.
          server: { deps: { inline: [/@solidjs\/router/] } },
        },
      },
    ],
  },
});
