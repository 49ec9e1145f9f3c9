/**
 * What a test file exports and what it receives. One behaviour per file under
 * `test/e2e/tests/`; the runner gives each Chromium test a fresh tab with DevTools and the
 * WASM Layer panel open, and each Firefox test a browser with the add-on installed.
 */
import type { ChromiumBrowser } from './chromium.ts';
import type { InspectedTab } from './devtools.ts';
import type { FirefoxSession } from './firefox.ts';
import type { TestServer } from './server.ts';

/** Shared by every test of a run. */
export interface SuiteContext {
  server: TestServer;
  /** A unique, URL-safe prefix for this test's resources (`/<slug>/…`). */
  slug: string;
}

/** Given to a Chromium test. */
export interface ChromiumTestContext extends SuiteContext {
  browser: ChromiumBrowser;
  /** A fresh tab on about:blank whose DevTools window shows the WASM Layer panel. */
  tab: InspectedTab;
  /** A second Chromium without the extension (started on first use), for baselines. */
  plainBrowser(): Promise<ChromiumBrowser>;
}

/** Given to a Firefox test. */
export interface FirefoxTestContext extends SuiteContext {
  firefox: FirefoxSession;
}

/** A test of the extension in Chromium. */
export interface ChromiumTest {
  browser: 'chromium';
  /** The behaviour, as a sentence. */
  name: string;
  run(context: ChromiumTestContext): Promise<void>;
  timeoutMs?: number;
}

/** A test of the extension in Firefox. */
export interface FirefoxTest {
  browser: 'firefox';
  name: string;
  run(context: FirefoxTestContext): Promise<void>;
  timeoutMs?: number;
}

/** Any e2e test (the default export of a test file). */
export type E2eTest = ChromiumTest | FirefoxTest;

/** Declares a Chromium test (typed helper for test files). */
export function chromiumTest(test: Omit<ChromiumTest, 'browser'>): ChromiumTest {
  return { browser: 'chromium', ...test };
}

/** Declares a Firefox test (typed helper for test files). */
export function firefoxTest(test: Omit<FirefoxTest, 'browser'>): FirefoxTest {
  return { browser: 'firefox', ...test };
}
