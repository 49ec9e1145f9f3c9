/**
 * The panel in real Chromium (`npm run bench:panel`; printed, never asserted). Builds the
 * standalone page (the same views and workers as the DevTools panel), serves it with the
 * generated ≥30 MB module, opens the module as a file would be opened, and times what a user
 * waits for:
 *
 * - any function's code on screen after choosing it (median and max of 100 random ones);
 * - scrolling the code view over 260,000 functions: frame times, with the wheel and with jumps
 *   across the whole text (as a dragged scrollbar does);
 * - the longest main-thread task while the module opens and its code is indexed.
 *
 *   npm run bench:panel [-- --no-build] [--functions=100]
 *
 * Each measure is one function in `MEASURES`; add yours there. They share one opened module.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { generateModule, LARGE_MODULE } from './generate.ts';
import { decodeModule, definedFunctionCount, printFunction } from '../src/wasm/index.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const PAGE_DIR = path.join(ROOT, 'dist/standalone');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** What every measure gets. */
export interface PanelBenchContext {
  page: Page;
  /** The module's bytes (as served at `/module.wasm`). */
  bytes: Uint8Array;
  /** Functions in the module's index space. */
  functions: number;
  /** Command-line options (`--name=value`). */
  options: Map<string, string>;
}

/** One measure: runs against the opened module and prints its figures. */
export interface PanelMeasure {
  name: string;
  run(context: PanelBenchContext): Promise<void>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const ms = (value: number): string => `${value.toFixed(1)} ms`;

/** A deterministic pseudo-random sequence (the same functions every run). */
function* randomIndices(count: number, below: number, from: number): Generator<number> {
  let state = 0x9e3779b9;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    yield from + (state % (below - from));
  }
}

/** Chooses functions as "go to function" does and waits for their header line to be painted. */
const functionOnScreen: PanelMeasure = {
  name: 'function on screen',
  async run({ page, bytes, functions, options }) {
    const count = Number(options.get('functions') ?? 100);
    const info = decodeModule(bytes);
    const chosen = [...randomIndices(count, functions, info.importedFuncs)];
    const times = await page.evaluate(async (indices) => {
      const store = globalThis.wasmLayerPanel!;
      const doc = store.documents.active.value!;
      const painted = (index: number): Promise<void> =>
        new Promise((resolve) => {
          const check = (): void => {
            const lines = document.querySelector<HTMLElement>('[data-testid="code-lines"]');
            const header = lines?.querySelector(
              `[data-testid="code-line"][data-line="${lines.dataset.selected}"]`,
            );
            if (
              header?.getAttribute('data-owner') === `func:${index}` &&
              header.textContent?.includes('(func')
            ) {
              // the frame that shows it
              requestAnimationFrame(() => resolve());
              return;
            }
            requestAnimationFrame(check);
          };
          check();
        });
      const out: number[] = [];
      for (const index of indices) {
        const start = performance.now();
        // as choosing it in a list or in "go to function" does
        store.reveal(doc, { kind: 'func', index });
        await painted(index);
        out.push(performance.now() - start);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return out;
    }, chosen);
    // the same functions printed by the decoder in Node, for scale
    const printing = chosen.map((index) => {
      const start = performance.now();
      printFunction(info, index, { offsets: true });
      return performance.now() - start;
    });
    console.log(
      `  any function's code on screen after choosing it (${count} random): median ${ms(median(times))}, max ${ms(Math.max(...times))}` +
        `  [goal ≤ 50 / ≤ 150 ms; printFunction alone in Node: median ${ms(median(printing))}]`,
    );
  },
};

/** Frame times while the code view scrolls: by wheel, and by jumps across the whole text. */
const scrollFrames: PanelMeasure = {
  name: 'scroll frames',
  async run({ page, options }) {
    const frames = Number(options.get('frames') ?? 300);
    const result = await page.evaluate(async (frameCount) => {
      const scroller = document.querySelector<HTMLElement>('[data-testid="code-lines"]')!;
      const nextFrame = (): Promise<number> => new Promise((r) => requestAnimationFrame(r));
      const run = async (step: (i: number) => void): Promise<number[]> => {
        const deltas: number[] = [];
        let last = await nextFrame();
        for (let i = 0; i < frameCount; i++) {
          step(i);
          const now = await nextFrame();
          deltas.push(now - last);
          last = now;
        }
        return deltas;
      };
      scroller.scrollTop = 0;
      await nextFrame();
      const wheel = await run(() =>
        scroller.dispatchEvent(
          new WheelEvent('wheel', { deltaY: 120, deltaMode: 0, bubbles: true, cancelable: true }),
        ),
      );
      const max = scroller.scrollHeight - scroller.clientHeight;
      const jumps = await run((i) => {
        scroller.scrollTop = Math.round(((i + 1) / frameCount) * max);
      });
      const lines = Number(scroller.dataset.total);
      return { wheel, jumps, lines };
    }, frames);
    const line = (label: string, deltas: number[]) =>
      console.log(
        `  ${label}: frame time median ${ms(median(deltas))}, 95th percentile ${ms(quantile(deltas, 0.95))}, max ${ms(Math.max(...deltas))}`,
      );
    console.log(
      `  code view scroll over ${result.lines.toLocaleString('en-US')} lines (${frames} frames each) [goal ≤ 16 ms median]`,
    );
    line('wheel, 120 px per frame', result.wheel);
    line('jumps across the whole text', result.jumps);
  },
};

/** Every measure, in the order they run. */
const MEASURES: PanelMeasure[] = [functionOnScreen, scrollFrames];

function parseOptions(args: readonly string[]): Map<string, string> {
  const options = new Map<string, string>();
  for (const arg of args) {
    const match = /^--([\w-]+)(?:=(.*))?$/.exec(arg);
    if (match) options.set(match[1], match[2] ?? 'true');
  }
  return options;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

/** Serves the built page and the module on a free local port. */
async function serve(bytes: Uint8Array): Promise<{ origin: string; close(): void }> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (url === '/module.wasm') {
      response.writeHead(200, { 'content-type': 'application/wasm' });
      response.end(bytes);
      return;
    }
    const file = path.join(PAGE_DIR, path.normalize(url === '/' ? 'standalone.html' : url));
    if (!file.startsWith(PAGE_DIR) || !fs.existsSync(file)) {
      response.writeHead(404);
      response.end();
      return;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    });
    response.end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { origin: `http://127.0.0.1:${port}`, close: () => server.close() };
}

/** Opens the module in the page and its Code tab; returns the main thread's longest task. */
async function openModule(
  page: Page,
): Promise<{ openMs: number; indexMs: number; longest: number }> {
  return page.evaluate(async () => {
    // the file's bytes in hand, as after choosing it (reading a file is not the panel's work)
    const bytes = await (await fetch('/module.wasm')).arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const longTasks: number[] = [];
    const observer = new PerformanceObserver((list) =>
      longTasks.push(...list.getEntries().map((entry) => entry.duration)),
    );
    observer.observe({ type: 'longtask' });
    const store = globalThis.wasmLayerPanel!;
    const start = performance.now();
    const doc = store.documents.open(bytes, 'large.wasm', { kind: 'file', fileName: 'large.wasm' });
    const waitFor = (done: () => boolean): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => (done() ? resolve() : void setTimeout(check, 5));
        check();
      });
    await waitFor(() => doc.phase.value !== 'opening');
    const opened = performance.now();
    doc.tab.value = 'code';
    await waitFor(() => !!document.querySelector('[data-testid="code-line"]'));
    const indexed = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 300));
    observer.disconnect();
    return {
      openMs: opened - start,
      indexMs: indexed - opened,
      longest: Math.max(0, ...longTasks),
    };
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const options = parseOptions(args);
  if (!options.has('no-build') || !fs.existsSync(path.join(PAGE_DIR, 'standalone.html'))) {
    const build = spawnSync(
      'npx',
      ['vite', 'build', '-c', 'vite.standalone.config.ts', '--logLevel', 'warn'],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    );
    if (build.status !== 0) throw new Error('building the standalone page failed');
  }
  const bytes = generateModule(LARGE_MODULE);
  const functions = LARGE_MODULE.functions + 1;
  console.log(
    `bench:panel — ${(bytes.length / 1e6).toFixed(1)} MB module, ${definedFunctionCount(decodeModule(bytes)).toLocaleString('en-US')} functions; ` +
      `${os.cpus().length} cores, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  const server = await serve(bytes);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    page.on('pageerror', (error) => console.error('page error:', error.message));
    // tsx keeps function names with a `__name` helper that the functions sent to the page call
    await page.addInitScript('globalThis.__name = (target) => target;');
    await page.goto(`${server.origin}/standalone.html?bench`);
    await page.waitForFunction(() => !!globalThis.wasmLayerPanel);
    const opened = await openModule(page);
    console.log(
      `  opening: decoded in ${ms(opened.openMs)}, code indexed and shown ${ms(opened.indexMs)} later; ` +
        `longest main-thread task ${ms(opened.longest)} [goal: none over 50 ms]`,
    );
    for (const measure of MEASURES) {
      await measure.run({ page, bytes, functions, options });
    }
  } finally {
    await browser?.close();
    server.close();
  }
}

await main();
