/**
 * Real-browser cost of the extension on a page that `instantiateStreaming`s a generated
 * ≥30 MB module (printed, never asserted). In Debian Chromium, alternating rounds over four
 * browsers:
 *
 * - without the extension / with it, both with DevTools open (the extension's use case; an
 *   open DevTools changes how V8 compiles, so it is on in both), and both without DevTools;
 * - with the extension and the WASM Layer panel shown: time from the page's instantiate call
 *   to the module's row in the panel, to its overview on screen (the row is clicked the moment
 *   it is listed) and to its bytes verified in the panel, for the 31 MB module and a 55 MB
 *   one, with the stages each context marked on its way (`src/protocol/transfer-marks.ts`:
 *   the background's service worker and the panel);
 * - the longest main-thread block in the page, from a 10 ms interval gap monitor and
 *   PerformanceObserver long tasks, during the instantiate and the capture that follows.
 *
 *   npx tsx bench/e2e.ts [--runs=5] [--no-build] [--panel-only] [--trace=FILE]
 *
 * `--trace=FILE` records a browser-wide Chrome trace (every process: page, extension, DevTools)
 * of the first counted 31 MB panel run and writes it to FILE, for chrome://tracing or Perfetto.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { largeModule, sha256, type Fixture } from '../test/e2e/harness/fixtures.ts';
import { attach, listTargets } from '../test/e2e/harness/cdp.ts';
import { generateModule, scaledModule } from './generate.ts';
import { TRANSFER_MARK_PREFIX } from '../src/protocol/index.ts';
import { buildExtension, EXTENSION_DIRS, isBuilt } from '../test/e2e/harness/build.ts';
import { launchChromium, type ChromiumBrowser } from '../test/e2e/harness/chromium.ts';
import { openInspectedTab, openTabWithDevTools } from '../test/e2e/harness/devtools.ts';
import { openPage, type InspectedPage } from '../test/e2e/harness/inspected-page.ts';
import type { PanelDriver } from '../test/e2e/harness/panel-driver.ts';
import { armWatchdog, killAllGroups, sleep } from '../test/e2e/harness/processes.ts';
import { testPage } from '../test/e2e/harness/pages.ts';
import { CONTENT_TYPE, TestServer } from '../test/e2e/harness/server.ts';

/** The second, larger module: `LARGE_MODULE` scaled to about this size. */
const HUGE_MODULE_BYTES = 55_000_000;

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
  /** The overview of the module in the panel's DOM, the row clicked as soon as listed. */
  overviewMs?: number;
  /** The panel assembled the bytes and they matched the hash. */
  completeMs?: number;
  /** The panel's longest main-thread task and all its tasks over 50 ms, listed → verified. */
  panelLongestTask?: number;
  panelLongTasksMs?: number;
  /** Whether the overview was first shown while the bytes were still arriving. */
  overviewArriving?: boolean;
  /** Every transfer stage the background and the panel marked, ms after instantiate. */
  stages?: Record<string, number>;
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

/**
 * Installs a recorder in the panel: it clicks the module's row the moment it is listed (the
 * fastest user) and notes when the row and the module's overview entered the DOM (epoch ms,
 * the panel's own clock).
 */
async function recordPanel(panel: PanelDriver, hash: string): Promise<void> {
  await panel.evaluate(`(() => {
    const at = () => performance.timeOrigin + performance.now();
    const seen = {};
    globalThis.__benchArrival = seen;
    const check = () => {
      const row = document.querySelector('[data-testid="module-row"][data-hash="${hash}"]');
      if (row && !seen.listed) {
        seen.listed = at();
        row.click();
      }
      if (seen.listed && !seen.overview && document.querySelector('[data-testid="overview-size"]')) {
        seen.overview = at();
        seen.arrival = document.querySelector('[data-testid="module-view"]')?.dataset.arrival;
      }
    };
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true });
    // The panel's main thread while the module arrives: every task over 50 ms.
    seen.longTasks = [];
    new PerformanceObserver((list) => {
      for (const task of list.getEntries())
        seen.longTasks.push([performance.timeOrigin + task.startTime, task.duration]);
    }).observe({ type: 'longtask' });
    return true;
  })()`);
}

/** Epoch ms of each transfer stage of `hash` marked on the timeline of a context. */
const READ_MARKS = (hash: string): string => `(() => {
  const stages = {};
  for (const mark of performance.getEntriesByType('mark')) {
    if (!mark.name.startsWith(${JSON.stringify(TRANSFER_MARK_PREFIX)}) || mark.detail?.hash !== ${JSON.stringify(hash)}) continue;
    stages[mark.name.slice(${TRANSFER_MARK_PREFIX.length})] = performance.timeOrigin + mark.startTime;
  }
  return stages;
})()`;

/** Waits for the panel's verified bytes, then reads every context's marks (epoch ms). */
async function collectPanel(
  browser: ChromiumBrowser,
  panel: PanelDriver,
  hash: string,
): Promise<{
  listedAt: number;
  overviewAt?: number;
  arrival?: string;
  /** The panel's long tasks: epoch ms of their start, and their duration. */
  longTasks: [number, number][];
  stages: Record<string, number>;
}> {
  const deadline = Date.now() + 240_000;
  let stages: Record<string, number> = {};
  while (Date.now() < deadline) {
    stages = await panel.evaluate<Record<string, number>>(READ_MARKS(hash));
    const seen = await panel.evaluate<{
      listed?: number;
      overview?: number;
      arrival?: string;
      longTasks: [number, number][];
    }>('globalThis.__benchArrival');
    if (stages['panel:bytes-verified'] && seen.listed && seen.overview) {
      const worker = (await listTargets(browser.cdp)).find(
        (target) =>
          target.type === 'service_worker' && target.url.startsWith('chrome-extension://'),
      );
      if (worker) {
        const session = await attach(browser.cdp, worker);
        Object.assign(stages, await session.evaluate<Record<string, number>>(READ_MARKS(hash)));
      }
      return {
        listedAt: seen.listed,
        overviewAt: seen.overview,
        arrival: seen.arrival,
        longTasks: seen.longTasks,
        stages,
      };
    }
    await sleep(100);
  }
  throw new Error(
    `the module's bytes were never verified or its overview never shown in the panel; marks: ${JSON.stringify(stages)}`,
  );
}

/** Trace categories that show each thread's tasks and the JavaScript they ran. */
const TRACE_CATEGORIES = [
  'disabled-by-default-v8.cpu_profiler',
  'toplevel',
  'devtools.timeline',
  'v8.execute',
  'disabled-by-default-devtools.timeline',
];

/** Starts a browser-wide trace; the returned function stops it and writes it to `file`. */
async function startTrace(browser: ChromiumBrowser, file: string): Promise<() => Promise<void>> {
  const events: unknown[] = [];
  const stopCollecting = browser.cdp.on('Tracing.dataCollected', (params) => {
    events.push(...((params as { value: unknown[] }).value ?? []));
  });
  await browser.cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: TRACE_CATEGORIES },
  });
  return async () => {
    const done = new Promise<void>((resolve) => {
      const off = browser.cdp.on('Tracing.tracingComplete', () => {
        off();
        resolve();
      });
    });
    await browser.cdp.send('Tracing.end');
    await done;
    stopCollecting();
    writeFileSync(file, JSON.stringify({ traceEvents: events }));
    console.log(`trace of ${events.length} events written to ${file}`);
  };
}

async function runOnce(
  config: Config,
  url: string,
  hash: string,
  traceFile?: string,
): Promise<RunResult> {
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
    if (panel) await recordPanel(panel, hash);
    const stopTrace = traceFile ? await startTrace(browser, traceFile) : undefined;
    await page.navigate(url, 120_000);
    const timing = await page.result<PageTiming>(120_000);
    const mainThread = await page.evaluate<MainThreadReport>('window.__mainThread', 30_000);
    const result: RunResult = { ...timing, ...mainThread };
    if (panel) {
      const seen = await collectPanel(browser, panel, hash);
      const since = (epoch: number | undefined): number | undefined =>
        epoch === undefined ? undefined : epoch - timing.startEpoch;
      result.listedMs = since(seen.listedAt);
      result.overviewMs = since(seen.overviewAt);
      result.completeMs = since(seen.stages['panel:bytes-verified']);
      result.stages = Object.fromEntries(
        Object.entries(seen.stages).map(([stage, epoch]) => [stage, epoch - timing.startEpoch]),
      );
      result.overviewArriving = seen.arrival === 'arriving';
      const verifiedAt = seen.stages['panel:bytes-verified'];
      const during = seen.longTasks.filter(([at]) => at >= seen.listedAt && at <= verifiedAt);
      result.panelLongestTask = Math.max(0, ...during.map(([, ms]) => ms));
      result.panelLongTasksMs = during.reduce((sum, [, ms]) => sum + ms, 0);
    }
    await stopTrace?.();
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
    'config                          instantiate  maxGapDuring  maxGapAfter  longTask   listed  overview  verified',
  );
  for (const config of configs) {
    const pick = (key: keyof RunResult): number | undefined => {
      const values = config.runs.map((run) => run[key]).filter((v): v is number => v !== undefined);
      return values.length ? median(values) : undefined;
    };
    console.log(
      `${config.name.padEnd(32)}${format(pick('instantiateMs'))}      ${format(pick('maxGapDuringInstantiate'))}      ${format(pick('maxGapAfterInstantiate'))}  ${format(pick('longestTask'))}  ${format(pick('listedMs'))}   ${format(pick('overviewMs'))}   ${format(pick('completeMs'))}`,
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

/** Medians of the panel's figures and of every context's transfer stages, in time order. */
function printArrival(title: string, runs: RunResult[], goals: string): void {
  const pick = (values: (number | undefined)[]): number | undefined => {
    const known = values.filter((v): v is number => v !== undefined);
    return known.length ? median(known) : undefined;
  };
  console.log(`\n${title}, ${runs.length} runs (medians, ms after the page's instantiate call)`);
  console.log(
    `  listed ${format(pick(runs.map((r) => r.listedMs)))}   overview on screen ${format(pick(runs.map((r) => r.overviewMs)))}   bytes verified ${format(pick(runs.map((r) => r.completeMs)))}   (${goals})`,
  );
  console.log(
    `  panel main thread, listed → verified: longest task ${format(pick(runs.map((r) => r.panelLongestTask)))}, all tasks over 50 ms ${format(pick(runs.map((r) => r.panelLongTasksMs)))}`,
  );
  const arriving = runs.filter((r) => r.overviewArriving).length;
  console.log(
    `  overview shown while the bytes were still arriving in ${arriving} of ${runs.length} runs`,
  );
  const stages = new Set(runs.flatMap((r) => Object.keys(r.stages ?? {})));
  const rows = [...stages]
    .map((stage) => ({ stage, ms: pick(runs.map((r) => r.stages?.[stage])) }))
    .sort((a, b) => (a.ms ?? Infinity) - (b.ms ?? Infinity));
  for (const { stage, ms } of rows) console.log(`  ${stage.padEnd(30)} ${format(ms)}`);
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = Number(args.find((arg) => arg.startsWith('--runs='))?.slice(7) ?? 5);
  // Only the panel's figures (listed, overview, verified), without the instantiate ratios.
  const panelOnly = args.includes('--panel-only');
  const traceFile = args.find((arg) => arg.startsWith('--trace='))?.slice(8);
  const disarm = armWatchdog(25 * 60_000, 'bench:e2e');
  const server = new TestServer();
  const allConfigs: Config[] = [
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
  const configs = panelOnly ? allConfigs.filter((config) => config.panel) : allConfigs;
  const huge: Config = { ...allConfigs[3], name: '55 MB, extension + DevTools + panel', runs: [] };
  try {
    console.log(`${os.cpus().length} cores, load average ${loadAverage()}`);
    if (!args.includes('--no-build')) console.log(`build: ${buildExtension()} ms`);
    if (!isBuilt(EXTENSION_DIRS.chrome)) throw new Error(`${EXTENSION_DIRS.chrome} is not built`);
    const started = Date.now();
    const module = largeModule();
    const hugeBytes = generateModule(scaledModule(HUGE_MODULE_BYTES / module.bytes.length));
    const hugeModule: Fixture = { bytes: hugeBytes, hash: sha256(hugeBytes) };
    console.log(
      `generated ${module.bytes.length} and ${hugeBytes.length} bytes in ${Date.now() - started} ms`,
    );
    server.add('/bench/large.wasm', { body: module.bytes, contentType: CONTENT_TYPE.wasm });
    server.page('/bench/index.html', testPage('bench', PAGE_SCRIPT('/bench/large.wasm')));
    server.add('/bench/huge.wasm', { body: hugeBytes, contentType: CONTENT_TYPE.wasm });
    server.page('/bench/huge.html', testPage('bench', PAGE_SCRIPT('/bench/huge.wasm')));
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
        const traced = round === 1 && config.panel ? traceFile : undefined;
        const result = await runOnce(config, url, module.hash, traced);
        if (round > 0) config.runs.push(result);
        console.log(
          `${round === 0 ? 'warm-up' : `round ${round}`} ${config.name}: instantiate ${result.instantiateMs.toFixed(0)} ms` +
            (result.completeMs === undefined
              ? ''
              : `, listed ${result.listedMs?.toFixed(0)} ms, overview ${result.overviewMs?.toFixed(0)} ms` +
                (result.overviewArriving ? ' (bytes arriving)' : ' (bytes already here)') +
                `, verified ${result.completeMs.toFixed(0)} ms`),
        );
      }
    }
    if (!panelOnly) printReport(configs, module.bytes.length);
    const panelConfig = configs.find((config) => config.panel);
    if (panelConfig)
      printArrival(
        `${(module.bytes.length / 1e6).toFixed(1)} MB module in the panel`,
        panelConfig.runs,
        'goals: listed 600, overview 1000, verified 1400 quiet; listed 2000, verified 6000 under load',
      );
    // The 55 MB module, in the same browser with the panel (warm-up round not counted).
    huge.browser = panelConfig?.browser;
    for (let round = 0; round <= runs && huge.browser; round++) {
      const result = await runOnce(huge, `${server.origin}/bench/huge.html`, hugeModule.hash);
      if (round > 0) huge.runs.push(result);
      console.log(
        `${round === 0 ? 'warm-up' : `round ${round}`} ${huge.name}: instantiate ${result.instantiateMs.toFixed(0)} ms, listed ${result.listedMs?.toFixed(0)} ms, overview ${result.overviewMs?.toFixed(0)} ms${result.overviewArriving ? ' (bytes arriving)' : ' (bytes already here)'}, verified ${result.completeMs?.toFixed(0)} ms`,
      );
    }
    printArrival(
      `${(hugeBytes.length / 1e6).toFixed(1)} MB module in the panel`,
      huge.runs,
      'goals: overview 1500, verified 3000',
    );
    console.log(`\nload average at the end: ${loadAverage()}`);
  } finally {
    for (const config of configs) await config.browser?.close();
    await server.stop();
    await killAllGroups();
    disarm();
  }
}

await main();
