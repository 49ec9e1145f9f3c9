/**
 * `bench:panel` measures of opening a large module as a file, on the standalone panel page:
 *
 * - file chosen (the file input's `change`) → its overview on screen, for the generated 31 MB
 *   module and a 55 MB one of the same mix (goals ≤ 0.5 s / ≤ 1 s);
 * - memory with the 55 MB module open ÷ its size (goal ≤ 3): the page's main-thread JS heap
 *   after a collection (CDP `Runtime.getHeapUsage`), and the growth of the page's renderer
 *   process (its resident set, which holds the panel's workers too; Linux only).
 *
 * Each size opens in a fresh page, so one module's caches do not help the next.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { generateModule, LARGE_MODULE, scaledModule } from '../generate.ts';
import type { PanelMeasure } from './context.ts';

declare global {
  /** When the file input last changed (set by this measure in the page). */
  var __chosenAt: number | undefined;
}

const MB = 1024 * 1024;
/** Runs per size; the median is printed (the first run warms the disk cache). */
const RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Writes the two modules to temporary files: the 31 MB one and one scaled to ~55 MB. */
function moduleFiles(): { label: string; file: string; size: number; goalMs: number }[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-panel-open-'));
  const large = generateModule(LARGE_MODULE);
  const huge = generateModule(scaledModule((55 * MB) / large.length));
  return [
    { label: '31 MB', bytes: large, goalMs: 500 },
    { label: '55 MB', bytes: huge, goalMs: 1000 },
  ].map(({ label, bytes, goalMs }) => {
    const file = path.join(dir, `${label.replace(' ', '')}.wasm`);
    fs.writeFileSync(file, bytes);
    return { label, file, size: bytes.length, goalMs };
  });
}

/** Chooses `file` in the panel's file input; resolves with ms from `change` to the overview. */
async function chooseAndWait(page: Page, file: string, size: number): Promise<number> {
  await page.evaluate(() => {
    globalThis.__chosenAt = undefined;
    document.addEventListener(
      'change',
      (event) => {
        if ((event.target as HTMLElement).dataset.testid === 'file-input')
          globalThis.__chosenAt = performance.now();
      },
      { capture: true, once: true },
    );
  });
  await page.locator('[data-testid="file-input"]').setInputFiles(file);
  return page.evaluate(
    (bytes) =>
      new Promise<number>((resolve, reject) => {
        const started = performance.now();
        const check = (): void => {
          const shown = document.querySelector<HTMLElement>(
            `[data-testid="overview-size"][data-bytes="${bytes}"]`,
          );
          if (shown && globalThis.__chosenAt !== undefined)
            resolve(performance.now() - globalThis.__chosenAt);
          else if (performance.now() - started > 60_000)
            reject(new Error('the overview did not show within 60 s'));
          else requestAnimationFrame(check);
        };
        check();
      }),
    size,
  );
}

/** Resident set of the browser's renderer processes, in bytes (0 where /proc is missing). */
async function rendererResidentBytes(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: { type: string; id: number }[];
    };
    let total = 0;
    for (const process of processInfo.filter((p) => p.type === 'renderer')) {
      try {
        const status = fs.readFileSync(`/proc/${process.id}/status`, 'utf8');
        const kb = /VmRSS:\s+(\d+) kB/.exec(status);
        if (kb) total += Number(kb[1]) * 1024;
      } catch {
        // the process ended between the listing and the read
      }
    }
    return total;
  } finally {
    await cdp.detach();
  }
}

/** The page's main-thread JS heap after a full collection, in bytes. */
async function mainHeapBytes(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return usedSize;
  } finally {
    await cdp.detach();
  }
}

/** File chosen → overview on screen, and memory with the module open. */
export const openFile: PanelMeasure = {
  name: 'open-file',
  async run({ openPanel, lab }) {
    for (const { label, file, size, goalMs } of moduleFiles()) {
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const page = await openPanel();
        const residentBefore = await rendererResidentBytes(lab.browser);
        times.push(await chooseAndWait(page, file, size));
        if (run === RUNS - 1) {
          // Let the code index and background work finish before weighing memory.
          await page.waitForTimeout(3000);
          const heap = await mainHeapBytes(page);
          const resident = (await rendererResidentBytes(lab.browser)) - residentBefore;
          console.log(
            `  ${label} open: main-thread JS heap ${(heap / MB).toFixed(1)} MB (${(heap / size).toFixed(2)}× the module), ` +
              `renderer resident growth ${(resident / MB).toFixed(0)} MB (${(resident / size).toFixed(2)}×, workers included) [goal ≤ 3×]`,
          );
        }
        await page.close();
      }
      console.log(
        `  ${label} (${(size / MB).toFixed(1)} MiB) file chosen → overview on screen: median ${median(times).toFixed(0)} ms ` +
          `of ${RUNS} [${times.map((t) => t.toFixed(0)).join(', ')}] [goal ≤ ${goalMs} ms]`,
      );
    }
  },
};
