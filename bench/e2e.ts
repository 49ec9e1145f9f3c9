/**
 * Real-browser cost of the extension on a page that `instantiateStreaming`s a generated
 * ≥30 MB module (printed, never asserted). In Debian Chromium, alternating rounds over four
 * browsers:
 *
 * - without the extension / with it, both with DevTools open (the extension's use case; an
 *   open DevTools changes how V8 compiles, so it is on in both), and both without DevTools;
 * - with the extension and the WASM Layer panel shown: time from the page's instantiate call
 *   to the module's row in the panel, and to `data-complete` (bytes transferred and verified);
 * - the longest main-thread block in the page, from a 10 ms interval gap monitor and
 *   PerformanceObserver long tasks, during the instantiate and the capture that follows.
 *
 *   npx tsx bench/e2e.ts [--runs=5] [--no-build]
 */
import { largeModule } from '../test/e2e/harness/fixtures.ts';
import { buildExtension, EXTENSION_DIRS, isBuilt } from '../test/e2e/harness/build.ts';
import { launchChromium, type ChromiumBrowser } from '../test/e2e/harness/chromium.ts';
import { openInspectedTab, openTabWithDevTools } from '../test/e2e/harness/devtools.ts';
import { openPage, type InspectedPage } from '../test/e2e/harness/inspected-page.ts';
import type { ModuleRow, PanelDriver } from '../test/e2e/harness/panel-driver.ts';
import { armWatchdog, killAllGroups, sleep } from '../test/e2e/harness/processes.ts';
import { testPage } from '../test/e2e/harness/pages.ts';
import { CONTENT_TYPE, TestServer } from '../test/e2e/harness/server.ts';

/** How long after instantiate the page keeps watching its main thread (capture work). */
const OBSERVE_AFTER_MS = 3000;
const MONITOR_INTERVAL_MS = 10;

/** What the page measured about one instantiate. */
interface PageTiming {
  /** Epoch milliseconds of the instantiateStreaming call. */
  startEpoch: number;
  instantiateMs: number;
}

/** What the page's main-thread monitor saw. */
interface MainThreadReport {
  /** Longest gap beyond the interval while instantiating, in ms. */
  maxGapDuringInstantiate: number;
  /** Longest gap beyond the interval after instantiate resolved (hook capture work), in ms. */
  maxGapAfterInstantiate: number;
  /** Longest PerformanceObserver long task, in ms (0 if none). */
  longestTask: number;
}

interface RunResult extends PageTiming, MainThreadReport {
  listedMs?: number;
  completeMs?: number;
}

interface Config {
  name: string;
  extension: boolean;
  devtools: boolean;
  panel: boolean;
  browser?: ChromiumBrowser;
  runs: RunResult[];
}

const PAGE_SCRIPT = (wasmPath: string): string => `
  const gaps = { during: 0, after: 0 };
  let phase = 'during';
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    gaps[phase] = Math.max(gaps[phase], now - last - ${MONITOR_INTERVAL_MS});
    last = now;
  }, ${MONITOR_INTERVAL_MS});
  const longTasks = [];
  new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)))
    .observe({ type: 'longtask' });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const start = performance.now();
  const { instance } = await WebAssembly.instantiateStreaming(fetch(${JSON.stringify(wasmPath)}), { env: { log() {} } });
  const end = performance.now();
  phase = 'after';
  window.keepAlive = instance;
  window.__mainThread = new Promise((resolve) => setTimeout(() => {
    clearInterval(timer);
    resolve({
      maxGapDuringInstantiate: gaps.during,
      maxGapAfterInstantiate: gaps.after,
      longestTask: Math.max(0, ...longTasks),
    });
  }, ${OBSERVE_AFTER_MS}));
  return { startEpoch: performance.timeOrigin + start, instantiateMs: end - start };`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Polls the panel closely for the row's appearance and completion (epoch ms of each). */
async function watchPanel(
  panel: PanelDriver,
  hash: string,
): Promise<{ listedAt: number; completeAt: number }> {
  let listedAt = 0;
  let last: ModuleRow | undefined;
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    last = (await panel.rows()).find((candidate) => candidate.hash === hash);
    if (last && !listedAt) listedAt = Date.now();
    if (last?.complete) return { listedAt, completeAt: Date.now() };
    await sleep(50);
  }
  throw new Error(
    `the module never became complete in the panel; last row: ${JSON.stringify(last)}`,
  );
}

async function runOnce(config: Config, url: string, hash: string): Promise<RunResult> {
  const browser = config.browser;
  if (!browser) throw new Error(`${config.name}: browser not started`);
  let page: InspectedPage;
  let panel: PanelDriver | undefined;
  let close: () => Promise<void>;
  if (config.panel) {
    const tab = await openInspectedTab(browser, EXTENSION_DIRS.chrome);
    ({ page, panel, close } = tab);
  } else if (config.devtools) {
    const tab = await openTabWithDevTools(browser);
    ({ page, close } = tab);
  } else {
    page = await openPage(browser.cdp);
    close = () => page.close();
  }
  try {
    await sleep(500); // let the new tab and its DevTools settle before timing anything
    const watching = panel ? watchPanel(panel, hash) : undefined;
    await page.navigate(url, 120_000);
    const timing = await page.result<PageTiming>(120_000);
    const mainThread = await page.evaluate<MainThreadReport>('window.__mainThread', 30_000);
    const result: RunResult = { ...timing, ...mainThread };
    if (watching) {
      const { listedAt, completeAt } = await watching;
      result.listedMs = listedAt - timing.startEpoch;
      result.completeMs = completeAt - timing.startEpoch;
    }
    return result;
  } finally {
    await close();
  }
}

function format(value: number | undefined): string {
  return value === undefined ? '-' : value.toFixed(0).padStart(7);
}

function printReport(configs: Config[], moduleBytes: number): void {
  console.log(
    `\nmodule: ${(moduleBytes / 1e6).toFixed(1)} MB, ${configs[0].runs.length} runs each (medians, ms)`,
  );
  console.log(
    'config                          instantiate  maxGapDuring  maxGapAfter  longTask   listed  complete',
  );
  for (const config of configs) {
    const pick = (key: keyof RunResult): number | undefined => {
      const values = config.runs.map((run) => run[key]).filter((v): v is number => v !== undefined);
      return values.length ? median(values) : undefined;
    };
    console.log(
      `${config.name.padEnd(32)}${format(pick('instantiateMs'))}      ${format(pick('maxGapDuringInstantiate'))}      ${format(pick('maxGapAfterInstantiate'))}  ${format(pick('longestTask'))}  ${format(pick('listedMs'))}  ${format(pick('completeMs'))}`,
    );
  }
  const medianOf = (name: string): number =>
    median(configs.find((c) => c.name === name)?.runs.map((r) => r.instantiateMs) ?? [NaN]);
  const ratio = (a: string, b: string): string => (medianOf(a) / medianOf(b)).toFixed(3);
  console.log(
    `\ninstantiate ratio, extension / none, DevTools open:   ${ratio('extension + DevTools + panel', 'no extension + DevTools')} (goal ≤ 1.10)`,
  );
  console.log(
    `instantiate ratio, extension / none, DevTools closed: ${ratio('extension', 'no extension')} (goal ≤ 1.10)`,
  );
  console.log('raw instantiate ms per run:');
  for (const config of configs) {
    console.log(
      `  ${config.name.padEnd(30)} ${config.runs.map((r) => r.instantiateMs.toFixed(0)).join(' ')}`,
    );
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = Number(args.find((arg) => arg.startsWith('--runs='))?.slice(7) ?? 5);
  const disarm = armWatchdog(25 * 60_000, 'bench:e2e');
  const server = new TestServer();
  const configs: Config[] = [
    { name: 'no extension', extension: false, devtools: false, panel: false, runs: [] },
    { name: 'extension', extension: true, devtools: false, panel: false, runs: [] },
    { name: 'no extension + DevTools', extension: false, devtools: true, panel: false, runs: [] },
    {
      name: 'extension + DevTools + panel',
      extension: true,
      devtools: true,
      panel: true,
      runs: [],
    },
  ];
  try {
    if (!args.includes('--no-build')) console.log(`build: ${buildExtension()} ms`);
    if (!isBuilt(EXTENSION_DIRS.chrome)) throw new Error(`${EXTENSION_DIRS.chrome} is not built`);
    const started = Date.now();
    const module = largeModule();
    console.log(`generated ${module.bytes.length} bytes in ${Date.now() - started} ms`);
    server.add('/bench/large.wasm', { body: module.bytes, contentType: CONTENT_TYPE.wasm });
    server.page('/bench/index.html', testPage('bench', PAGE_SCRIPT('/bench/large.wasm')));
    await server.start();
    const url = `${server.origin}/bench/index.html`;
    for (const config of configs) {
      config.browser = await launchChromium({
        extensionDir: config.extension ? EXTENSION_DIRS.chrome : undefined,
        openDevTools: config.devtools,
      });
    }
    // Round one warms each browser (and the OS file cache); it is not counted.
    for (let round = 0; round <= runs; round++) {
      for (const config of configs) {
        const result = await runOnce(config, url, module.hash);
        if (round > 0) config.runs.push(result);
        console.log(
          `${round === 0 ? 'warm-up' : `round ${round}`} ${config.name}: instantiate ${result.instantiateMs.toFixed(0)} ms` +
            (result.completeMs === undefined
              ? ''
              : `, listed ${result.listedMs?.toFixed(0)} ms, complete ${result.completeMs.toFixed(0)} ms`),
        );
      }
    }
    printReport(configs, module.bytes.length);
  } finally {
    for (const config of configs) await config.browser?.close();
    await server.stop();
    await killAllGroups();
    disarm();
  }
}

await main();
