/**
 * The Memory view's measures, in real Chromium on the Memory lab page (memories held by a
 * worker, as the sandbox holds them). Printed, never asserted.
 *
 * - frame time while scrolling (trusted wheel events) and refreshing 10×/s, a 1 GiB memory ÷
 *   a one-page memory (goal ≤ 1.2, and ≥ 30 fps);
 * - search 1 GiB for a 4-byte pattern in the worker ÷ a `Uint8Array.indexOf` loop over the
 *   same buffer in the same worker (goal ≤ 1.5);
 * - the page's longest main-thread task (from a Chromium trace: wall and CPU time) while a
 *   1 GiB memory view refreshes 10×/s (goal ≤ 16 ms).
 */
import type { Browser, Page } from 'playwright-core';
import type { PanelMeasure } from './context.ts';

const ONE_GIB = 1024 * 1024 * 1024;
const SCROLL_MS = 4000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)];
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
}

/** Creates a memory in the lab, shows it, and waits until its rows are read. */
async function showMemory(page: Page, label: string, pages: number): Promise<void> {
  await page.evaluate(
    ([name, count]) => globalThis.memoryLab!.create(name, count, { maximum: count }),
    [label, pages] as const,
  );
  await page.evaluate((name) => {
    const lab = globalThis.memoryLab!;
    const source = lab.list.sources.value.find((s) => s.label === name)!;
    lab.list.select(source.id);
  }, label);
  await page.waitForSelector(
    `[data-testid="memory-view"][data-length="${pages * 65536}"] [data-testid="memory-row"]:not(.placeholder)`,
  );
}

/**
 * Starts, in the page, a refresh driver (10×/s: writes 8 bytes in the visible window of the
 * shown memory, then announces a call, as the sandbox does after each call) and a frame
 * recorder (requestAnimationFrame intervals).
 */
async function startDriving(page: Page): Promise<void> {
  await page.evaluate(() => {
    const lab = globalThis.memoryLab!;
    const state = {
      frames: [] as number[],
      running: true,
      calls: 0,
      readsAtStart: lab.list.selected.value!.reads.value,
    };
    (globalThis as unknown as { memoryBench: typeof state }).memoryBench = state;
    let last = performance.now();
    const frame = (now: number) => {
      state.frames.push(now - last);
      last = now;
      if (state.running) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    const tick = async () => {
      if (!state.running) return;
      const inspector = lab.list.selected.value!;
      const source = inspector.source as unknown as {
        write(offset: number, bytes: Uint8Array): Promise<void>;
        changed(change: { callId: number }): void;
      };
      const at = (inspector.window.value?.offset ?? 0) + 64 + ((state.calls * 8) % 512);
      const bytes = crypto.getRandomValues(new Uint8Array(8));
      await source.write(at, bytes);
      source.changed({ callId: ++state.calls });
      setTimeout(tick, 100);
    };
    void tick();
  });
}

async function stopDriving(
  page: Page,
): Promise<{ frames: number[]; calls: number; reads: number }> {
  return page.evaluate(() => {
    const state = (
      globalThis as unknown as {
        memoryBench: { frames: number[]; running: boolean; calls: number; readsAtStart: number };
      }
    ).memoryBench;
    state.running = false;
    const reads = globalThis.memoryLab!.list.selected.value!.reads.value - state.readsAtStart;
    // The first interval starts before the recorder did.
    return { frames: state.frames.slice(1), calls: state.calls, reads };
  });
}

/** Scrolls the grid with trusted wheel events for `ms`. */
async function scrollFor(page: Page, ms: number): Promise<number> {
  const grid = await page.getByTestId('memory-grid').boundingBox();
  if (!grid) throw new Error('no grid');
  await page.mouse.move(grid.x + grid.width / 3, grid.y + grid.height / 2);
  const until = Date.now() + ms;
  let events = 0;
  while (Date.now() < until) {
    await page.mouse.wheel(0, 40);
    events++;
    await page.waitForTimeout(10);
  }
  return events;
}

/** Memory view frame time while scrolling and refreshing, 1 GiB ÷ one page. */
export const memoryFrameTime: PanelMeasure = {
  name: 'memory-frames',
  async run({ lab }) {
    const results: Record<string, { median: number; p95: number; fps: number }> = {};
    for (const [label, pages] of [
      ['one page', 1],
      ['1 GiB', 16384],
    ] as const) {
      const page = await lab.open();
      await showMemory(page, label, pages);
      await startDriving(page);
      const started = Date.now();
      const wheels = await scrollFor(page, SCROLL_MS);
      const seconds = (Date.now() - started) / 1000;
      const { frames, calls, reads } = await stopDriving(page);
      const stats = {
        median: median(frames),
        p95: quantile(frames, 0.95),
        fps: frames.length / seconds,
      };
      results[label] = stats;
      console.log(
        `  ${label.padEnd(9)} frame median ${stats.median.toFixed(1)} ms, p95 ${stats.p95.toFixed(1)} ms, ` +
          `${stats.fps.toFixed(0)} fps over ${seconds.toFixed(1)} s (${wheels} wheel events, ${calls} calls, ${reads} window reads)`,
      );
      await page.close();
    }
    const big = results['1 GiB'];
    const small = results['one page'];
    console.log(
      `  frame time 1 GiB ÷ one page: median ${(big.median / small.median).toFixed(2)}, ` +
        `p95 ${(big.p95 / small.p95).toFixed(2)} (goal ≤ 1.2); 1 GiB at ${big.fps.toFixed(0)} fps (goal ≥ 30)`,
    );
  },
};

/** Search 1 GiB for a 4-byte pattern in the worker ÷ an indexOf loop over the same buffer. */
export const memorySearchInWorker: PanelMeasure = {
  name: 'memory-search',
  async run({ lab }) {
    const page = await lab.open();
    await showMemory(page, '1 GiB', 16384);
    for (const fill of ['zero', 'text', 'random'] as const) {
      // A heap of zeros with 64 MiB of data at the start (text: bytes 0x20-0x7e; random: any),
      // or 1 GiB of random bytes; the pattern once, near the end.
      const timings = await page.evaluate(
        async ([kind, size]) => {
          const lab = globalThis.memoryLab!;
          const source = lab.list.selected.value!.source as unknown as {
            handle: number;
            write(offset: number, bytes: Uint8Array): Promise<void>;
          };
          const chunk = 16 * 1024 * 1024;
          const span = kind === 'random' ? size : 64 * 1024 * 1024;
          const bytes = new Uint8Array(chunk);
          if (kind !== 'zero') {
            for (let offset = 0; offset < span; offset += chunk) {
              for (let i = 0; i < chunk; i += 65536)
                crypto.getRandomValues(bytes.subarray(i, i + 65536));
              if (kind === 'text')
                for (let i = 0; i < chunk; i++) bytes[i] = 0x20 + (bytes[i] % 95);
              await source.write(offset, bytes);
            }
          }
          const pattern = Uint8Array.of(0xde, 0xad, 0xbe, 0xef);
          await source.write(size - 100, pattern);
          const client = lab.client;
          const rounds: { worker: number; indexOf: number; found: [number, number] }[] = [];
          for (let round = 0; round < 5; round++) {
            let started = performance.now();
            const ours = await client.call('memorySearch', {
              handle: source.handle,
              pattern: pattern.slice().buffer,
              caseInsensitive: false,
              from: 0,
              direction: 'forward',
              maxMatches: 1000,
            });
            const worker = performance.now() - started;
            started = performance.now();
            const raw = await client.call('labIndexOfSearch', {
              handle: source.handle,
              pattern: pattern.slice().buffer,
              maxMatches: 1000,
            });
            const indexOf = performance.now() - started;
            rounds.push({ worker, indexOf, found: [ours.matches.length, raw.matches.length] });
          }
          return rounds;
        },
        [fill, ONE_GIB] as const,
      );
      const worker = median(timings.map((t) => t.worker));
      const indexOf = median(timings.map((t) => t.indexOf));
      const found = timings[0].found;
      console.log(
        `  ${fill.padEnd(6)} search in the worker ${worker.toFixed(0)} ms, indexOf loop ${indexOf.toFixed(0)} ms: ` +
          `${(worker / indexOf).toFixed(2)} (goal ≤ 1.5; matches ${found[0]} / ${found[1]}; median of 5)`,
      );
    }
    await page.close();
  },
};

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  /** Wall time, µs. */
  dur?: number;
  /** Time on the CPU, µs. */
  tdur?: number;
  args?: { name?: string };
}

/** Main-thread tasks of the page in a trace: how long they took, on the clock and on the CPU. */
interface TaskStats {
  tasks: number;
  longestWall: number;
  longestCpu: number;
  wallOver16: number;
  cpuOver16: number;
}

/**
 * The page's main-thread tasks in a Chromium trace. The wall time of a task includes the
 * time the OS ran other processes (on a loaded machine, most of it); the CPU time does not.
 */
function mainThreadTasks(trace: Buffer): TaskStats {
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const tasks = events.filter(
    (e) =>
      e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && main.has(`${e.pid}:${e.tid}`),
  );
  const wall = tasks.map((e) => (e.dur ?? 0) / 1000);
  const cpu = tasks.map((e) => (e.tdur ?? 0) / 1000);
  return {
    tasks: tasks.length,
    longestWall: Math.max(0, ...wall),
    longestCpu: Math.max(0, ...cpu),
    wallOver16: wall.filter((d) => d > 16).length,
    cpuOver16: cpu.filter((d) => d > 16).length,
  };
}

function taskLine(stats: TaskStats): string {
  return (
    `longest main-thread task ${stats.longestWall.toFixed(1)} ms wall, ${stats.longestCpu.toFixed(1)} ms CPU ` +
    `(goal ≤ 16; over 16 ms: ${stats.wallOver16} wall, ${stats.cpuOver16} CPU, of ${stats.tasks} tasks)`
  );
}

async function traced(browser: Browser, page: Page, run: () => Promise<void>): Promise<Buffer> {
  await browser.startTracing(page, { categories: ['toplevel'] });
  await run();
  return browser.stopTracing();
}

/** The page's longest main-thread task while a 1 GiB memory view refreshes 10×/s. */
export const memoryLongestTask: PanelMeasure = {
  name: 'memory-longest-task',
  async run({ lab }) {
    const page = await lab.open();
    await showMemory(page, '1 GiB', 16384);
    // Let the first reads and renders settle before watching.
    await page.waitForTimeout(500);
    const still = mainThreadTasks(
      await traced(lab.browser, page, async () => {
        await startDriving(page);
        await page.waitForTimeout(5000);
        await stopDriving(page);
      }),
    );
    console.log(`  refreshing 10×/s for 5 s: ${taskLine(still)}`);
    const scrolling = mainThreadTasks(
      await traced(lab.browser, page, async () => {
        await startDriving(page);
        await scrollFor(page, 4000);
        await stopDriving(page);
      }),
    );
    console.log(`  …and scrolling at the same time: ${taskLine(scrolling)}`);
    await page.close();
  },
};

/**
 * The panel's fallback for a source that cannot search where its bytes are (a page's own
 * instance): the same 1 GiB searched by windowed reads in the panel. Its longest task and its
 * time ÷ the search in the worker.
 */
export const memoryPanelSearch: PanelMeasure = {
  name: 'memory-panel-search',
  async run({ lab }) {
    const page = await lab.open();
    await showMemory(page, '1 GiB', 16384);
    await page.evaluate(async (size) => {
      const lab = globalThis.memoryLab!;
      const source = lab.list.selected.value!.source;
      await source.write!(size - 100, Uint8Array.of(0xde, 0xad, 0xbe, 0xef));
      // The same memory, read only through length() and read(): no worker capabilities.
      const plain = {
        id: 'plain',
        label: '1 GiB, read by windows',
        is64: false,
        length: () => source.length(),
        read: (offset: number, length: number) => source.read(offset, length),
      };
      lab.list.setSources([...lab.list.sources.value, plain]);
      lab.list.select('plain');
    }, ONE_GIB);
    await page.waitForSelector(
      '[data-testid="memory-view"][data-source="plain"] [data-testid="memory-row"]:not(.placeholder)',
    );
    const run = (id: string) =>
      page.evaluate(async (which) => {
        const lab = globalThis.memoryLab!;
        const inspector = lab.list.inspector(lab.list.sources.value.find((s) => s.id === which)!);
        inspector.search.kind.value = 'hex';
        inspector.search.query.value = 'de ad be ef';
        const started = performance.now();
        await inspector.search.run();
        return { ms: performance.now() - started, matches: inspector.search.matches.value.length };
      }, id);
    const worker = await run(
      await page.evaluate(() => globalThis.memoryLab!.list.sources.value.at(-2)!.id),
    );
    let panel = { ms: 0, matches: 0 };
    const tasks = mainThreadTasks(
      await traced(lab.browser, page, async () => {
        panel = await run('plain');
      }),
    );
    console.log(
      `  1 GiB by windowed reads in the panel ${panel.ms.toFixed(0)} ms (${panel.matches} match), in the worker ${worker.ms.toFixed(0)} ms (${worker.matches}): ` +
        `${(panel.ms / worker.ms).toFixed(1)}×`,
    );
    console.log(`  while the panel searched: ${taskLine(tasks)}`);
    await page.close();
  },
};

/** The Memory view's measures, in order. */
export const MEMORY_MEASURES: readonly PanelMeasure[] = [
  memoryFrameTime,
  memorySearchInWorker,
  memoryLongestTask,
  memoryPanelSearch,
];
