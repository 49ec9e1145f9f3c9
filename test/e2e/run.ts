/**
 * The real-browser suite: builds the extension and the standalone page (`npm start`'s),
 * starts Debian Chromium with `dist/chrome` (DevTools open on every tab, WASM Layer panel
 * shown) and Firefox ESR with `dist/firefox`, and runs every `tests/*.ts` file (one behaviour
 * each).
 *
 *   npx tsx test/e2e/run.ts [--no-build] [--browser=chromium|firefox] [name-filter…]
 *
 * Ends with the line `N passed, N failed`; exits 1 when anything failed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildExtension, buildStandalone, EXTENSION_DIRS, isBuilt } from './harness/build.ts';
import { launchChromium, type ChromiumBrowser } from './harness/chromium.ts';
import { openInspectedTab } from './harness/devtools.ts';
import { launchFirefox, type FirefoxSession } from './harness/firefox.ts';
import { armWatchdog, killAllGroups } from './harness/processes.ts';
import { TestServer } from './harness/server.ts';
import type { ChromiumTest, E2eTest, FirefoxTest } from './harness/suite.ts';

/** The whole run, browsers included, must end within this or the watchdog ends it. */
const RUN_LIMIT_MS = 10 * 60_000;
const DEFAULT_TEST_TIMEOUT_MS = 60_000;

interface LoadedTest {
  file: string;
  test: E2eTest;
}

interface Options {
  build: boolean;
  browsers: Set<string>;
  filters: string[];
}

function parseOptions(argv: string[]): Options {
  const browserFlag = argv.find((arg) => arg.startsWith('--browser='));
  return {
    build: !argv.includes('--no-build'),
    browsers: new Set(browserFlag ? browserFlag.slice(10).split(',') : ['chromium', 'firefox']),
    filters: argv.filter((arg) => !arg.startsWith('--')),
  };
}

async function loadTests(options: Options): Promise<LoadedTest[]> {
  const dir = path.join(import.meta.dirname, 'tests');
  const files = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    .filter((file) => options.filters.length === 0 || options.filters.some((f) => file.includes(f)))
    .sort();
  const loaded: LoadedTest[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(path.join(dir, file)).href)) as {
      default: E2eTest;
    };
    if (options.browsers.has(module.default.browser)) loaded.push({ file, test: module.default });
  }
  return loaded;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A failed Chromium test runs once more, in a fresh browser. Real DevTools windows on a loaded
 * two-core machine lose a click now and then (seen in CI, never reproduced alone); a real bug
 * fails both attempts.
 */
const CHROMIUM_ATTEMPTS = 2;

class Tally {
  passed = 0;
  failed = 0;
  /** Tests that failed once and passed when run again, named in the summary. */
  readonly flaky: string[] = [];

  /**
   * Runs `body` up to `attempts` times until it passes. A pass after a failure counts as a
   * pass but is printed with the first failure and listed as flaky at the end, so timing
   * trouble on a loaded machine is seen and not hidden.
   */
  async record(label: string, body: () => Promise<void>, attempts = 1): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      try {
        await body();
        this.passed++;
        if (attempt > 1) this.flaky.push(label);
        console.log(
          `  ok    ${label} (${Date.now() - started} ms)${attempt > 1 ? ` on attempt ${attempt}` : ''}`,
        );
        return true;
      } catch (error) {
        const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
        if (attempt < attempts) {
          console.log(
            `  RETRY ${label} (${Date.now() - started} ms), attempt ${attempt} failed:\n${indent(text)}`,
          );
          continue;
        }
        this.failed++;
        console.log(`  FAIL  ${label} (${Date.now() - started} ms)\n${indent(text)}`);
        return false;
      }
    }
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .slice(0, 30)
    .map((line) => `        ${line}`)
    .join('\n');
}

function slugOf(file: string): string {
  return file.replace(/\.ts$/, '');
}

async function runChromium(tests: LoadedTest[], server: TestServer, tally: Tally): Promise<void> {
  console.log(`chromium: ${tests.length} tests with ${EXTENSION_DIRS.chrome}`);
  let browser: ChromiumBrowser | undefined;
  let plain: Promise<ChromiumBrowser> | undefined;
  try {
    for (const { file, test } of tests as { file: string; test: ChromiumTest }[]) {
      const label = `[chromium] ${slugOf(file)}: ${test.name}`;
      await tally.record(
        label,
        async () => {
          browser ??= await launchChromium({ extensionDir: EXTENSION_DIRS.chrome });
          const active = browser;
          const tab = await openInspectedTab(active, EXTENSION_DIRS.chrome);
          try {
            await withTimeout(
              test.run({
                server,
                slug: slugOf(file),
                browser: active,
                tab,
                plainBrowser: () => (plain ??= launchChromium()),
              }),
              test.timeoutMs ?? DEFAULT_TEST_TIMEOUT_MS,
              label,
            );
          } catch (error) {
            // A failed test must not take the next tests down with it: it may have broken the
            // browser, or left state the profile keeps (DevTools' dock side, panel settings), so
            // the next test starts in a fresh browser.
            const alive = await active.cdp
              .send('Browser.getVersion', {}, undefined, 5000)
              .then(() => true)
              .catch(() => false);
            if (!alive)
              console.log(
                `        chromium stopped answering; stderr tail:\n${active.stderrTail()}`,
              );
            await active.close();
            browser = undefined;
            throw error;
          } finally {
            if (browser) await tab.close();
          }
        },
        CHROMIUM_ATTEMPTS,
      );
    }
  } finally {
    await browser?.close();
    await plain?.then(
      (baseline) => baseline.close(),
      () => undefined, // its launch failure was already reported by the test that asked
    );
  }
}

async function runFirefox(tests: LoadedTest[], server: TestServer, tally: Tally): Promise<void> {
  console.log(`firefox: ${tests.length} tests with ${EXTENSION_DIRS.firefox}`);
  let firefox: FirefoxSession | undefined;
  try {
    for (const { file, test } of tests as { file: string; test: FirefoxTest }[]) {
      const label = `[firefox] ${slugOf(file)}: ${test.name}`;
      await tally.record(label, async () => {
        firefox ??= await launchFirefox(EXTENSION_DIRS.firefox);
        await withTimeout(
          test.run({ server, slug: slugOf(file), firefox }),
          test.timeoutMs ?? DEFAULT_TEST_TIMEOUT_MS,
          label,
        );
      });
    }
  } finally {
    await firefox?.close();
  }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const disarm = armWatchdog(RUN_LIMIT_MS, 'the e2e run');
  const started = Date.now();
  const tally = new Tally();
  const server = new TestServer();
  try {
    if (options.build) {
      console.log(`build: npm run build (${buildExtension()} ms)`);
      console.log(`build: the standalone page (${buildStandalone()} ms)`);
    }
    const tests = await loadTests(options);
    const chromium = tests.filter(({ test }) => test.browser === 'chromium');
    const firefox = tests.filter(({ test }) => test.browser === 'firefox');
    for (const [dir, needed] of [
      [EXTENSION_DIRS.chrome, chromium.length > 0],
      [EXTENSION_DIRS.firefox, firefox.length > 0],
    ] as const) {
      if (needed && !isBuilt(dir)) throw new Error(`${dir} is not built; run without --no-build`);
    }
    await server.start();
    if (chromium.length > 0) await runChromium(chromium, server, tally);
    if (firefox.length > 0) await runFirefox(firefox, server, tally);
  } catch (error) {
    tally.failed++;
    console.log(`suite error: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
  } finally {
    await server.stop();
    await killAllGroups();
    disarm();
  }
  console.log(`e2e finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${tally.passed} passed, ${tally.failed} failed`);
  if (tally.flaky.length > 0)
    console.log(
      `passed only on a second attempt (flaky):\n${tally.flaky.map((l) => `  ${l}`).join('\n')}`,
    );
  return tally.failed > 0 || tally.passed === 0 ? 1 : 0;
}

process.exitCode = await main();
