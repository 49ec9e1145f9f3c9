/**
 * `bench:panel` measures of the Code view, on the standalone panel page with the generated
 * ≥30 MB module opened as a file would be (printed, never asserted):
 *
 * - opening: decoded, then the code indexed and its first lines on screen, and the longest
 *   main-thread task meanwhile;
 * - any function's code on screen after choosing it (median and max of 100 random ones);
 * - scrolling the code view over 260,000 functions: frame times, with the wheel and with jumps
 *   across the whole text (as a dragged scrollbar does).
 *
 * Options: `--functions=100` (functions chosen), `--frames=300` (frames per scroll run).
 */
import type { Page } from 'playwright-core';
import { decodeModule, definedFunctionCount, printFunction } from '../../src/wasm/index.ts';
import { generateModule, LARGE_MODULE } from '../generate.ts';
import type { PanelMeasure } from './context.ts';

/** Where the page fetches the module from (answered by the bench, not by the server). */
const MODULE_URL = '/bench/large-module.wasm';

/** What the code view's steps share: the page with the module open. */
interface CodeViewContext {
  page: Page;
  /** The module's bytes (as fetched from {@link MODULE_URL}). */
  bytes: Uint8Array;
  /** Functions in the module's index space. */
  functions: number;
  options: Map<string, string>;
}

/** One step of the code view's measure. */
interface CodeViewStep {
  name: string;
  run(context: CodeViewContext): Promise<void>;
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
const functionOnScreen: CodeViewStep = {
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
const scrollFrames: CodeViewStep = {
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

/** The steps after opening, in the order they run. */
const STEPS: CodeViewStep[] = [functionOnScreen, scrollFrames];

/** Opens the module in the page and its Code tab; returns the main thread's longest task. */
async function openModule(
  page: Page,
): Promise<{ openMs: number; indexMs: number; longest: number }> {
  return page.evaluate(async (url) => {
    // the file's bytes in hand, as after choosing it (reading a file is not the panel's work)
    const bytes = await (await fetch(url)).arrayBuffer();
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
  }, MODULE_URL);
}

/** The Code view with the generated large module: opening, a function on screen, scrolling. */
export const codeView: PanelMeasure = {
  name: 'code-view',
  async run({ openPanel, options }) {
    const bytes = generateModule(LARGE_MODULE);
    const functions = LARGE_MODULE.functions + 1;
    console.log(
      `  ${(bytes.length / 1e6).toFixed(1)} MB module, ${definedFunctionCount(decodeModule(bytes)).toLocaleString('en-US')} functions`,
    );
    const page = await openPanel();
    try {
      const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      await page.route(`**${MODULE_URL}`, (route) =>
        route.fulfill({ status: 200, contentType: 'application/wasm', body }),
      );
      const opened = await openModule(page);
      console.log(
        `  opening: decoded in ${ms(opened.openMs)}, code indexed and shown ${ms(opened.indexMs)} later; ` +
          `longest main-thread task ${ms(opened.longest)} [goal: none over 50 ms]`,
      );
      for (const step of STEPS) await step.run({ page, bytes, functions, options });
    } finally {
      await page.close();
    }
  },
};
