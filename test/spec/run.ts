/**
 * `npm run test:spec -- [--node] [--chromium] [--update-baseline] [--verbose] [filters…]`
 *
 * Compiles the spec suite's scripts (cached), executes them against the runtime layer in Node
 * and/or Chromium, prints the summary table per environment and compares with
 * `test/spec/baseline.json`. Exits 1 on a regression against the baseline, or when fewer than
 * 99% of the executed assertions pass in Chromium.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiCheckResult } from './api-checks.ts';
import { runInChromium } from './chromium.ts';
import type { ScriptResult } from './interpreter.ts';
import { runInNode } from './node-runner.ts';
import {
  baselineOf,
  formatSummary,
  passRate,
  regressions,
  summarize,
  type Baseline,
  type Environment,
} from './report.ts';
import { REPO_ROOT, SUITE_DIR, compileScripts, listScripts, suiteAvailable } from './suite.ts';

const BASELINE_PATH = join(REPO_ROOT, 'test/spec/baseline.json');
const CHROMIUM_MIN_PASS_RATE = 99;
/** The whole run, both environments included, must finish well inside the CI budget. */
const WATCHDOG_MS = 9 * 60_000;
const FAILURES_SHOWN = 40;

interface Options {
  environments: Environment[];
  updateBaseline: boolean;
  verbose: boolean;
  filters: string[];
}

function parseOptions(argv: string[]): Options {
  const flags = new Set(argv.filter((arg) => arg.startsWith('--')));
  const known = ['--node', '--chromium', '--update-baseline', '--verbose'];
  for (const flag of flags) if (!known.includes(flag)) throw new Error(`unknown option ${flag}`);
  const environments: Environment[] = [];
  if (flags.has('--node') || !flags.has('--chromium')) environments.push('node');
  if (flags.has('--chromium')) environments.push('chromium');
  return {
    environments,
    updateBaseline: flags.has('--update-baseline'),
    verbose: flags.has('--verbose'),
    filters: argv.filter((arg) => !arg.startsWith('--')),
  };
}

function readBaseline(): Baseline {
  try {
    return JSON.parse(readFileSync(BASELINE_PATH, 'utf8')) as Baseline;
  } catch {
    return {};
  }
}

function printFailures(results: ScriptResult[], verbose: boolean) {
  const failures = results.flatMap((script) =>
    script.results
      .filter((result) => result.status === 'failed')
      .map((result) => `  ${script.file}:${result.line} ${result.kind}: ${result.message}`),
  );
  if (failures.length === 0) return;
  const shown = verbose ? failures : failures.slice(0, FAILURES_SHOWN);
  console.log(`failures (${failures.length}):\n${shown.map((f) => f.slice(0, 400)).join('\n')}`);
  if (shown.length < failures.length)
    console.log(`  … ${failures.length - shown.length} more (--verbose)`);
}

/** Verbose mode: the distinct skip messages per reason, to see what a category hides. */
function printSkips(results: ScriptResult[]) {
  const groups = new Map<string, { count: number; example: string }>();
  for (const script of results) {
    for (const result of script.results) {
      if (result.status !== 'skipped') continue;
      const key = `${result.reason}: ${(result.message ?? '').replace(/\d+/g, 'N').slice(0, 140)}`;
      const group = groups.get(key) ?? { count: 0, example: `${script.file}:${result.line}` };
      group.count++;
      groups.set(key, group);
    }
  }
  const sorted = [...groups].sort((a, b) => b[1].count - a[1].count);
  console.log(`skips by message (${sorted.length} kinds):`);
  for (const [key, { count, example }] of sorted)
    console.log(`  ${count} × ${key} (e.g. ${example})`);
}

/** Prints the host-side API checks; false when one failed. */
function reportApiChecks(checks: ApiCheckResult[]): boolean {
  console.log('runtime API checks in Chromium:');
  for (const check of checks) {
    console.log(
      `  ${check.status.padEnd(7)} ${check.name}${check.message ? `: ${check.message}` : ''}`,
    );
  }
  return checks.every((check) => check.status !== 'failed');
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (!suiteAvailable()) {
    console.log(`spec suite not found at ${SUITE_DIR}: skipping the conformance run`);
    return 0;
  }
  const files = listScripts(options.filters);
  if (files.length === 0) throw new Error(`no script matches ${options.filters.join(' ')}`);
  const scripts = await compileScripts(files);
  const baseline = readBaseline();
  let exitCode = 0;
  for (const environment of options.environments) {
    let results: ScriptResult[];
    if (environment === 'node') results = runInNode(scripts);
    else {
      const run = await runInChromium(scripts);
      results = run.results;
      if (!reportApiChecks(run.apiChecks)) exitCode = 1;
    }
    const summary = summarize(results);
    if (options.verbose) printSkips(results);
    printFailures(results, options.verbose);
    console.log(formatSummary(environment, summary));
    if (options.updateBaseline) {
      const section = { ...(options.filters.length ? baseline[environment] : {}) };
      Object.assign(section, baselineOf(results));
      baseline[environment] = section;
      writeFileSync(BASELINE_PATH, `${JSON.stringify(baseline, null, 2)}\n`);
      console.log(`baseline updated for ${environment}`);
    } else {
      const problems = regressions(results, baseline[environment]);
      if (problems.length) {
        console.log(`regressions against the baseline (${problems.length}):`);
        for (const problem of problems.slice(0, FAILURES_SHOWN)) console.log(`  ${problem}`);
        exitCode = 1;
      }
    }
    if (environment === 'chromium' && passRate(summary) < CHROMIUM_MIN_PASS_RATE) {
      console.log(`Chromium pass rate below ${CHROMIUM_MIN_PASS_RATE}% of executed assertions`);
      exitCode = 1;
    }
  }
  return exitCode;
}

const watchdog = setTimeout(() => {
  console.error(`spec run exceeded ${WATCHDOG_MS / 60_000} minutes; aborting`);
  process.exit(2);
}, WATCHDOG_MS);
watchdog.unref();

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
