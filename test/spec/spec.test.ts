/**
 * The spec conformance suite in Node, compared with the stored baseline: no file may pass
 * fewer assertions than recorded, and no assertion may fail that the baseline does not list.
 * The Chromium variant runs through `npm run test:spec -- --chromium`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInNode } from './node-runner.ts';
import { formatSummary, regressions, summarize, type Baseline } from './report.ts';
import { REPO_ROOT, SUITE_DIR, compileScripts, listScripts, suiteAvailable } from './suite.ts';

const available = suiteAvailable();
/** Assembling the uncached suite loads binaryen.js, which is slow on a busy machine. */
const FIRST_RUN_TIMEOUT_MS = 10 * 60_000;

describe('WebAssembly spec suite (Node)', () => {
  it.skipIf(!available)(
    'passes at least the baseline',
    async () => {
      const scripts = await compileScripts(listScripts());
      const results = runInNode(scripts);
      console.log(formatSummary('node', summarize(results)));
      const baseline = JSON.parse(
        readFileSync(join(REPO_ROOT, 'test/spec/baseline.json'), 'utf8'),
      ) as Baseline;
      expect(baseline.node, 'baseline.json has no node section').toBeDefined();
      expect(regressions(results, baseline.node)).toEqual([]);
    },
    FIRST_RUN_TIMEOUT_MS,
  );

  it.skipIf(available)(`is skipped: the suite is absent (expected at ${SUITE_DIR})`, () => {
    expect(suiteAvailable()).toBe(false);
  });
});
