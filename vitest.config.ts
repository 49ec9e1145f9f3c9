import { defineConfig } from 'vitest/config';

// Unit tests run in Node (view tests in happy-dom, by a `@vitest-environment` comment); the real-browser suites (test/e2e, test/spec in Chromium) have their
// own runners because they drive a browser process rather than import modules.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    execArgv: ['--expose-gc'],
  },
});
